/** The day page: every article of the day. */
import { html } from '../src/html.js';
import { articleList, countLabel, pager } from './helpers.js';
export function dayMain(page, site) {
    return html `<h1>${page.title}</h1>
<p class="holdings">${countLabel(page.count)}</p>
${articleList(site, page.articles, 2, false)}
${pager(site, 'Previous and next day', page.previous, page.next)}`;
}
