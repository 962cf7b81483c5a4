/** The places index (A–Z with counts) and each place's paginated list. */
import { html, type SafeHtml } from '../src/html.js';
import type { PlacePage, PlacesPage, SiteInfo } from '../src/model/types.js';
import { plural } from '../src/model/dates.js';
import { articleList, countLabel, href, pager } from './helpers.js';

export function placesMain(page: PlacesPage, site: SiteInfo): SafeHtml {
  return html`<h1>${page.title}</h1>
<p class="holdings">${plural(page.count, 'place')}</p>
${page.letters.length > 0 && html`<nav class="letters" aria-label="Places by letter"><ul>${page.letters.map((l) => html`<li><a href="#letter-${l.id}">${l.letter}</a></li>`)}</ul></nav>`}
${page.letters.map((l) => html`<section class="letter" aria-labelledby="letter-${l.id}">
<h2 id="letter-${l.id}">${l.letter}</h2>
<ul class="place-list">${l.places.map((p) => html`<li><a href="${href(site, p.url)}">${p.name}</a> <span class="count">${countLabel(p.count)}</span></li>`)}</ul>
</section>
`)}`;
}

export function placeMain(page: PlacePage, site: SiteInfo): SafeHtml {
  return html`<h1>${page.place.name}</h1>
<p class="holdings">${countLabel(page.count)}, newest first${page.pageCount > 1 && `; page ${page.pageNumber} of ${page.pageCount}`}</p>
${articleList(site, page.articles, 2)}
${page.pageCount > 1 && html`<nav class="pages" aria-label="Pages of ${page.place.name}"><ul>${page.pages.map((p, i) =>
    i + 1 === page.pageNumber
      ? html`<li><span aria-current="page">${p.label}</span></li>`
      : html`<li><a href="${href(site, p.url)}">${p.label}</a></li>`,
  )}</ul></nav>`}
${pager(site, 'Previous and next page', page.previous && { url: page.previous.url, label: `page ${page.previous.label}` }, page.next && { url: page.next.url, label: `page ${page.next.label}` }, 'Newer:', 'Older:')}`;
}
