/**
 * The page frame every HTML page shares: head, masthead with navigation and
 * the search slot, breadcrumbs, main landmark and footer.
 */
import { html, raw, jsonForScript, type SafeHtml } from '../src/html.js';
import type { Crumb, SiteInfo } from '../src/model/types.js';
import { absoluteUrl, breadcrumbs, href } from './helpers.js';
import { searchForm } from './search.js';

export interface LayoutInput {
  site: SiteInfo;
  /** Root-relative URL of the page. */
  url: string;
  /** The document title before the site name; null on the home page. */
  title: string | null;
  description: string;
  crumbs: readonly Crumb[];
  main: SafeHtml;
  /** `article` for an article page, `website` otherwise (Open Graph). */
  type: 'article' | 'website';
  /** Structured data for the page, serialised into a JSON-LD script. */
  jsonLd?: unknown;
  /** 404 pages are served at any URL, so they must not claim a canonical one. */
  canonical?: boolean;
}

/**
 * Where the search form goes. The search index is built by a later stage;
 * when the site has search, its form renders here, inside the masthead.
 */
export function searchSlot(site: SiteInfo): SafeHtml {
  return searchForm(site);
}

export function layout(input: LayoutInput): SafeHtml {
  const { site } = input;
  // The dash as the reference escapeHtml writes it (`&#8212;`): a text holding it is two bytes a character in V8, and so is each piece escapeHtml cuts from it.
  const fullTitle = input.title === null ? site.title : html`${input.title} &#8212; ${site.title}`;
  const canonical = input.canonical === false ? null : absoluteUrl(site, input.url);
  return html`<!DOCTYPE html>
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
<link rel="alternate" type="application/feed+json" title="${site.title} (JSON Feed)" href="${href(site, '/feed.json')}">${canonical !== null && html`
<link rel="canonical" href="${canonical}">
<meta property="og:type" content="${input.type}">
<meta property="og:title" content="${input.title ?? site.title}">
<meta property="og:description" content="${input.description}">
<meta property="og:url" content="${canonical}">
<meta property="og:site_name" content="${site.title}">`}${input.jsonLd !== undefined && html`
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
