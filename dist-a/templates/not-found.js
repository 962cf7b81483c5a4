/** The 404 page. Served at any missing URL, so every link on it is absolute to the base path. */
import { html } from '../src/html.js';
import { href } from './helpers.js';
export function notFoundMain(page, site) {
    return html `<h1>${page.title}</h1>
<p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
<ul>
<li><a href="${href(site, '/')}">Latest dispatches</a></li>
<li><a href="${href(site, '/places/')}">Browse by place</a></li>
<li><a href="${href(site, '/about/')}">About this archive</a></li>
</ul>`;
}
