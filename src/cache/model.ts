/**
 * What the archive model was built from, recorded in the manifest so the
 * next build can tell which of its pages' keys it need not compute again.
 * The model is a function of its settings and of every article's listing
 * (ArticleListing: what it reads of an article); a listing is a function of
 * the article's record and URL, and a record of its source's bytes and
 * path. So where the settings are the same, a page that shows only articles
 * whose listing is the same as before, and stands among the same articles
 * as before, keeps its key (keptKeys); and when every article stands under
 * the same URL with the same listing, every page keeps its key but the
 * pages of articles whose source changed.
 *
 * Telling so costs a lookup per article and a listing hash per changed
 * article, not a hash of every listing.
 */
import { listingOf, MORE_FROM_PLACE, placeSlugOf } from '../model/archive.js';
import type { ArchiveOptions, ArticleListing, ArticleSummary, OutputPage, PlaceRef } from '../model/types.js';
import type { ArticleRecord } from '../types.js';
import { sha1, type ListingDigests } from './keys.js';
import { compareCodeUnits } from '../model/places.js';
import { dateOfArticleUrl } from '../slug.js';

/** What the manifest records of one article. */
export interface ArticleState {
  /** The digest of its source's bytes, or '' when it has none. */
  digest: string;
  url: string;
  /** listingDigest of its listing. */
  listing: string;
  /** The slug of the place its listing files it under (placeSlugOf), or '' for none. */
  place: string;
}

/** What the manifest records of the model its keys were computed from. */
export interface ModelState {
  /** modelSettingsDigest: the version, the model's options and the partition. */
  settings: string;
  /** Every article of the model, by source. */
  articles: ReadonlyMap<string, ArticleState>;
  /**
   * The name each place of the model goes by (its most common spelling), by
   * slug; absent when not known (a state read from an older manifest).
   */
  placeNames?: ReadonlyMap<string, string>;
  /** modelToken of this state, once worked out (kept in the manifest). */
  token?: string;
  /**
   * What differs from the state this one was made from under the same
   * settings (modelState, with its token): the articles whose entry is not
   * the one it had (added, or changed in any field), in this state's order,
   * and those gone. The manifest may record these rather than every article.
   * Every other article's entry is the one it has in the state made from
   * (`from`), the same object.
   */
  changes?: { changed: readonly string[]; gone: readonly string[]; from?: ModelState };
}

/** A hash of the model's settings: the code and site version, the model's options and the partition. */
export function modelSettingsDigest(version: string, options: ArchiveOptions, partition: unknown): string {
  return sha1(JSON.stringify([version, options, partition ?? null]));
}

/**
 * A hash of the model a state describes: its settings and every article's
 * source, URL and listing digest, not the digests of the sources, which an
 * edit that leaves every listing alone changes without changing the model.
 * Worked out once per state (`token`). A state made from a previous one
 * under the same settings (modelState) has its token already: the previous
 * token where no article's source, URL or listing differs, else a hash of
 * the previous token and of what differs. Either names one model, as the
 * listings and the shells need, and costs what changed, not a hash of every
 * article (some 8 ms at 10,000); the same model reached by other builds may
 * have another token, which only costs those caches a write.
 */
export function modelToken(state: ModelState): string {
  if (state.token !== undefined) return state.token;
  let text = `${state.settings}\n`;
  state.articles.forEach(({ url, listing }, source) => {
    text += `${source}\0${url}\0${listing}\n`;
  });
  return (state.token = sha1(text));
}

/**
 * Listing digests by article URL (from a state's articles, say): what page
 * keys read of the articles a page lists (pageKeys). The articles are asked
 * for, and indexed, at the first lookup: keys of article pages alone (an
 * edit's) make none.
 */
export function listingsByUrl(articles: () => { forEach(each: (article: { url: string; listing: string }) => void): void }): ListingDigests {
  let byUrl: Map<string, string> | undefined;
  return (url) => {
    if (byUrl === undefined) {
      const made = new Map<string, string>();
      // A map's or an array's forEach: no iterator, in code that runs once per process.
      articles().forEach((article) => made.set(article.url, article.listing));
      byUrl = made;
    }
    return byUrl.get(url);
  };
}

/**
 * Listing digests by article URL, from the model's listings in its order (by
 * date, then URL: the order of the URLs themselves, which begin with their
 * date) and its state: found by a binary search of the listings rather than
 * in a map of every URL made first (some 3 ms at 10,000 articles, for the few
 * hundred entries a rebuild's keys ask of). Once asked of more entries than
 * there are listings, as a build that keys every page is (some 40,000 at
 * 10,000 articles, 15–20 ms of binary searches), that map is made after all.
 */
export function listingsInOrder(listings: () => readonly { url: string; source: string }[], state: () => ModelState): ListingDigests {
  let asked = 0;
  /** The map, and the listings it was made of. */
  let byUrl: Map<string, string | undefined> | undefined;
  let madeOf: readonly unknown[] | undefined;
  return (url) => {
    const sorted = listings();
    if (byUrl !== undefined && madeOf === sorted) return byUrl.get(url);
    if (++asked > sorted.length) {
      const { articles } = state();
      byUrl = new Map();
      madeOf = sorted;
      for (const listing of sorted) byUrl.set(listing.url, articles.get(listing.source)?.listing);
      return byUrl.get(url);
    }
    const listing = sorted[firstAfter(sorted, (entry) => entry.url, url) - 1];
    return listing !== undefined && listing.url === url ? state().articles.get(listing.source)?.listing : undefined;
  };
}

/**
 * A hash of an article's listing: of its fields, named one by one (a listed
 * record is a listing with other fields besides), each written as its length
 * and its text, and a place of none as `-`. That is as faithful an encoding
 * as JSON, in half the time: many leads end in an ellipsis (4,385 of the
 * bench's 10,000), which makes them two bytes a character (src/text.ts), and
 * JSON.stringify takes a slower path over such a string. The bench's 10,000
 * listings in a process (five rounds): 43–71 → 23–36 ms.
 */
export function listingDigest({ source, date, url, headline, place, lead }: ArticleListing): string {
  return sha1(`${source.length}:${source}${date.length}:${date}${url.length}:${url}${headline.length}:${headline}${place === null ? '-' : `${place.length}:${place}`}${lead.length}:${lead}`);
}

/**
 * The model state of `articles` for the manifest, with the places of their
 * model (Archive.places). An article whose source digest and URL are those
 * `previous` records has the listing it records, so only the others are hashed.
 * `listings`, the model's (Archive.listings), are taken where they stand at
 * the same index as their article (the model's order is the loader's), rather
 * than made again: each with its lead cut from the first paragraph, some
 * 15 ms in a clean build of 10,000 articles. Of a corpus made from the
 * listings of `previous` (`listedFrom`), only the articles placed again are
 * looked at: the state's articles are those of `previous` but for theirs
 * (ArticlesOver).
 */
export function modelState(
  settings: string,
  articles: readonly ArticleRecord[],
  digestOf: (source: string) => string | undefined,
  previous: ModelState | null,
  places?: readonly PlaceRef[],
  listings?: readonly ArticleListing[],
  listedFrom?: ListedFrom,
): ModelState {
  // What differs from `previous` in the token's terms (each article's source, URL and listing), and how many of its articles are here.
  let differs = '';
  let stayed = 0;
  // The articles whose entry is not the previous one, and those gone.
  const changed: string[] = [];
  const gone: string[] = [];
  /** The entry of `article` (at index `i` of `articles`, when known): the previous one where its source's digest and URL are as before. */
  const entryOf = (article: ArticleRecord, i: number): ArticleState => {
    const digest = digestOf(article.source) ?? '';
    const before = previous?.articles.get(article.source);
    if (before !== undefined) stayed++;
    if (before !== undefined && digest !== '' && before.digest === digest && before.url === article.url) return before;
    const made = i < 0 ? undefined : listings?.[i];
    const listing = made !== undefined && made.source === article.source && made.url === article.url ? made : listingOf(article);
    const state: ArticleState = { digest, url: article.url, listing: listingDigest(listing), place: placeSlugOf(listing) ?? '' };
    changed.push(article.source);
    if (before === undefined || before.url !== state.url || before.listing !== state.listing) differs += `+${article.source}\0${state.url}\0${state.listing}\n`;
    return state;
  };
  let states: ReadonlyMap<string, ArticleState>;
  if (previous !== null && listedFrom !== undefined && listedFrom.model === previous && previous.settings === settings) {
    // A corpus made from the previous model's listings: every article but those placed again has its entry there.
    const own = new Map<string, ArticleState>();
    const placed = new Set<string>();
    for (const article of listedFrom.placed) {
      placed.add(article.source);
      const state = entryOf(article, -1);
      if (state !== previous.articles.get(article.source)) own.set(article.source, state);
    }
    const left = new Set<string>();
    listedFrom.again.forEach((source) => {
      if (!placed.has(source) && previous.articles.has(source)) left.add(source);
    });
    // In the previous model's order (its URLs'), as a pass over its every article would find them.
    const byUrl = (source: string): string => previous.articles.get(source)!.url;
    gone.push(...[...left].sort((a, b) => compareCodeUnits(byUrl(a), byUrl(b))));
    for (const source of gone) differs += `-${source}\n`;
    states = new ArticlesOver(previous.articles, own, left, articles);
  } else {
    const made = new Map<string, ArticleState>();
    for (let i = 0; i < articles.length; i++) made.set(articles[i]!.source, entryOf(articles[i]!, i));
    if (previous !== null && previous.settings === settings && previous.token !== undefined && stayed < previous.articles.size) {
      previous.articles.forEach((_state, source) => {
        if (made.has(source)) return;
        differs += `-${source}\n`;
        gone.push(source);
      });
    }
    states = made;
  }
  const chained = previous !== null && previous.settings === settings && previous.token !== undefined;
  const token = chained ? (differs === '' ? previous.token : sha1(`${settings}\n${previous.token}\n${differs}`)) : undefined;
  return {
    settings,
    articles: states,
    ...(places === undefined ? {} : { placeNames: new Map(places.map((place) => [place.slug, place.name])) }),
    ...(token === undefined || previous === null ? {} : { token, changes: { changed, gone, from: previous } }),
  };
}

/**
 * Whether an article's listing in `current` is the one it had in `previous`.
 * Of a state made from `previous` (ModelState.changes), every article but its
 * changes has the entry it had there: only the changes are looked up.
 */
export function sameListing(previous: ModelState, current: ModelState): (source: string) => boolean {
  const same = (source: string): boolean => previous.articles.get(source)?.listing === current.articles.get(source)?.listing;
  if (current.changes?.from !== previous) return same;
  const changes = new Set([...current.changes.changed, ...current.changes.gone]);
  return (source) => !changes.has(source) || same(source);
}

/** What modelState is told of a corpus made from the previous build's listings (Corpus.listedFrom). */
export interface ListedFrom {
  model: ModelState;
  placed: readonly ArticleRecord[];
  again: ReadonlySet<string>;
}

/**
 * A model state's articles made from those of the state before it, for a
 * corpus made from that state's listings: the entries of the few articles
 * placed again that differ (`own`), the rest looked up in the state before,
 * less those gone; in the order of `order` (the model's), as a map made of
 * every article would be. Made in the time of the few, not of a map of every
 * article (10,000 entries, and as many lookups, at 10,000 articles).
 */
class ArticlesOver implements ReadonlyMap<string, ArticleState> {
  readonly #base: ReadonlyMap<string, ArticleState>;
  readonly #own: ReadonlyMap<string, ArticleState>;
  readonly #gone: ReadonlySet<string>;
  readonly #order: readonly { source: string }[];

  constructor(base: ReadonlyMap<string, ArticleState>, own: ReadonlyMap<string, ArticleState>, gone: ReadonlySet<string>, order: readonly { source: string }[]) {
    this.#base = base;
    this.#own = own;
    this.#gone = gone;
    this.#order = order;
  }

  get size(): number {
    return this.#order.length;
  }

  get(source: string): ArticleState | undefined {
    return this.#own.get(source) ?? (this.#gone.has(source) ? undefined : this.#base.get(source));
  }

  has(source: string): boolean {
    return this.#own.has(source) || (!this.#gone.has(source) && this.#base.has(source));
  }

  forEach(each: (state: ArticleState, source: string, map: ReadonlyMap<string, ArticleState>) => void, thisArg?: unknown): void {
    const order = this.#order;
    for (let i = 0; i < order.length; i++) {
      const { source } = order[i]!;
      each.call(thisArg, this.get(source)!, source, this);
    }
  }

  *entries(): MapIterator<[string, ArticleState]> {
    for (const { source } of this.#order) yield [source, this.get(source)!];
  }

  *keys(): MapIterator<string> {
    for (const { source } of this.#order) yield source;
  }

  *values(): MapIterator<ArticleState> {
    for (const { source } of this.#order) yield this.get(source)!;
  }

  [Symbol.iterator](): MapIterator<[string, ArticleState]> {
    return this.entries();
  }
}

/**
 * Which pages keep the key the previous build computed for the page at the
 * same path, without being keyed again (planSite), given the model states
 * of the previous build and of this one and this model's articles in its
 * order (buildArchive's: by date, then URL).
 *
 * - Under other settings, none.
 * - When every article stands under the same URL with the same listing, every
 *   page but the pages of articles whose source changed: the model is the
 *   previous one but for those records.
 * - Otherwise, with articles added, removed, moved or listed otherwise
 *   ("changed"), a page that shows no changed article, stands among the same
 *   neighbours, and shows no place that a changed article was or is filed
 *   under and whose name (the most common spelling among its articles) may
 *   have changed: one of them not named alike in both states ("renamed").
 *   That is, the page of an article whose source is unchanged, which is not
 *   changed itself, whose neighbours in date order are not changed and were
 *   its neighbours before, whose place is not renamed, and which does not
 *   stand within MORE_FROM_PLACE of a changed article (where it is, or where
 *   it stood) in its place's own order (its "more from" list); the page of a
 *   day or month that no changed article was or is in, nor next to one that
 *   was or is (its links to the days or months either side), showing no
 *   renamed place; the pages of a place that no changed article was or is
 *   filed under; and the page of a year that no changed article was or is
 *   in, nor next to one that was or is (it shows counts alone, and links to
 *   the years either side). Every other page (home, feeds, sitemaps, the
 *   places index) is keyed again.
 *
 * After an added article at 10,000 articles its neighbours, some ten
 * articles of its place, a few days, the months near it, and that place's
 * pages are keyed again, rather than 14,019 pages (and rather than every
 * page showing its place, as before place names were recorded).
 */
export function keptKeys(previous: ModelState, current: ModelState, order: readonly { source: string; url: string; date: string }[]): KeptKeys {
  if (previous.settings !== current.settings) return kept(() => false, () => new Set(), () => new Set(), () => new Set(), () => 0);
  /** The months of `order`, made once (a pass over every article). */
  let monthsOfOrder: string[] | undefined;
  const allMonths = (): string[] => (monthsOfOrder ??= periodsOf(order, 7));
  /** The months of `order` but `touched` and those of `periods` (dates, or months). */
  const monthsBut = (touched: ReadonlySet<string>, ...periods: Iterable<string>[]): Set<string> => {
    const out = new Set(allMonths().filter((month) => !touched.has(month)));
    for (const list of periods) for (const period of list) out.delete(period.slice(0, 7));
    return out;
  };
  /** The months of the articles of `order` whose source is not the one it was (sameSource, below). */
  const sourceChanged = new Set<string>();
  /** Whether an article's source is the one it was: its digest, known now, the same as before. */
  const sameDigest = (now: ArticleState | undefined, before: ArticleState | undefined): boolean => now !== undefined && now.digest !== '' && now.digest === before?.digest;
  const sameSource = (source: string): boolean => sameDigest(current.articles.get(source), previous.articles.get(source));
  const same = (a: ArticleState | undefined, b: ArticleState | undefined): boolean => a !== undefined && b !== undefined && a.url === b.url && a.listing === b.listing;
  const changed = new Set<string>();
  const places = new Set<string>();
  /** The dates changed articles stand or stood on. */
  const dates = new Set<string>();
  /** Positions in `order` of articles whose neighbours may have changed. */
  const near = new Set<number>();
  /** Where changed articles are (positions in `order`) and were (URLs), in their places. */
  const inPlaces: { place: string; at: number }[] = [];
  const wasInPlaces: { place: string; url: string }[] = [];
  /** An article of `order` (at `i`) as it is now. */
  const visitNow = (source: string, date: string, i: number): void => {
    const now = current.articles.get(source);
    const before = previous.articles.get(source);
    if (!sameDigest(now, before)) sourceChanged.add(date.slice(0, 7));
    if (same(now, before)) return;
    changed.add(source);
    if (now !== undefined && now.place !== '') {
      places.add(now.place);
      inPlaces.push({ place: now.place, at: i });
    }
    dates.add(date);
    near.add(i - 1).add(i + 1);
  };
  /** An article of the previous state as it was. */
  const visitBefore = (before: ArticleState, source: string): void => {
    if (same(current.articles.get(source), before)) return;
    changed.add(source);
    if (before.place !== '') {
      places.add(before.place);
      wasInPlaces.push({ place: before.place, url: before.url });
    }
    // URLs sort as (date, URL) does: `order`'s.
    dates.add(dateOfArticleUrl(before.url));
    // Where it stood: the articles now on either side of its old URL were, or are next to, its neighbours then.
    const at = firstAfter(order, (article) => article.url, before.url);
    near.add(at - 1).add(at);
  };
  // Each changed article as it is now, and then as it was. Of a state made from the previous one, every article but
  // its changes has the entry it had (the same, and so with the same digest): only the changes are visited.
  const positions = current.changes?.from === previous ? positionsOf(order, current.articles, current.changes.changed) : null;
  if (positions !== null) {
    current.changes!.changed.forEach((source, k) => visitNow(source, order[positions[k]!]!.date, positions[k]!));
    for (const source of [...current.changes!.changed, ...current.changes!.gone]) {
      const before = previous.articles.get(source);
      if (before !== undefined) visitBefore(before, source);
    }
  } else {
    order.forEach(({ source, date }, i) => visitNow(source, date, i));
    previous.articles.forEach(visitBefore);
  }
  if (changed.size === 0) return kept((page) => page.kind !== 'article' || sameSource(page.article.source), () => monthsBut(sourceChanged), (slugs) => new Set(slugs), (years) => new Set(years), () => 0);
  for (const i of near) if (i >= 0 && i < order.length) changed.add(order[i]!.source);
  // A place whose name (its most common spelling) may differ from before: every page showing it is keyed. In one whose
  // name stands, only the pages of its articles near a changed one in its own order, whose "more from" lists may show it.
  const renamed = new Set(
    [...places].filter((slug) => {
      const name = current.placeNames?.get(slug);
      return name === undefined || name !== previous.placeNames?.get(slug);
    }),
  );
  const { near: nearInPlace, firstChange } = placeNeighbours(order, current, inPlaces.filter(({ place }) => !renamed.has(place)), wasInPlaces.filter(({ place }) => !renamed.has(place)));
  const days = periodsNear(periodsOf(order, 10), dates);
  const months = periodsNear(allMonths(), [...dates].map((date) => date.slice(0, 7)));
  // A year's page shows its months' and days' counts and links to the years either side: those of a changed article's year, and the years next to it.
  const years = periodsNear(
    prefixesOf(allMonths(), (month) => month, 4),
    [...dates].map((date) => date.slice(0, 4)),
  );
  const showsPlace = (entries: readonly ArticleSummary[]): boolean => entries.some((entry) => entry.place !== null && renamed.has(entry.place.slug));
  /** Whether the page of the article of `source`, filed under the place of slug `place` ('' for none), keeps its key. */
  const articleKept = (source: string, place: string): boolean => !changed.has(source) && sameSource(source) && (place === '' || !renamed.has(place)) && !nearInPlace.has(source);
  // A month whose every article keeps its page's key shows no renamed place, so its days keep theirs unless near a changed one.
  // The articles whose pages do not keep their key (articleKept) are those whose source changed, those changed or near a
  // changed one, those near one in their place's order, and those filed under a renamed place: their months are told from
  // those few sets, and from every article only when a place was renamed.
  const wholeMonths = (): Set<string> => {
    const touched = new Set(sourceChanged);
    const monthOf = (source: string): void => {
      const url = current.articles.get(source)?.url;
      if (url !== undefined) touched.add(dateOfArticleUrl(url).slice(0, 7));
    };
    changed.forEach(monthOf);
    nearInPlace.forEach(monthOf);
    if (renamed.size > 0) {
      order.forEach(({ source, date }) => {
        const place = current.articles.get(source)?.place ?? '';
        if (place !== '' && renamed.has(place)) touched.add(date.slice(0, 7));
      });
    }
    return monthsBut(touched, days, months);
  };
  return kept((page) => {
    switch (page.kind) {
      case 'article':
        return articleKept(page.article.source, page.place?.slug ?? '');
      case 'day': {
        const date = page.articles[0]?.date;
        return date !== undefined && !days.has(date) && !showsPlace(page.articles);
      }
      case 'month': {
        const month = page.days[0]?.articles[0]?.date.slice(0, 7);
        return month !== undefined && !months.has(month) && !page.days.some((day) => showsPlace(day.articles));
      }
      case 'place':
        return !places.has(page.place.slug);
      case 'year':
        return !years.has(page.year);
      default:
        return false;
    }
  }, wholeMonths, (slugs) => new Set([...slugs].filter((slug) => !places.has(slug))), (all) => new Set([...all].filter((year) => !years.has(year))), (slug, size) => {
    // A place renamed shows its new name on every page; in one that is not, the runs of numbered pages before the first
    // change hold the articles they held, and all but the last of them link to runs before the change too.
    const first = renamed.has(slug) ? undefined : firstChange.get(slug);
    return first === undefined ? 0 : Math.max(0, Math.floor(first / size) - 1);
  });
}

/**
 * What keptKeys answers: whether a page keeps its key, and the months whose
 * pages all do.
 */
export type KeptKeys = ((page: OutputPage) => boolean) & {
  /**
   * The months (YYYY-MM) of this model whose article pages, day pages and
   * month page all keep their key (ArchiveOmission, src/model/archive.ts).
   * Their pages stand at the same paths as before: in a month where an
   * article came, went or moved, some page (its own, a neighbour's, its day's
   * or the month's) is keyed again.
   */
  wholeMonths: () => Set<string>;
  /**
   * The places of `slugs` (this model's) whose pages all keep their key
   * (ArchiveOmission): those no changed article was or is filed under. Their
   * pages stand at the same paths as before, as many as before.
   */
  wholePlaces: (slugs: Iterable<string>) => Set<string>;
  /** The years of `years` (this model's) whose page keeps its key (ArchiveOmission): those of no changed article, nor next to one's. */
  wholeYears: (years: Iterable<string>) => Set<string>;
  /**
   * Of a place of this model not among wholePlaces, how many of its numbered
   * pages of `size` articles, from its first, keep their key (ArchiveOmission):
   * those whose run of articles is the one they had, at the same positions,
   * and whose links to the runs either side are too. Its other pages are
   * keyed again.
   */
  placePagesKept: (slug: string, size: number) => number;
};

function kept(
  page: (page: OutputPage) => boolean,
  wholeMonths: () => Set<string>,
  wholePlaces: (slugs: Iterable<string>) => Set<string>,
  wholeYears: (years: Iterable<string>) => Set<string>,
  placePagesKept: (slug: string, size: number) => number,
): KeptKeys {
  return Object.assign(page, { wholeMonths, wholePlaces, wholeYears, placePagesKept });
}

/**
 * The sources of the articles that stand, in their place's own date order,
 * within reach of a changed article where it is now (`now`: positions in
 * `order`) or of where one stood (`was`: its old URL): those whose "more
 * from" lists (the MORE_FROM_PLACE nearest, fewer sideways near either end)
 * may show it, or have shifted by it (`near`); and for each such place the
 * first position in its own order (0 for its oldest article) that a changed
 * article is at now or stood at (`firstChange`): its articles before that
 * position are those it had before, at the same positions.
 */
function placeNeighbours(
  order: readonly { source: string; url: string }[],
  current: ModelState,
  now: readonly { place: string; at: number }[],
  was: readonly { place: string; url: string }[],
): { near: Set<string>; firstChange: Map<string, number> } {
  const out = new Set<string>();
  const firstChange = new Map<string, number>();
  if (now.length === 0 && was.length === 0) return { near: out, firstChange };
  // Each such place's articles, as positions in `order`.
  const members = new Map<string, number[]>();
  for (const { place } of [...now, ...was]) members.set(place, []);
  order.forEach(({ source }, i) => members.get(current.articles.get(source)?.place ?? '')?.push(i));
  const reach = MORE_FROM_PLACE;
  const mark = (place: string, list: readonly number[], at: number): void => {
    for (let k = Math.max(0, at - reach); k <= Math.min(list.length - 1, at + reach); k++) out.add(order[list[k]!]!.source);
    firstChange.set(place, Math.min(firstChange.get(place) ?? at, at));
  };
  for (const { place, at } of now) {
    const list = members.get(place)!;
    mark(place, list, firstAfter(list, (i) => order[i]!.url, order[at]!.url) - 1);
  }
  for (const { place, url } of was) {
    const list = members.get(place)!;
    mark(place, list, firstAfter(list, (i) => order[i]!.url, url));
  }
  return { near: out, firstChange };
}

/**
 * The positions in `order` (the model's: by date, then URL) of the articles
 * of `sources`, found by their URLs in `articles`; null when one is not found.
 */
function positionsOf(order: readonly { source: string; url: string }[], articles: ReadonlyMap<string, ArticleState>, sources: readonly string[]): number[] | null {
  const out: number[] = [];
  for (const source of sources) {
    const url = articles.get(source)?.url;
    const at = url === undefined ? -1 : firstAfter(order, (article) => article.url, url) - 1;
    if (at < 0 || order[at]!.source !== source) return null;
    out.push(at);
  }
  return out;
}

/**
 * The periods (days, or months: the first `length` characters of a date) of
 * `order` (by date), each once, in order: a string made per period, not per article.
 */
function periodsOf(order: readonly { date: string }[], length: number): string[] {
  return prefixesOf(order, (item) => item.date, length);
}

/** The first `length` characters of each of `items`' dates (in order), each once, in order. */
function prefixesOf<T>(items: readonly T[], dateOf: (item: T) => string, length: number): string[] {
  const periods: string[] = [];
  let last: string | undefined;
  for (let i = 0; i < items.length; i++) {
    const date = dateOf(items[i]!);
    if (last === undefined || !date.startsWith(last)) periods.push((last = date.slice(0, length)));
  }
  return periods;
}

/**
 * Of `periods` (days, months or years, in order), those at or next to each
 * of `changed`: those whose pages list a changed article, or link to the
 * period either side, which may have come or gone.
 */
function periodsNear(periods: readonly string[], changed: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const period of changed) {
    const at = firstAfter(periods, (p) => p, period);
    for (const k of [at - 2, at - 1, at]) if (k >= 0 && k < periods.length) out.add(periods[k]!);
  }
  return out;
}

/** The index of the first of `sorted` whose key sorts after `value` (sorted.length when none does). */
export function firstAfter<T>(sorted: readonly T[], key: (item: T) => string, value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareCodeUnits(key(sorted[mid]!), value) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
