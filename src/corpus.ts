/**
 * The corpus loader: finds every dispatch under an input folder, reads and
 * parses each, and places the articles in the archive with a unique slug and
 * URL. The only part of parsing that touches the file system.
 *
 * - Recursive; `.txt` and `.md` files only (any case); names starting with `.`
 *   are skipped and listed in `ignored`, as are files of other kinds.
 * - Symbolic links are followed; a folder already visited (by real path) is
 *   never entered twice, so link loops end. Dangling links, folders named
 *   `x.txt` and files that cannot be read give an `unreadable-file` error.
 * - Traversal is sorted by code unit, so nothing depends on file-system order.
 * - One bad file never stops the others. Files are read one after another, synchronously.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { compareDiagnostics, compareStrings, diagnostic, quote } from './diagnostics.js';
import { MAX_FILE_BYTES } from './decode.js';
import { withFields } from './objects.js';
import { isMarkdownPath, loadMarkdownReader, parseBytes } from './parse/index.js';
import { bodyToParse, deferredBody, listedToParse, recoverBodyWith, storedArticle, storedResult, supplyListed, withUrl, type BodyRecovery } from './parse/lean.js';
import { clockOf, stampOf, trustedDigest, type InputStamp, type InputStamps, type StampClock } from './cache/inputs.js';
import { sha1 } from './cache/keys.js';
import { descriptorStat, fileStat, forEachStat, pathStat, type FileStat, type StatShare } from './cache/stats.js';
import { headlineKey } from './parse/patterns.js';
import { articleUrl, dateOfArticleUrl, loadSlugify, slugFor, slugOfArticleUrl, slugReady } from './slug.js';
import type { MonthPart } from './model/parts.js';
import type { ListedFrom } from './cache/model.js';
import type { ArticleRecord, Diagnostic, StoredArticle, StoredResult } from './types.js';

export { loadMarkdownReader, parseBytes, parseText } from './parse/index.js';

export interface Corpus {
  /** Every candidate input file found (`.txt`/`.md`, and files named on the command line), sorted. */
  files: string[];
  /** Sorted by date, then URL. Their places can be slugged (placeSlug): a load loads slugify when one needs it. */
  articles: ArticleRecord[];
  /** Sorted by file, line, column. */
  diagnostics: Diagnostic[];
  /** Files that yielded no article (each has an error diagnostic), sorted. */
  rejected: string[];
  /** Hidden entries, files of other kinds and folders already visited, sorted. */
  ignored: string[];
  /**
   * SHA-1 (base64url) of the bytes of every file that was read, by its path
   * as in `source`: what the build cache keys an article's record by.
   */
  digests?: Map<string, string>;
  /**
   * The parser's answer for every file that was parsed or taken from the
   * record cache, by recordKey(digest, path): what the next build's record cache holds.
   */
  parses?: Map<string, StoredResult>;
  /** How many files were parsed, and how many parse results came from the record cache. */
  parsing?: { parsed: number; cached: number };
  /** The stamp of every file whose digest was taken (src/cache/inputs.ts): what the next build may trust. */
  stamps?: Map<string, InputStamp>;
  /** The parts of the months no change touched, as the previous build's model made them (src/cache/listings.ts), by month. */
  parts?: ReadonlyMap<string, MonthPart>;
  /**
   * Of a corpus made from the previous build's listings (src/cache/listings.ts): that build's model, the
   * articles placed again (in order), and the sources of that model it did not take as they were (`again`:
   * changed, removed, or on a day placed again). Every other article stands as that model records it:
   * the same source's digest, under the same URL. modelState then works out the entries of the few.
   */
  listedFrom?: ListedFrom;
}

/**
 * Where a load's time went, in milliseconds: the walk of the input folder,
 * and the time spent reading files (opening, reading, hashing) and parsing
 * them, summed over every file and so over the threads that read them.
 */
export interface LoadTiming {
  discover: number;
  read: number;
  parse: number;
}

/** What a load may reuse. */
export interface LoadOptions {
  /**
   * Parse results of an earlier load, by recordKey(digest, path): a file whose
   * bytes and path have one is not parsed again (the parser is a pure function of both).
   */
  records?: ReadonlyMap<string, StoredResult>;
  /**
   * Stamps with digests of the input files taken earlier in this build
   * (inputFingerprint's), by path: a file whose digest and path have a
   * record is not read again.
   */
  known?: ReadonlyMap<string, InputStamp>;
  /** The stamps the last build recorded: a file whose stamp is unchanged is not read to learn its digest. */
  previous?: InputStamps | null;
  /** The files inputFingerprint found under the same folder in this build, so the folder is not walked twice. */
  listing?: InputListing;
  /**
   * Reads and parses files (readFiles, or the same spread over threads), answering in order. A
   * reader that works in parts may hand each over as it is done (`onPart`, with the index of its
   * first file): the loader takes in what it can while the rest is still being read.
   */
  reader?: (files: FileToRead[], onPart?: OnPart) => Promise<FileOutcome[]> | FileOutcome[];
  /**
   * Where the last build, under the same code and settings, placed its
   * articles: the days no change touched are not placed again (placeArticles).
   */
  placed?: Omit<PlacedBefore, 'digestOf'>;
  /** Filled in with where the load's time went (the corpus itself says nothing of the run). */
  timing?: LoadTiming;
}

/** Takes a part of a reader's outcomes as soon as it is done: `outcomes` are those of the files from index `start` on. */
export type OnPart = (start: number, outcomes: readonly FileOutcome[]) => void;

/** The key of one file's parse result: the hash of its bytes and its path. */
export function recordKey(digest: string, source: string): string {
  return `${digest}\0${source}`;
}

const ARTICLE_FILE = /\.(?:txt|md)$/i;

interface Candidate {
  /** The path shown in records and diagnostics. */
  display: string;
  /** Where to read it. */
  absolute: string;
}

interface Discovery {
  candidates: Candidate[];
  ignored: string[];
  diagnostics: Diagnostic[];
  /** Candidates already known to be unreadable. */
  unreadable: string[];
  visited: Set<string>;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'no such file (a dangling link?)';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  if (code === 'EISDIR') return 'it is a folder';
  return code ?? (error instanceof Error ? error.message : String(error));
}

function unreadable(found: Discovery, display: string, why: string): void {
  found.unreadable.push(display);
  found.diagnostics.push(diagnostic(display, 1, 1, 'error', 'unreadable-file', `cannot read ${quote(display)}: ${why}`));
}

/** Walks one folder, sorted; follows links, entering each real folder once. */
function walk(absolute: string, display: string, found: Discovery): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(absolute, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name));
  } catch (error) {
    found.diagnostics.push(
      diagnostic(display || '.', 1, 1, 'error', 'unreadable-file', `cannot list the folder ${quote(display || '.')}: ${reason(error)}`),
    );
    return;
  }
  // A name from readdir holds no separator and is never `.` or `..`: joining is appending (path.join costs ~1 µs a call).
  const prefix = absolute.endsWith(path.sep) ? absolute : absolute + path.sep;
  for (const entry of entries) {
    const name = entry.name;
    const childDisplay = display ? `${display}/${name}` : name;
    const childAbsolute = prefix + name;
    const isArticleName = ARTICLE_FILE.test(name);
    /** An entry that cannot be followed: reported when it looks like an article, else skipped. */
    const unreachable = (error: unknown): void => {
      if (isArticleName) unreadable(found, childDisplay, reason(error));
      else found.ignored.push(childDisplay);
    };
    if (name.startsWith('.')) {
      found.ignored.push(childDisplay);
      continue;
    }
    // Only links need a stat of their own: the entry already says what the rest are.
    let info: { isDirectory(): boolean; isFile(): boolean } = entry;
    if (entry.isSymbolicLink()) {
      try {
        info = statSync(childAbsolute);
      } catch (error) {
        unreachable(error);
        continue;
      }
    }
    if (info.isDirectory()) {
      let real: string;
      try {
        real = realpathSync(childAbsolute);
      } catch (error) {
        unreachable(error);
        continue;
      }
      if (isArticleName) unreadable(found, childDisplay, 'it is a folder (its contents are read as a folder)');
      if (found.visited.has(real)) {
        found.ignored.push(`${childDisplay}/`);
        continue;
      }
      found.visited.add(real);
      walk(childAbsolute, childDisplay, found);
    } else if (!isArticleName) {
      found.ignored.push(childDisplay);
    } else if (!info.isFile()) {
      unreadable(found, childDisplay, 'not a regular file');
    } else {
      found.candidates.push({ display: childDisplay, absolute: childAbsolute });
    }
  }
}

/** One file for a reader: where to read it, and what the record cache may already hold for it. */
export interface FileToRead {
  /** The path shown in records and diagnostics. */
  display: string;
  /** Where to read it. */
  absolute: string;
  /** The digest of the bytes the record cache holds a parse result of for this path: equal bytes need no parse. */
  cachedDigest?: string;
  /** What the last build recorded of this file, and the clock it took its stamps by. */
  previous?: { stamp: InputStamp; taken: StampClock };
}

/**
 * What reading one file gave: plain data with stored articles
 * (StoredArticle), so outcomes can come back from another thread.
 */
export interface FileOutcome {
  display: string;
  /** SHA-1 of the bytes (base64url), or `size:N` for a file too large to read. */
  digest?: string;
  /** The parser's answer, when the file was parsed here. */
  result?: StoredResult;
  /** The file's stamp, when its digest was taken. */
  stamp?: InputStamp;
  /** The bytes matched `cachedDigest`: the record cache's parse result stands. */
  cached?: boolean;
  /** Why the file could not be read or parsed at all (too large, unreadable). */
  problems?: Diagnostic[];
  /** Milliseconds spent reading (looking at, reading and hashing) the file, and parsing it. */
  readMs?: number;
  parseMs?: number;
}

/** Reads one file and parses it unless its bytes match the cached digest, timing each. */
function readOne(file: FileToRead): FileOutcome {
  const started = performance.now();
  const mark: { parsing?: number } = {};
  const outcome = readAndParse(file, mark);
  const ended = performance.now();
  outcome.parseMs = mark.parsing === undefined ? 0 : ended - mark.parsing;
  outcome.readMs = ended - started - outcome.parseMs;
  return outcome;
}

/** readOne's work; `mark.parsing` is set when the parse starts. */
function readAndParse(file: FileToRead, mark: { parsing?: number }): FileOutcome {
  const { display, absolute } = file;
  let fd: number | undefined;
  try {
    // A file the last build stamped is looked at by path first: usually its stamp stands and it is not read. Any
    // other file is read through one descriptor, which also tells its size and stamp (a stat by path less per file).
    const info = file.previous === undefined ? descriptorStat((fd = openSync(absolute, 'r'))) : pathStat(absolute);
    if (info.size > MAX_FILE_BYTES) {
      return {
        display,
        digest: `size:${info.size}`,
        problems: [
          diagnostic(display, 1, 1, 'error', 'file-too-large',
            `file is ${info.size} bytes, over the ${MAX_FILE_BYTES}-byte limit: split it into one dispatch per file`),
        ],
      };
    }
    // Unchanged since the last build stamped it, and its parse result is cached: nothing to read.
    const trusted = file.previous && trustedDigest(info, file.previous.stamp, file.previous.taken);
    if (trusted !== undefined && trusted === file.cachedDigest) return { display, digest: trusted, cached: true, stamp: file.previous!.stamp };
    const bytes = readBytes((fd ??= openSync(absolute, 'r')), info.size);
    const digest = sha1(bytes);
    const stamp = stampOf(info, digest);
    if (digest === file.cachedDigest) return { display, digest, cached: true, stamp };
    mark.parsing = performance.now();
    const result = parseBytes(bytes, display);
    if (result.article === undefined) return { display, digest, result, stamp };
    // A headline whose slug needs slugify, not loaded yet, gets it in readFiles.
    const { headline } = result.article;
    const stored = storedResult(result);
    return { display, digest, result: slugReady(headline) ? withFields(stored, { slug: slugFor(headline, display) }) : stored, stamp };
  } catch (error) {
    return { display, problems: [diagnostic(display, 1, 1, 'error', 'unreadable-file', `cannot read ${quote(display)}: ${reason(error)}`)] };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The bytes of an open file of `size` bytes, as readFileSync reads them: up to `size`, fewer if it ends sooner. */
function readBytes(fd: number, size: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  let done = 0;
  while (done < size) {
    const n = readSync(fd, bytes, done, size - done, null);
    if (n === 0) break;
    done += n;
  }
  return done === size ? bytes : bytes.subarray(0, done);
}

/**
 * Reads and parses files, one after another. Synchronous reads: for many
 * small files they beat any number of concurrent async reads (measured:
 * 10,000 files, 0.27 s vs 0.79 s with 16 in flight), since each async read
 * costs a thread-pool round trip and several promises. The build runs this
 * in its render threads, a share of the files each (LoadOptions.reader).
 */
export async function readFiles(files: readonly FileToRead[]): Promise<FileOutcome[]> {
  if (files.some((file) => isMarkdownPath(file.display))) await loadMarkdownReader();
  const outcomes = files.map(readOne);
  const unslugged = outcomes.filter((outcome) => outcome.result?.article !== undefined && outcome.result.slug === undefined);
  if (unslugged.length > 0) await loadSlugify();
  for (const outcome of unslugged) outcome.result = withFields(outcome.result!, { slug: slugFor(outcome.result!.article!.headline, outcome.display) });
  return outcomes;
}

/** Where a previous build placed its articles (see placeArticles). */
export interface PlacedBefore {
  /** Every article the previous build placed, by source: the digest of its bytes ('' for none) and its URL. */
  articles: ReadonlyMap<string, { digest: string; url: string }>;
  /** The sources the previous build gave a duplicate-article diagnostic. */
  duplicates: ReadonlySet<string>;
  /** The digest of each source's bytes in this load. */
  digestOf: (source: string) => string | undefined;
}

/**
 * The days a placing of `parsed` cannot take from `before`: those of an
 * article that is new, changed, moved or was a duplicate, whichever day it is
 * on now or was on, and those of an article gone. Every other day holds
 * exactly the articles it held, from the same bytes, and none was a duplicate.
 */
function touchedDays(parsed: readonly StoredArticle[], before: PlacedBefore): Set<string> {
  const touched = new Set<string>();
  const present = new Set<string>();
  for (const article of parsed) {
    present.add(article.source);
    const was = before.articles.get(article.source);
    if (was !== undefined && was.digest !== '' && was.digest === before.digestOf(article.source) && !before.duplicates.has(article.source)) continue;
    touched.add(article.date);
    if (was !== undefined) touched.add(dateOfArticleUrl(was.url));
  }
  for (const [source, was] of before.articles) if (!present.has(source)) touched.add(dateOfArticleUrl(was.url));
  return touched;
}

/**
 * Places parsed articles in the corpus: drops exact duplicates (same date,
 * headline and paragraphs; the later by path is an error naming the kept one),
 * warns on same date and headline with different text, and gives every
 * article a slug unique within its day (`-2`, `-3` … by sorted path).
 * Given where the previous build placed its articles, the days no change
 * touched (touchedDays) keep their URLs and only the others are placed: the
 * same result (tests/corpus/placement.test.ts), at a rebuild after an added
 * article some 10,000 articles fewer to sort, group and slug.
 */
export function placeArticles(
  parsed: readonly StoredArticle[],
  /** Slugs already worked out (slugFor), by source path. */
  slugs: ReadonlyMap<string, string> = new Map(),
  /** Where the previous build placed its articles: the articles of the days no change touched keep their URLs. */
  before?: PlacedBefore,
): {
  articles: ArticleRecord[];
  diagnostics: Diagnostic[];
  rejected: string[];
} {
  const diagnostics: Diagnostic[] = [];
  const rejected: string[] = [];
  // Placing is a function of each day's articles alone (duplicates share a date, slugs are unique within a day):
  // a day whose articles are those the previous build placed, from the same bytes, is placed as it was.
  const unmoved: ArticleRecord[] = [];
  let toPlace = parsed;
  if (before !== undefined) {
    const touched = touchedDays(parsed, before);
    const onTouched: StoredArticle[] = [];
    toPlace = onTouched;
    for (const article of parsed) {
      if (touched.has(article.date)) onTouched.push(article);
      else {
        const { url } = before.articles.get(article.source)!;
        unmoved.push(withUrl(article, slugOfArticleUrl(url), url));
      }
    }
  }
  const sorted = [...toPlace].sort((a, b) => compareStrings(a.source, b.source));
  // The first article kept of each date and headline, and the later ones kept with different text:
  // few keys have those, so most need no list of their own.
  const firsts = new Map<string, StoredArticle>();
  const others = new Map<string, StoredArticle[]>();
  const kept: StoredArticle[] = [];
  for (const article of sorted) {
    const key = `${article.date}\u0000${headlineKey(article.headline)}`;
    const first = firsts.get(key);
    if (first === undefined) {
      firsts.set(key, article);
      kept.push(article);
      continue;
    }
    const later = others.get(key) ?? [];
    const body = JSON.stringify(article.paragraphs);
    const twin = [first, ...later].find((other) => JSON.stringify(other.paragraphs) === body);
    if (twin) {
      rejected.push(article.source);
      diagnostics.push(
        diagnostic(article.source, 1, 1, 'error', 'duplicate-article',
          `same date, headline and text as ${quote(twin.source)}, which is kept: remove this copy`),
      );
      continue;
    }
    diagnostics.push(
      diagnostic(article.source, 1, 1, 'warning', 'duplicate-article',
        `same date and headline as ${quote(first.source)} but different text: both are kept under different URLs`),
    );
    later.push(article);
    others.set(key, later);
    kept.push(article);
  }

  // Slugs: within each day, by requested slug then path, the first keeps it and later ones get -2, -3 …
  const wanted = kept.map((article) => ({ article, base: slugs.get(article.source) ?? slugFor(article.headline, article.source) }));
  wanted.sort(
    (a, b) => compareStrings(a.article.date, b.article.date) || compareStrings(a.base, b.base) || compareStrings(a.article.source, b.article.source),
  );
  // In date order: the slugs taken are those of one day at a time.
  const taken = new Set<string>();
  let day = '';
  const articles: ArticleRecord[] = unmoved;
  for (const { article, base } of wanted) {
    if (article.date !== day) {
      day = article.date;
      taken.clear();
    }
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    articles.push(withUrl(article, slug, articleUrl(article.date, slug)));
  }
  articles.sort((a, b) => compareStrings(a.date, b.date) || compareStrings(a.url, b.url));
  return { articles, diagnostics, rejected };
}

async function assemble(found: Discovery, explicitFiles: string[], options: LoadOptions = {}): Promise<Corpus> {
  const { records, known, previous } = options;
  // The record cache names each path's digest in its keys: read out only once some file is to be read.
  let cachedDigests: Map<string, string> | undefined;
  const cachedDigestOf = (display: string): string | undefined => {
    if (cachedDigests === undefined) {
      cachedDigests = new Map();
      for (const key of records?.keys() ?? []) {
        const cut = key.indexOf('\0');
        cachedDigests.set(key.slice(cut + 1), key.slice(0, cut));
      }
    }
    return cachedDigests.get(display);
  };
  // A file whose digest this build already knows and whose parse result is cached is not read again.
  const outcomes: (FileOutcome | undefined)[] = [];
  // The record key of each such file, made once: the pass below files its result under it again.
  const knownKeys: (string | undefined)[] = [];
  const toRead: FileToRead[] = [];
  // The clock the last build's stamps were taken by, made once and shared by every file that has a stamp.
  let stampsClock: StampClock | undefined;
  const readAt: number[] = [];
  for (const { display, absolute } of found.candidates) {
    const stamp = known?.get(display);
    if (stamp !== undefined) {
      const key = recordKey(stamp.digest, display);
      if (records?.has(key) === true) {
        knownKeys[outcomes.length] = key;
        outcomes.push({ display, digest: stamp.digest, cached: true, stamp });
        continue;
      }
    }
    readAt.push(outcomes.length);
    outcomes.push(undefined);
    const file: FileToRead = { display, absolute };
    const cachedDigest = cachedDigestOf(display);
    if (cachedDigest !== undefined) file.cachedDigest = cachedDigest;
    const before = previous?.files.get(display);
    if (before !== undefined) file.previous = { stamp: before, taken: (stampsClock ??= clockOf(previous!)) };
    toRead.push(file);
  }
  const diagnostics = [...found.diagnostics];
  const rejected = [...found.unreadable];
  const parsed: StoredArticle[] = [];
  const digests = new Map<string, string>();
  const parses = new Map<string, StoredResult>();
  const parsing = { parsed: 0, cached: 0 };
  const slugs = new Map<string, string>();
  const stamps = new Map<string, InputStamp>();
  const recover = parseAgain(found, digests, parsing);
  let slugging: Promise<void> | undefined;
  const timing = options.timing ?? { discover: 0, read: 0, parse: 0 };
  const take = (outcome: FileOutcome, k: number): void => {
    const { display, digest } = outcome;
    timing.read += outcome.readMs ?? 0;
    timing.parse += outcome.parseMs ?? 0;
    if (outcome.stamp !== undefined) stamps.set(display, outcome.stamp);
    if (digest !== undefined) digests.set(display, digest);
    const key = knownKeys[k] ?? (digest === undefined ? undefined : recordKey(digest, display));
    let result: StoredResult | undefined;
    if (key !== undefined && outcome.cached === true) {
      result = records?.get(key);
      if (result?.article !== undefined) recoverBodyWith(result.article, recover);
    } else result = outcome.result;
    if (result?.slug !== undefined) slugs.set(display, result.slug);
    if (key !== undefined && result !== undefined) {
      parses.set(key, result);
      parsing[outcome.cached === true ? 'cached' : 'parsed']++;
    }
    // Most files have none: no spread of an empty list for them.
    const problems = result?.diagnostics ?? outcome.problems;
    if (problems !== undefined && problems.length > 0) diagnostics.push(...problems);
    if (result?.article) {
      parsed.push(result.article);
      // A headline still to slug, or a place (which the model slugs), that is not printable ASCII needs slugify: loaded from the first.
      if (slugging === undefined && ((result.slug === undefined && !slugReady(result.article.headline)) || !slugReady(result.article.dateline?.place ?? ''))) {
        // Awaited once every outcome is taken; a failure to load is reported there, not as an unhandled rejection meanwhile.
        slugging = loadSlugify();
        slugging.catch(() => undefined);
      }
    } else rejected.push(display);
  };
  // Outcomes are taken in the files' order, each as soon as every one before it is in: with a reader
  // that hands over its parts as they are done, most are taken while the last parts are still read.
  let taken = 0;
  const takeReady = (): void => {
    for (; taken < outcomes.length && outcomes[taken] !== undefined; taken++) take(outcomes[taken]!, taken);
  };
  const place = (start: number, part: readonly FileOutcome[]): void => {
    part.forEach((outcome, i) => (outcomes[readAt[start + i]!] = outcome));
    takeReady();
  };
  takeReady();
  // All of them again once the reader is done: one that hands over no parts hands them over here.
  if (toRead.length > 0) place(0, await (options.reader ?? readFiles)(toRead, place));
  if (taken < outcomes.length) throw new Error(`loadCorpus: the reader answered ${taken} of ${outcomes.length} files`);
  await slugging;
  const placed = placeArticles(parsed, slugs, options.placed && { ...options.placed, digestOf: (source) => digests.get(source) });
  diagnostics.push(...placed.diagnostics);
  rejected.push(...placed.rejected);
  const files = [...new Set([...found.candidates.map((c) => c.display), ...found.unreadable, ...explicitFiles])];
  return {
    files: files.sort(compareStrings),
    articles: placed.articles,
    diagnostics: diagnostics.sort(compareDiagnostics),
    rejected: [...new Set(rejected)].sort(compareStrings),
    ignored: found.ignored.sort(compareStrings),
    digests,
    parses,
    parsing,
    stamps,
  };
}

/**
 * Makes the body fields of a file whose parse result came from the record
 * cache, which keeps no body of a wire article and may hold a damaged one
 * of another: the file is parsed again (parseFileAgain). One for the whole load.
 */
function parseAgain(found: Discovery, digests: ReadonlyMap<string, string>, parsing: { parsed: number; cached: number }): BodyRecovery {
  let byDisplay: Map<string, Candidate> | undefined;
  return (display, fields) => {
    byDisplay ??= new Map(found.candidates.map((c) => [c.display, c]));
    const stored = parseFileAgain(byDisplay.get(display)?.absolute, display, digests.get(display), parsing, 'the record cache says it was one') as unknown as Record<string, unknown>;
    return Object.fromEntries(fields.map((field) => [field, stored[field]]));
  };
}

/**
 * The article of the file at `absolute`, shown as `display`, parsed again
 * (the parser is a pure function of its bytes and path) for a record whose
 * fields were not kept (a wire body the record cache leaves out, a listed
 * record: src/cache/listings.ts), and counted as parsed rather than cached.
 * Fails the build when the bytes are no longer those of `digest`, or no
 * longer an article though `kept` says so.
 */
export function parseFileAgain(
  absolute: string | undefined,
  display: string,
  digest: string | undefined,
  parsing: { parsed: number; cached: number },
  kept: string,
): StoredArticle {
  const bytes = absolute === undefined ? undefined : readFileSync(absolute);
  if (bytes === undefined || sha1(bytes) !== digest) throw new Error(`${display} changed during the build; build again`);
  const { article } = parseBytes(bytes, display);
  if (article === undefined) throw new Error(`${display}, parsed again, is no article, though ${kept}; build again with --no-cache`);
  parsing.cached--;
  parsing.parsed++;
  return storedArticle(article);
}

/**
 * Parses again through `reader` (the render threads) the files of those of
 * `articles`, loaded from the input folder `inputDir` into `corpus`, whose
 * bodies come from the record cache, which keeps no wire body, and gives
 * them their bodies: for a rebuild that renders many of their pages again,
 * which would otherwise parse each file on the build's own thread as its
 * page is handed out. Counted as parsed, as parseAgain counts.
 */
export async function supplyBodies(inputDir: string, corpus: Corpus, articles: readonly ArticleRecord[], reader: (files: FileToRead[]) => Promise<FileOutcome[]>): Promise<void> {
  const waiting = articles.filter((article) => bodyToParse(article) || listedToParse(article));
  if (waiting.length === 0) return;
  const root = path.resolve(inputDir);
  const outcomes = await reader(waiting.map((article) => ({ display: article.source, absolute: path.join(root, ...article.source.split('/')) })));
  for (const [i, article] of waiting.entries()) {
    const outcome = outcomes[i];
    const parsed = outcome?.result?.article;
    if (outcome?.digest !== corpus.digests?.get(article.source) || parsed === undefined) throw new Error(`${article.source} changed during the build; build again`);
    if (listedToParse(article)) supplyListed(article, parsed);
    else deferredBody(article)!.supply(parsed);
    if (corpus.parsing !== undefined) {
      corpus.parsing.cached--;
      corpus.parsing.parsed++;
    }
  }
}

/** What the walk of the input folder `root` (absolute) finds, and the milliseconds it took. */
function discoverFrom(root: string): { found: Discovery; ms: number } {
  const walking = performance.now();
  const found = newDiscovery();
  found.visited.add(realpathSync(root));
  walk(root, '', found);
  return { found, ms: performance.now() - walking };
}

function newDiscovery(): Discovery {
  return { candidates: [], ignored: [], diagnostics: [], unreadable: [], visited: new Set() };
}

/** The files found under an input folder (see inputFingerprint), for the loader to use again. */
export interface InputListing {
  root: string;
  found: Discovery;
}

/** What inputFingerprint learnt of an input folder. */
export interface InputState {
  fingerprint: string;
  /** The stamp of every file whose digest was taken, by path. */
  stamps: Map<string, InputStamp>;
  /** How many files were read to take their digest (their stamps could not be trusted). */
  read: number;
  /** The digest of every file found that could be read (`size:N` for one too large), by path. */
  digests: Map<string, string>;
  /** Every file found, sorted. */
  files: string[];
  listing: InputListing;
  /** Milliseconds the walk of the input folder took. */
  discoverMs: number;
}

/**
 * A hash of everything the loader would read under `inputDir`: the files
 * found, the bytes of each (the size of one too large to read), and the
 * entries skipped. Equal to `corpusFingerprint` of the corpus `loadCorpus`
 * returns for the same folder, so a build can tell that its input has not
 * changed since the last build without parsing anything. A file whose stamp
 * the last build recorded and which has not changed since is not read.
 */
export async function inputFingerprint(
  inputDir: string,
  previous: InputStamps | null = null,
  /**
   * Called once, with the listing, as soon as the input is known to have
   * changed, before every file has been looked at: once the folders are
   * walked when they hold another number of files than `filesBefore`, else
   * at the first file whose bytes are not what its stamp says they were.
   */
  onChange?: (listing: InputListing) => void,
  /** How many input files the previous build had (its report's `files`), when known. */
  filesBefore?: number,
  /**
   * Called once the folders are walked, with the files' absolute paths: a share of them (statShare) another thread
   * was handed to look at with this one (src/cache/stats.ts). Without it, every file is looked at here.
   */
  shareStats?: (paths: readonly string[]) => StatShare,
): Promise<InputState> {
  const root = path.resolve(inputDir);
  const { found, ms: discoverMs } = discoverFrom(root);
  const listing: InputListing = { root, found };
  const digests = new Map<string, string>();
  const stamps = new Map<string, InputStamp>();
  // The walk sorts each folder's names, so its files are in order already unless a name sorts between a folder's and
  // its files' (`a-b.txt` beside `a/…`): in order, they are taken as they are.
  const displays = found.candidates.map((c) => c.display);
  const files = found.unreadable.length === 0 && inStrictOrder(displays) ? displays : [...new Set([...displays, ...found.unreadable])].sort(compareStrings);
  let changed = onChange;
  if (changed !== undefined && filesBefore !== undefined && files.length !== filesBefore) {
    changed(listing);
    changed = undefined;
  }
  let read = 0;
  /** Takes a file's digest and stamp, from what it looks like now (`info`; undefined when it could not be looked at). */
  const look = (index: number, info: FileStat | undefined): void => {
    const { display, absolute } = found.candidates[index]!;
    // Unreadable: no digest, as in the loader.
    if (info === undefined) return;
    try {
      if (info.size > MAX_FILE_BYTES) {
        digests.set(display, `size:${info.size}`);
        return;
      }
      const stamp = previous?.files.get(display);
      const trusted = previous ? trustedDigest(info, stamp, previous) : undefined;
      const digest = trusted ?? sha1(readFileSync(absolute));
      if (trusted === undefined) {
        read++;
        if (changed !== undefined && digest !== stamp?.digest) {
          changed(listing);
          changed = undefined;
        }
      }
      digests.set(display, digest);
      // A trusted stamp is the file's stamp now (trustedDigest compared every field): kept, not made again.
      stamps.set(display, trusted !== undefined ? stamp! : stampOf(info, digest));
    } catch {
      // Unreadable: no digest, as in the loader.
    }
  };
  if (shareStats === undefined) for (let index = 0; index < found.candidates.length; index++) look(index, fileStat(found.candidates[index]!.absolute));
  else {
    const absolutes = found.candidates.map((c) => c.absolute);
    forEachStat(shareStats(absolutes), absolutes, look);
  }
  const ignored = found.ignored.sort(compareStrings);
  return { fingerprint: fingerprintOf(files, digests, ignored), stamps, read, digests, files, listing, discoverMs };
}

/** Whether each of `names` sorts after the one before it (compareStrings), so that they are sorted and none repeats. */
function inStrictOrder(names: readonly string[]): boolean {
  for (let i = 1; i < names.length; i++) if (!(names[i - 1]! < names[i]!)) return false;
  return true;
}

/**
 * The fingerprint the same input would have with other digests for some of
 * its files: what a build that knows which files changed since the last
 * one compares with the last build's fingerprint, to learn that nothing else did.
 */
export function fingerprintWith(input: InputState, digests: ReadonlyMap<string, string>): string {
  return fingerprintOf(input.files, { get: (file) => digests.get(file) ?? input.digests.get(file) }, input.listing.found.ignored);
}

/** The fingerprint of a loaded corpus's input (see inputFingerprint). */
export function corpusFingerprint(corpus: Corpus): string {
  return fingerprintOf(corpus.files, corpus.digests ?? new Map(), corpus.ignored);
}

/** The fingerprint of an input of `files` (sorted) with those digests and those entries skipped (sorted): what inputFingerprint takes. */
export function fingerprintOf(files: readonly string[], digests: Pick<ReadonlyMap<string, string>, 'get'>, ignored: readonly string[]): string {
  // One string hashed at once: a hash update per file costs more than the text.
  let text = '';
  for (const file of files) text += `${file}\0${digests.get(file) ?? '-'}\n`;
  text += 'ignored\n';
  for (const entry of ignored) text += `${entry}\n`;
  return sha1(text);
}

/**
 * Loads every dispatch under `inputDir`. Paths in records and diagnostics are
 * relative to `inputDir`, with `/` separators. Throws only when `inputDir`
 * itself is not a readable folder.
 */
export async function loadCorpus(inputDir: string, options: LoadOptions = {}): Promise<Corpus> {
  const root = path.resolve(inputDir);
  if (options.listing !== undefined && options.listing.root === root) return assemble(options.listing.found, [], options);
  const info = await stat(root).catch((error: unknown) => {
    throw new Error(`input folder ${quote(inputDir)} cannot be read: ${reason(error)}`);
  });
  if (!info.isDirectory()) throw new Error(`input folder ${quote(inputDir)} is not a folder`);
  const { found, ms } = discoverFrom(root);
  if (options.timing !== undefined) options.timing.discover += ms;
  return assemble(found, [], options);
}

/**
 * Loads the files and folders named in `paths` (as on a command line). Paths
 * are shown as given; files inside a named folder as `folder/relative/path`.
 * A named file is read whatever its extension; a path that does not exist
 * gives an `unreadable-file` error.
 */
export async function loadPaths(paths: readonly string[]): Promise<Corpus> {
  const found = newDiscovery();
  const explicit: string[] = [];
  for (const given of paths) {
    const display = toPosix(given);
    let info;
    try {
      info = await stat(given);
    } catch (error) {
      const link = await lstat(given).then(() => true, () => false);
      unreadable(found, display, link ? reason(error) : 'no such file or folder');
      continue;
    }
    if (info.isDirectory()) {
      const real = await realpath(given);
      if (found.visited.has(real)) continue;
      found.visited.add(real);
      walk(path.resolve(given), path.posix.normalize(display).replace(/\/+$/, '') || '.', found);
    } else if (info.isFile()) {
      if (!found.candidates.some((c) => c.display === display)) {
        found.candidates.push({ display, absolute: path.resolve(given) });
        explicit.push(display);
      }
    } else {
      unreadable(found, display, 'not a regular file');
    }
  }
  found.candidates.sort((a, b) => compareStrings(a.display, b.display));
  return assemble(found, explicit);
}
