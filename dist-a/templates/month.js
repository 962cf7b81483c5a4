/** The month page: each day with its count and headlines. */
import { html } from '../src/html.js';
import { plural } from '../src/model/dates.js';
import { articleList, countLabel, href, pager } from './helpers.js';
export function monthMain(page, site) {
    return html `<h1>${page.title}</h1>
<p class="holdings">${countLabel(page.count)} on ${plural(page.days.length, 'day')}</p>
${page.days.map((d) => html `<section class="day-group">
<h2><a href="${href(site, d.url)}">${d.label}</a> <span class="count">${countLabel(d.count)}</span></h2>
${articleList(site, d.articles, 3, false)}
</section>
`)}${pager(site, 'Previous and next month', page.previous, page.next)}`;
}
