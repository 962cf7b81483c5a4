/**
 * Small printing helpers shared by the templates: links under the base path,
 * breadcrumbs, article lists and pagers. They print what the model computed.
 */
import { html } from '../src/html.js';
import { plural } from '../src/model/dates.js';
/** A root-relative URL under the site's base path. */
export function href(site, url) {
    return site.basePath + (url.startsWith('/') ? url.slice(1) : url);
}
/** An absolute URL, when the site URL is known. */
export function absoluteUrl(site, url) {
    return site.siteUrl === null ? null : site.siteUrl + href(site, url);
}
export function countLabel(count) {
    return plural(count, 'article');
}
export function breadcrumbs(site, crumbs) {
    if (crumbs.length === 0)
        return html ``;
    return html `<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>${crumbs.map((c) => c.url === null
        ? html `<li><span aria-current="page">${c.label}</span></li>`
        : html `<li><a href="${href(site, c.url)}">${c.label}</a></li>`)}</ol></nav>`;
}
/** A list of articles: headline link, date, place and lead. */
export function articleList(site, items, level, showDate = true) {
    return html `<ol class="article-list">${items.map((a) => {
        const headline = html `<a href="${href(site, a.url)}">${a.headline}</a>`;
        return html `
<li class="summary">${level === 2 ? html `<h2>${headline}</h2>` : html `<h3>${headline}</h3>`}
<p class="meta">${showDate && html `<time datetime="${a.date}">${a.dateLabel}</time>`}${showDate && a.place && ' · '}${a.place && html `<span class="place">${a.place.name}</span>`}</p>${a.lead && html `
<p class="lead">${a.lead}</p>`}</li>`;
    })}
</ol>`;
}
/** A compact list of articles: headline link and date, no lead (for asides such as "More from"). */
export function headlineList(site, items) {
    return html `<ul class="headline-list">${items.map((a) => html `
<li><a href="${href(site, a.url)}">${a.headline}</a> <time class="meta" datetime="${a.date}">${a.dateLabel}</time></li>`)}
</ul>`;
}
/** Previous/next links between pages of the same kind; empty when there are none. */
export function pager(site, label, previous, next, previousWord = 'Previous', nextWord = 'Next') {
    if (previous === null && next === null)
        return html ``;
    return html `
<nav class="pager" aria-label="${label}">${previous && html `<a class="pager-previous" rel="prev" href="${href(site, previous.url)}"><span class="pager-word">${previousWord}</span> ${previous.label}</a>`}${next && html `<a class="pager-next" rel="next" href="${href(site, next.url)}"><span class="pager-word">${nextWord}</span> ${next.label}</a>`}</nav>`;
}
