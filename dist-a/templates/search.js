/**
 * The search page body and the masthead's search box. Both are plain GET
 * forms to `/search/?q=…`, so the URL carries the search; public/search.js
 * runs it. Without JavaScript the page says so and points to the date and
 * place indexes.
 */
import { html } from '../src/html.js';
import { href } from './helpers.js';
/** Root-relative URL of the search page. */
export const SEARCH_URL = '/search/';
/** The masthead's search box; empty when the site has no search index. */
export function searchForm(site) {
    if (!site.search)
        return html ``;
    return html `<form class="masthead-search" role="search" action="${href(site, SEARCH_URL)}" method="get">
<label for="masthead-q">Search the archive</label>
<input id="masthead-q" type="search" name="q" autocomplete="off" placeholder="Search the archive" required>
<button type="submit">Search</button>
</form>`;
}
function filterSelect(name, label, all) {
    return html `<div class="search-filter">
<label for="search-${name}">${label}</label>
<select id="search-${name}" name="${name}"><option value="">${all}</option></select>
</div>`;
}
/** The `<main>` content of /search/. */
export function searchMain(site) {
    return html `<link rel="stylesheet" href="${href(site, '/search.css')}">
<div class="search" data-search data-base-path="${site.basePath}">
<h1>Search</h1>
<form class="search-form" role="search" action="${href(site, SEARCH_URL)}" method="get">
<div class="search-query">
<label for="search-q">Words to find</label>
<input id="search-q" type="search" name="q" autocomplete="off">
<button type="submit">Search</button>
</div>
<fieldset class="search-options" data-needs-script hidden>
<legend>Narrow and sort</legend>
${filterSelect('year', 'Year', 'All years')}
${filterSelect('month', 'Month', 'All months')}
${filterSelect('place', 'Place', 'All places')}
${filterSelect('agency', 'Agency', 'All agencies')}
<div class="search-filter">
<label for="search-sort">Order</label>
<select id="search-sort" name="sort"><option value="date">Newest first</option><option value="relevance">Best match</option></select>
</div>
</fieldset>
</form>
<noscript><p class="search-noscript">Search needs JavaScript, which is turned off in this browser. You can still browse every article <a href="${href(site, '/')}">by date</a>, starting from the years on the home page, or <a href="${href(site, '/places/')}">by place</a>.</p></noscript>
<p class="search-status" data-search-status role="status" aria-live="polite"></p>
<ol class="article-list search-results" data-search-results></ol>
<button type="button" class="search-more" data-search-more hidden>More results</button>
</div>
<script type="module" src="${href(site, '/search.js')}"></script>`;
}
