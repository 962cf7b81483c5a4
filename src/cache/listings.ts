/**
 * The listings file: every article's listing (ArticleListing: what the
 * model reads of it) as the last build's model had them, kept beside the
 * output (`<output>.cache/listings.bin`) under the model's token, so that a
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
 *     prefix    MAGIC, the model's token, a newline
 *     columns   `v8.serialize` of { sources, headlines, places, leads },
 *               in the model's order
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { writeFileAtomic } from '../atomic.js';
import { fingerprintOf, parseFileAgain, placeArticles, type Corpus, type FileOutcome, type FileToRead, type InputState } from '../corpus.js';
import { compareDiagnostics, compareStrings } from '../diagnostics.js';
import { knownPlaceSlug } from '../model/places.js';
import type { ArticleListing } from '../model/types.js';
import { isMarkdownPath, loadMarkdownReader } from '../parse/index.js';
import { listedRecord } from '../parse/lean.js';
import { dateOfArticleUrl, loadSlugify, slugFor, slugOfArticleUrl, slugReady } from '../slug.js';
import type { ArticleRecord, Diagnostic, StoredArticle } from '../types.js';
import { cacheDirOf } from './manifest.js';
import type { ModelState } from './model.js';

const MAGIC = 'NALIST1 ';
/** MAGIC, a token (27 characters of base64url SHA-1) and a newline. */
const PREFIX_CHARS = MAGIC.length + 27 + 1;

/** Most files a rebuild parses this way (changed, added): more are a new import, which the whole way reads on every thread. */
export const LISTED_LIMIT = 2000;

interface Columns {
  sources: string[];
  headlines: string[];
  places: (string | null)[];
  leads: string[];
}

function listingsPath(output: string): string {
  return path.join(cacheDirOf(output), 'listings.bin');
}

/** The token the listings file beside `output` carries, or null. */
function tokenOnFile(output: string): string | null {
  let fd: number | null = null;
  try {
    fd = openSync(listingsPath(output), 'r');
    const prefix = Buffer.alloc(PREFIX_CHARS);
    if (readSync(fd, prefix, 0, PREFIX_CHARS, 0) !== PREFIX_CHARS) return null;
    const text = prefix.toString('latin1');
    return text.startsWith(MAGIC) && text.endsWith('\n') ? text.slice(MAGIC.length, -1) : null;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Writes the listings of a model (`listings`, in its order) under its token, unless the file there already carries it. */
export async function writeListings(output: string, token: string, listings: readonly ArticleListing[], pid: number): Promise<void> {
  if (tokenOnFile(output) === token) return;
  const columns: Columns = { sources: [], headlines: [], places: [], leads: [] };
  for (const listing of listings) {
    columns.sources.push(listing.source);
    columns.headlines.push(listing.headline);
    columns.places.push(listing.place);
    columns.leads.push(listing.lead);
  }
  await mkdir(cacheDirOf(output), { recursive: true });
  await writeFileAtomic(listingsPath(output), [Buffer.from(`${MAGIC}${token}\n`, 'latin1'), serialize(columns)], pid);
}

/** The listings of the model `model` describes, in its order, or null when the file holds no such ones. */
function readListings(output: string, model: ModelState): Columns | null {
  try {
    const bytes = readFileSync(listingsPath(output));
    if (bytes.toString('latin1', 0, PREFIX_CHARS) !== `${MAGIC}${model.token}\n`) return null;
    const columns = deserialize(bytes.subarray(PREFIX_CHARS)) as Columns;
    const n = model.articles.size;
    if (columns.sources?.length !== n || columns.headlines?.length !== n || columns.places?.length !== n || columns.leads?.length !== n) return null;
    let i = 0;
    for (const source of model.articles.keys()) if (columns.sources[i++] !== source) return null;
    return columns;
  } catch {
    return null;
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
  const columns = readListings(listed.output, model);
  if (columns === null) return null;

  // The previous build's files and their digests; every one this build reads alike must be as it was (the fingerprint).
  const before = new Map<string, string>();
  for (const [source, state] of model.articles) before.set(source, state.digest);
  for (const file of report.rejected) {
    // Its stamp's, or (one too large to read has none) its digest now: a wrong guess fails the fingerprint below.
    const digest = listed.previousDigest(file) ?? input.digests.get(file);
    if (digest === undefined) return null;
    before.set(file, digest);
  }
  if (before.size !== report.files) return null;
  const current = new Set(input.files);
  const removed: string[] = [];
  for (const file of before.keys()) if (!current.has(file)) removed.push(file);
  removed.sort(compareStrings);
  const previousFiles = mergedBy(
    input.files.filter((file) => before.has(file)),
    removed,
    (a, b) => compareStrings(a, b) <= 0,
  );
  if (!listed.wasInput(fingerprintOf(previousFiles, before, found.ignored))) return null;

  // Where a file is read: the walk names it as the input folder's path and the file's (src/corpus.ts).
  const root = input.listing.root;
  const absolute = (display: string): string => path.join(root, ...display.split('/'));
  const toRead: FileToRead[] = [];
  for (const file of input.files) {
    if (before.get(file) === input.digests.get(file)) continue;
    toRead.push({ display: file, absolute: absolute(file) });
  }
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
  for (const [source, state] of model.articles) {
    const at = i++;
    if (changed.has(source)) continue;
    parsing.cached++;
    const date = dateOfArticleUrl(state.url);
    const article = {
      source,
      date,
      headline: columns.headlines[at]!,
      place: columns.places[at]!,
      lead: columns.leads[at]!,
      recover,
    };
    // Its place's slug is the one the last build's model recorded: no need of slugify for it.
    const place = article.place?.trim();
    if (place) knownPlaceSlug(place, state.place);
    if (!touched.has(date)) {
      kept.push(listedRecord(article, slugOfArticleUrl(state.url), state.url));
      continue;
    }
    // Placed again beside the changed articles of its day: under the slug its headline asks for.
    if (!slugReady(article.headline)) slugging = true;
    toPlace.push(listedRecord(article, '', ''));
  }
  if (slugging || fresh.some((article) => !slugReady(article.dateline?.place ?? ''))) await loadSlugify();
  for (const article of toPlace) if (!slugs.has(article.source)) slugs.set(article.source, slugFor(article.headline, article.source));

  // Placing reads the text of articles that share a date and headline: a listed Markdown one is parsed again then.
  if (toPlace.some((article) => isMarkdownPath(article.source))) await loadMarkdownReader();
  // Placing is a function of each day's articles alone: a day no change touched is placed as it was.
  const placed = placeArticles(toPlace, slugs);
  const placedSources = new Set(toPlace.map((article) => article.source));
  // In the corpus's order (by date, then URL); the few articles placed again go in among the many kept.
  const articles = mergedBy(kept, placed.articles, (a, b) => (compareStrings(a.date, b.date) || compareStrings(a.url, b.url)) <= 0);
  return {
    files: input.files,
    articles,
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
