/**
 * The model state: which pages keep their previous key without being keyed
 * again (keptKeys). Every page it keeps must have the key it would be given
 * (checked here over hand-made changes and random ones); when no listing
 * changed it keeps every page but the edited articles' own, and after an
 * article is added it keeps the pages of articles that neither stand next to
 * it nor share its place.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha1 } from '../../src/cache/keys.js';
import { keptKeys, listingDigest, listingsInOrder, modelSettingsDigest, modelState, modelToken, type KeptKeys, type ListedFrom, type ModelState } from '../../src/cache/model.js';
import { buildArchive } from '../../src/model/archive.js';
import type { Archive, ArticleListing, OutputPage } from '../../src/model/types.js';
import type { ArticleRecord } from '../../src/types.js';
import { record, type RecordSpec } from '../site/records.js';
import { keysOf, options, specs } from './archive.js';

const settings = modelSettingsDigest('v1', options, null);
const base = specs.map(record);
/** Source digests: the same for every article but those named. */
const digests = (changed: string[] = []) => (source: string) => (changed.includes(source) ? `new ${source}` : `old ${source}`);
const previous: ModelState = modelState(settings, base, digests(), null);

/** The articles of `specs` with the one of slug `b` edited. */
const editB = (edit: (spec: RecordSpec) => RecordSpec): ArticleRecord[] => specs.map((spec) => (spec.slug === 'b' ? edit(spec) : spec)).map(record);

/** In the model's order, as the corpus gives them: by date, then URL. */
const inOrder = (articles: readonly ArticleRecord[]): ArticleRecord[] =>
  [...articles].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.url < b.url ? -1 : a.url > b.url ? 1 : 0));

/** The content of a record as its source's digest: a record differs exactly when its digest does. */
const contentDigest = (articles: readonly ArticleRecord[]) => {
  const bySource = new Map(articles.map((a) => [a.source, sha1(JSON.stringify(a))]));
  return (source: string) => bySource.get(source)!;
};

/** The folder of a month's pages: `2024-08` → `2024/08/`. */
const folderOf = (month: string): string => `${month.slice(0, 4)}/${month.slice(5, 7)}/`;

/**
 * Checks keptKeys from `before` to `after` (digests from the records' content) against keying every page:
 * each page it keeps has the key it had; returns the paths of the pages kept. Each of its whole months (which
 * are `months`, when given) holds the pages it held before, every one kept, and so does each of its whole places;
 * a model leaving them out (ArchiveOmission) is the whole model without their pages and the months' sitemaps, the
 * site's sitemap and the sitemap index the same.
 */
function checkKept(before: ArticleRecord[], after: ArticleRecord[], settingsAfter = settings, { names = true, months }: { names?: boolean; months?: string[] } = {}): string[] {
  const digestBefore = contentDigest(before);
  const digestAfter = contentDigest(after);
  const placesOf = (articles: ArticleRecord[]) => (names ? buildArchive(articles, options).places : undefined);
  // In the model's order, as the manifest keeps it.
  const stateBefore = modelState(settings, inOrder(before), digestBefore, null, placesOf(before));
  // With its token, the state after is made from it (ModelState.changes), and keptKeys visits the changes alone.
  modelToken(stateBefore);
  const stateAfter = modelState(settingsAfter, after, digestAfter, stateBefore, placesOf(after));
  const kept = keptKeys(stateBefore, stateAfter, inOrder(after));
  const keysBefore = keysOf(before, digestBefore);
  const keysAfter = keysOf(after, digestAfter);
  const archive = buildArchive(after, options);
  // The same answers as a pass over every article, as for a state not known to be made from the one before.
  const { changes: _changes, ...unchained } = stateAfter;
  expectSameKept(kept, keptKeys(stateBefore, unchained, inOrder(after)), archive);
  // The state of a corpus made from the listings of the state before (src/cache/listings.ts) is the one a pass over every article makes.
  const listed = listedFromOf(stateBefore, before, after, digestBefore, digestAfter);
  const fromListings = modelState(settingsAfter, inOrder(after), digestAfter, stateBefore, placesOf(after), undefined, listed);
  const fromEvery = modelState(settingsAfter, inOrder(after), digestAfter, stateBefore, placesOf(after));
  expect(stateSummary(fromListings)).toEqual(stateSummary(fromEvery));
  if (fromEvery.changes !== undefined) expectSameKept(keptKeys(stateBefore, fromListings, inOrder(after)), keptKeys(stateBefore, fromEvery, inOrder(after)), archive);
  const paths: string[] = [];
  for (const page of [...archive.pages, ...archive.machineFiles] as OutputPage[]) {
    const key = keysBefore.get(page.path);
    if (key === undefined || key === null || !kept(page)) continue;
    expect({ path: page.path, key: keysAfter.get(page.path) }).toEqual({ path: page.path, key });
    paths.push(page.path);
  }
  const whole = kept.wholeMonths();
  const inWhole = (rel: string): boolean => [...whole].some((month) => rel.startsWith(folderOf(month)));
  for (const month of whole) {
    const pages = archive.pages.filter((page) => page.path.startsWith(folderOf(month)));
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.filter((page) => !paths.includes(page.path))).toEqual([]);
    // Every file of the month, its sitemap too, is one it held, with the key it had: a model leaving the month out takes them as they are.
    const files = [...pages, ...archive.machineFiles.filter((file) => file.path.startsWith(folderOf(month)))];
    expect(files.map((page) => page.path).sort()).toEqual([...keysBefore.keys()].filter((rel) => rel.startsWith(folderOf(month))).sort());
    expect(files.length).toBeGreaterThan(pages.length);
    for (const { path } of files) expect({ path, key: keysAfter.get(path) }).toEqual({ path, key: keysBefore.get(path) });
  }
  // Each of its whole places likewise: every page of the place is one it held, with the key it had.
  const wholePlaces = kept.wholePlaces(archive.places.map((place) => place.slug));
  const placeFolder = (slug: string): string => `places/${slug}/`;
  const inWholePlace = (rel: string): boolean => [...wholePlaces].some((slug) => rel.startsWith(placeFolder(slug)));
  for (const slug of wholePlaces) {
    const pages = archive.pages.filter((page) => page.path.startsWith(placeFolder(slug)));
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.filter((page) => !paths.includes(page.path))).toEqual([]);
    expect(pages.map((page) => page.path).sort()).toEqual([...keysBefore.keys()].filter((rel) => rel.startsWith(placeFolder(slug))).sort());
  }
  // And each of its whole years: its page is the one it held, with the key it had.
  const yearPages = archive.pages.filter((page) => page.kind === 'year');
  const wholeYears = kept.wholeYears(yearPages.map((page) => page.year));
  const yearPageOf = (year: string): string => `${year}/index.html`;
  for (const year of wholeYears) {
    expect(paths).toContain(yearPageOf(year));
    expect(keysBefore.has(yearPageOf(year))).toBe(true);
  }
  // Of every other place, the numbered pages it keeps from the first: each one it held, with the key it had.
  const placePages = new Map<string, number>();
  const numberedPage = (slug: string, n: number): string => `${placeFolder(slug)}page/${n}/index.html`;
  for (const { slug } of archive.places) {
    if (wholePlaces.has(slug)) continue;
    const count = kept.placePagesKept(slug, options.placePageSize);
    if (count > 0) placePages.set(slug, count);
    for (let n = 1; n <= count; n++) {
      const path = numberedPage(slug, n);
      expect(archive.pages.some((page) => page.path === path)).toBe(true);
      expect({ path, key: keysAfter.get(path) }).toEqual({ path, key: keysBefore.get(path) });
    }
  }
  const inPlacePages = (rel: string): boolean => [...placePages].some(([slug, count]) => Array.from({ length: count }, (_, k) => numberedPage(slug, k + 1)).includes(rel));
  // A model leaving out the whole months, places and years, and those numbered pages: the whole model without their pages
  // and the months' sitemaps; the site's sitemap, which lists the places' and years' pages, and the sitemap index the same.
  const omitted = buildArchive(after, options, { omit: () => ({ months: whole, places: wholePlaces, years: wholeYears, placePages }) });
  expect(omitted.pages).toEqual(
    archive.pages.filter((page) => !inWhole(page.path) && !inWholePlace(page.path) && ![...wholeYears].map(yearPageOf).includes(page.path) && !inPlacePages(page.path)),
  );
  expect([...omitted.omittedPlacePages]).toEqual([...placePages]);
  expect(omitted.machineFiles).toEqual(archive.machineFiles.filter((file) => !inWhole(file.path)));
  expect([...omitted.omittedPlaces].sort()).toEqual([...wholePlaces].sort());
  expect([...omitted.omittedYears].sort()).toEqual([...wholeYears].sort());
  if (months !== undefined) expect([...whole].sort()).toEqual(months);
  return paths;
}

/** A state's fields, its articles as a list of entries in its order, and its changes without the state they were made from. */
function stateSummary({ articles, changes, ...rest }: ModelState): unknown {
  return { ...rest, articles: [...articles], size: articles.size, changes: changes && { changed: changes.changed, gone: changes.gone } };
}

/** That two KeptKeys answer alike for every page and place of `archive`, and for its months and years. */
function expectSameKept(a: KeptKeys, b: KeptKeys, archive: Archive): void {
  for (const page of [...archive.pages, ...archive.machineFiles] as OutputPage[]) expect({ path: page.path, kept: a(page) }).toEqual({ path: page.path, kept: b(page) });
  const slugs = archive.places.map((place) => place.slug);
  const years = archive.pages.flatMap((page) => (page.kind === 'year' ? [page.year] : []));
  expect([[...a.wholeMonths()].sort(), [...a.wholePlaces(slugs)].sort(), [...a.wholeYears(years)].sort()]).toEqual([[...b.wholeMonths()].sort(), [...b.wholePlaces(slugs)].sort(), [...b.wholeYears(years)].sort()]);
  for (const slug of slugs) expect({ slug, pages: a.placePagesKept(slug, options.placePageSize) }).toEqual({ slug, pages: b.placePagesKept(slug, options.placePageSize) });
}

/**
 * What a corpus made from the listings of `state` (the state of `before`) tells modelState (Corpus.listedFrom), as
 * listedCorpus makes it: the articles of `after` on the days changed articles stand or stood on, placed again, and
 * the sources of `state` not taken as they were (changed or removed, or on such a day).
 */
function listedFromOf(state: ModelState, before: readonly ArticleRecord[], after: readonly ArticleRecord[], digestBefore: (source: string) => string, digestAfter: (source: string) => string): ListedFrom {
  const sourcesAfter = new Set(after.map((a) => a.source));
  const sourcesBefore = new Set(before.map((a) => a.source));
  const changed = new Set([
    ...after.filter((a) => !sourcesBefore.has(a.source) || digestBefore(a.source) !== digestAfter(a.source)).map((a) => a.source),
    ...before.filter((a) => !sourcesAfter.has(a.source)).map((a) => a.source),
  ]);
  const touched = new Set([...after, ...before].filter((a) => changed.has(a.source)).map((a) => a.date));
  const again = new Set([...changed, ...before.filter((a) => touched.has(a.date)).map((a) => a.source)]);
  return { model: state, placed: inOrder(after).filter((a) => touched.has(a.date)), again };
}

describe('keptKeys', () => {
  it('keeps every page but the edited article\'s own when an edit leaves every listing as it was', () => {
    const edits: ((spec: RecordSpec) => RecordSpec)[] = [
      (spec) => ({ ...spec, paragraphs: ['First paragraph of b.', 'A corrected second paragraph.', 'A third.'] }),
      (spec) => ({ ...spec, byline: 'By A. Reporter' }),
      (spec) => ({ ...spec, trailers: ['Enditem'] }),
      (spec) => ({ ...spec, photos: [{ caption: 'A caption.', credit: 'Xinhua/A. B.', position: 1 }] }),
    ];
    const all = [...keysOf(base, digests()).keys()];
    for (const edit of edits) {
      const edited = editB(edit);
      expect(checkKept(base, edited, settings, { months: ['2024-09', '2025-01'] }).sort()).toEqual(all.filter((path) => path !== '2024/08/21/b/index.html').sort());
    }
  });

  it('keeps the pages of articles, days, months and places that neither show an added one, nor stand next to it, nor share its place', () => {
    // Added after e in CAIRO: e is its neighbour, c shares its place (and is near it there); a, b and d (MOSCOW) keep
    // theirs, as do the days and months not next to the new day (CAIRO goes by the same name as before) and the pages of MOSCOW.
    const added = [...base, record({ date: '2025-01-06', slug: 'f', place: 'CAIRO' })];
    expect(checkKept(base, added).sort()).toEqual([
      '2024/08/20/a/index.html',
      '2024/08/20/index.html',
      '2024/08/21/b/index.html',
      '2024/08/21/index.html',
      '2024/08/index.html',
      '2024/09/02/d/index.html',
      '2024/09/02/index.html',
      'places/moscow/index.html',
      'places/moscow/page/1/index.html',
    ]);
    // Not knowing the places' names before, the days and months showing CAIRO are keyed again too.
    expect(checkKept(base, added, settings, { names: false }).sort()).toEqual([
      '2024/08/20/a/index.html',
      '2024/08/20/index.html',
      '2024/08/21/b/index.html',
      '2024/09/02/d/index.html',
      '2024/09/02/index.html',
      'places/moscow/index.html',
      'places/moscow/page/1/index.html',
    ]);
    // d, the neighbour before it, and every article in MOSCOW (all near it there) are keyed again; c and e keep theirs,
    // and CAIRO's page, and the days and month of August, which show MOSCOW under the name it had.
    const inMoscow = [...base, record({ date: '2024-12-01', slug: 'g', place: 'MOSCOW' })];
    expect(checkKept(base, inMoscow).sort()).toEqual([
      '2024/08/20/index.html',
      '2024/08/21/c/index.html',
      '2024/08/21/index.html',
      '2024/08/index.html',
      'places/cairo/index.html',
    ]);
    // Five more spelt Moscow: the place goes by that name now, and every page showing it is keyed again.
    const renamed = [...inMoscow, ...['h', 'i', 'j', 'k', 'l'].map((slug) => record({ date: '2024-12-02', slug, place: 'Moscow' }))];
    expect(checkKept(base, renamed).sort()).toEqual(['2024/08/21/c/index.html', 'places/cairo/index.html']);
  });

  it('keys again the old neighbours of a removed or moved article, its days and months and those next to them, and its place\'s pages', () => {
    // c (CAIRO) removed: its neighbours b and d are keyed again, and a (MOSCOW, not next to it) and e keep theirs,
    // with e's day and month (not next to c's) and MOSCOW's pages.
    expect(checkKept(base, base.filter((a) => a.source !== 'c.txt'), settings, { months: ['2025-01'] }).sort()).toEqual([
      '2024/08/20/a/index.html',
      '2025/01/05/e/index.html',
      '2025/01/05/index.html',
      '2025/01/index.html',
      'places/moscow/index.html',
      'places/moscow/page/1/index.html',
    ]);
    // e moved ahead of everything: its old neighbour d and its new one, a, are keyed again; b and c keep theirs.
    const moved = editB((spec) => spec).map((a) => (a.source === 'e.txt' ? record({ date: '2024-01-01', slug: 'e', place: null }) : a));
    // e has no place: every place's pages keep theirs.
    expect(checkKept(base, moved).sort()).toEqual([
      '2024/08/21/b/index.html',
      '2024/08/21/c/index.html',
      'places/cairo/index.html',
      'places/moscow/index.html',
      'places/moscow/page/1/index.html',
    ]);
  });

  it('keeps no page under other settings', () => {
    expect(checkKept(base, base, modelSettingsDigest('v1', { ...options, placePageSize: 3 }, null))).toEqual([]);
    expect(checkKept(base, base, modelSettingsDigest('v1', options, '2024'))).toEqual([]);
  });

  it('keeps only pages whose key is unchanged, whatever is added, removed, moved or edited', () => {
    type Spec = { date: string; place: string | null; headline: string; lead: string; body: boolean };
    const spec = fc.record({
      // Over five years, so that some years' pages keep their key (each shows its neighbours).
      date: fc.constantFrom('2021-03-04', '2022-06-07', '2024-08-20', '2024-08-21', '2024-08-22', '2024-09-02', '2025-01-05', '2026-02-03'),
      place: fc.constantFrom('MOSCOW', 'Moscow', 'CAIRO', 'BEIJING', null),
      headline: fc.constantFrom('One', 'Two', 'Three'),
      lead: fc.constantFrom('Lead one.', 'Lead two.'),
      body: fc.boolean(),
    });
    // What becomes of each article: mostly nothing, else removed or one field changed.
    const change = fc.oneof(
      { weight: 6, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constant('removed' as const) },
      { weight: 2, arbitrary: fc.record({ field: fc.constantFrom<(keyof Spec)[]>('date', 'place', 'headline', 'lead', 'body'), to: spec }) },
    );
    const made = (specs: (Spec | null)[]): ArticleRecord[] =>
      specs.flatMap((s, i) =>
        s === null ? [] : [record({ date: s.date, slug: `s${i}`, place: s.place, headline: s.headline, paragraphs: [s.lead, s.body ? 'More.' : 'Less.'] })],
      );
    fc.assert(
      fc.property(fc.array(fc.tuple(spec, change), { minLength: 1, maxLength: 16 }), fc.array(spec, { maxLength: 3 }), (olds, added) => {
        const after = olds.map(([s, c]): Spec | null => (c === 'removed' ? null : c === null ? s : { ...s, [c.field]: c.to[c.field] }));
        checkKept(made(olds.map(([s]) => s)), made([...after, ...added]));
      }),
      { numRuns: 400 },
    );
    // Places of many articles, few changed: an article page's "more from" list shows only its nearest in its place.
    const many = fc.record({
      date: fc.constantFrom(...Array.from({ length: 24 }, (_, i) => `2024-0${1 + (i % 3)}-${String(1 + i).padStart(2, '0')}`)),
      place: fc.constantFrom('MOSCOW', 'MOSCOW', 'Moscow', 'CAIRO', null),
      headline: fc.constantFrom('One', 'Two'),
      lead: fc.constant('Lead one.'),
      body: fc.constant(true),
    });
    const rare = fc.oneof(
      { weight: 30, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constant('removed' as const) },
      { weight: 1, arbitrary: fc.record({ field: fc.constantFrom<(keyof Spec)[]>('date', 'place', 'headline'), to: many }) },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(many, rare), { minLength: 20, maxLength: 60 }), fc.array(many, { maxLength: 2 }), (olds, added) => {
        const after = olds.map(([s, c]): Spec | null => (c === 'removed' ? null : c === null ? s : { ...s, [c.field]: c.to[c.field] }));
        checkKept(made(olds.map(([s]) => s)), made([...after, ...added]));
      }),
      { numRuns: 300 },
    );
  });
});

describe('modelState', () => {
  it('takes the listing of an article whose source and URL are unchanged from the previous state, which equals hashing it again', () => {
    const edited = editB((spec) => ({ ...spec, headline: 'Another headline' }));
    const next = modelState(settings, edited, digests(['b.txt']), previous);
    expect(next).toEqual(modelState(settings, edited, digests(['b.txt']), null));
    expect(next.articles.get('a.txt')).toBe(previous.articles.get('a.txt'));
    expect(next.articles.get('b.txt')!.listing).not.toBe(previous.articles.get('b.txt')!.listing);
  });

  it("takes the model's listings where they stand beside their articles, and makes the others, to the same state", () => {
    const articles = inOrder(base);
    const { listings } = buildArchive(articles, options);
    expect(modelState(settings, articles, digests(), null, undefined, listings)).toEqual(previous);
    // Listings out of step with the articles (another order, one missing) are not taken for theirs.
    expect(modelState(settings, articles, digests(), null, undefined, [...listings].reverse())).toEqual(previous);
    expect(modelState(settings, articles, digests(), null, undefined, listings.slice(1))).toEqual(previous);
  });
});

describe('listingsInOrder', () => {
  it('finds each listing digest by URL, and none for another URL, whether asked a few times or more times than there are listings', () => {
    const articles = inOrder(base);
    let listings: readonly ArticleListing[] = buildArchive(articles, options).listings;
    const digestOf = listingsInOrder(() => listings, () => previous);
    const expected = (url: string) => previous.articles.get(articles.find((a) => a.url === url)?.source ?? '')?.listing;
    const urls = [...articles.map((a) => a.url), '/2000/01/01/none/', '/9999/12/31/none/', ''];
    // Past as many questions as there are listings, a map of them answers: the same answers.
    for (let round = 0; round < 3; round++) for (const url of urls) expect(digestOf(url)).toBe(expected(url));
    // New listings (a model made again) are looked up, not the map of the old ones.
    listings = listings.slice(1);
    expect(digestOf(articles[0]!.url)).toBeUndefined();
    expect(digestOf(articles[1]!.url)).toBe(expected(articles[1]!.url));
  });
});

describe('listingDigest', () => {
  // Fields from a few characters, so that one listing's fields run into another's where an encoding could let them.
  const text = fc.string({ unit: fc.constantFrom('a', '1', ':', '-', '…', '"', '\u0000'), maxLength: 4 });
  const listing = fc.record({ source: text, date: text, url: text, headline: text, place: fc.option(text), lead: text });

  it('gives two listings one digest only when every field is the same', () => {
    fc.assert(
      fc.property(listing, listing, (a, b) => {
        const same = a.source === b.source && a.date === b.date && a.url === b.url && a.headline === b.headline && a.place === b.place && a.lead === b.lead;
        expect(listingDigest(a) === listingDigest(b)).toBe(same);
      }),
      { numRuns: 3000 },
    );
  });

  it('tells fields apart where their texts run together, and no place from a place named "-"', () => {
    const a: ArticleListing = { source: 'ab', date: 'c', url: 'u', headline: 'h', place: null, lead: 'l' };
    expect(listingDigest(a)).not.toBe(listingDigest({ ...a, source: 'a', date: 'bc' }));
    expect(listingDigest(a)).not.toBe(listingDigest({ ...a, place: '-' }));
    expect(listingDigest(a)).not.toBe(listingDigest({ ...a, place: '' }));
    expect(listingDigest(a)).toBe(listingDigest({ ...a }));
  });
});
