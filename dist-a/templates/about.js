/** The about page: what the archive holds and how it is built. */
import { html } from '../src/html.js';
import { plural } from '../src/model/dates.js';
import { href } from './helpers.js';
/** One sentence on the archive's holdings. */
export function holdings(t) {
    if (t.first === null || t.last === null)
        return 'The archive holds no articles yet.';
    const range = t.first.date === t.last.date ? `on ${t.first.label}` : `from ${t.first.label} to ${t.last.label}`;
    return `The archive holds ${plural(t.articles, 'article')} published on ${plural(t.days, 'day')} ${range}, datelined in ${plural(t.places, 'place')}.`;
}
export function aboutMain(page, site) {
    const t = page.totals;
    return html `<h1>${page.title}</h1>
<p>${holdings(t)}</p>
<dl class="facts">
<dt>Articles</dt><dd>${plural(t.articles, 'article')}</dd>
<dt>Days with articles</dt><dd>${plural(t.days, 'day')} in ${plural(t.months, 'month')} and ${plural(t.years, 'year')}</dd>
<dt>Places</dt><dd><a href="${href(site, '/places/')}">${plural(t.places, 'place')}</a></dd>${t.first && t.last && html `
<dt>First article</dt><dd><time datetime="${t.first.date}">${t.first.label}</time></dd>
<dt>Latest article</dt><dd><time datetime="${t.last.date}">${t.last.label}</time></dd>`}
</dl>
<h2>How this archive is made</h2>
<p>Each article is a wire-service dispatch kept as a plain text file. The news-archive generator reads the files, takes the date, headline, dateline, byline and photo captions from each, and renders every page with Eleventy into plain HTML that needs no JavaScript.</p>
<p>Articles can be browsed by <a href="${href(site, '/')}">date</a> and by <a href="${href(site, '/places/')}">place</a>, and followed in the <a href="${href(site, '/feed.xml')}">Atom feed</a> or the <a href="${href(site, '/feed.json')}">JSON Feed</a>.</p>`;
}
