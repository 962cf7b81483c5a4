/**
 * renderPage: one output page (HTML or machine file) to its text. The only
 * place that knows which template prints which kind of page.
 */
import type { ArticlePage, ArticleSummary, FeedFile, OutputPage, SiteInfo, HtmlPage } from '../model/types.js';
import type { ArticleRecord } from '../types.js';
import type { SafeHtml } from '../html.js';
import { layout, type LayoutInput } from '../../templates/layout.js';
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
import { withFields } from '../objects.js';

function htmlPage(page: HtmlPage, site: SiteInfo): SafeHtml {
  if (page.kind === 'article') {
    return layout({
      site,
      url: page.url,
      title: page.title,
      crumbs: page.crumbs,
      type: 'article',
      description: leadText(page.article.paragraphs[0] ?? page.article.headline, 300),
      main: articleMain(page, articleBody(page.article), site),
      jsonLd: newsArticleJsonLd(page, site),
    });
  }
  // Each input written out, not `{ ...base, description, main }`: a spread followed by more keys gives each page's input
  // a shape of its own (src/objects.ts), and layout reads every field of it.
  const input = (description: string, main: SafeHtml, title: string | null = page.title): LayoutInput => ({
    site,
    url: page.url,
    title,
    crumbs: page.crumbs,
    type: 'website',
    description,
    main,
  });
  switch (page.kind) {
    case 'home':
      return layout(input(holdings(page.totals), homeMain(page, site), null));
    case 'year':
      return layout(input(`Articles of ${page.year}: ${countLabel(page.count)}.`, yearMain(page, site)));
    case 'month':
      return layout(input(`Articles of ${page.title}: ${countLabel(page.count)}.`, monthMain(page, site)));
    case 'day':
      return layout(input(`Articles of ${page.title}: ${countLabel(page.count)}.`, dayMain(page, site)));
    case 'places':
      return layout(input('Every place in the archive’s datelines, A to Z.', placesMain(page, site)));
    case 'place':
      return layout(
        input(
          page.count !== null
            ? `Articles datelined ${page.place.name}: ${countLabel(page.count)}.`
            : `Articles datelined ${page.place.name}, ${page.span!.first} to ${page.span!.last}: ${countLabel(page.articles.length)}.`,
          placeMain(page, site),
        ),
      );
    case 'about':
      return layout(input(holdings(page.totals), aboutMain(page, site)));
    case 'not-found':
      return layout(withFields(input('There is no page at this address.', notFoundMain(page, site)), { canonical: false }));
    case 'search':
      return layout(input(`Search the articles of ${site.title}.`, searchMain(site)));
  }
}

/**
 * Renders a page and encodes it at once, for a caller that keeps many pages
 * before writing them. A page's text is a tree of thousands of small
 * concatenations: kept alive while more pages render, every young-generation
 * collection copies those trees again, where one encoded page is one object
 * outside the heap (7,000 article pages held 500 at a time: 1.6–1.8 s as
 * text, 0.57–0.59 s encoded at once).
 */
export function pageBytes(page: OutputPage, site: SiteInfo): Buffer {
  return encodeText(renderPage(page, site));
}

/** Size of each block that pages are encoded into (encodeText). */
const BLOCK = 4 * 1024 * 1024;
let block = Buffer.allocUnsafeSlow(0);
let used = 0;

/**
 * A text as UTF-8, encoded into a share of a larger block rather than into
 * a buffer of its own: Buffer.from counts the bytes first, then allocates a
 * buffer outside the heap for each page, and every such allocation adds to
 * the external memory that makes V8 collect. A block is dropped (and freed)
 * once no page encoded into it is held. A text that could fill more than an
 * eighth of a block gets a buffer of its own. Clean builds of 10,000
 * articles on a RAM disk, three series of interleaved rounds (medians):
 * wall 3,230 → 3,094 ms (6 of 10 faster; CPU 5,965 → 5,705), 3,719 → 3,853
 * ms (6 of 12; CPU 6,835 → 7,090), 4,828 → 4,567 ms (11 of 14; CPU 8,985 →
 * 8,550), the same bytes.
 */
export function encodeText(text: string): Buffer {
  // UTF-8 takes at most 3 bytes for each UTF-16 code unit.
  const most = text.length * 3;
  if (most > BLOCK / 8) return Buffer.from(text, 'utf8');
  if (block.length - used < most) {
    block = Buffer.allocUnsafeSlow(BLOCK);
    used = 0;
  }
  const start = used;
  used += block.write(text, start, 'utf8');
  return block.subarray(start, used);
}

/** Renders any output page to the exact text of its file. */
export function renderPage(page: OutputPage, site: SiteInfo): string {
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

/**
 * Renders, and forgets, the page and the feeds of a made-up article. A thread
 * loaded for a rebuild's few pages runs this while it waits for its job, on
 * its own core, so that the code every such page goes through (the body's
 * unified pipeline, the feeds, the templates) is compiled before the pages
 * that count: a rebuild after an added article at 10,000 articles rendered
 * its 16 pages in some 15 ms, of which its five article bodies took 4 ms and
 * its Atom feed 3, most of it in code run for the first time. Answers the
 * texts rendered.
 */
export function warmUp(): string[] {
  const site: SiteInfo = { title: 'Warm-up', basePath: '/', siteUrl: 'https://warm-up.invalid', language: 'en', search: false };
  const paragraphs = ['First paragraph, with *marks* & <angle brackets>.', 'Second paragraph.'];
  const article: ArticleRecord = {
    source: 'warm-up.txt',
    format: 'wire',
    date: '2000-01-01',
    headline: 'A made-up article',
    dateline: { place: 'NOWHERE', date: 'Jan. 1', isoDate: '2000-01-01', agency: 'Xinhua', text: 'NOWHERE, Jan. 1 (Xinhua) --', paragraph: 0 },
    byline: null,
    photos: [{ caption: 'A caption.', credit: 'Xinhua/A. B.', position: 1 }],
    paragraphs,
    trailers: ['Enditem'],
    slug: 'a-made-up-article',
    url: '/2000/01/01/a-made-up-article/',
  };
  const place = { slug: 'nowhere', name: 'NOWHERE', url: '/places/nowhere/' };
  const summary: ArticleSummary = { url: article.url, headline: article.headline, date: article.date, dateLabel: 'January 1, 2000', place, lead: paragraphs[0]! };
  const page: ArticlePage = {
    kind: 'article',
    path: '2000/01/01/a-made-up-article/index.html',
    url: article.url,
    title: article.headline,
    crumbs: [{ label: 'Home', url: '/' }],
    article,
    dateLabel: summary.dateLabel,
    place,
    previous: null,
    next: summary,
    moreFromPlace: [summary],
  };
  const feed = (kind: FeedFile['kind']): FeedFile => ({ kind, path: 'feed', url: '/feed', articles: [summary], updated: article.date });
  return [page, feed('feed-atom'), feed('feed-json')].map((made) => renderPage(made, site));
}
