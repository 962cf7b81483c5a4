/** The article page: headline, date, dateline, byline, captions in place, body, neighbours. */
import { html } from '../src/html.js';
import { headlineList, href } from './helpers.js';
function figure(block) {
    const { caption, credit } = block.photo;
    return html `<figure class="photo"><figcaption>${caption}${credit !== null && html ` <span class="credit">(${credit})</span>`}</figcaption></figure>`;
}
function bodyBlock(block) {
    switch (block.kind) {
        case 'lead':
            return html `<p><span class="dateline">${block.dateline}</span> ${block.html}</p>`;
        case 'html':
            return block.html;
        case 'figure':
            return figure(block);
    }
}
export function articleMain(page, body, site) {
    const a = page.article;
    return html `<article class="article">
<header class="article-header">
<h1>${a.headline}</h1>
<p class="meta"><time datetime="${a.date}">${page.dateLabel}</time>${page.place && html ` · <a href="${href(site, page.place.url)}">${page.place.name}</a>`}</p>${a.byline !== null && html `
<p class="byline">${a.byline}</p>`}
</header>
<div class="article-body">
${body.map((b) => html `${bodyBlock(b)}
`)}</div>${a.trailers.length > 0 && html `
<footer class="trailers">${a.trailers.map((t) => html `<p>${t}</p>`)}</footer>`}
</article>
${(page.previous || page.next) && html `<nav class="pager" aria-label="Previous and next article">${page.previous && html `<a class="pager-previous" rel="prev" href="${href(site, page.previous.url)}"><span class="pager-word">Previous article</span> ${page.previous.headline}</a>`}${page.next && html `<a class="pager-next" rel="next" href="${href(site, page.next.url)}"><span class="pager-word">Next article</span> ${page.next.headline}</a>`}</nav>`}
${page.place && page.moreFromPlace.length > 0 && html `<aside class="more" aria-labelledby="more-from">
<h2 id="more-from">More from ${page.place.name}</h2>
${headlineList(site, page.moreFromPlace)}
<p><a href="${href(site, page.place.url)}">All from ${page.place.name}</a></p>
</aside>`}`;
}
