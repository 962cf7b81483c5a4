/** The places index (A–Z with counts) and each place's paginated list. */
import { html } from '../src/html.js';
import { plural } from '../src/model/dates.js';
import { articleList, countLabel, href, pager } from './helpers.js';
export function placesMain(page, site) {
    return html `<h1>${page.title}</h1>
<p class="holdings">${plural(page.count, 'place')}</p>
${page.letters.length > 0 && html `<nav class="letters" aria-label="Places by letter"><ul>${page.letters.map((l) => html `<li><a href="#letter-${l.id}">${l.letter}</a></li>`)}</ul></nav>`}
${page.letters.map((l) => html `<section class="letter" aria-labelledby="letter-${l.id}">
<h2 id="letter-${l.id}">${l.letter}</h2>
<ul class="place-list">${l.places.map((p) => html `<li><a href="${href(site, p.url)}">${p.name}</a> <span class="count">${countLabel(p.count)}</span></li>`)}</ul>
</section>
`)}`;
}
export function placeMain(page, site) {
    const { span } = page;
    const holdings = page.pageNumber === null
        ? `${countLabel(page.count)}${page.pages.length > 0 ? `, the latest ${page.articles.length} here` : ''}, newest first`
        : `Page ${page.pageNumber}: ${countLabel(page.articles.length)} from ${span.first} to ${span.last}, newest first`;
    return html `<h1>${page.place.name}</h1>
<p class="holdings">${holdings}</p>
${articleList(site, page.articles, 2)}
${pager(site, 'Newer and older articles', page.newer, page.older, 'Newer:', 'Older:')}
${page.pages.length > 0 && html `<nav class="place-pages" aria-labelledby="place-pages"><h2 id="place-pages">Earlier articles, ${page.pages.length === 1 ? 'one page' : `${page.pages.length} pages`}</h2>
<ul>${page.pages.map((p) => html `<li><a href="${href(site, p.url)}">${p.label}</a></li>`)}</ul></nav>`}`;
}
