/**
 * The archive model: every page the site has, with its lists, counts and
 * neighbours already worked out, ready for a template to print. URLs here are
 * root-relative (`/2024/08/22/slug/`); templates prefix the base path.
 */
import type { ArticleRecord } from '../types.js';
import type { MonthPart } from './parts.js';

/** What every page knows about the site it belongs to. */
export interface SiteInfo {
  title: string;
  /** `/` or `/archive/`: the path the site is served under. */
  basePath: string;
  /** `https://news.example.org` without a trailing slash, or null. */
  siteUrl: string | null;
  /** BCP 47 language of the interface text. */
  language: string;
  /** Whether a search index is built, so the masthead offers a search form. */
  search: boolean;
}

export interface Link {
  /** Root-relative URL. */
  url: string;
  label: string;
}

/** One step of the breadcrumb trail; `url` is null for the page itself. */
export interface Crumb {
  label: string;
  url: string | null;
}

export interface PlaceRef {
  slug: string;
  /** The most common spelling in the datelines, e.g. `MOSCOW`. */
  name: string;
  url: string;
}

/** An article as a headline link with its date: what article pages print of other articles. */
export interface ArticleHeadline {
  url: string;
  headline: string;
  /** YYYY-MM-DD */
  date: string;
  /** `August 22, 2024` */
  dateLabel: string;
}

/** An article as it appears in lists. Built once per article and shared by every list. */
export interface ArticleSummary extends ArticleHeadline {
  place: PlaceRef | null;
  /** The start of the first paragraph, cut at a word boundary. */
  lead: string;
}

/** Totals of what the archive holds. */
export interface ArchiveTotals {
  articles: number;
  days: number;
  months: number;
  years: number;
  places: number;
  /** The first and last publication dates, or null for an empty archive. */
  first: { date: string; label: string } | null;
  last: { date: string; label: string } | null;
}

interface PageBase {
  /** Output file, relative to the output folder, posix separators: `2024/08/22/slug/index.html`. */
  path: string;
  /** Root-relative URL of the page: `/2024/08/22/slug/`. */
  url: string;
  /** The page's title, used for <title> and <h1>. */
  title: string;
  crumbs: Crumb[];
}

export interface ArticlePage extends PageBase {
  kind: 'article';
  article: ArticleRecord;
  dateLabel: string;
  place: PlaceRef | null;
  /**
   * Neighbours as headlines only, without place and lead: an article page
   * prints no more of them, and its cache key and the render job carry
   * every field the page holds.
   */
  previous: ArticleHeadline | null;
  next: ArticleHeadline | null;
  /** Nearest other articles from the same place, newest first. */
  moreFromPlace: ArticleHeadline[];
}

export interface YearCount {
  label: string;
  url: string;
  count: number;
}

export interface HomePage extends PageBase {
  kind: 'home';
  latest: ArticleSummary[];
  years: YearCount[];
  totals: ArchiveTotals;
}

/** One month of a year: a link when it has articles. */
export interface MonthCount {
  label: string;
  url: string | null;
  count: number;
}

export interface CalendarDay {
  day: number;
  /** Set when the day has articles. */
  url: string | null;
  count: number;
  /** `August 22, 2024: 3 articles`, for assistive technology. */
  description: string;
}

export interface MonthCalendar {
  label: string;
  url: string;
  /** Weeks from Monday to Sunday; null for the blanks before the 1st and after the last day. */
  weeks: (CalendarDay | null)[][];
}

export interface YearPage extends PageBase {
  kind: 'year';
  year: string;
  count: number;
  months: MonthCount[];
  calendars: MonthCalendar[];
  previous: Link | null;
  next: Link | null;
}

export interface DayGroup {
  label: string;
  url: string;
  count: number;
  articles: ArticleSummary[];
}

export interface MonthPage extends PageBase {
  kind: 'month';
  count: number;
  days: DayGroup[];
  previous: Link | null;
  next: Link | null;
}

export interface DayPage extends PageBase {
  kind: 'day';
  count: number;
  articles: ArticleSummary[];
  previous: Link | null;
  next: Link | null;
}

export interface PlaceCount {
  name: string;
  url: string;
  count: number;
}

export interface PlacesPage extends PageBase {
  kind: 'places';
  count: number;
  letters: { letter: string; id: string; places: PlaceCount[] }[];
}

/**
 * A place's own page (`/places/SLUG/`: its newest articles, the count, every
 * numbered page) or one of its numbered pages (`/places/SLUG/page/N/`). A
 * numbered page holds a full run of articles counted from the place's
 * oldest, so once made it shows the same articles for good: a link to it
 * stays a citation, and a new day's articles change the place's own page
 * and at most its newest numbered page, not every page of the place.
 */
export interface PlacePage extends PageBase {
  kind: 'place';
  place: PlaceRef;
  /** Articles filed under the place, on its own page; null on a numbered page, which shows what it holds for good. */
  count: number | null;
  /** The numbered page's number, 1 holding the oldest articles; null for the place's own page. */
  pageNumber: number | null;
  /** The dates of the oldest and newest article shown, as labels. */
  span: { first: string; last: string } | null;
  /** Newest first. */
  articles: ArticleSummary[];
  /** Newer articles: the next numbered page, or after the last one the place's own page. */
  newer: Link | null;
  /** Older articles: the numbered page before, or from the place's own page its newest numbered page. */
  older: Link | null;
  /** On the place's own page, every numbered page, newest first, labelled with its dates; none on a numbered page. */
  pages: Link[];
}

export interface AboutPage extends PageBase {
  kind: 'about';
  totals: ArchiveTotals;
  places: number;
}

export interface NotFoundPage extends PageBase {
  kind: 'not-found';
}

/** `/search/`: the search form and results (public/search.js); only when the site has search. */
export interface SearchPage extends PageBase {
  kind: 'search';
}

export type HtmlPage =
  | ArticlePage
  | HomePage
  | YearPage
  | MonthPage
  | DayPage
  | PlacesPage
  | PlacePage
  | AboutPage
  | NotFoundPage
  | SearchPage;

/** Files for machines: feeds, sitemaps, robots.txt. */
export interface FeedFile {
  kind: 'feed-atom' | 'feed-json';
  path: string;
  url: string;
  /** Newest first. */
  articles: ArticleSummary[];
  /** YYYY-MM-DD of the newest article: the feed's `updated`, never the clock. */
  updated: string | null;
}

export interface SitemapEntry {
  url: string;
  /** YYYY-MM-DD, when the page belongs to a date. */
  lastmod: string | null;
}

export interface SitemapFile {
  kind: 'sitemap';
  path: string;
  url: string;
  entries: SitemapEntry[];
}

export interface SitemapIndexFile {
  kind: 'sitemap-index';
  path: string;
  url: string;
  sitemaps: { url: string; lastmod: string | null }[];
}

export interface RobotsFile {
  kind: 'robots';
  path: string;
  url: string;
  /** Root-relative URL of sitemap.xml. */
  sitemapUrl: string;
}

export type MachineFile = FeedFile | SitemapFile | SitemapIndexFile | RobotsFile;

/** Any file the build renders. */
export type OutputPage = HtmlPage | MachineFile;

export interface Archive {
  site: SiteInfo;
  totals: ArchiveTotals;
  /** Every HTML page, articles first (in date order), then the index pages. */
  pages: HtmlPage[];
  /** Feeds, sitemaps and robots.txt. */
  machineFiles: MachineFile[];
  /** Every place, A–Z, with the name it goes by. */
  places: PlaceRef[];
  /** Every article's listing, in the model's order (by date, then URL). */
  listings: ArticleListing[];
  /** The months (YYYY-MM) whose article, day and month pages `pages` leaves out (ArchiveOmission in archive.ts). */
  omitted: ReadonlySet<string>;
  /** The places (slugs) whose pages `pages` leaves out (ArchiveOmission in archive.ts); the site's sitemap still lists them. */
  omittedPlaces: ReadonlySet<string>;
  /** The years whose pages `pages` leaves out (ArchiveOmission in archive.ts); the site's sitemap still lists them. */
  omittedYears: ReadonlySet<string>;
  /**
   * Of the other places, those whose first numbered pages `pages` leaves out
   * (slug → how many, from page 1: ArchiveOmission in archive.ts); the site's
   * sitemap still lists them.
   */
  omittedPlacePages: ReadonlyMap<string, number>;
  /** Each month's part (src/model/parts.ts), in order: what a rebuild may keep for the months that do not change. */
  parts: readonly MonthPart[];
}

/**
 * What the model reads of an article: everything its lists, counts and
 * neighbours are made from. The model sees articles only through their
 * listings (and puts each record in its own page), so an edit that leaves
 * every listing as it was changes no page but the article's own
 * (src/cache/model.ts relies on this).
 */
export interface ArticleListing {
  source: string;
  date: string;
  url: string;
  headline: string;
  /** The dateline's place as written, or null. */
  place: string | null;
  /** The start of the first paragraph, cut at a word boundary (see ArticleSummary.lead). */
  lead: string;
}

/** The options of buildArchive: the parts of BuildConfig the model needs. */
export interface ArchiveOptions {
  site: SiteInfo;
  homeLatest: number;
  feedSize: number;
  placePageSize: number;
  sitemapLimit: number;
}
