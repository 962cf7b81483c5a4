/**
 * The listings: every article's listing (ArticleListing: what the
 * model reads of it) as the last build's model had them, kept beside the
 * output (`<output>.cache/listings/`) under the model's token, so that a
 * rebuild after a few files were added, changed or removed builds the model
 * without loading every record.
 *
 * The model reads listings, not records (a record goes only into its own
 * page, and a page that keeps its key is never rendered), and placing
 * articles is local to a day (duplicates share a date and headline, slugs
 * are unique within a day). So listedCorpus parses the files that changed,
 * places again only the days they stand or stood on, and takes every other
 * article from its listing: a record whose other fields are made by parsing
 * its file again when something first reads them (listedRecord,
 * src/parse/lean.ts), which happens only for the pages rendered again. The
 * corpus it answers is the one loadCorpus would load (tests/perf/listings.test.ts
 * holds every rebuild to a clean build). Any doubt answers null, and the
 * build loads the corpus the whole way.
 *
 *     listings/index.json   the model's token, per slice the number of its
 *                           articles, the name of its file and its length,
 *                           and each month's part (src/model/parts.ts)
 *     listings/<name>.bin   `v8.serialize` of { sources, headlines, places,
 *                           leads } of a slice's articles, in the model's
 *                           order, named by the SHA-1 of its bytes
 *
 * A rebuild reads a slice when something first asks for the headline,
 * place or lead of one of its articles (a page made that shows it, a slice
 * written again), and takes the parts of the months no change touched
 * from the index: the model then reads the listings of the months its pages
 * show, not every one. An article whose slice cannot be read as written
 * has its file parsed again for them.
 *
 * Slices of about SLICE articles (src/cache/slices.ts): a rebuild after an
 * article was added writes its slice and the index, and keeps the other
 * slices' files as they are, neither encoding nor writing their listings
 * (4.3 MB at 10,000 articles when the listings were one file). The index is
 * replaced after the new slices' files are written, and only then are the
 * files it no longer names removed: a build killed meanwhile leaves the last
 * index whole.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { writeFileAtomic } from '../atomic.js';
import { fingerprintOf, parseFileAgain, placeArticles, type Corpus, type FileOutcome, type FileToRead, type InputState } from '../corpus.js';
import { compareDiagnostics, compareStrings } from '../diagnostics.js';
import { knownPlaceSlug } from '../model/places.js';
import type { ArticleListing } from '../model/types.js';
import { isMarkdownPath, loadMarkdownReader } from '../parse/index.js';
import { firstParagraph, listedRecord, type ListedArticle } from '../parse/lean.js';
import { leadText } from '../model/archive.js';
import { lastAtMost, partOf, storedFormOf, storedPart, type MonthPart, type PartTable, type StoredPart } from '../model/parts.js';
import { dateOfArticleUrl, loadSlugify, slugFor, slugOfArticleUrl, slugReady } from '../slug.js';
import type { ArticleRecord, Diagnostic, StoredArticle } from '../types.js';
import { cacheDirOf } from './manifest.js';
import type { ModelState } from './model.js';
import { removeUnnamedSlices, SLICE_FILE, slicesAlong, wholeSlice, writeSlice } from './slices.js';

/** 2: the index holds the months' parts; 1 did not. */
const FORMAT = 2;
/** Articles per slice on average: the listings are read whole, so slices are larger than the shells'. */
const SLICE = 1000;

/** Most files a rebuild parses this way (changed, added): more are a new import, which the whole way reads on every thread. */
export const LISTED_LIMIT = 2000;

interface Columns {
  sources: string[];
  headlines: string[];
  places: (string | null)[];
  leads: string[];
}

interface Index {
  format: typeof FORMAT;
  token: string;
  slices: Slice[];
  /** Each month's part, in order (StoredPart), and the spellings of places they name. */
  parts: unknown[];
  table: PartTable;
}

/** A slice as the index names it: how many articles it holds, its file, and that file's length. */
interface Slice {
  count: number;
  file: string;
  bytes: number;
}

function listingsFolder(output: string): string {
  return path.join(cacheDirOf(output), 'listings');
}

/**
 * The index readListings read last, and its folder: the writeListings that
 * follows it in the same build (one build at a time writes an output) takes
 * it rather than read it again.
 */
let lastRead: { folder: string; index: Index } | undefined;

/** The index readListings read last for `output`, once. */
function takeLastRead(output: string): Index | undefined {
  const read = lastRead;
  lastRead = undefined;
  return read?.folder === listingsFolder(output) ? read.index : undefined;
}

/** The index of the listings beside `output`, or null when there is none that can be read. */
function readIndex(output: string): Index | null {
  try {
    const index = JSON.parse(readFileSync(path.join(listingsFolder(output), 'index.json'), 'utf8')) as Partial<Index> | null;
    if (index?.format !== FORMAT || typeof index.token !== 'string' || !Array.isArray(index.slices) || !Array.isArray(index.parts) || !isTable(index.table)) return null;
    for (const slice of index.slices) {
      if (typeof slice?.count !== 'number' || typeof slice.file !== 'string' || !SLICE_FILE.test(slice.file) || typeof slice.bytes !== 'number') return null;
    }
    return index as Index;
  } catch {
    return null;
  }
}

function isTable(table: unknown): table is PartTable {
  const { names, slugs } = (table ?? {}) as Partial<PartTable>;
  return Array.isArray(names) && Array.isArray(slugs) && names.length === slugs.length && names.every((name) => typeof name === 'string') && slugs.every((slug) => typeof slug === 'string');
}

/**
 * The stored forms of `parts` (in order: each holds the next `count` of
 * `listings`) under the spellings of `previous` (the table they were read
 * under) and those they add; none when the table is full.
 */
function storedParts(parts: readonly MonthPart[], listings: readonly ArticleListing[], previous: PartTable | undefined): { parts: StoredPart[]; table: PartTable } {
  const table: PartTable = { names: [...(previous?.names ?? [])], slugs: [...(previous?.slugs ?? [])] };
  const indexOf = new Map(table.names.map((name, i) => [name, i]));
  const stored: StoredPart[] = [];
  let start = 0;
  for (const part of parts) {
    const form = (previous !== undefined ? storedFormOf(part, previous) : undefined) ?? storedPart(listings.slice(start, start + part.count), table, indexOf);
    if (form === undefined) return { parts: [], table: { names: [], slugs: [] } };
    stored.push(form);
    start += part.count;
  }
  return { parts: stored, table };
}

/** What writeListings may keep of the listings it replaces. */
export interface ListingsBefore {
  /** The token of the previous build's model: its listings are kept only when they carry it. */
  token: string;
  /** That model's articles, in its order. */
  sources: readonly string[];
  /** Whether an article's listing is the one it had in that model. */
  same: (source: string) => boolean;
}

/**
 * Writes the listings of a model (`listings`, in its order) and its months'
 * parts under its token, unless the listings there already carry it. A slice of the same articles
 * as one of the listings it replaces (`before`), each with the same listing,
 * keeps its file.
 */
export async function writeListings(output: string, token: string, listings: readonly ArticleListing[], parts: readonly MonthPart[], pid: number, before?: ListingsBefore): Promise<void> {
  const previous = takeLastRead(output) ?? readIndex(output);
  if (previous?.token === token) return;
  const folder = listingsFolder(output);
  // The previous slices, by their first article, with where they start in the previous model's order, and their articles.
  const kept = new Map<string, { start: number; slice: Slice }>();
  const keptSources: string[][] = [];
  if (previous !== null && before !== undefined && previous.token === before.token) {
    let start = 0;
    for (const slice of previous.slices) {
      const first = before.sources[start];
      if (first !== undefined) kept.set(first, { start, slice });
      keptSources.push(before.sources.slice(start, start + slice.count));
      start += slice.count;
    }
    if (start !== before.sources.length) {
      kept.clear();
      keptSources.length = 0;
    }
  }
  mkdirSync(folder, { recursive: true });
  const sources = listings.map((listing) => listing.source);
  const index: Index = { format: FORMAT, token, slices: [], ...storedParts(parts, listings, previous?.table) };
  // Along the slices being replaced where they can be kept, rather than hashing every source again (as the shells are).
  for (const [start, end] of slicesAlong(sources, SLICE, keptSources)) {
    const old = kept.get(sources[start]!);
    if (old !== undefined && old.slice.count === end - start && wholeSlice(folder, old.slice.file, old.slice.bytes)) {
      let same = true;
      for (let k = start; same && k < end; k++) same = before!.sources[old.start + k - start] === sources[k] && before!.same(sources[k]!);
      if (same) {
        index.slices.push(old.slice);
        continue;
      }
    }
    const columns: Columns = { sources: sources.slice(start, end), headlines: [], places: [], leads: [] };
    for (let k = start; k < end; k++) {
      const listing = listings[k]!;
      columns.headlines.push(listing.headline);
      columns.places.push(listing.place);
      columns.leads.push(listing.lead);
    }
    const bytes = serialize(columns);
    index.slices.push({ count: end - start, file: await writeSlice(folder, bytes, pid), bytes: bytes.length });
  }
  writeFileAtomic(path.join(folder, 'index.json'), JSON.stringify(index), pid);
  // The files no slice of the index names any more, and the single file of the listings' first format.
  removeUnnamedSlices(folder, new Set(index.slices.map((slice) => slice.file)), pid);
  rmSync(path.join(cacheDirOf(output), 'listings.bin'), { force: true });
}

/** A slice of the listings, read: where its first article stands in the model's order, and its columns. */
export interface ReadSlice {
  start: number;
  columns: Columns;
}

/** The listings of a model, a slice read when first asked for (readListings). */
export interface ListingsReader {
  /**
   * The slice holding the article at `at` in the model's order, or null when
   * its file cannot be read as written (its length, or its columns' lengths,
   * not what the index says); whether it holds the article asked for is the
   * caller's to check (`columns.sources[at - start]`).
   */
  sliceAt(at: number): ReadSlice | null;
  /** The parts of the months of the model, by month (those that cannot be read left out). */
  parts: ReadonlyMap<string, MonthPart>;
}

/**
 * The listings of the model `model` describes, in its order, read a slice at
 * a time as they are asked for; or null when there are none for it (another
 * token, or another number of articles), or their index cannot be read.
 */
export function readListings(output: string, model: Pick<ModelState, 'articles' | 'token'>): ListingsReader | null {
  const index = readIndex(output);
  if (index === null || index.token !== model.token) return null;
  lastRead = { folder: listingsFolder(output), index };
  const starts: number[] = [];
  let count = 0;
  for (const slice of index.slices) {
    starts.push(count);
    count += slice.count;
  }
  if (count !== model.articles.size) return null;
  const folder = listingsFolder(output);
  // Every slice's file there, of the length the index says (a look at each, not a read): one missing or cut short reads as none.
  for (const slice of index.slices) if (!wholeSlice(folder, slice.file, slice.bytes)) return null;
  const parts = new Map<string, MonthPart>();
  for (const stored of index.parts) {
    const part = partOf(stored, index.table);
    if (part !== undefined) parts.set(part.month, part);
  }
  const read = new Map<number, ReadSlice | null>();
  const load = (k: number): ReadSlice | null => {
    const slice = index.slices[k]!;
    try {
      const bytes = readFileSync(path.join(folder, slice.file));
      if (bytes.length !== slice.bytes) return null;
      const columns = deserialize(bytes) as Columns;
      const n = slice.count;
      if (columns.sources?.length !== n || columns.headlines?.length !== n || columns.places?.length !== n || columns.leads?.length !== n) return null;
      return { start: starts[k]!, columns };
    } catch {
      return null;
    }
  };
  return {
    parts,
    sliceAt: (at) => {
      // The last slice starting at or before `at`.
      const k = Math.max(0, lastAtMost(starts, at));
      let slice = read.get(k);
      if (slice === undefined) read.set(k, (slice = load(k)));
      return slice;
    },
  };
}

/**
 * A listed article of the previous build's model whose listing is read from
 * its slice when first asked for (a getter each, for headline, place and
 * lead); from its file, parsed again, when the slice cannot be read or does
 * not hold it where the model has it. Its place's slug is the one that
 * model recorded: no need of slugify for it (knownPlaceSlug).
 */
class SlicedListing implements ListedArticle {
  /** The record, once its file is parsed again (src/parse/lean.ts). */
  record?: StoredArticle;
  #fields: { headline: string; place: string | null; lead: string } | undefined;

  constructor(
    readonly source: string,
    readonly date: string,
    readonly recover: (source: string) => StoredArticle,
    private readonly at: number,
    private readonly placeSlug: string,
    private readonly listings: ListingsReader,
  ) {}

  /** Its slice's columns and its position there, or null when its slice does not hold its listing (its file is then parsed again for it). */
  #inSlice(): { columns: Columns; j: number } | null {
    const slice = this.listings.sliceAt(this.at);
    const j = slice === null ? -1 : this.at - slice.start;
    return slice !== null && slice.columns.sources[j] === this.source ? { columns: slice.columns, j } : null;
  }

  /** Whether its slice holds its listing (else its file is parsed again for it). */
  listed(): boolean {
    return this.#inSlice() !== null;
  }

  #read(): { headline: string; place: string | null; lead: string } {
    if (this.#fields !== undefined) return this.#fields;
    const found = this.#inSlice();
    let fields: { headline: string; place: string | null; lead: string };
    if (found !== null) {
      const { columns, j } = found;
      fields = { headline: columns.headlines[j]!, place: columns.places[j]!, lead: columns.leads[j]! };
    } else {
      const record = (this.record ??= this.recover(this.source));
      fields = { headline: record.headline, place: record.dateline?.place ?? null, lead: leadText(firstParagraph(record)) };
    }
    const place = fields.place?.trim();
    if (place) knownPlaceSlug(place, this.placeSlug);
    return (this.#fields = fields);
  }

  get headline(): string {
    return this.#read().headline;
  }

  get place(): string | null {
    return this.#read().place;
  }

  get lead(): string {
    return this.#read().lead;
  }
}

/** What the previous build reported of its input, as its manifest keeps it. */
export interface ListedReport {
  files: number;
  rejected: string[];
  diagnostics: Diagnostic[];
}

export interface ListedInput {
  /** The output folder (its cache holds the listings). */
  output: string;
  /** What this build learnt of its input (inputFingerprint). */
  input: InputState;
  /** The previous build's model, under this build's settings (its token names the listings that fit it). */
  model: ModelState;
  /** The previous build's report, and the digest each of its input files had (its input stamps), by path. */
  report: ListedReport;
  previousDigest: (file: string) => string | undefined;
  /** Whether a fingerprint is the previous build's input (the build's input key of it, compared). */
  wasInput: (fingerprint: string) => boolean;
  /** Reads and parses files (the loader's reader). */
  reader: (files: FileToRead[]) => Promise<FileOutcome[]>;
}

/**
 * The corpus loadCorpus would load, made from the previous build's listings
 * and the files changed since (see above), or null. The articles of the
 * days no change touched are listed records; the counts (`parsing`) say
 * how many files were parsed, and go on counting as listed records are
 * parsed again.
 */
export async function listedCorpus(listed: ListedInput): Promise<Corpus | null> {
  const { input, model, report } = listed;
  const { found } = input.listing;
  // Nothing to say of the folders now or then, and no copy dropped: a dropped copy's date is not known.
  if (found.diagnostics.length > 0 || found.unreadable.length > 0) return null;
  if (report.diagnostics.some((d) => d.rule === 'unreadable-file' || (d.rule === 'duplicate-article' && d.severity === 'error'))) return null;
  const listings = readListings(listed.output, model);
  if (listings === null) return null;

  // Every file found has its digest (none was lost between the walk and its stat): a file is here when it has one.
  const current = input.digests;
  if (current.size !== input.files.length) return null;
  // The previous build's files and their digests: its articles' (the model's), and its rejected files'.
  // Every one this build reads alike must be as it was (the fingerprint).
  const rejectedBefore = new Map<string, string>();
  for (const file of report.rejected) {
    // Its stamp's, or (one too large to read has none) its digest now: a wrong guess fails the fingerprint below.
    const digest = listed.previousDigest(file) ?? current.get(file);
    if (digest === undefined || model.articles.has(file)) return null;
    rejectedBefore.set(file, digest);
  }
  const before = { get: (file: string): string | undefined => model.articles.get(file)?.digest ?? rejectedBefore.get(file), has: (file: string): boolean => model.articles.has(file) || rejectedBefore.has(file) };
  if (model.articles.size + rejectedBefore.size !== report.files) return null;
  const removed: string[] = [];
  model.articles.forEach((_state, file) => {
    if (!current.has(file)) removed.push(file);
  });
  for (const file of rejectedBefore.keys()) if (!current.has(file)) removed.push(file);
  removed.sort(compareStrings);
  // Where a file is read: the walk names it as the input folder's path and the file's (src/corpus.ts).
  const root = input.listing.root;
  const absolute = (display: string): string => path.join(root, ...display.split('/'));
  // The files changed or added, to read; with none added, the previous build's files are those found and those removed.
  const toRead: FileToRead[] = [];
  let added = 0;
  for (const file of input.files) {
    const digest = before.get(file);
    if (digest === current.get(file)) continue;
    if (digest === undefined) added++;
    toRead.push({ display: file, absolute: absolute(file) });
  }
  const stayed = added === 0 ? input.files : input.files.filter((file) => before.has(file));
  const previousFiles = mergedBy(stayed, removed, (a, b) => compareStrings(a, b) <= 0);
  if (!listed.wasInput(fingerprintOf(previousFiles, before, found.ignored))) return null;
  if (toRead.length > LISTED_LIMIT) return null;
  const outcomes = toRead.length === 0 ? [] : await listed.reader(toRead);
  const changed = new Set<string>([...toRead.map((file) => file.display), ...removed]);

  // The days changed articles stand or stood on: placed again, with every article on them.
  const fresh: StoredArticle[] = [];
  const slugs = new Map<string, string>();
  const touched = new Set<string>();
  const parsing = { parsed: 0, cached: 0 };
  const diagnostics: Diagnostic[] = report.diagnostics.filter((d) => !changed.has(d.file));
  const rejected = report.rejected.filter((file) => !changed.has(file));
  // Rejected files whose results stand were taken from the previous build, as from the record cache (those too large to read, not).
  for (const file of rejected) if (!input.digests.get(file)?.startsWith('size:')) parsing.cached++;
  for (const [k, outcome] of outcomes.entries()) {
    const file = toRead[k]!;
    // Changed again since its digest was taken: the whole way reads it once more.
    if (outcome.digest !== input.digests.get(file.display)) return null;
    diagnostics.push(...(outcome.result?.diagnostics ?? outcome.problems ?? []));
    if (outcome.result !== undefined) parsing.parsed++;
    const article = outcome.result?.article;
    if (article === undefined) {
      rejected.push(file.display);
      continue;
    }
    fresh.push(article);
    if (outcome.result?.slug !== undefined) slugs.set(file.display, outcome.result.slug);
    touched.add(article.date);
  }
  for (const file of changed) {
    const was = model.articles.get(file);
    if (was !== undefined) touched.add(dateOfArticleUrl(was.url));
  }

  // A listed record's other fields come from its file, parsed again.
  const recover = (source: string): StoredArticle => parseFileAgain(absolute(source), source, model.articles.get(source)?.digest, parsing, 'the last build listed it');
  const kept: ArticleRecord[] = [];
  const toPlace: StoredArticle[] = [...fresh];
  let i = 0;
  let slugging = false;
  const markdown: SlicedListing[] = [];
  // The previous model's sources not kept as they were: the changed ones, and those of the days placed again.
  const again = new Set(changed);
  // The date of the day in hand, made once per day rather than once per article (the model is in date order).
  let day = '';
  let date = '';
  // forEach rather than for…of: no entry made per article, in code that runs once per process.
  model.articles.forEach((state, source) => {
    const at = i++;
    if (changed.has(source)) return;
    parsing.cached++;
    if (day === '' || !state.url.startsWith(day)) {
      day = state.url.slice(0, '/YYYY/MM/DD/'.length);
      date = dateOfArticleUrl(state.url);
    }
    // Its listing read when first asked for, with its place's slug as the last build's model recorded it.
    const article = new SlicedListing(source, date, recover, at, state.place, listings);
    if (isMarkdownPath(source)) markdown.push(article);
    if (!touched.has(date)) {
      kept.push(listedRecord(article, slugOfArticleUrl(state.url), state.url));
      return;
    }
    // Placed again beside the changed articles of its day: under the slug its headline asks for.
    again.add(source);
    if (!slugReady(article.headline)) slugging = true;
    toPlace.push(listedRecord(article, '', ''));
  });
  // A Markdown article whose slice cannot be read has its file parsed again when its listing is asked for, which needs the Markdown reader loaded.
  if (markdown.some((article) => !article.listed())) await loadMarkdownReader();
  if (slugging || fresh.some((article) => !slugReady(article.dateline?.place ?? ''))) await loadSlugify();
  for (const article of toPlace) if (!slugs.has(article.source)) slugs.set(article.source, slugFor(article.headline, article.source));

  // Placing reads the text of articles that share a date and headline: a listed Markdown one is parsed again then.
  if (toPlace.some((article) => isMarkdownPath(article.source))) await loadMarkdownReader();
  // Placing is a function of each day's articles alone: a day no change touched is placed as it was.
  const placed = placeArticles(toPlace, slugs);
  const placedSources = new Set(toPlace.map((article) => article.source));
  // In the corpus's order (by date, then URL); the few articles placed again go in among the many kept.
  const articles = mergedBy(kept, placed.articles, (a, b) => (compareStrings(a.date, b.date) || compareStrings(a.url, b.url)) <= 0);
  // The parts of the months no change touched, as the last build's model made them: their listings are not read for them.
  const touchedMonths = new Set([...touched].map((date) => date.slice(0, 7)));
  const parts = new Map([...listings.parts].filter(([month]) => !touchedMonths.has(month)));
  return {
    files: input.files,
    articles,
    parts,
    // Where a day is placed again, its duplicates are told again.
    diagnostics: diagnostics
      .filter((d) => d.rule !== 'duplicate-article' || !placedSources.has(d.file))
      .concat(placed.diagnostics)
      .sort(compareDiagnostics),
    rejected: [...new Set([...rejected, ...placed.rejected])].sort(compareStrings),
    ignored: found.ignored,
    digests: input.digests,
    parsing,
    stamps: input.stamps,
    listedFrom: { model, placed: placed.articles, again },
  };
}

/**
 * Two sorted lists as one (`inOrder(a, b)`: whether `a` may come before
 * `b`), the second much the shorter: each of its items goes in where a
 * binary search of the first puts it.
 */
function mergedBy<T>(many: readonly T[], few: readonly T[], inOrder: (a: T, b: T) => boolean): T[] {
  const out: T[] = [];
  let from = 0;
  for (const item of few) {
    let lo = from;
    let hi = many.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (inOrder(many[mid]!, item)) lo = mid + 1;
      else hi = mid;
    }
    for (; from < lo; from++) out.push(many[from]!);
    out.push(item);
  }
  for (; from < many.length; from++) out.push(many[from]!);
  return out;
}
