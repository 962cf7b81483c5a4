/**
 * The page frame every HTML page shares: head, masthead with navigation and
 * the search slot, breadcrumbs, main landmark and footer.
 */
import { html, raw, jsonForScript } from '../src/html.js';
import { absoluteUrl, breadcrumbs, href } from './helpers.js';
import { searchForm } from './search.js';
/**
 * Where the search form goes. The search index is built by a later stage;
 * when the site has search, its form renders here, inside the masthead.
 */
export function searchSlot(site) {
    return searchForm(site);
}
export function layout(input) {
    const { site } = input;
    const fullTitle = input.title === null ? site.title : `${input.title} — ${site.title}`;
    const canonical = input.canonical === false ? null : absoluteUrl(site, input.url);
    return html `<!DOCTYPE html>
<html lang="${site.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
<meta name="description" content="${input.description}">
<meta name="generator" content="news-archive">
<link rel="stylesheet" href="${href(site, '/style.css')}">
<link rel="stylesheet" href="${href(site, '/print.css')}" media="print">
<link rel="icon" href="${href(site, '/favicon.svg')}" type="image/svg+xml">
<link rel="alternate" type="application/atom+xml" title="${site.title} (Atom)" href="${href(site, '/feed.xml')}">
<link rel="alternate" type="application/feed+json" title="${site.title} (JSON Feed)" href="${href(site, '/feed.json')}">${canonical !== null && html `
<link rel="canonical" href="${canonical}">
<meta property="og:type" content="${input.type}">
<meta property="og:title" content="${input.title ?? site.title}">
<meta property="og:description" content="${input.description}">
<meta property="og:url" content="${canonical}">
<meta property="og:site_name" content="${site.title}">`}${input.jsonLd !== undefined && html `
<script type="application/ld+json">${raw(jsonForScript(input.jsonLd))}</script>`}
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="masthead">
<div class="masthead-inner">
<p class="site-title"><a href="${href(site, '/')}">${site.title}</a></p>
<nav class="site-nav" aria-label="Site">
<ul>
<li><a href="${href(site, '/')}">Latest</a></li>
<li><a href="${href(site, '/places/')}">Places</a></li>
<li><a href="${href(site, '/about/')}">About</a></li>
<li><a href="${href(site, '/feed.xml')}">Feed</a></li>
</ul>
</nav>
${searchSlot(site)}
</div>
</header>
${breadcrumbs(site, input.crumbs)}
<main id="main" tabindex="-1">
${input.main}
</main>
<footer class="site-footer">
<p><a href="${href(site, '/')}">${site.title}</a> · <a href="${href(site, '/about/')}">About this archive</a> · <a href="${href(site, '/feed.xml')}">Atom feed</a> · <a href="${href(site, '/feed.json')}">JSON Feed</a></p>
</footer>
</body>
</html>
`;
}
