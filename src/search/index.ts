/**
 * The search index: the articles' records handed to Pagefind's Node API
 * (`addCustomRecord`), written shard by shard under `<output>/pagefind/`.
 *
 * Indexing from the records rather than from the written HTML means only
 * article text is ever indexed (no navigation, lists or footers to exclude),
 * no page is parsed a second time, and the search step does not have to wait
 * for the pages to be on disk.
 *
 * Layout: the newest shard is written at `pagefind/` itself (it carries
 * pagefind.js and the WebAssembly the browser loads once); older shards go to
 * `pagefind/<name>/` with only their index data, and `pagefind/shards.json`
 * lists them all newest first for public/search.js, which merges them with
 * Pagefind's multisite `mergeIndex`.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';
import type { ArticleRecord } from '../types.js';
import { datelinePlace, searchRecord, type SearchPlace, type SearchRecord } from './records.js';
import { planShards } from './shards.js';

export interface SearchIndexOptions {
  /** The site's base path, `/` or `/archive/`; recorded in the manifest for readers of it. */
  basePath: string;
  /**
   * Most articles in one shard. Pagefind's process grows by about 160 KB
   * per article it indexes (30 MB to start): 3,000 keep it near 0.5 GB, so
   * that two shards indexed at once (`lanes`) hold about 1 GB.
   * @default 3000
   */
  maxShardArticles?: number;
  /**
   * The place each article is filed under on the site (name and page URL).
   * @default the dateline's place as written, with no page link
   */
  placeOf?: (article: ArticleRecord) => SearchPlace | null;
  /**
   * An earlier build's output folder (not `outputDir`). Older shards whose
   * records are unchanged there are copied instead of indexed again; Pagefind
   * writes the same bytes for the same records, so the result is identical.
   */
  reuseFrom?: string;
  /**
   * A string that changes whenever an article's search record would (the
   * build gives the code version with the digest of the article's source
   * bytes, its path, URL and place; undefined for an article it cannot key).
   * Shards are then compared with the earlier ones by these keys, and the
   * records of a shard that is reused are never made, so no article's body
   * is read for it.
   * @default shards are compared by their records
   */
  recordKeyOf?: (article: ArticleRecord) => string | undefined;
  /**
   * Shards indexed at once, each in a Pagefind process of its own. One
   * process uses about one core while it indexes a shard, so two on two
   * cores index two shards in little more than the time of one; each holds
   * its shard in memory (see maxShardArticles, and searchLanes for the
   * build's choice).
   * @default 1
   */
  lanes?: number;
  /** Called after each shard is written, for progress lines. */
  onShard?: (shard: SearchShardStats, done: number, total: number) => void;
  /**
   * Whether a shard reused from `reuseFrom` is linked into `outputDir`. Not
   * for a build that changes its output in place, where such a shard's files
   * are already in the index and stay as they are: then `outputDir` holds
   * the shards indexed anew, the manifest (indexChanges) and any shard taken
   * from the earlier primary, whose files are in the index at other paths.
   * @default true
   */
  linkReused?: boolean;
}

/** One written shard. */
export interface SearchShardStats {
  name: string;
  /** The shard's folder relative to the site root, ending in `/`: `pagefind/` or `pagefind/2023/`. */
  path: string;
  from: string;
  to: string;
  articles: number;
  files: number;
  bytes: number;
  /** Copied from `reuseFrom` rather than indexed. */
  reused: boolean;
  /**
   * Indexed again though `reuseFrom` had the same records, since its folder
   * no longer held what it held when written (wholeShard): a file of it there
   * may hold other bytes than the manifests say.
   */
  mended: boolean;
}

/** What `buildSearchIndex` wrote. */
export interface SearchStats {
  articles: number;
  /** Newest first, as in `pagefind/shards.json`. */
  shards: SearchShardStats[];
  /** Files and bytes under `pagefind/`, manifest included. */
  files: number;
  bytes: number;
  /** Shards copied from `reuseFrom`. */
  reused: number;
  /** The shards of the index at `reuseFrom`, as its manifest lists them ([] for none). */
  earlier: { name: string; path: string }[];
}

/** The manifest public/search.js reads: `pagefind/shards.json`. */
export interface ShardManifest {
  version: 1;
  basePath: string;
  articles: number;
  /**
   * Newest first; `path` is relative to the site root. `hash` identifies the
   * shard's records and the Pagefind version that indexed them; `files` and
   * `bytes` are what its folder held (see wholeShard).
   */
  shards: Array<{ name: string; path: string; from: string; to: string; articles: number; hash: string; files?: number; bytes?: number }>;
}

/** Files and bytes. */
interface Size {
  files: number;
  bytes: number;
}

/**
 * What an earlier shard's folder holds, less `skip`, when the folder holds
 * what it held when it was written (`files` and `bytes`, without the older
 * shards and the manifest inside the primary), else null: a shard with a
 * file removed or cut short by hand is indexed again, not copied. `counted`
 * are files in `skip` that the shard's `files` and `bytes` count all the
 * same (the earlier primary's runtime, left out of it taken as an older shard).
 */
function wholeShard(folder: string, skip: Set<string>, shard: ShardManifest['shards'][number], counted: readonly string[]): Size | null {
  if (typeof shard.files !== 'number' || typeof shard.bytes !== 'number') return null;
  try {
    const size = sizeOf(folder, skip);
    let { files, bytes } = size;
    for (const file of counted) {
      files += 1;
      bytes += statSync(file).size;
    }
    return files === shard.files && bytes === shard.bytes ? size : null;
  } catch {
    return null;
  }
}

/** Where Pagefind's Node API is: its version is read beside it, and each further lane loads it again from there. */
const PAGEFIND_URL = import.meta.resolve('pagefind');

/** The Pagefind version writing the index: part of each shard's hash. */
const PAGEFIND_VERSION = (JSON.parse(readFileSync(join(dirname(fileURLToPath(PAGEFIND_URL)), '..', 'package.json'), 'utf8')) as { version: string }).version;

export const DEFAULT_MAX_SHARD_ARTICLES = 3000;

/** Memory left free for each Pagefind process a build runs at once: about twice what one shard of DEFAULT_MAX_SHARD_ARTICLES takes. */
const BYTES_PER_LANE = 2 ** 30;

/**
 * How many shards a build indexes at once (SearchIndexOptions.lanes): one
 * per thread it renders with (`--jobs`), while the memory the system has
 * available leaves 1 GB for each, and at least one.
 */
export function searchLanes(jobs: number, availableBytes: number): number {
  return Math.max(1, Math.min(jobs, Math.floor(availableBytes / BYTES_PER_LANE)));
}

/** Files a merged (non-primary) shard does not need: the browser loads them from the primary only. */
const PRIMARY_ONLY = /^(pagefind[^/]*\.(js|css)|wasm\..*\.pagefind)$/;
/** Pagefind's ready-made interfaces, which the site does not use (public/search.js is its own). */
const UNUSED_UI = /^pagefind-(ui|component-ui|modular-ui|highlight)\.(js|css)$/;

/** The runtime's files in an earlier primary's folder (none when it cannot be read: then wholeShard finds it not whole). */
function runtimeFiles(folder: string): string[] {
  try {
    return readdirSync(folder).filter((name) => PRIMARY_ONLY.test(name)).map((name) => join(folder, name));
  } catch {
    return [];
  }
}

const BATCH = 128;

/**
 * The files and bytes under `dir`, leaving out the folders and files in
 * `skip`. Synchronous, as linkTree: a shard is some thousands of small files
 * (a fragment per article), and one asynchronous call after another waited
 * on the thread pool for each (10,000 articles: 1.4 s of a rebuild's search
 * phase went on these two, the build's thread mostly idle).
 */
function sizeOf(dir: string, skip: Set<string>): Size {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (skip.has(path)) continue;
    if (entry.isDirectory()) {
      const inner = sizeOf(path, skip);
      files += inner.files;
      bytes += inner.bytes;
    } else {
      files += 1;
      bytes += statSync(path).size;
    }
  }
  return { files, bytes };
}

function failed(call: string, errors: string[]): Error {
  return new Error(`buildSearchIndex: Pagefind ${call} failed: ${errors.join('; ')}`);
}

function shardHash(records: SearchRecord[]): string {
  const hash = createHash('sha256').update(`pagefind ${PAGEFIND_VERSION}\n`);
  for (const record of records) hash.update(JSON.stringify(record)).update('\n');
  return hash.digest('hex').slice(0, 20);
}

/** A shard's hash from its articles' record keys (SearchIndexOptions.recordKeyOf), never equal to a hash of records. */
function shardKeyHash(keys: readonly string[]): string {
  const hash = createHash('sha256').update(`pagefind ${PAGEFIND_VERSION} keys\n`);
  for (const key of keys) hash.update(key).update('\n');
  return hash.digest('hex').slice(0, 20);
}

/** The previous build's manifest, or null when there is none to reuse. */
async function previousManifest(folder: string | undefined): Promise<ShardManifest | null> {
  if (folder === undefined) return null;
  try {
    const manifest = JSON.parse(await readFile(join(folder, 'pagefind', 'shards.json'), 'utf8')) as ShardManifest;
    return manifest.version === 1 && Array.isArray(manifest.shards) ? manifest : null;
  } catch {
    return null;
  }
}

/**
 * Puts the files of `from` at `to` as hard links (an output file is only ever
 * replaced, never changed in place), copying where linking is not possible.
 */
function linkTree(from: string, to: string, skip: Set<string>): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (skip.has(source)) continue;
    const target = join(to, entry.name);
    if (entry.isDirectory()) linkTree(source, target, skip);
    else {
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
      }
    }
  }
}

/** Pagefind's Node API: one instance runs one Pagefind process at a time. */
type Pagefind = typeof pagefind;

/**
 * An instance of Pagefind's Node API per lane. The module keeps its one
 * process in a module variable, so each further lane loads the module again
 * under another URL (a module instance of its own) to run a process of its own.
 */
async function pagefindLanes(count: number): Promise<Pagefind[]> {
  const lanes: Pagefind[] = [pagefind];
  for (let lane = 1; lane < count; lane++) lanes.push((await import(`${PAGEFIND_URL}?lane=${lane}`)) as Pagefind);
  return lanes;
}

/**
 * Indexes one shard in a fresh Pagefind process of `lane` and writes it to
 * `dir`, its records made a batch at a time (`batch(from, to)`), so that
 * only a batch of them is held at once beside what Pagefind holds.
 */
async function writeShard(lane: Pagefind, count: number, batch: (from: number, to: number) => SearchRecord[], dir: string): Promise<void> {
  const created = await lane.createIndex({ forceLanguage: 'en' });
  const index = created.index;
  if (!index) throw failed('createIndex', created.errors);
  try {
    for (let i = 0; i < count; i += BATCH) {
      const responses = await Promise.all(batch(i, Math.min(i + BATCH, count)).map((record) => index.addCustomRecord(record)));
      for (const response of responses) if (response.errors.length > 0) throw failed('addCustomRecord', response.errors);
    }
    const written = await index.writeFiles({ outputPath: dir });
    if (written.errors.length > 0) throw failed('writeFiles', written.errors);
  } finally {
    // Closing ends the Pagefind process, so each shard's memory is returned before the next starts.
    await lane.close();
  }
}

/**
 * The folder of the shard a file at `pagefind/<rel>` belongs to, in an index
 * whose older shards are named `older`: `pagefind/<name>/` for a file in an
 * older shard's folder, else `pagefind/` (the primary); null for the manifest.
 */
function shardFolderOf(rel: string, older: ReadonlySet<string>): string | null {
  if (rel === 'shards.json') return null;
  const slash = rel.indexOf('/');
  const top = slash < 0 ? '' : rel.slice(0, slash);
  return older.has(top) ? `pagefind/${top}/` : 'pagefind/';
}

/** The names of the older shards (all but the primary) of an index. */
function olderShards(shards: readonly { name: string; path: string }[]): Set<string> {
  return new Set(shards.filter((shard) => shard.path !== 'pagefind/').map((shard) => shard.name));
}

/**
 * The files of the shards `stats` reused from the earlier output, with the
 * SHA-1 its manifest gives each (`before`: the earlier index's files,
 * relative to `pagefind/`): they have the same paths in the new index,
 * linked into it or left in place. A file of the earlier index is its
 * primary's unless it is in the folder of one of its older shards
 * (`stats.earlier`) or is its manifest.
 */
export function reusedFiles(stats: SearchStats, before: ReadonlyMap<string, string>): Map<string, string> {
  const reused = new Set(stats.shards.filter((shard) => shard.reused).map((shard) => shard.path));
  const earlier = olderShards(stats.earlier);
  const files = new Map<string, string>();
  for (const [rel, hash] of before) {
    const folder = shardFolderOf(rel, earlier);
    if (folder !== null && reused.has(folder)) files.set(rel, hash);
  }
  return files;
}

/** How the index at an output's `pagefind/` changes in place (paths relative to `pagefind/`). */
export interface IndexChanges {
  /** Every file of the new index, with its SHA-1. */
  files: Map<string, string>;
  /** Files written anew that the output's index lacks. */
  add: string[];
  /** Files written anew that the output's index holds with other bytes. */
  replace: string[];
  /** Files of the output's index that the new one has not. */
  remove: string[];
}

/**
 * What changes the index an output holds (`before`: its files with their
 * SHA-1, as its manifest lists them) into the one `stats` describes, written
 * with `linkReused: false` (`written`: the SHA-1 of each file the build
 * wrote, the shards indexed anew and the manifest). The files of a shard
 * reused from that output stay as they are (reusedFiles); the others are
 * compared file by file, so a file written with the bytes the output holds
 * is not replaced, unless its shard is mended or the output's copy is not
 * whole (`whole`, its length against the file written: cut short by hand,
 * it may not be what its manifest says).
 */
export function indexChanges(
  stats: SearchStats,
  written: ReadonlyMap<string, string>,
  before: ReadonlyMap<string, string>,
  whole: (rel: string) => boolean,
): IndexChanges {
  // A shard mended (its earlier folder found cut short or changed by hand) has every file written in again.
  const mended = new Set(stats.shards.filter((shard) => shard.mended).map((shard) => shard.path));
  const now = olderShards(stats.shards);
  const files = reusedFiles(stats, before);
  const add: string[] = [];
  const replace: string[] = [];
  for (const [rel, hash] of written) {
    files.set(rel, hash);
    const was = before.get(rel);
    const folder = shardFolderOf(rel, now);
    if (was === undefined) add.push(rel);
    else if (was !== hash || (folder !== null && mended.has(folder)) || !whole(rel)) replace.push(rel);
  }
  const remove = [...before.keys()].filter((rel) => !files.has(rel));
  return { files, add, replace, remove };
}

/**
 * Writes the search index of `articles` (sorted by date, then URL, as the
 * corpus loader returns them) into `<outputDir>/pagefind/`, replacing any
 * index already there. With no articles, writes only an empty manifest.
 */
export async function buildSearchIndex(articles: ArticleRecord[], outputDir: string, options: SearchIndexOptions): Promise<SearchStats> {
  const root = resolve(outputDir, 'pagefind');
  if (options.reuseFrom !== undefined && resolve(options.reuseFrom) === resolve(outputDir)) {
    throw new Error('buildSearchIndex: reuseFrom must be an earlier output folder, not the one being written');
  }
  const previous = await previousManifest(options.reuseFrom);
  const placeOf = options.placeOf ?? datelinePlace;
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  const plans = planShards(articles, options.maxShardArticles ?? DEFAULT_MAX_SHARD_ARTICLES).reverse();
  /** What is known of a shard before it is written: its hash, and the earlier shard it is linked from, if any. */
  interface Decision {
    hash: string;
    /** The records of the shard's articles from `from` to `to`. */
    records: (from: number, to: number) => SearchRecord[];
    match: ShardManifest['shards'][number] | undefined;
    from: string | null;
    skip: Set<string>;
    whole: Size | null;
    /** Taken from the earlier primary as an older shard: its files go to another folder, so they are linked even in place. */
    demoted: boolean;
  }
  const decide = (plan: (typeof plans)[number], primary: boolean): Decision => {
    // Made whole for the hash when the articles have no record keys, else a batch at a time when the shard is indexed.
    let made: SearchRecord[] | undefined;
    const recordsOf = (articles: ArticleRecord[]): SearchRecord[] => articles.map((article) => searchRecord(article, placeOf(article)));
    const records = (from: number, to: number): SearchRecord[] => (made !== undefined ? made.slice(from, to) : recordsOf(plan.articles.slice(from, to)));
    const keys = options.recordKeyOf === undefined ? undefined : plan.articles.map(options.recordKeyOf);
    const hash = keys !== undefined && keys.every((key) => key !== undefined) ? shardKeyHash(keys as string[]) : shardHash((made = recordsOf(plan.articles)));
    // The primary carries Pagefind's runtime, so it is reused only from the earlier primary; older shards from anywhere,
    // the earlier primary too (a part of the newest month that a new day's part follows, src/search/shards.ts).
    const match = previous?.shards.find((s) => s.name === plan.name && s.hash === hash && (!primary || s.path === 'pagefind/'));
    const from = match && options.reuseFrom !== undefined ? resolve(options.reuseFrom, match.path) : null;
    const fromPrimary = from !== null && match?.path === 'pagefind/';
    // The earlier primary holds the older shards and the manifest too; those are not part of it.
    const skip = fromPrimary ? new Set([...(previous?.shards ?? []).filter((s) => s.path !== 'pagefind/').map((s) => resolve(options.reuseFrom!, s.path)), join(from, 'shards.json')]) : new Set<string>();
    // Taken from the earlier primary as an older shard is written: without the runtime, which the browser loads from the primary.
    const runtime = fromPrimary && !primary ? runtimeFiles(from) : [];
    for (const file of runtime) skip.add(file);
    // A shard linked holds what the earlier one was found to hold; one indexed is measured once written.
    const whole = from !== null && match !== undefined ? wholeShard(from, skip, match, runtime) : null;
    return { hash, records, match, from, skip, whole, demoted: whole !== null && fromPrimary && !primary };
  };
  // The older shards are decided (and those reused linked) while Pagefind indexes the primary, in another process, one
  // shard per turn of the event loop, so that its records keep flowing: a rebuild after a new day's files indexes the
  // newest month and reuses the rest, whose record keys and folders (a stat of every file) are the other large part of
  // its search phase. The loop below takes them in turn; while it waits for a lane, decideOlder decides those after it.
  // Each decision is let go once its shard is taken, with any records made for its hash.
  const decisions = new Map<number, Decision>();
  // The position of the shard taken last: the ones after it are still to be decided.
  let reached = 0;
  // A shard whose decision fails here is decided again in its turn, where the failure is the build's.
  const decideOlder = async (): Promise<void> => {
    for (let position = 1; position < plans.length; position++) {
      await new Promise<void>((next) => setImmediate(next));
      if (position <= reached || decisions.has(position)) continue;
      try {
        decisions.set(position, decide(plans[position]!, false));
      } catch {
        // Left undecided.
      }
    }
  };
  // By position in `plans`: shards indexed at once finish in any order.
  const shards: SearchShardStats[] = [];
  const hashes: string[] = [];
  let done = 0;
  const finished = (position: number, stats: SearchShardStats, hash: string): void => {
    shards[position] = stats;
    hashes[position] = hash;
    options.onShard?.(stats, ++done, plans.length);
  };
  // The older shards' folders, inside the primary's: not part of it.
  const olderFolders = new Set(plans.slice(1).map((plan) => join(root, plan.name)));
  const idle = await pagefindLanes(Math.max(1, Math.min(options.lanes ?? 1, plans.length)));
  // Shards being indexed; one that fails stays here, so that the build waits for the others' processes before it fails.
  const running = new Set<Promise<void>>();
  try {
    for (const [position, plan] of plans.entries()) {
      // A turn of the event loop between shards, so that the records of those being indexed keep flowing while others are linked.
      if (running.size > 0) await new Promise<void>((next) => setImmediate(next));
      const primary = position === 0;
      const dir = primary ? root : join(root, plan.name);
      reached = position;
      const { hash, records, match, from, skip, whole, demoted } = decisions.get(position) ?? decide(plan, primary);
      decisions.delete(position);
      const shard = (size: Size, reused: boolean): SearchShardStats => ({
        name: plan.name,
        path: primary ? 'pagefind/' : `pagefind/${plan.name}/`,
        from: plan.from,
        to: plan.to,
        articles: plan.articles.length,
        ...size,
        reused,
        mended: !reused && from !== null && match !== undefined,
      });
      if (whole !== null) {
        if (options.linkReused !== false || demoted) linkTree(from!, dir, skip);
        finished(position, shard(whole, true), hash);
        continue;
      }
      while (idle.length === 0) await Promise.race(running);
      const lane = idle.pop()!;
      const indexing = (async (): Promise<void> => {
        try {
          const writing = writeShard(lane, plan.articles.length, records, dir);
          await (primary ? Promise.all([writing, decideOlder()]) : writing);
        } finally {
          idle.push(lane);
        }
        const unused = primary ? UNUSED_UI : PRIMARY_ONLY;
        for (const name of await readdir(dir)) if (unused.test(name)) await rm(join(dir, name));
        finished(position, shard(sizeOf(dir, primary ? olderFolders : new Set()), false), hash);
      })();
      running.add(indexing);
      indexing.then(() => running.delete(indexing), () => undefined);
    }
    await Promise.all(running);
  } catch (error) {
    await Promise.allSettled(running);
    throw error;
  }
  const manifest: ShardManifest = {
    version: 1,
    basePath: options.basePath,
    articles: articles.length,
    shards: shards.map(({ name, path, from, to, articles: count, files, bytes }, i) => ({ name, path, from, to, articles: count, hash: hashes[i]!, files, bytes })),
  };
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  await writeFile(join(root, 'shards.json'), manifestText);
  // What `pagefind/` holds: the shards and the manifest.
  const files = shards.reduce((sum, shard) => sum + shard.files, 1);
  const bytes = shards.reduce((sum, shard) => sum + shard.bytes, Buffer.byteLength(manifestText));
  return { articles: articles.length, shards, files, bytes, reused: shards.filter((s) => s.reused).length, earlier: previous?.shards.map(({ name, path }) => ({ name, path })) ?? [] };
}
