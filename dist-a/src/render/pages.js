import { layout } from '../../templates/layout.js';
import { articleMain } from '../../templates/article.js';
import { homeMain } from '../../templates/home.js';
import { yearMain } from '../../templates/calendar.js';
import { monthMain } from '../../templates/month.js';
import { dayMain } from '../../templates/day.js';
import { placeMain, placesMain } from '../../templates/places.js';
import { aboutMain, holdings } from '../../templates/about.js';
import { notFoundMain } from '../../templates/not-found.js';
import { searchMain } from '../../templates/search.js';
import { articleBody } from './body.js';
import { newsArticleJsonLd } from './jsonld.js';
import { renderAtom, renderJsonFeed, renderRobots, renderSitemap, renderSitemapIndex } from './machine.js';
import { countLabel } from '../../templates/helpers.js';
import { leadText } from '../model/archive.js';
function htmlPage(page, site) {
    const base = { site, url: page.url, title: page.title, crumbs: page.crumbs, type: 'website' };
    let input;
    switch (page.kind) {
        case 'article':
            input = {
                ...base,
                type: 'article',
                description: leadText(page.article.paragraphs[0] ?? page.article.headline, 300),
                main: articleMain(page, articleBody(page.article), site),
                jsonLd: newsArticleJsonLd(page, site),
            };
            break;
        case 'home':
            input = { ...base, title: null, description: holdings(page.totals), main: homeMain(page, site) };
            break;
        case 'year':
            input = { ...base, description: `Articles of ${page.year}: ${countLabel(page.count)}.`, main: yearMain(page, site) };
            break;
        case 'month':
            input = { ...base, description: `Articles of ${page.title}: ${countLabel(page.count)}.`, main: monthMain(page, site) };
            break;
        case 'day':
            input = { ...base, description: `Articles of ${page.title}: ${countLabel(page.count)}.`, main: dayMain(page, site) };
            break;
        case 'places':
            input = { ...base, description: 'Every place in the archive’s datelines, A to Z.', main: placesMain(page, site) };
            break;
        case 'place':
            input = {
                ...base,
                description: page.count !== null
                    ? `Articles datelined ${page.place.name}: ${countLabel(page.count)}.`
                    : `Articles datelined ${page.place.name}, ${page.span.first} to ${page.span.last}: ${countLabel(page.articles.length)}.`,
                main: placeMain(page, site),
            };
            break;
        case 'about':
            input = { ...base, description: holdings(page.totals), main: aboutMain(page, site) };
            break;
        case 'not-found':
            input = { ...base, description: 'There is no page at this address.', main: notFoundMain(page, site), canonical: false };
            break;
        case 'search':
            input = { ...base, description: `Search the articles of ${site.title}.`, main: searchMain(site) };
            break;
    }
    return layout(input);
}
/**
 * Renders a page and encodes it at once, for a caller that keeps many pages
 * before writing them. A page's text is a tree of thousands of small
 * concatenations: kept alive while more pages render, every young-generation
 * collection copies those trees again, where one encoded page is one object
 * outside the heap (7,000 article pages held 500 at a time: 1.6–1.8 s as
 * text, 0.57–0.59 s encoded at once).
 */
export function pageBytes(page, site) {
    return Buffer.from(renderPage(page, site), 'utf8');
}
/** Renders any output page to the exact text of its file. */
export function renderPage(page, site) {
    switch (page.kind) {
        case 'feed-atom':
            return renderAtom(page, site);
        case 'feed-json':
            return renderJsonFeed(page, site);
        case 'sitemap':
            return renderSitemap(page, site);
        case 'sitemap-index':
            return renderSitemapIndex(page, site);
        case 'robots':
            return renderRobots(page, site);
        default:
            return htmlPage(page, site).value;
    }
}
