/** The home page: the latest articles, the years, and what the archive holds. */
import { html } from '../src/html.js';
import { articleList, countLabel, href } from './helpers.js';
import { holdings } from './about.js';
export function homeMain(page, site) {
    return html `<h1>Latest dispatches</h1>
<p class="holdings">${holdings(page.totals)}</p>
${page.latest.length === 0 ? html `<p>The archive is empty.</p>` : articleList(site, page.latest, 2)}
${page.years.length > 0 && html `<section class="years" aria-labelledby="by-year">
<h2 id="by-year">Browse by year</h2>
<ul class="year-list">${page.years.map((y) => html `<li><a href="${href(site, y.url)}">${y.label}</a> <span class="count">${countLabel(y.count)}</span></li>`)}</ul>
</section>`}`;
}
