/**
 * buildArchive: from the corpus's articles to every page of the site, with
 * lists, counts and neighbours computed once here. One sort, then linear
 * passes; no page scans the whole corpus.
 */
import type { ArticleRecord } from '../types.js';
import { firstParagraph, isListed } from '../parse/lean.js';
import {
  dateLabel,
  dateParts,
  daysInMonth,
  longDateLabel,
  monthLabel,
  monthName,
  plural,
  weekday,
} from './dates.js';
import { compareCodeUnits, placeLetter, placeSlug, placeSortKey } from './places.js';
import { mergeParts, monthParts, placeMemberAt, placeMembersBetween, placeNameOf, placePosition, type MonthPart } from './parts.js';
import type {
  AboutPage,
  Archive,
  ArchiveOptions,
  ArchiveTotals,
  ArticlePage,
  ArticleHeadline,
  ArticleListing,
  ArticleSummary,
  CalendarDay,
  Crumb,
  DayGroup,
  DayPage,
  FeedFile,
  HomePage,
  HtmlPage,
  Link,
  MachineFile,
  MonthCalendar,
  MonthCount,
  MonthPage,
  NotFoundPage,
  PlaceCount,
  PlacePage,
  PlaceRef,
  PlacesPage,
  SearchPage,
  SitemapEntry,
  YearPage,
} from './types.js';

/** How many neighbours "more from PLACE" shows. */
export const MORE_FROM_PLACE = 5;
/** Length of a list entry's lead text, in characters. */
const LEAD_LENGTH = 220;

const ARTICLE_URL = /^\/\d{4}\/\d{2}\/\d{2}\/[^/?#\\]+\/$/;
/** The last date isArticleUrlOf was asked of, and the start of its articles' URLs ('\0' for a date not YYYY-MM-DD). */
let urlDate = '';
let urlStart = '';

/**
 * Whether `url` is `/YYYY/MM/DD/slug/` for `date` (`YYYY-MM-DD`, digits): a
 * slug of one or more characters with no `/`, `?`, `#` or `\`, and neither
 * `.` nor `..`. The URL's start is made once per date (the model asks in
 * date order): at 10,000 articles a match that captured the date's parts,
 * and the date made from them, were a third of the model's own time in a rebuild.
 */
export function isArticleUrlOf(url: string, date: string): boolean {
  if (date !== urlDate) {
    urlDate = date;
    urlStart = date.length === 10 && date.charCodeAt(4) === 45 && date.charCodeAt(7) === 45 ? `/${date.slice(0, 4)}/${date.slice(5, 7)}/${date.slice(8)}/` : '\0';
  }
  return url.startsWith(urlStart) && ARTICLE_URL.test(url) && !url.endsWith('/./') && !url.endsWith('/../');
}

/** The output file of a root-relative URL: `/a/b/` → `a/b/index.html`, `/feed.xml` → `feed.xml`. */
export function urlToPath(url: string): string {
  if (!url.startsWith('/')) throw new Error(`urlToPath: ${JSON.stringify(url)} is not root-relative`);
  const rel = url.slice(1);
  return rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel;
}

/** Whitespace that flattening changes: a run of two or more, any but a plain space, or a space at either end. */
const UNFLAT = /[^\S ]| {2}|^ | $/;
/** What a cut lead drops from its end; its only whitespace is plain spaces. */
const LEAD_TAIL = ' ,;:.–—-';

/** Cuts text at a word boundary near `max` characters. */
export function leadText(text: string, max = LEAD_LENGTH): string {
  // Most paragraphs are flat already: testing costs less than a new string.
  const flat = UNFLAT.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
  if (flat.length <= max) return flat;
  const space = flat.lastIndexOf(' ', max - 1);
  let end = space > max / 2 ? space : max;
  while (end > 0 && LEAD_TAIL.includes(flat.charAt(end - 1))) end--;
  return `${flat.slice(0, end)}…`;
}

/**
 * What the model reads of an article (see ArticleListing). A record known
 * from the previous build's listings (src/cache/listings.ts) is its own
 * listing (src/parse/lean.ts): its file is not parsed again for it, nor its
 * listing read before something asks for its headline, place or lead.
 */
export function listingOf(article: ArticleRecord): ArticleListing {
  if (isListed(article)) return article as unknown as ArticleListing;
  return {
    source: article.source,
    date: article.date,
    url: article.url,
    headline: article.headline,
    place: article.dateline?.place ?? null,
    lead: leadText(firstParagraph(article)),
  };
}

/** The slug of the place an article is filed under, or null for none: what buildArchive groups places by. */
export function placeSlugOf(listing: Pick<ArticleListing, 'place'>): string | null {
  const name = placeNameOf(listing);
  return name === null ? null : placeSlug(name);
}

function compareListings(a: ArticleListing, b: ArticleListing): number {
  return compareCodeUnits(a.date, b.date) || compareCodeUnits(a.url, b.url);
}

/** Whether each listing sorts after the one before it (compareListings), as a stable sort would leave them. */
function inListingOrder(listings: readonly ArticleListing[]): boolean {
  for (let i = 1; i < listings.length; i++) if (compareListings(listings[i - 1]!, listings[i]!) > 0) return false;
  return true;
}

const yearUrl = (year: string): string => `/${year}/`;
const monthUrl = (ym: string): string => `/${ym.replace('-', '/')}/`;
const dayUrl = (date: string): string => `/${date.replaceAll('-', '/')}/`;
const placeUrl = (slug: string, page: number | null = null): string => (page === null ? `/places/${slug}/` : `/places/${slug}/page/${page}/`);

/** Keeps insertion order; groups consecutive runs of sorted input. */
function groupSorted<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function neighbourLinks(keys: readonly string[], index: number, link: (key: string) => Link): { previous: Link | null; next: Link | null } {
  const prev = keys[index - 1];
  const next = keys[index + 1];
  return { previous: prev === undefined ? null : link(prev), next: next === undefined ? null : link(next) };
}

/** `make`, remembered by its argument: for the labels, URLs and crumbs that the pages of a day, month or year share. */
function remembered<T>(make: (key: string) => T): (key: string) => T {
  const made = new Map<string, T>();
  // The last key asked, answered without a lookup: the model asks day by day, in order.
  let lastKey: string | undefined;
  let last: T | undefined;
  return (key) => {
    if (key === lastKey) return last!;
    let value = made.get(key);
    if (value === undefined) made.set(key, (value = make(key)));
    lastKey = key;
    last = value;
    return value;
  };
}

/**
 * Months whose article, day and month pages buildArchive leaves out, and
 * places and years whose pages it leaves out: a rebuild takes those pages'
 * files from the previous output as they are (src/cache/model.ts,
 * keptKeys), so it does not make them.
 */
export interface ArchiveOmission {
  /**
   * Asked once, when the places are named (A–Z, as Archive.places), with the
   * years the model holds: the months (YYYY-MM), places (slugs) and years to
   * leave out, and of other places how many of their first numbered pages
   * (by slug; none when not named).
   */
  omit: (
    places: readonly PlaceRef[],
    years: readonly string[],
  ) => { months: ReadonlySet<string>; places: ReadonlySet<string>; years: ReadonlySet<string>; placePages?: ReadonlyMap<string, number> };
}

/**
 * Builds the whole archive model. `articles` need not be sorted; every
 * record's `url` must be `/YYYY/MM/DD/slug/` matching its date. With
 * `omission`, the pages of the months it names are left out of `pages`
 * (the sitemaps still list them). With `kept`, the parts of the months it
 * holds (made before, of the same listings: a rebuild's months that no
 * change touched) are taken rather than made, reading none of their listings.
 */
export function buildArchive(articles: readonly ArticleRecord[], options: ArchiveOptions, omission?: ArchiveOmission, kept?: ReadonlyMap<string, MonthPart>): Archive {
  // Everything below reads listings; a record only goes into its own page.
  let sorted = articles.map(listingOf);
  let records = articles;
  // The loader's articles are in this order already: sorted (with their records) only when they are not.
  if (!inListingOrder(sorted)) {
    const byListing = articles.map((article, i) => ({ article, listing: sorted[i]! }));
    byListing.sort((a, b) => compareListings(a.listing, b.listing));
    sorted = byListing.map((entry) => entry.listing);
    records = byListing.map((entry) => entry.article);
  }
  for (const a of sorted) {
    if (!isArticleUrlOf(a.url, a.date)) {
      throw new Error(`buildArchive: article ${a.source} has url ${JSON.stringify(a.url)}, expected /YYYY/MM/DD/slug/ for ${a.date}`);
    }
  }

  // The months' parts (src/model/parts.ts), and the places, days, months and years merged from them.
  const { parts, slugs } = monthParts(sorted, kept);
  /** The slug of the place of the article at `i` (null for none): made when asked, for an article of a month whose part was kept. */
  const slugAt = (i: number): string | null => {
    const slug = slugs[i];
    return slug !== undefined ? slug : (slugs[i] = placeSlugOf(sorted[i]!));
  };
  const merged = mergeParts(parts);
  const placeRefs = new Map<string, PlaceRef>();
  for (const [slug, place] of merged.places) placeRefs.set(slug, { slug, name: place.name, url: placeUrl(slug) });
  const placeOrder = [...placeRefs.values()].sort(
    (a, b) => compareCodeUnits(placeSortKey(a.name), placeSortKey(b.name)) || compareCodeUnits(a.slug, b.slug),
  );

  // Each day's URL and labels, made once: its articles, its page, its neighbours, its month and its calendar cell show them.
  const dayUrlOf = remembered(dayUrl);
  const dateLabelOf = remembered(dateLabel);
  const longDateLabelOf = remembered(longDateLabel);

  // Each article's list entry, made when a page made shows it, once: a rebuild leaves most months and places out.
  const summaries: (ArticleSummary | undefined)[] = new Array<ArticleSummary | undefined>(sorted.length);
  const summaryAt = (i: number): ArticleSummary => {
    let summary = summaries[i];
    if (summary === undefined) {
      const a = sorted[i]!;
      const slug = slugAt(i);
      summaries[i] = summary = {
        url: a.url,
        headline: a.headline,
        date: a.date,
        dateLabel: dateLabelOf(a.date),
        place: slug == null ? null : (placeRefs.get(slug) ?? null),
        lead: a.lead,
      };
    }
    return summary;
  };
  /** The entries of the newest `count` articles, newest first (all of them for 0, as `slice(-0)` takes). */
  const latestSummaries = (count: number): ArticleSummary[] => {
    const out: ArticleSummary[] = [];
    for (let i = sorted.length - 1; i >= (count === 0 ? 0 : Math.max(0, sorted.length - count)); i--) out.push(summaryAt(i));
    return out;
  };

  // Each day's articles, as the position of its first in `sorted` and their number; each month's days; each year's months.
  const dayKeys: string[] = [];
  const dayRuns = new Map<string, DayRun>();
  const months = new Map<string, string[]>();
  const monthCount = new Map<string, number>();
  parts.forEach((part, m) => {
    let at = merged.starts[m]!;
    const monthDays: string[] = [];
    for (const { date, count } of part.days) {
      dayKeys.push(date);
      monthDays.push(date);
      dayRuns.set(date, { start: at, count });
      at += count;
    }
    months.set(part.month, monthDays);
    monthCount.set(part.month, part.count);
  });
  // The entries of the days whose pages are made.
  const daySummaries = remembered((date): ArticleSummary[] => {
    const run = dayRuns.get(date);
    const out: ArticleSummary[] = [];
    if (run !== undefined) for (let i = run.start; i < run.start + run.count; i++) out.push(summaryAt(i));
    return out;
  });
  const monthKeys = [...months.keys()];
  const years = groupSorted(monthKeys, (m) => m.slice(0, 4));
  const yearKeys = [...years.keys()];
  const left = omission?.omit(placeOrder, yearKeys);
  const omitted: ReadonlySet<string> = left?.months ?? new Set<string>();
  const omittedPlaces: ReadonlySet<string> = left?.places ?? new Set<string>();
  const omittedYears: ReadonlySet<string> = left?.years ?? new Set<string>();
  const omittedPlacePages: ReadonlyMap<string, number> = left?.placePages ?? new Map<string, number>();
  // Whether a date's month is left out: asked in date order, so answered for each date once.
  const omits = omitted.size === 0 ? (): boolean => false : remembered((date) => omitted.has(date.slice(0, 7)));
  const yearCount = merged.years;

  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const totals: ArchiveTotals = {
    articles: sorted.length,
    days: merged.days,
    months: monthKeys.length,
    years: yearKeys.length,
    places: placeRefs.size,
    first: first ? { date: first.date, label: dateLabelOf(first.date) } : null,
    last: last ? { date: last.date, label: dateLabelOf(last.date) } : null,
  };

  // Crumbs are shared too: every article of a day has the same trail.
  const home: Crumb = { label: 'Home', url: '/' };
  const yearCrumb = remembered((y): Crumb => ({ label: y, url: yearUrl(y) }));
  const monthCrumb = remembered((ym): Crumb => ({ label: monthName(Number(ym.slice(5, 7))), url: monthUrl(ym) }));
  const articleCrumbs = remembered((date): Crumb[] => [
    home,
    yearCrumb(date.slice(0, 4)),
    monthCrumb(date.slice(0, 7)),
    { label: String(Number(date.slice(8, 10))), url: dayUrlOf(date) },
  ]);

  const pages: HtmlPage[] = [];
  // The sitemaps' entries, in the order of the pages, each with the newest date the page shows: a month's
  // articles, days and month page in the month's own sitemap (none for a month left out), the others in the site's.
  const siteEntries: SitemapEntry[] = [];
  const monthEntries = new Map<string, SitemapEntry[]>();
  const add = (page: HtmlPage, lastmod: string | null, month: string | null = null): void => {
    pages.push(page);
    let entries = siteEntries;
    if (month !== null) {
      entries = monthEntries.get(month) ?? [];
      if (entries.length === 0) monthEntries.set(month, entries);
    }
    entries.push({ url: page.url, lastmod });
  };

  // Article pages.
  // Made for the articles whose pages are made and their neighbours, once each: a rebuild leaves most months out.
  const headlines: (ArticleHeadline | undefined)[] = new Array<ArticleHeadline | undefined>(sorted.length);
  const headlineAt = (i: number): ArticleHeadline | null => {
    if (i < 0 || i >= sorted.length) return null;
    const summary = summaryAt(i);
    let headline = headlines[i];
    if (headline === undefined) headlines[i] = headline = { url: summary.url, headline: summary.headline, date: summary.date, dateLabel: summary.dateLabel };
    return headline;
  };
  // The part holding the article in hand: the articles come in order.
  let partIndex = 0;
  sorted.forEach((listing, i) => {
    if (omits(listing.date)) return;
    while (merged.starts[partIndex + 1]! <= i) partIndex++;
    const slug = slugAt(i);
    const moreFromPlace: ArticleHeadline[] = [];
    const place = slug == null ? undefined : merged.places.get(slug);
    if (slug != null && place !== undefined) {
      const at = placePosition(merged, place, partIndex, i - merged.starts[partIndex]!);
      const count = place.count;
      // The nearest neighbours in date order, up to MORE_FROM_PLACE, shown newest first.
      let lo = at;
      let hi = at;
      while (hi - lo < MORE_FROM_PLACE && (lo > 0 || hi < count - 1)) {
        if (hi < count - 1) hi++;
        if (hi - lo < MORE_FROM_PLACE && lo > 0) lo--;
      }
      for (let k = hi; k >= lo; k--) {
        const member = k === at ? undefined : placeMemberAt(merged, place, k);
        if (member !== undefined) moreFromPlace.push(headlineAt(member)!);
      }
    }
    const summary = summaryAt(i);
    const page: ArticlePage = {
      kind: 'article',
      path: urlToPath(listing.url),
      url: listing.url,
      title: listing.headline,
      crumbs: articleCrumbs(listing.date),
      article: records[i]!,
      dateLabel: summary.dateLabel,
      place: summary.place,
      previous: headlineAt(i - 1),
      next: headlineAt(i + 1),
      moreFromPlace,
    };
    add(page, listing.date, listing.date.slice(0, 7));
  });

  // Day pages.
  dayKeys.forEach((date, i) => {
    if (omits(date)) return;
    const url = dayUrlOf(date);
    const list = daySummaries(date);
    const { previous, next } = neighbourLinks(dayKeys, i, (d) => ({ url: dayUrlOf(d), label: dateLabelOf(d) }));
    const page: DayPage = {
      kind: 'day',
      path: urlToPath(url),
      url,
      title: longDateLabelOf(date),
      crumbs: [home, yearCrumb(date.slice(0, 4)), monthCrumb(date.slice(0, 7)), { label: String(Number(date.slice(8, 10))), url: null }],
      count: list.length,
      articles: list,
      previous,
      next,
    };
    add(page, date, date.slice(0, 7));
  });

  // Month pages.
  monthKeys.forEach((ym, i) => {
    const newestDay = (months.get(ym) ?? []).at(-1) ?? null;
    if (omitted.has(ym)) return;
    const groups: DayGroup[] = (months.get(ym) ?? []).map((date) => {
      const list = daySummaries(date);
      return { label: longDateLabelOf(date), url: dayUrlOf(date), count: list.length, articles: list };
    });
    const page: MonthPage = {
      kind: 'month',
      path: urlToPath(monthUrl(ym)),
      url: monthUrl(ym),
      title: monthLabel(ym),
      crumbs: [home, yearCrumb(ym.slice(0, 4)), { label: monthName(Number(ym.slice(5, 7))), url: null }],
      count: monthCount.get(ym) ?? 0,
      days: groups,
      ...neighbourLinks(monthKeys, i, (m) => ({ url: monthUrl(m), label: monthLabel(m) })),
    };
    add(page, newestDay, ym);
  });

  // Year pages, with a calendar of each month that has articles.
  /** A year's newest day: its page's date in the sitemap. */
  const newestDayOf = (y: string): string | null => (months.get((years.get(y) ?? []).at(-1) ?? '') ?? []).at(-1) ?? null;
  yearKeys.forEach((y, i) => {
    if (omittedYears.has(y)) {
      // Left out: its entry in the site's sitemap alone, as `add` would make it.
      siteEntries.push({ url: yearUrl(y), lastmod: newestDayOf(y) });
      return;
    }
    const present = new Set(years.get(y) ?? []);
    const monthsOfYear: MonthCount[] = [];
    const calendars: MonthCalendar[] = [];
    for (let m = 1; m <= 12; m++) {
      const ym = `${y}-${String(m).padStart(2, '0')}`;
      const has = present.has(ym);
      monthsOfYear.push({ label: monthName(m), url: has ? monthUrl(ym) : null, count: monthCount.get(ym) ?? 0 });
      if (has) calendars.push(monthCalendar(ym, dayRuns, dayUrlOf, dateLabelOf));
    }
    const page: YearPage = {
      kind: 'year',
      path: urlToPath(yearUrl(y)),
      url: yearUrl(y),
      title: y,
      crumbs: [home, { label: y, url: null }],
      year: y,
      count: yearCount.get(y) ?? 0,
      months: monthsOfYear,
      calendars,
      ...neighbourLinks(yearKeys, i, (k) => ({ url: yearUrl(k), label: k })),
    };
    add(page, newestDayOf(y));
  });

  // Places, A–Z.
  const letters = groupSorted(placeOrder, (p) => placeLetter(p.name));
  const placesPage: PlacesPage = {
    kind: 'places',
    path: urlToPath('/places/'),
    url: '/places/',
    title: 'Places',
    crumbs: [home, { label: 'Places', url: null }],
    count: placeRefs.size,
    letters: [...letters].map(([letter, refs]) => ({
      letter,
      id: letter === '#' ? 'other' : letter.toLowerCase(),
      places: refs.map((p): PlaceCount => ({ name: p.name, url: p.url, count: merged.places.get(p.slug)?.count ?? 0 })),
    })),
  };
  // '#' (names not starting with A–Z) sorts after Z.
  placesPage.letters.sort((a, b) => (a.letter === '#' ? 1 : 0) - (b.letter === '#' ? 1 : 0) || compareCodeUnits(a.letter, b.letter));
  add(placesPage, totals.last?.date ?? null);

  // Each place's own page shows its newest articles; its numbered pages hold full runs of
  // placePageSize articles counted from its oldest, so each keeps its articles once made.
  const size = options.placePageSize;
  for (const ref of placeOrder) {
    const place = merged.places.get(ref.slug);
    const total = place?.count ?? 0;
    /** The date of the newest of the place's first `end` articles: that of its page ending there, in the sitemap. */
    const newestOf = (end: number): string | null => (end === 0 || place === undefined ? null : sorted[placeMemberAt(merged, place, end - 1)!]!.date);
    if (omittedPlaces.has(ref.slug)) {
      // Left out: its pages' entries in the site's sitemap alone, as `add` would make them.
      siteEntries.push({ url: ref.url, lastmod: newestOf(total) });
      for (let n = 1; n <= Math.floor(total / size); n++) siteEntries.push({ url: placeUrl(ref.slug, n), lastmod: newestOf(n * size) });
      continue;
    }
    // The entries of the place's articles from its `from`-th to before its `to`-th (0 for its oldest), and the date label of one.
    const summariesOf = (from: number, to: number): ArticleSummary[] => (place === undefined ? [] : placeMembersBetween(merged, place, from, to).map(summaryAt));
    const labelAt = (k: number): string => dateLabelOf(sorted[placeMemberAt(merged, place!, k)!]!.date);
    const numbered = Math.floor(total / size);
    // Its first numbered pages left out (their runs and their links to the runs either side as before): listed in the sitemap alone.
    const leftOut = Math.min(omittedPlacePages.get(ref.slug) ?? 0, numbered);
    const spanOf = (list: readonly ArticleSummary[]): PlacePage['span'] =>
      list.length === 0 ? null : { first: list[0]!.dateLabel, last: list[list.length - 1]!.dateLabel };
    // Page n's link is links[n - 1]: made once, shown on the place's own page and by its neighbours.
    const links: Link[] = [];
    for (let n = 1; n <= numbered; n++) {
      links.push({ url: placeUrl(ref.slug, n), label: `page ${n}, ${labelAt((n - 1) * size)} to ${labelAt(n * size - 1)}` });
    }
    const own: Link = { url: ref.url, label: 'the latest articles' };
    const newest = summariesOf(Math.max(0, total - size), total);
    const newestSpan = spanOf(newest);
    add({
      kind: 'place',
      path: urlToPath(ref.url),
      url: ref.url,
      title: ref.name,
      crumbs: [home, { label: 'Places', url: '/places/' }, { label: ref.name, url: null }],
      place: ref,
      count: total,
      pageNumber: null,
      span: newestSpan,
      articles: newest.reverse(),
      newer: null,
      older: links[numbered - 1] ?? null,
      pages: [...links].reverse(),
    } satisfies PlacePage, newestOf(total));
    for (let n = 1; n <= numbered; n++) {
      const { url } = links[n - 1]!;
      if (n <= leftOut) {
        siteEntries.push({ url, lastmod: newestOf(n * size) });
        continue;
      }
      const run = summariesOf((n - 1) * size, n * size);
      const span = spanOf(run);
      add({
        kind: 'place',
        path: urlToPath(url),
        url,
        title: `${ref.name}, page ${n}`,
        crumbs: [home, { label: 'Places', url: '/places/' }, { label: ref.name, url: ref.url }],
        place: ref,
        count: null,
        pageNumber: n,
        span,
        articles: run.reverse(),
        newer: links[n] ?? own,
        older: links[n - 2] ?? null,
        pages: [],
      } satisfies PlacePage, newestOf(n * size));
    }
  }

  const homePage: HomePage = {
    kind: 'home',
    path: 'index.html',
    url: '/',
    title: options.site.title,
    crumbs: [],
    latest: latestSummaries(options.homeLatest),
    years: [...yearKeys].reverse().map((y) => ({ label: y, url: yearUrl(y), count: yearCount.get(y) ?? 0 })),
    totals,
  };
  const about: AboutPage = {
    kind: 'about',
    path: urlToPath('/about/'),
    url: '/about/',
    title: 'About this archive',
    crumbs: [home, { label: 'About', url: null }],
    totals,
    places: placeRefs.size,
  };
  const notFound: NotFoundPage = { kind: 'not-found', path: '404.html', url: '/404.html', title: 'Page not found', crumbs: [] };
  add(homePage, totals.last?.date ?? null);
  add(about, totals.last?.date ?? null);
  pages.push(notFound);
  if (options.site.search) {
    const search: SearchPage = { kind: 'search', path: urlToPath('/search/'), url: '/search/', title: 'Search', crumbs: [home, { label: 'Search', url: null }] };
    pages.push(search);
  }

  const seen = new Set<string>();
  for (const page of pages) {
    if (seen.has(page.path)) throw new Error(`buildArchive: two pages would be written to ${page.path}`);
    seen.add(page.path);
  }

  // Every month's sitemap, left-out ones too (the index names them): its URLs (its articles, days and month page) and its newest day.
  const sitemapMonths: SitemapMonth[] = monthKeys.map((ym) => {
    const monthDays = months.get(ym) ?? [];
    return { month: ym, urls: (monthCount.get(ym) ?? 0) + monthDays.length + 1, newest: monthDays.at(-1) ?? null, entries: monthEntries.get(ym) ?? null };
  });
  const machineFiles = buildMachineFiles(siteEntries, sitemapMonths, latestSummaries(options.feedSize), totals, options);
  return { site: options.site, totals, pages, machineFiles, places: placeOrder, listings: sorted, omitted, omittedPlaces, omittedYears, omittedPlacePages, parts };
}

function monthCalendar(
  ym: string,
  days: ReadonlyMap<string, DayRun>,
  dayUrlOf: (date: string) => string,
  dateLabelOf: (date: string) => string,
): MonthCalendar {
  const { year, month } = dateParts(`${ym}-01`);
  const length = daysInMonth(year, month);
  const blanks = (weekday(year, month, 1) + 6) % 7; // Monday first
  const cells: (CalendarDay | null)[] = new Array<CalendarDay | null>(blanks).fill(null);
  for (let d = 1; d <= length; d++) {
    const date = `${ym}-${String(d).padStart(2, '0')}`;
    const count = days.get(date)?.count ?? 0;
    cells.push({
      day: d,
      url: count > 0 ? dayUrlOf(date) : null,
      count,
      description: `${dateLabelOf(date)}: ${plural(count, 'article')}`,
    });
  }
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (CalendarDay | null)[][] = [];
  for (let k = 0; k < cells.length; k += 7) weeks.push(cells.slice(k, k + 7));
  return { label: monthLabel(ym), url: monthUrl(ym), weeks };
}

/** A day's articles: the position of its first in the model's order, and their number. */
interface DayRun {
  start: number;
  count: number;
}

/** A month's sitemap: how many URLs it lists, its newest day, and its entries, or null for a month the model left out. */
interface SitemapMonth {
  month: string;
  urls: number;
  newest: string | null;
  entries: SitemapEntry[] | null;
}

/**
 * The feeds, the sitemaps and robots.txt. `sitemap.xml` is an index over the
 * site's sitemap (`sitemap-pages.xml`: home, years, places, about) and one
 * per month (`YYYY/MM/sitemap.xml`: its articles, days and month page), so
 * an article added, changed or removed changes its month's sitemap and the
 * index alone. A sitemap of more than `sitemapLimit` URLs is split:
 * `sitemap-pages-2.xml`, `YYYY/MM/sitemap-2.xml` and so on.
 */
function buildMachineFiles(
  siteEntries: SitemapEntry[],
  months: readonly SitemapMonth[],
  /** The newest `options.feedSize` articles' entries, newest first. */
  latest: ArticleSummary[],
  totals: ArchiveTotals,
  options: ArchiveOptions,
): MachineFile[] {
  const newest = totals.last?.date ?? null;
  const feeds: FeedFile[] = [
    { kind: 'feed-atom', path: 'feed.xml', url: '/feed.xml', articles: latest, updated: newest },
    { kind: 'feed-json', path: 'feed.json', url: '/feed.json', articles: latest, updated: newest },
  ];

  const files: MachineFile[] = [...feeds];
  const sitemaps: { url: string; lastmod: string | null }[] = [];
  const limit = options.sitemapLimit;
  /** The sitemaps of `urls` URLs named after `base` (`/…/sitemap`), with their entries when made, newest date `lastmod`. */
  const split = (base: string, urls: number, entries: SitemapEntry[] | null, lastmod: string | null): void => {
    const count = entries?.length ?? urls;
    for (let k = 0, n = 1; k < Math.max(count, 1); k += limit, n++) {
      const url = `${base}${n === 1 ? '' : `-${n}`}.xml`;
      sitemaps.push({ url, lastmod });
      if (entries !== null) files.push({ kind: 'sitemap', path: url.slice(1), url, entries: entries.slice(k, k + limit) });
    }
  };
  let siteNewest: string | null = null;
  for (const e of siteEntries) if (e.lastmod !== null && (siteNewest === null || e.lastmod > siteNewest)) siteNewest = e.lastmod;
  split('/sitemap-pages', siteEntries.length, siteEntries, siteNewest);
  for (const month of months) split(`${monthUrl(month.month)}sitemap`, month.urls, month.entries, month.newest);
  files.push({ kind: 'sitemap-index', path: 'sitemap.xml', url: '/sitemap.xml', sitemaps });
  files.push({ kind: 'robots', path: 'robots.txt', url: '/robots.txt', sitemapUrl: '/sitemap.xml' });
  return files;
}

