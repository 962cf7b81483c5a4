/**
 * Files for machines: Atom and JSON Feed (through the `feed` library), the
 * sitemap or sitemap index, and robots.txt. Dates come from the articles,
 * never from the clock, so the same input gives the same bytes.
 */
import { Feed } from 'feed';
import { escapeHtml, escapeXml } from '../html.js';
function href(site, url) {
    return site.basePath + (url.startsWith('/') ? url.slice(1) : url);
}
/**
 * The feed library accepts only absolute URLs. Without --site-url the feeds
 * are built against this reserved origin, which is then removed from the
 * link attributes and URL fields, leaving host-relative links.
 */
const PLACEHOLDER_ORIGIN = 'https://news-archive.invalid';
/** Absolute when the site URL is known; else the base-path URL (relative to the host). */
function locationOf(site, url) {
    return (site.siteUrl ?? '') + href(site, url);
}
function feedLocation(site, url) {
    return (site.siteUrl ?? PLACEHOLDER_ORIGIN) + href(site, url);
}
/** A stable id for a feed entry: its absolute URL, or a URN built from its path. */
function entryId(site, url) {
    if (site.siteUrl !== null)
        return locationOf(site, url);
    const path = url.replace(/^\/|\/$/g, '').replaceAll('/', ':');
    return `urn:news-archive:${path === '' ? 'home' : path}`;
}
/** Strips characters XML 1.0 cannot carry; the feed library escapes the rest. */
function xmlText(text) {
    return escapeXml(text).replace(/&(amp|lt|gt|quot|apos);/g, (_, name) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name] ?? '');
}
/**
 * Builds the feed for one format. Atom's title and summary are `type="html"`,
 * so they get HTML-escaped text; JSON Feed's title and summary are plain text
 * and only `content_html` is HTML.
 */
function buildFeed(file, site, format) {
    const updated = new Date(`${file.updated ?? '1970-01-01'}T00:00:00Z`);
    const feed = new Feed({
        id: entryId(site, '/'),
        title: xmlText(site.title),
        link: feedLocation(site, '/'),
        language: site.language,
        updated,
        generator: 'news-archive',
        feedLinks: { atom: feedLocation(site, '/feed.xml'), json: feedLocation(site, '/feed.json') },
    });
    for (const a of file.articles) {
        const summary = xmlText(a.place ? `${a.place.name}: ${a.lead}` : a.lead);
        const title = xmlText(a.headline);
        const item = {
            title: format === 'atom' ? escapeHtml(title) : title,
            id: entryId(site, a.url),
            link: feedLocation(site, a.url),
            date: new Date(`${a.date}T00:00:00Z`),
            published: new Date(`${a.date}T00:00:00Z`),
        };
        if (format === 'atom') {
            item.description = `<p>${escapeHtml(summary)}</p>`;
        }
        else {
            item.description = summary;
            item.content = `<p>${escapeHtml(summary)}</p>`;
        }
        feed.addItem(item);
    }
    return feed;
}
export function renderAtom(file, site) {
    let xml = buildFeed(file, site, 'atom').atom1();
    // Headlines are HTML-escaped before they reach the XML, so `href="` only occurs in real attributes.
    if (site.siteUrl === null)
        xml = xml.replaceAll(`href="${PLACEHOLDER_ORIGIN}/`, 'href="/');
    return `${xml}\n`;
}
export function renderJsonFeed(file, site) {
    const feed = JSON.parse(buildFeed(file, site, 'json').json1());
    if (site.siteUrl === null) {
        const relative = (value) => typeof value === 'string' && value.startsWith(`${PLACEHOLDER_ORIGIN}/`) ? value.slice(PLACEHOLDER_ORIGIN.length) : value;
        feed.home_page_url = relative(feed.home_page_url);
        feed.feed_url = relative(feed.feed_url);
        for (const item of feed.items)
            item.url = relative(item.url);
    }
    return `${JSON.stringify(feed, null, 2)}\n`;
}
/** A sitemap (`urlset`/`url`) or sitemap index (`sitemapindex`/`sitemap`): one element per location. */
function sitemapXml(root, element, entries, site) {
    const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<${root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`];
    for (const e of entries) {
        lines.push(`<${element}><loc>${escapeXml(locationOf(site, e.url))}</loc>${e.lastmod === null ? '' : `<lastmod>${e.lastmod}</lastmod>`}</${element}>`);
    }
    lines.push(`</${root}>`, '');
    return lines.join('\n');
}
export function renderSitemap(file, site) {
    return sitemapXml('urlset', 'url', file.entries, site);
}
export function renderSitemapIndex(file, site) {
    return sitemapXml('sitemapindex', 'sitemap', file.sitemaps, site);
}
export function renderRobots(file, site) {
    const lines = ['User-agent: *', 'Allow: /'];
    if (site.siteUrl !== null)
        lines.push('', `Sitemap: ${locationOf(site, file.sitemapUrl)}`);
    return `${lines.join('\n')}\n`;
}
