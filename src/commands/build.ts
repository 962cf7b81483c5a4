/**
 * `news-archive build`: load the corpus, build the archive model, render
 * every page through Eleventy in batches into a staging folder, swap it in,
 * and write the report beside the output.
 *
 * Exit status: 0 built (possibly with warnings), 1 errors under --strict or a
 * failed build, 2 bad usage (including a refused output folder).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { availableParallelism, freemem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_USAGE, parseBuildArgs, type BuildConfig } from '../config.js';
import { corpusFingerprint, inputFingerprint, loadCorpus, readFiles, supplyBodies, type Corpus, type FileOutcome, type FileToRead, type InputListing, type InputState, type LoadTiming, type OnPart } from '../corpus.js';
import { listedCorpus, writeListings, type ListingsBefore } from '../cache/listings.js';
import { formatDiagnostic } from '../diagnostics.js';
import { describeError } from '../errors.js';
import { buildArchive, placeSlugOf, type ArchiveOmission } from '../model/archive.js';
import type { Archive, ArchiveOptions, ArticleListing, ArticlePage, OutputPage, PlaceRef, SiteInfo } from '../model/types.js';
import { plannedFiles, planSite, renderSite, type KeptFiles, type SitePlan } from '../render/site.js';
import { createRenderPool, type RenderPool } from '../render/pool.js';
import { buildVersion, codeVersion, pageKeys, sha1, type ListingDigests } from '../cache/keys.js';
import { keptKeys, listingsByUrl, listingsInOrder, modelSettingsDigest, modelState, modelToken, sameListing, type KeptKeys, type ModelState } from '../cache/model.js';
import {
  filesOutside,
  checkFolders,
  folderCheck,
  foldersUntouched,
  hasManifest,
  MAX_PATCHES,
  readManifestHead,
  restampTouched,
  touchedFolders,
  writeManifest,
  writeManifestInPlace,
  draftManifest,
  type CachedFile,
  type FolderCheck,
  type ManifestDraft,
  type ManifestPatch,
  type ModelColumns,
  type PreviousBuild,
  type PreviousOutput,
} from '../cache/manifest.js';
import { tuneForRebuild, tuneForWholeBuild } from '../engine.js';
import { markStampTime, readInputStamps, saveInputStamps, type InputStamps, type StampClock } from '../cache/inputs.js';
import { statShare, type StatShare } from '../cache/stats.js';
import { planEdit, sameFiles, type Edit } from '../cache/edit.js';
import { readShellsIndex, writeShells, type ShellArticles, type ShellsBefore } from '../cache/shells.js';
import { bodyToParse, listedToParse } from '../parse/lean.js';
import { isMarkdownPath, loadMarkdownReader } from '../parse/index.js';
import { buildsGlobalFiles, inPartition } from '../partition/index.js';
import { fileHashes, FolderWriter, readAssets, recoverInPlaceCommits, refuseOutput, removeLeftovers, Staging, type Asset, type InPlaceChanges } from '../write.js';
import { writeFileAtomic } from '../atomic.js';
import type { IndexChanges } from '../search/index.js';
import type { SearchPlace } from '../search/records.js';
import type { ArticleRecord, Diagnostic } from '../types.js';

/** The folder inside staging an in-place rebuild writes the search index into, beside the staged pages (named `<sha1>.staged`). */
const SEARCH_STAGING = '.search';

/** More files to read, or pages to render, than this and a rebuild uses every render thread. */
const WIDEN_AT = 200;
/** At most this many files to read (some 0.2 ms each) and the build's own thread parses them. */
const PARSE_HERE = 16;

/** Phases in the order they run; the report carries milliseconds for each that ran. */
export type Phase = 'discover' | 'read' | 'parse' | 'index' | 'render' | 'write' | 'search' | 'feeds';

/** The report written to `<output>.report.json`. */
export interface BuildReport {
  status: 'built' | 'failed';
  input: string;
  output: string;
  files: number;
  articles: number;
  /** HTML pages and machine files (feeds, sitemaps, robots.txt) written. */
  pages: number;
  /** Static files copied from public/. */
  assets: number;
  warnings: number;
  errors: number;
  /** Every file that became an article, with the article's root-relative URL. */
  rendered: Record<string, string>;
  rejected: string[];
  ignored: string[];
  diagnostics: Diagnostic[];
  phases: Partial<Record<Phase, number>>;
  totalMs: number;
  /**
   * What the build cache saved: pages rendered, files reused from the
   * previous output without rendering, and rendered pages whose bytes came
   * out unchanged (linked rather than written).
   */
  cache?: { rendered: number; reused: number; unchanged: number };
  /**
   * Articles whose edit no other page shows, when the build rendered their
   * pages alone without loading the corpus (src/cache/edit.ts); absent otherwise.
   */
  edited?: number;
  /**
   * Input files parsed, and parse results taken from the record cache instead
   * (`<output>.cache/records.bin`), or, after edits (`edited`), from the previous build.
   */
  records?: { parsed: number; cached: number };
  /** Why the build failed, when it did. */
  failure?: string;
}

/** What the build needs from its surroundings, read once by `run`. */
export interface BuildContext {
  /** The news-archive package folder (holds public/). */
  packageRoot: string;
  pid: number;
  cwd: string;
  now: () => number;
  isAlive: (pid: number) => boolean;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Hash of the running code (src/, templates/, package and Node versions): part of every cache key. */
  codeVersion: string;
  /** Deletes a folder without waiting for it (the old output after a swap). */
  removeLater: (folder: string) => Promise<void>;
}

/** A one-line progress display on a terminal, shown only once a build has run a while. */
class Progress {
  private lastDraw = 0;
  private shown = false;
  constructor(
    private readonly enabled: boolean,
    private readonly ctx: BuildContext,
    private readonly started: number,
  ) {}

  update(phase: string, done: number, total: number): void {
    if (!this.enabled) return;
    const now = this.ctx.now();
    if (now - this.started < 1000 || (now - this.lastDraw < 100 && done < total)) return;
    this.lastDraw = now;
    this.shown = true;
    this.ctx.stderr(`\r\x1b[K${phase}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`);
  }

  clear(): void {
    if (this.shown) this.ctx.stderr('\r\x1b[K');
    this.shown = false;
  }
}

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'public'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`cannot find the news-archive package folder above ${from}`);
  }
}

export function findProjectRoot(from: string): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function run(args: string[]): Promise<number> {
  const cwd = process.cwd();
  const parsed = parseBuildArgs(args, {
    cwd,
    stderrIsTTY: process.stderr.isTTY === true,
    projectRoot: findProjectRoot(cwd),
    cores: availableParallelism(),
  });
  if (parsed.kind === 'help') {
    process.stdout.write(BUILD_USAGE);
    return 0;
  }
  if (parsed.kind === 'usage-error') {
    process.stderr.write(`news-archive build: ${parsed.message}\n${BUILD_USAGE}`);
    return 2;
  }
  return build(parsed.config, buildContext(cwd, path.dirname(fileURLToPath(import.meta.url))));
}

/** The real surroundings of a build: this process, its clock and its output streams. */
export function buildContext(cwd: string, moduleDir: string): BuildContext {
  const packageRoot = findPackageRoot(moduleDir);
  const packageVersion = (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version?: string }).version ?? '';
  return {
    packageRoot,
    // moduleDir is <root>/src/commands, compiled (dist/src/commands), bundled (dist/src/chunks, src/bundle.ts) or not.
    codeVersion: codeVersion(path.resolve(moduleDir, '..', '..'), packageVersion, process.version),
    removeLater: removeInBackground,
    pid: process.pid,
    cwd,
    now: () => performance.now(),
    isAlive,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
}

/**
 * Deletes a folder in a detached process, so the build can exit while some
 * 30,000 files and folders of the old output go. The folder is renamed
 * after that process (`deleting-<its pid>`, beside where it was) as soon as
 * it is started: a build that starts while it still runs leaves the folder
 * to it (removeLeftovers skips the leftovers of a process alive), where one
 * named after the build that left it, which has ended, was swept again by
 * the next build on its own thread (10,000 articles: a rebuild started
 * within the few seconds that deleting takes waited 1.2–1.3 s for it). If
 * that process dies, the next build removes what is left.
 */
async function removeInBackground(folder: string): Promise<void> {
  try {
    // Loaded here, as only a swap deletes an old tree (node:child_process took some 2 ms of every build's start).
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['-e', DELETE_SCRIPT, folder], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
    if (child.pid !== undefined) {
      try {
        renameSync(folder, path.join(path.dirname(folder), `deleting-${child.pid}`));
      } catch {
        // Left under its name: the process deletes it there.
      }
    }
  } catch {
    await rm(folder, { recursive: true, force: true, maxRetries: 3 });
  }
}

/**
 * The script of removeInBackground's process, given the folder: it deletes
 * the folder under the name the build gives it once the process has started
 * (renamed before this script runs), then under the name it was given (the
 * build could not rename it), then under the new name once more (renamed
 * while this script was deleting it under the old one).
 */
const DELETE_SCRIPT = `const fs = require('node:fs'), path = require('node:path');
const given = process.argv[1], mine = path.join(path.dirname(given), 'deleting-' + process.pid);
for (const folder of [mine, given, mine]) fs.rmSync(folder, { recursive: true, force: true, maxRetries: 3 });`;

/** The input-relative path of a diagnostic shown relative to the working directory. */
function shownDiagnostic(d: Diagnostic, config: BuildConfig, cwd: string): string {
  const file = path.relative(cwd, path.join(config.input, d.file)).split(path.sep).join('/');
  return formatDiagnostic({ ...d, file });
}

/** Runs a whole build with a parsed configuration. */
export async function build(config: BuildConfig, ctx: BuildContext): Promise<number> {
  const started = ctx.now();
  const phases: Partial<Record<Phase, number>> = {};
  const addTime = (phase: Phase, ms: number): void => {
    phases[phase] = (phases[phase] ?? 0) + ms;
  };
  const timed = async <T>(phase: Phase, task: () => Promise<T> | T): Promise<T> => {
    const t0 = ctx.now();
    try {
      return await task();
    } finally {
      addTime(phase, ctx.now() - t0);
    }
  };
  const progress = new Progress(config.progress, ctx, started);
  const fail = (message: string): number => {
    progress.clear();
    ctx.stderr(`news-archive build: ${message}\n`);
    return 2;
  };

  const refusal = refuseOutput(config.output, config.input, config.projectRoot);
  if (refusal !== null) return fail(refusal);
  if (!existsSync(config.input)) return fail(`input folder ${config.input} does not exist`);

  const site: SiteInfo = {
    title: config.title,
    basePath: config.basePath,
    siteUrl: config.siteUrl,
    language: 'en',
    search: config.search,
  };
  const version = buildVersion(ctx.codeVersion, site);
  const partition = config.partition;
  const assets = buildsGlobalFiles(partition) ? readAssets(path.join(ctx.packageRoot, 'public')) : [];
  const withSearch = config.search && buildsGlobalFiles(partition);
  const inputKey = (fingerprint: string): string =>
    sha1(JSON.stringify({ fingerprint, partition, assets: assets.map((a) => [a.path, a.hash]) }));

  // A rebuild killed while changing the output in place is rolled back before anything reads the output or its manifest.
  // The journal of a build still running (or of a process that took a killed build's id) means the
  // output may be half changed: then nothing of it is trusted, and this build swaps a new tree in.
  let unfinishedCommits: number;
  try {
    unfinishedCommits = recoverInPlaceCommits(config.output, ctx.pid, ctx.isAlive);
  } catch (error) {
    progress.clear();
    ctx.stderr(`news-archive build: failed: cannot roll back an interrupted build of ${config.output}: ${describeError(error)}\n`);
    return 1;
  }

  // The staging folder and the render threads, made below the nothing-changed check.
  let staging: Staging | null = null;
  let pool: RenderPool | null = null;
  // A rebuild's one render thread, started by the input check (below) before its staging folder is made.
  let earlyThread: RenderPool | null = null;
  const dropEarlyThread = async (): Promise<void> => {
    const thread = earlyThread;
    earlyThread = null;
    await thread?.close();
  };
  const release = async (): Promise<void> => {
    await dropEarlyThread();
    await pool?.close();
    pool = null;
    await staging?.abort().catch(() => undefined);
    staging = null;
  };
  // Over an output with a manifest, a rebuild usually reads and renders a few files: it starts
  // one thread, which loads the templates and not Eleventy (a job of more pages than a direct one
  // loads it then), and the others only when there turns out to be more to do (WIDEN_AT).
  // Whether a build left a manifest beside the output (under any code and settings): not, the first build over it.
  const builtBefore = config.cache && hasManifest(config.output);
  const fewToRender = builtBefore && unfinishedCommits === 0;
  if (!fewToRender) tuneForWholeBuild();
  /** The empty folder Eleventy is pointed at (all templates are virtual), inside staging. */
  const eleventyInputOf = (stagingDir: string): string => path.join(stagingDir, '.eleventy-input');

  // Nothing changed since the last build (same code, settings, input files and
  // assets, and an output nobody touched): the output already is what this
  // build would write, and the last report says what it holds. Nothing is parsed.
  // Its first line only: the files and the model are read once the build goes on.
  const head = config.cache && unfinishedCommits === 0 ? readManifestHead(config.output, version) : null;
  const previousReport = head === null ? null : savedReport(head.report, () => head.readModel());
  const checksInput = head !== null && head.complete && head.input !== null && previousReport !== null;
  // The thread of a rebuild that may render a few pages starts with it: once the input's folders are walked it looks at a
  // share of their files (shareStats, below), then checks the output's folders, loading nothing until the input check finds
  // a change (startThread); with nothing changed, this thread takes what it has not come to. With one job there is no
  // thread: startThread makes this thread's pool at the change, as it did the thread's.
  if (checksInput && fewToRender && config.jobs > 1) {
    const folder = Staging.folderOf(config.output, ctx.pid);
    earlyThread = createRenderPool(config.jobs, folder, new FolderWriter(folder), { startWith: 1, later: true });
  }
  // Whether nobody added, removed or renamed a file in the output since the manifest was written: asked at most once (some 14,000 stat calls at 10,000 articles).
  let untouched: Promise<boolean> | undefined;
  const checkOutputHere = (): boolean => head !== null && foldersUntouched(config.output, head.stamps);
  /** The check a rebuild's render thread was given (checkOutputOn), and its answer. */
  let shared: { check: FolderCheck; theirs: Promise<boolean> } | undefined;
  /** This thread's share of that check: the runs of folders the other thread has not taken yet; all of it here if that thread failed. */
  const checkShared = ({ check, theirs }: { check: FolderCheck; theirs: Promise<boolean> }): Promise<boolean> => {
    const here = checkFolders(check);
    return theirs.then((answer) => answer && here, checkOutputHere);
  };
  const outputUntouched = (): Promise<boolean> => (untouched ??= shared === undefined ? Promise.resolve(checkOutputHere()) : checkShared(shared));
  // Asked of a rebuild's render thread as soon as it starts (one loading the templates takes it up once they are loaded; the
  // thread started with the rebuild, before it loads anything: `first`, FolderCheck), so
  // that most of the answer is ready when this thread, reading and planning meanwhile, needs it: this thread then checks
  // the folders that thread has not come to.
  const checkOutputOn = (thread: RenderPool, first = false): void => {
    if (head === null || untouched !== undefined || shared !== undefined) return;
    const check = folderCheck(config.output, head.stamps);
    const theirs = thread.untouched(check, first);
    theirs.catch(() => undefined);
    shared = { check, theirs };
  };
  // Input files whose stamp is unchanged since the last build are not read to learn their digest.
  const stampedAt: StampClock = config.cache ? markStampTime(config.output) : { since: 0 };
  const previousStamps = config.cache ? readInputStamps(config.output) : null;
  /**
   * Records `files`' stamps as taken by this build; only an optimisation, so a failure is ignored. Where they differ
   * from the stored ones for a few files only, those few go beside them as recent stamps (saveInputStamps).
   */
  const saveStamps = (files: InputStamps['files']): Promise<void> =>
    timed('write', () => saveInputStamps(config.output, { ...stampedAt, files }, previousStamps, ctx.pid)).catch(() => undefined);
  /** What the check below learnt of the input: the loader then reads only what it must parse. */
  let known: InputState | undefined;
  // A rebuild's render thread loads the templates as soon as the input check finds the input changed: another number of
  // files than the last build's once the folders are walked, else the first changed file. The templates take longer to load than the
  // rest of the check and an edit's planning together (src/cache/edit.ts; interleaved, ten edits each at
  // 10,000 articles: 1.49 s with the thread started after the check, 1.21 s with it started at the first
  // changed file); a rebuild after an added article has its thread check the output and load the templates
  // while this one reads and plans (10,000 articles, 10 interleaved pairs each: 0.79 → 0.71 s on a RAM disk,
  // 0.87 → 0.81 s on disk, with the thread started after the check). The thread itself starts with the rebuild (below),
  // so that it has started when the change is found: 10,000 articles on a RAM disk, 8 interleaved edits 231.5 →
  // 219.5 ms; 10 rebuilds that find nothing changed 187.5 and 190.5 ms, 10 after an added article 271 and 273.5 ms.
  const mayEdit = head !== null && head.complete && !withSearch && partition.kind === 'all' && head.patches < MAX_PATCHES;
  const startThread = (listing: InputListing): void => {
    // Many files more than the last build had (a day's dispatches): pages enough for Eleventy's jobs, which the thread loads now.
    const many = previousReport !== null && listing.found.candidates.length - previousReport.files > WIDEN_AT;
    // Files added or gone: the build's own passes over the archive are what the rebuild waits for (tuneForRebuild).
    const filesChanged = previousReport === null || !sameFiles(listing, previousReport);
    if (filesChanged) tuneForRebuild();
    if (earlyThread !== null) return earlyThread.load(many ? 'eleventy' : 'templates');
    const folder = Staging.folderOf(config.output, ctx.pid);
    const thread = createRenderPool(config.jobs, folder, new FolderWriter(folder), { startWith: 1, direct: !many });
    earlyThread = thread;
    checkOutputOn(thread);
  };
  // The input's files, once walked: a share of them for the thread started with the rebuild (src/cache/stats.ts), which then checks
  // the output's folders, before it loads anything. Given to the input check only with that thread (with one job, none:
  // this thread looks at every file).
  const shareStats = (thread: RenderPool) => (paths: readonly string[]): StatShare => {
    const share = statShare(paths);
    thread.stats(share);
    checkOutputOn(thread, true);
    return share;
  };
  if (checksInput) {
    let same = false;
    try {
      const checking = ctx.now();
      known = await inputFingerprint(config.input, previousStamps, fewToRender ? startThread : undefined, previousReport.files, earlyThread === null ? undefined : shareStats(earlyThread));
      // The walk is `discover`; looking at each file, and reading those whose stamp changed, is `read`.
      addTime('discover', known.discoverMs);
      addTime('read', ctx.now() - checking - known.discoverMs);
      // The report's articles come from the model line: it must be whole.
      same = inputKey(known.fingerprint) === head.input && (await outputUntouched()) && head.readModel() !== null;
    } catch {
      same = false;
    }
    const saved = previousReport;
    if (same && !(config.strict && saved.errors > 0)) {
      await release();
      removeLeftovers(config.output, ctx.pid, ctx.isAlive);
      // Files whose stamps could not be trusted (written just before the last build took its stamps, or
      // touched since) were read again: their stamps, taken now, spare the next build reading them.
      if (known !== undefined && known.read > 0) await saveStamps(known.stamps);
      const report: BuildReport = {
        status: 'built',
        input: config.input,
        output: config.output,
        ...saved,
        phases,
        totalMs: 0,
        cache: { rendered: 0, reused: saved.pages, unchanged: 0 },
      };
      return finishBuild(config, ctx, report, progress, started, 0);
    }
  }

  const archiveOptions: ArchiveOptions = {
    site,
    homeLatest: config.homeLatest,
    feedSize: config.feedSize,
    placePageSize: config.placePageSize,
    sitemapLimit: config.sitemapLimit,
  };
  const settings = modelSettingsDigest(version, archiveOptions, partition);

  /**
   * Builds the edit this rebuild is, or answers null, having changed nothing,
   * when it is none. Asked only when files changed and none was added or
   * removed. Its thread starts loading the templates first, while this one
   * reads the model, parses the edited files and checks that nobody touched
   * the output (some 14,000 `stat` calls at 10,000 articles): the templates
   * take longer to load than all of that (interleaved, ten edits each at
   * 10,000 articles: 1.32 s with the thread started after the edit was
   * planned, 1.02 s before). A change that turns out no edit (a headline
   * edited, say) has loaded them for nothing, on the other core, before the
   * build goes the whole way.
   */
  const tryEdit = async (manifest: PreviousOutput, input: InputState, saved: SavedReport, previousInput: string): Promise<number | null> => {
    let editStaging: Staging | null = null;
    let editPool: RenderPool | null = null;
    // Not an edit: the thread goes on to render the rebuild's pages.
    let handBack = false;
    try {
      editStaging = Staging.create(config.output, ctx.pid, ctx.isAlive);
      editPool = earlyThread ?? createRenderPool(config.jobs, editStaging.dir, editStaging.writer, { startWith: 1, direct: true });
      earlyThread = null;
      const model = manifest.readModel();
      const edit = model && (await timed('parse', () => planEdit({ output: config.output, input, model, previousInput, report: saved, inputKey, settings })));
      const errors = edit?.diagnostics.filter((d) => d.severity === 'error').length ?? 0;
      // Not an edit: the staging folder goes (below), the thread renders the rebuild's pages, and the build goes the whole way.
      if (!edit || (config.strict && errors > 0) || !(await outputUntouched())) {
        handBack = true;
        return null;
      }
      // Every file's stamp, the edited files' new ones with them, written while the thread loads the templates: the next build trusts them.
      await saveStamps(input.stamps);
      const report: BuildReport = {
        status: 'failed',
        input: config.input,
        output: config.output,
        ...saved,
        diagnostics: edit.diagnostics,
        errors,
        warnings: edit.diagnostics.filter((d) => d.severity === 'warning').length,
        phases,
        totalMs: 0,
        edited: edit.pages.length,
        records: { parsed: edit.pages.length, cached: saved.files - edit.pages.length },
      };
      try {
        const at = { output: config.output, site, version, pid: ctx.pid, input: inputKey(input.fingerprint), report: savedPart(report), listingOf: listingsByUrl(() => model.urls.map((url, i) => ({ url, listing: model.listings[i]! }))), timed };
        report.cache = await commitEdit(edit, manifest, editStaging, editPool, at);
        editStaging = null;
        report.status = 'built';
        return await finishBuild(config, ctx, report, progress, started, 0);
      } catch (error) {
        report.failure = describeError(error);
        progress.clear();
        ctx.stderr(`news-archive build: failed: ${report.failure}\n`);
        return await finishBuild(config, ctx, report, progress, started, 1);
      }
    } finally {
      if (handBack) earlyThread = editPool;
      else await editPool?.close();
      await editStaging?.abort().catch(() => undefined);
    }
  };

  // A few articles edited in ways no other page shows: their pages are all that change (src/cache/edit.ts).
  if (mayEdit && known !== undefined && head.input !== null && previousReport !== null) {
    const saved = previousReport;
    const edited = sameFiles(known.listing, saved) ? await tryEdit(head, known, saved, head.input) : null;
    if (edited !== null) return edited;
  }

  // Made now (a rebuild's one thread, loading the templates for its few pages' direct job, renderSite, as
  // soon as the input check found a change), so the threads load Eleventy while this thread reads the
  // manifest and the input, and parses. Not before: a build that finds nothing changed would only pay for
  // a thread loading Eleventy on the other core (measured: 0.40–0.44 s with it, 0.31–0.34 s without,
  // 10,000 articles; the templates alone, started before the check: 0.28 → 0.32 s, 10 pairs).
  if (config.strict) await dropEarlyThread();
  else {
    try {
      staging = Staging.create(config.output, ctx.pid, ctx.isAlive);
      // The thread the input check started, or a new one.
      pool = earlyThread ?? createRenderPool(config.jobs, staging.dir, staging.writer, fewToRender ? { startWith: 1, direct: true } : {});
      earlyThread = null;
      if (fewToRender) checkOutputOn(pool);
    } catch {
      // Reported below, where the build makes its staging folder again and fails with the reason.
      await release();
    }
  }
  // The previous build's files and model (null when that part of its manifest is damaged: then nothing is reused).
  const before = head?.read() ?? null;
  // Files to parse: a few here at once rather than wait for a thread still loading Eleventy, more in the threads.
  const readers = pool;
  const reader =
    readers === null
      ? undefined
      : (files: FileToRead[], onPart?: OnPart): Promise<FileOutcome[]> => {
          if (files.length <= PARSE_HERE) return readFiles(files);
          if (files.length > WIDEN_AT) readers.widen();
          return readers.read(files, onPart);
        };
  // A few files added, changed or removed since a build under the same settings: the model is made from that
  // build's listings and the changed files, and only the records of the pages rendered again are read (src/cache/listings.ts).
  const previousModel = before?.model ?? null;
  // Every build of the whole archive with the cache keeps its listings for the next one.
  const keepsListings = config.cache && partition.kind === 'all';
  const listed: Corpus | null =
    keepsListings && known !== undefined && head?.input != null && previousReport !== null && previousModel?.settings === settings
      ? await timed('parse', () =>
          listedCorpus({
            output: config.output,
            input: known!,
            model: previousModel,
            report: previousReport,
            previousDigest: (file) => previousStamps?.files.get(file)?.digest,
            wasInput: (fingerprint) => inputKey(fingerprint) === head.input,
            reader: reader ?? readFiles,
          }),
        ).catch(() => null)
      : null;
  // The record cache's module (with node:zlib) loaded where it is read or written: a rebuild from the listings, as most are, does neither.
  const recordCache = (): Promise<typeof import('../cache/records.js')> => import('../cache/records.js');
  const records = config.cache && listed === null ? await (await recordCache()).readRecordCache(config.output, ctx.codeVersion) : null;
  // Where the previous build placed its articles, under the same code and settings: the days no change touched keep their URLs.
  const placedBefore =
    before?.model != null && before.model.settings === settings && previousReport !== null
      ? { articles: before.model.articles, duplicates: new Set(previousReport.diagnostics.flatMap((d) => (d.rule === 'duplicate-article' ? [d.file] : []))) }
      : undefined;
  let corpus: Corpus;
  try {
    // The loader discovers, reads and parses in one pass (loaderPhases tells its phases apart).
    // Files whose bytes and path are in the record cache are not parsed again.
    // The render threads read and parse, a share each, while they load Eleventy.
    if (listed !== null) corpus = listed;
    else {
      const loading = ctx.now();
      const timing: LoadTiming = { discover: 0, read: 0, parse: 0 };
      corpus = await loadCorpus(config.input, {
        timing,
        ...(records === null ? {} : { records }),
        ...(records !== null && known ? { known: known.stamps } : {}),
        ...(known ? { listing: known.listing } : {}),
        previous: previousStamps,
        ...(placedBefore === undefined ? {} : { placed: placedBefore }),
        ...(reader === undefined ? {} : { reader }),
      });
      for (const [phase, ms] of loaderPhases(ctx.now() - loading, timing)) addTime(phase, ms);
    }
  } catch (error) {
    await release();
    return fail(error instanceof Error ? error.message : String(error));
  }
  const errors = corpus.diagnostics.filter((d) => d.severity === 'error');
  const warnings = corpus.diagnostics.filter((d) => d.severity === 'warning');

  const report: BuildReport = {
    status: 'failed',
    input: config.input,
    output: config.output,
    files: corpus.files.length,
    articles: corpus.articles.length,
    pages: 0,
    assets: 0,
    warnings: warnings.length,
    errors: errors.length,
    // Made when first asked for (below, or by the report on any other way out).
    rendered: {},
    rejected: corpus.rejected,
    ignored: corpus.ignored,
    diagnostics: corpus.diagnostics,
    phases,
    totalMs: 0,
    // The loader's own counts, which go on changing: a file whose body the record cache holds
    // damaged is parsed again when a page first reads it (parseAgain in src/corpus.ts).
    ...(corpus.parsing ? { records: corpus.parsing } : {}),
  };
  renderedWhenAsked(report, corpus.articles);
  const finish = (status: number): Promise<number> => finishBuild(config, ctx, report, progress, started, status);
  // Built: the report is written while the render threads stop (some 2.5 ms at the end of a rebuild), which the output no longer waits for.
  const finishWhileClosing = async (closing: Promise<void>): Promise<number> => {
    const status = await finish(0);
    await closing.catch(() => undefined);
    return status;
  };
  // The record cache holds this input's parse results, rewritten once enough of them changed.
  const saveRecords = async (): Promise<void> => {
    const parses = corpus.parses;
    if (config.cache && corpus.stamps !== undefined) await saveStamps(corpus.stamps);
    if (records === null || parses === undefined) return;
    // The first build of the whole archive over an output (no manifest beside it) writes none. The rebuilds
    // that follow one take their model from the listings it keeps and read no record (src/cache/listings.ts).
    // The cache serves a build that goes the whole way over an output, and the first such build parses every
    // file and writes it: an import of more than LISTED_LIMIT files, or new settings, though a change that
    // renders every page again (title, base path, site URL, search) parses every wire file with the cache or
    // without, since it keeps no wire body. A partition keeps no listings: its first build writes the cache.
    // 10,000 articles, interleaved clean builds on a RAM disk, two sets of 8 pairs: 2.704 → 2.596 s and
    // 2.648 → 2.580 s, CPU 4.88 → 4.73 and 4.85 → 4.70 s; the first build that goes the whole way after
    // one (nothing to render) then takes 2.08–2.26 s rather than 1.41–1.49 s, once.
    if (!builtBefore && keepsListings) return;
    // Left as it is while few of its entries are stale and few files were parsed: the next build
    // parses those few again (some 40 µs each) rather than this one rewriting every entry
    // (~0.1 s at 10,000); a stale entry is never used, since its key names other bytes.
    let stale = 0;
    for (const key of records.keys()) if (!parses.has(key)) stale++;
    const parsed = corpus.parsing?.parsed ?? parses.size;
    if (stale + parsed <= Math.max(16, parses.size / 200)) return;
    // Only an optimisation: a cache that cannot be written leaves the next build to parse everything.
    await timed('write', async () => (await recordCache()).writeRecordCache(config.output, ctx.codeVersion, parses, ctx.pid)).catch(() => undefined);
  };

  if (config.strict && errors.length > 0) {
    report.failure = `${errors.length} error${errors.length === 1 ? '' : 's'} under --strict; nothing was written`;
    await release();
    return finish(1);
  }
  const onSignal = (signal: NodeJS.Signals): void => {
    // Leave the previous site as it was; the staging folder goes with us.
    void release().finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (staging === null) staging = Staging.create(config.output, ctx.pid, ctx.isAlive);
    if (pool === null) pool = createRenderPool(config.jobs, staging.dir, staging.writer);
    const renderPool: RenderPool = pool;
    const digests = corpus.digests ?? new Map<string, string>();
    const digestOf = (source: string): string | undefined => digests.get(source);
    // What the keys are computed from (their list entries read its listing digests), and for the next build.
    let model: ModelState | undefined;
    // The model's places (Archive.places), once it has named them.
    let modelPlaces: readonly PlaceRef[] = [];
    // The model's listings, in its order, once it is made (modelAndPlan).
    let modelListings: readonly ArticleListing[] = [];
    const modelStateNow = (): ModelState => (model ??= modelState(settings, corpus.articles, digestOf, previousModel, modelPlaces, modelListings, corpus.listedFrom));
    const listingOf = listingsInOrder(() => modelListings, modelStateNow);
    // The listings the previous build's model had, which writeListings keeps a slice at a time where they are this model's.
    const listingsBefore = (): ListingsBefore | undefined => {
      if (previousModel === null) return undefined;
      return { token: modelToken(previousModel), sources: [...previousModel.articles.keys()], same: sameListing(previousModel, modelStateNow()) };
    };
    // The pages that keep their previous key without being keyed again: with the previous build's model,
    // those that show nothing changed since (keptKeys; corpus.articles are in the model's order).
    let kept: KeptKeys | null = null;
    const keptNow = (): KeptKeys | null => (previousModel === null ? null : (kept ??= keptKeys(previousModel, modelStateNow(), corpus.articles)));
    // The previous output's files that may be linked or left in place (fewer when it was touched by hand: below).
    let previous = before === null ? null : { dir: config.output, files: before.files };
    // A rebuild over a complete output leaves out of the model the months whose pages all keep their key, and takes
    // their files as they are (ArchiveOmission), when the shells of the previous model are there to keep theirs; with
    // search, which keeps no shells (edits are for builds without it), there are none to keep.
    const shellsKept = config.cache && !withSearch && partition.kind === 'all';
    // Their index, read once: for the omission, and for writing the shells again.
    const shellsIndex = shellsKept ? readShellsIndex(config.output) : null;
    const mayOmit =
      before !== null &&
      before.complete &&
      previousModel !== null &&
      previousModel.settings === settings &&
      (shellsKept ? shellsIndex !== null && shellsIndex.token === modelToken(previousModel) : config.cache && withSearch && partition.kind === 'all');
    let keptFiles: KeptFiles = { paths: [], files: [] };
    const omission: ArchiveOmission = {
      omit: (places, years) => {
        modelPlaces = places;
        const kept = keptNow();
        const whole = kept?.wholePlaces(places.map((place) => place.slug)) ?? new Set<string>();
        const placePages = new Map<string, number>();
        if (kept !== null) {
          for (const { slug } of places) {
            const count = whole.has(slug) ? 0 : kept.placePagesKept(slug, archiveOptions.placePageSize);
            if (count > 0) placePages.set(slug, count);
          }
        }
        const left = {
          months: kept?.wholeMonths() ?? new Set<string>(),
          places: whole,
          years: kept?.wholeYears(years) ?? new Set<string>(),
          placePages,
        };
        keptFiles = filesLeftOut(before!.files, left);
        return left;
      },
    };
    /** The model, and the plan of the pages it makes; with `omit`, leaving out the months, places and years whose pages keep their key. */
    const modelAndPlan = async (omit: boolean): Promise<{ archive: Archive; plan: SitePlan }> => {
      keptFiles = { paths: [], files: [] };
      const archive = await timed('index', () => buildArchive(corpus.articles, archiveOptions, omit ? omission : undefined, corpus.parts));
      modelPlaces = archive.places;
      modelListings = archive.listings;
      const keeps = await timed('index', keptNow);
      const plan = await timed('render', () =>
        planSite({
          pages: archive.pages.filter((page) => inPartition(page, partition)),
          machineFiles: archive.machineFiles.filter((page) => inPartition(page, partition)),
          version,
          digestOf,
          listingOf,
          previous,
          kept: keeps,
          keptFiles,
        }),
      );
      return { archive, plan };
    };
    const made = await modelAndPlan(mayOmit);
    // Let go once rendered: at 100,000 articles the model is hundreds of MB the search step does not need.
    let archive: Archive | null = made.archive;
    let plan: SitePlan | null = made.plan;
    // The search index files each article under the site's place: its listing's, as the model names it (the
    // place its page shows), from the listings, since the model may have left its page out (ArchiveOmission).
    const places = new Map<string, SearchPlace | null>();
    if (withSearch) {
      const refs = new Map(archive.places.map((ref) => [ref.slug, ref]));
      for (const listing of archive.listings) {
        const slug = placeSlugOf(listing);
        const ref = slug === null ? undefined : refs.get(slug);
        places.set(listing.url, ref === undefined ? null : { name: ref.name, url: ref.url });
      }
    }
    report.pages = plannedFiles(plan);
    if (plan.toRender.length + plan.machineToRender.length > WIDEN_AT) renderPool.widen();
    // Many pages of articles from the record cache, which keeps no wire body, or from the listings, to render
    // again (under a new title, say): their files are parsed in the render threads, as a full build's are, not one by one here.
    const supplyPlanBodies = async (pages: readonly OutputPage[]): Promise<void> => {
      const bodiesToParse = pages.flatMap((page) => (page.kind === 'article' && (bodyToParse(page.article) || listedToParse(page.article)) ? [page.article] : []));
      // A listed Markdown record is parsed again here when its page is handed out, and its parser loads asynchronously.
      if (bodiesToParse.some((article) => listedToParse(article) && isMarkdownPath(article.source))) await loadMarkdownReader();
      if (bodiesToParse.length > WIDEN_AT) await timed('parse', () => supplyBodies(config.input, corpus, bodiesToParse, (files) => renderPool.read(files)));
    };
    await supplyPlanBodies(plan.toRender);
    report.assets = assets.length;

    // Nothing changed: the output already is what this build would write. Leave it alone.
    if (before !== null && before.complete && !withSearch && unchangedSite(plan, assets, before.files) && (await outputUntouched())) {
      await release();
      await saveRecords();
      // Written unless there already (as after any build that changed the model): a later rebuild makes its model from them.
      if (keepsListings) await writeListings(config.output, modelToken(modelStateNow()), archive.listings, archive.parts, ctx.pid, listingsBefore()).catch(() => undefined);
      report.cache = { rendered: 0, reused: plan.reuse.length, unchanged: 0 };
      report.status = 'built';
      return await finish(0);
    }

    // Few files change and the previous output is exactly what its manifest lists: change it in place.
    // With search, the index's own changes are worked out once it is written (indexChanges), and join these.
    const inPlace = before !== null ? await timed('write', () => inPlaceChanges(plan!, assets, before, outputUntouched, withSearch)) : null;
    // Touched by hand since the last build (a file added, removed or renamed, or another renamed over it): the files of the
    // folders touched may not be what the manifest lists, so the new tree renders them rather than link them.
    const touchedByHand = inPlace === null && previous !== null && !(await outputUntouched());
    if (touchedByHand) previous = { dir: config.output, files: filesOutside(before!.files, touchedFolders(config.output, before!.stamps)) };
    // A new tree links the files it keeps from the previous output, and renders any gone from there: it needs every page.
    if (inPlace === null && (archive.omitted.size > 0 || archive.omittedPlaces.size > 0 || archive.omittedYears.size > 0 || archive.omittedPlacePages.size > 0 || touchedByHand)) ({ archive, plan } = await modelAndPlan(false));
    if (touchedByHand) await supplyPlanBodies(plan.toRender);
    // A swap links every reused file into the new tree: file-system work the threads share; and renders any pages touched by hand.
    if (inPlace === null && (plan.reuse.length > WIDEN_AT || plan.toRender.length + plan.machineToRender.length > WIDEN_AT)) renderPool.widen();

    const eleventyInput = eleventyInputOf(staging!.dir);
    mkdirSync(eleventyInput, { recursive: true });
    // Every article page but its record, for a later rebuild after edits (src/cache/shells.ts); only where one can use them.
    const shellPages = shellsKept ? shellArticles(archive) : null;
    // And every article's listing, for a later rebuild after a few files changed (src/cache/listings.ts).
    const listings = archive.listings;
    const parts = archive.parts;
    archive = null;
    const rendering = renderSite({
      site,
      plan,
      pool: renderPool,
      eleventyInput,
      jobs: config.jobs,
      batchSize: config.batchSize,
      timed,
      onProgress: (done, total) => progress.update('rendering pages', done, total),
      ...(inPlace !== null ? { inPlace: true } : {}),
    });
    // Written while the render threads work (renderSite has handed them their first jobs), when this thread is otherwise idle.
    const savingRecords = saveRecords();
    const state = modelStateNow();
    // Written again only when the model changed; a cache that cannot be written only leaves the next edit to build the whole way.
    // A shell is part of its page, so a page whose key is unchanged (one not rendered) has the shell it had: its slice may be copied.
    // The set of rendered pages is made only where slices may be copied (not in a full build, where every page renders).
    const shellsBefore = shellPages === null || previousModel === null || previous === null ? undefined : shellsKeptFrom(modelToken(previousModel), plan.toRender);
    const savingShells = shellPages !== null ? writeShells(config.output, modelToken(state), shellPages, ctx.pid, shellsBefore, shellsIndex).catch(() => undefined) : null;
    // The same for the listings, with a search index or without.
    const savingListings = keepsListings ? writeListings(config.output, modelToken(state), listings, parts, ctx.pid, listingsBefore()).catch(() => undefined) : null;
    // The manifest's input hash, report and model, made once those are written and while the threads still render: the commit waits only for the rest.
    // A corpus made from the listings has the input the check saw (its files, digests and entries skipped): the fingerprint is the check's.
    // Changed in place under a manifest that takes a patch line, the model goes in as its changes since the model the manifest describes.
    const patching = inPlace !== null && head !== null && head.patches < MAX_PATCHES;
    const drafting = config.cache
      ? Promise.all([savingRecords, savingShells, savingListings]).then(() =>
          draftManifest({ input: inputKey(corpus === listed ? known!.fingerprint : corpusFingerprint(corpus)), report: storedReport(report), model: state }, patching),
        )
      : null;
    // Awaited below unless the render fails first.
    drafting?.catch(() => undefined);
    // The caches and the draft (which waits for them; without the cache there is only the stamps' write) are made before
    // this thread takes render jobs, while the other threads render (RenderPool.holdWhile): 10,000 articles, 8 interleaved
    // clean builds on a RAM disk, 2.795 → 2.696 s, CPU 5.12 → 4.94 s (with the keys' hold in renderSite).
    renderPool.holdWhile(drafting ?? savingRecords);
    // The report's URL of every article, made once the caches and the draft are (in a rebuild of a few pages, while
    // this thread would otherwise wait for the render's answer) rather than before the model (some 4.5 ms at 10,000).
    await (drafting ?? savingRecords).catch(() => undefined);
    void report.rendered;
    const result = await rendering;
    plan = null;
    // The threads stop while this one writes and commits, on the other core; with search, before Pagefind's processes
    // start, since their heaps are memory those need.
    const closing = renderPool.close();
    closing.catch(() => undefined);
    if (withSearch) await closing;
    report.cache = { rendered: result.rendered, reused: result.reused, unchanged: result.unchanged };
    await timed('write', async () => {
      // Synchronous, as the caches are (src/atomic.ts): the folder is empty, and each step of an asynchronous removal
      // came back only when this thread next turned its event loop.
      rmSync(eleventyInput, { recursive: true, force: true });
      if (inPlace === null) staging!.writeAssets(assets);
      else staging!.writeAssetsFlat(inPlace.assets);
    });
    for (const asset of assets) result.files.set(asset.path, { key: null, hash: asset.hash });

    if (withSearch) {
      // The search index is built from the records (src/search), filed under the site's places.
      // Loaded only here: a build without search never loads Pagefind.
      const { buildSearchIndex, indexChanges, reusedFiles, searchLanes } = await import('../search/index.js');
      // A listed Markdown record is parsed again when its shard is indexed, and its parser loads asynchronously.
      if (corpus.articles.some((article) => listedToParse(article) && isMarkdownPath(article.source))) await loadMarkdownReader();
      const searchRecordKey = (article: ArticleRecord): string | undefined => {
        const digest = digests.get(article.source);
        return digest === undefined ? undefined : JSON.stringify([ctx.codeVersion, digest, article.source, article.url, places.get(article.url) ?? null]);
      };
      // Changed in place, the output keeps the shards that are reused as they are: the shards indexed anew
      // and the manifest are written beside the staged pages, and those of their files that changed go in.
      const searchDir = inPlace !== null ? path.join(staging!.dir, SEARCH_STAGING) : staging!.dir;
      const index = await timed('search', () =>
        buildSearchIndex(corpus.articles, searchDir, {
          basePath: site.basePath,
          placeOf: (article) => places.get(article.url) ?? null,
          // Shards whose records are unchanged are linked from the previous output, not indexed again:
          // a record is a function of the code, its source's bytes and path, its URL and its place.
          // The shards' hashes are made from the keys with the cache or without, so `shards.json` is the same either way.
          recordKeyOf: searchRecordKey,
          // Shards indexed at once, each in a Pagefind process of its own, as the pages were rendered on every core.
          lanes: searchLanes(config.jobs, freemem()),
          ...(config.cache ? { reuseFrom: config.output } : {}),
          onShard: (_shard, done, total) => progress.update('search index', done, total),
          ...(inPlace !== null ? { linkReused: false } : {}),
        }),
      );
      // The previous output's index, as its manifest lists it (relative to `pagefind/`).
      const indexBefore = new Map<string, string>();
      for (const [rel, file] of before?.files ?? []) if (rel.startsWith('pagefind/')) indexBefore.set(rel.slice('pagefind/'.length), file.hash);
      if (inPlace !== null) {
        // A file written again with the bytes the manifest lists is left in place when the output's copy is as long (a stat of each).
        const whole = (rel: string): boolean => sameLength(path.join(config.output, 'pagefind', rel), path.join(searchDir, 'pagefind', rel));
        inPlace.index = await timed('search', () => indexChanges(index, fileHashes(path.join(searchDir, 'pagefind')), indexBefore, whole));
        for (const [rel, hash] of inPlace.index.files) result.files.set(`pagefind/${rel}`, { key: null, hash });
        for (const rel of [...inPlace.index.add, ...inPlace.index.replace]) staging!.stageFile(`pagefind/${rel}`, path.join(searchDir, 'pagefind', rel));
      }
      // Listed in the manifest like every other file, so that a rebuild that finds nothing changed leaves the output alone.
      // A shard linked from the previous output holds its files, which keep the hashes its manifest lists, as linked pages do.
      else if (config.cache) {
        const linked = reusedFiles(index, indexBefore);
        await timed('search', () => {
          for (const [rel, hash] of fileHashes(path.join(staging!.dir, 'pagefind'), (rel) => linked.get(rel))) result.files.set(`pagefind/${rel}`, { key: null, hash });
        });
      }
    }

    if (inPlace !== null && before !== null) {
      // Rendered pages with new bytes and changed assets replace or join the output's files; pages gone go; and so do the index's.
      const written = [...result.written, ...inPlace.assets.map((a) => a.path)];
      const index = inPlace.index;
      const ofIndex = (rels: readonly string[] | undefined): string[] => (rels ?? []).map((rel) => `pagefind/${rel}`);
      const changes: InPlaceChanges = {
        add: [...written.filter((rel) => !before.files.has(rel)), ...ofIndex(index?.add)],
        replace: [...written.filter((rel) => before.files.has(rel)), ...ofIndex(index?.replace)],
        remove: [...inPlace.remove, ...ofIndex(index?.remove)],
      };
      const draft = await drafting!;
      // The manifest takes a patch line (the files whose entry changed, those gone, and the model's changes or the model line
      // anew) while it holds fewer than MAX_PATCHES; then it is written whole, every file's entry again.
      const patch = patching ? inPlacePatch(before.files, result.files, changes.remove, draft) : null;
      await timed('write', () =>
        staging!.commitInPlace(ctx.pid, changes, (touched) => {
          const stamps = restampTouched(config.output, before.stamps, touched, ctx.pid, { added: changes.add, removed: changes.remove });
          if (patch !== null) head!.writePatchedDraft(stamps, draft, patch, ctx.pid);
          else writeManifestInPlace(config.output, version, result.files, stamps, ctx.pid, draft);
        }),
      );
      staging = null;
      pool = null;
      report.status = 'built';
      return await finishWhileClosing(closing);
    }

    // The manifest names the staging folder, which the swap renames into place, and lists every file it holds.
    if (drafting !== null) {
      const draft = await drafting;
      await timed('write', () => writeManifest(config.output, staging!.dir, version, result.files, ctx.pid, draft));
    }
    await timed('write', () => staging!.commit(ctx.pid, ctx.removeLater));
    staging = null;
    pool = null;
    report.status = 'built';
    return await finishWhileClosing(closing);
  } catch (error) {
    await release();
    report.failure = describeError(error);
    progress.clear();
    ctx.stderr(`news-archive build: failed: ${report.failure}\n`);
    return finish(1);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * A load's time (`elapsed`, on the build's thread) as phases: the walk of
 * the input folder is `discover`; the rest, in which each thread reads and
 * parses its files one by one, is split between `read` and `parse` in the
 * proportion of the time the threads spent on each (LoadTiming), placing the
 * articles counted with `parse`.
 */
export function loaderPhases(elapsed: number, timing: LoadTiming): [Phase, number][] {
  const discover = Math.min(timing.discover, elapsed);
  const rest = elapsed - discover;
  const spent = timing.read + timing.parse;
  const read = spent > 0 ? rest * (timing.read / spent) : 0;
  return [
    ['discover', discover],
    ['read', read],
    ['parse', rest - read],
  ];
}

/** Whether two files are as long as each other (false when either cannot be read). */
function sameLength(a: string, b: string): boolean {
  try {
    return statSync(a).size === statSync(b).size;
  } catch {
    return false;
  }
}

/**
 * Whether the previous output, as its manifest lists it, is exactly what this
 * build would write: every page's key unchanged, the same assets, no file more or less.
 */
function unchangedSite(plan: SitePlan, assets: readonly Asset[], previous: Map<string, CachedFile>): boolean {
  if (plan.toRender.length > 0 || plan.machineToRender.length > 0) return false;
  if (previous.size !== plan.reuse.length + assets.length) return false;
  return !assets.some((asset) => assetChanged(asset, previous));
}

/** Whether the previous output lacks `asset` or holds other bytes under its path. */
function assetChanged(asset: Asset, previous: Map<string, CachedFile>): boolean {
  const file = previous.get(asset.path);
  return file === undefined || file.key !== null || file.hash !== asset.hash;
}

/**
 * The manifest's patch for an output changed in place from files `before`
 * to files `now` (every file of each, with its key and hash) by removing
 * `removed`: the entries that are new or changed, the files gone, and the
 * model's changes (`draft` holds them, ManifestDraft) or else the model line
 * written anew.
 */
function inPlacePatch(before: ReadonlyMap<string, CachedFile>, now: ReadonlyMap<string, CachedFile>, removed: readonly string[], draft: ManifestDraft): ManifestPatch {
  const files: ManifestPatch['files'] = { paths: [], keys: [], hashes: [] };
  now.forEach((file, rel) => {
    const was = before.get(rel);
    if (was === file || (was !== undefined && was.key === file.key && was.hash === file.hash)) return;
    files.paths.push(rel);
    files.keys.push(file.key);
    files.hashes.push(file.hash);
  });
  const model = draft.model === null && draft.changes !== undefined ? { articles: draft.changes } : { model: true as const };
  return { files, ...(removed.length > 0 ? { removed: [...removed] } : {}), digests: { sources: [], digests: [] }, ...model };
}

/** Most files an in-place commit changes: above it, rendering a new tree and swapping it in costs about the same. */
export function inPlaceLimit(files: number): number {
  return Math.max(200, Math.floor(files / 10));
}

/** What an in-place commit changes besides the pages rendered: assets, files gone, and with search the index's files. */
interface InPlacePlan {
  assets: Asset[];
  remove: string[];
  /** The changes to the search index (`pagefind/`), once it is written. */
  index?: IndexChanges;
}

/**
 * What an in-place commit would change, or null when the build must swap a
 * new tree in: the previous output must be complete and untouched (exactly
 * the files its manifest lists), and the pages to render, assets changed and
 * files gone must be few (inPlaceLimit). With `search`, the files of the
 * index are left to the index's own changes, worked out once it is written
 * (indexChanges) and not counted here: rebuilt as a new tree, the index would
 * be linked file by file all the same.
 */
async function inPlaceChanges(plan: SitePlan, assets: readonly Asset[], before: PreviousBuild, untouched: () => Promise<boolean>, search: boolean): Promise<InPlacePlan | null> {
  if (!before.complete) return null;
  // The files the build writes: every page's (plan.keys, asked as it is rather than copied into a set) and the assets.
  const assetPaths = new Set(assets.map((asset) => asset.path));
  const limit = inPlaceLimit(plan.keys.size + assets.filter((asset) => !plan.keys.has(asset.path)).length);
  let changes = plan.toRender.length + plan.machineToRender.length;
  if (changes > limit) return null;
  const changedAssets = assets.filter((asset) => assetChanged(asset, before.files));
  const remove: string[] = [];
  before.files.forEach((_file, rel) => {
    if (!plan.keys.has(rel) && !assetPaths.has(rel) && !(search && rel.startsWith('pagefind/'))) remove.push(rel);
  });
  changes += changedAssets.length + remove.length;
  if (changes > limit) return null;
  if (!(await untouched())) return null;
  return { assets: changedAssets, remove };
}

/** The parts of a report a build that finds nothing changed repeats from the last one. */
type SavedReport = Pick<BuildReport, 'files' | 'articles' | 'pages' | 'assets' | 'warnings' | 'errors' | 'rendered' | 'rejected' | 'ignored' | 'diagnostics'>;

function savedPart(report: BuildReport): SavedReport {
  const { files, articles, pages, assets, warnings, errors, rendered, rejected, ignored, diagnostics } = report;
  return { files, articles, pages, assets, warnings, errors, rendered, rejected, ignored, diagnostics };
}

/**
 * A saved report as the manifest's head keeps it: without `rendered` (every
 * article's source and URL), which the manifest's model line holds, in the
 * same order: the model has every article the report renders, under its URL.
 * The head is read by every rebuild; the model line only by those that go
 * on, or that report `rendered` again.
 */
type StoredReport = Omit<SavedReport, 'rendered'>;

function storedReport(saved: SavedReport): StoredReport {
  const { files, articles, pages, assets, warnings, errors, rejected, ignored, diagnostics } = saved;
  return { files, articles, pages, assets, warnings, errors, rejected, ignored, diagnostics };
}

/**
 * The saved report a manifest's head keeps, or null when it keeps none that can be read.
 * Its `rendered` (an entry per article) is made from the model line (`model`) when first
 * read: only a build that reports it again (nothing changed, an edit) does, and it asks
 * first that the model line can be read.
 */
function savedReport(stored: unknown, model: () => ModelColumns | null): SavedReport | null {
  const report = stored as Partial<StoredReport> | null;
  if (typeof report?.files !== 'number' || !Array.isArray(report.diagnostics) || !Array.isArray(report.rejected) || !Array.isArray(report.ignored)) return null;
  let rendered: Record<string, string> | undefined;
  const { files, articles, pages, assets, warnings, errors, rejected, ignored, diagnostics } = report as StoredReport;
  // In the report's order (see savedPart): a build that reports it again writes the fields as a clean build does.
  const saved = { files, articles, pages, assets, warnings, errors };
  Object.defineProperty(saved, 'rendered', {
    enumerable: true,
    get(): Record<string, string> {
      if (rendered === undefined) {
        const columns = model();
        if (columns === null) throw new Error('the manifest keeps no model to report its articles from');
        rendered = Object.create(null) as Record<string, string>;
        for (let i = 0; i < columns.sources.length; i++) rendered[columns.sources[i]!] = columns.urls[i]!;
      }
      return rendered;
    },
  });
  return Object.assign(saved, { rejected, ignored, diagnostics }) as SavedReport;
}

/** Gives `report` a `rendered` made by renderedOf when first asked for, in its place among the report's fields. */
function renderedWhenAsked(report: BuildReport, articles: readonly ArticleRecord[]): void {
  let made: Record<string, string> | undefined;
  Object.defineProperty(report, 'rendered', {
    enumerable: true,
    configurable: true,
    get: () => (made ??= renderedOf(articles)),
    set: (value: Record<string, string>) => {
      made = value;
    },
  });
}

/** Each article's URL by its source, in the articles' order: the report's `rendered`. */
function renderedOf(articles: readonly ArticleRecord[]): Record<string, string> {
  // Set one by one (Object.fromEntries over a list of pairs takes two to three times as long at 10,000
  // entries), on an object without a prototype, so that every path, `__proto__` too, is a key of its own.
  const rendered = Object.create(null) as Record<string, string>;
  for (const article of articles) rendered[article.source] = article.url;
  return rendered;
}

/** What commitEdit needs of the build besides the edit. */
interface EditCommit {
  output: string;
  site: SiteInfo;
  version: string;
  pid: number;
  /** This build's input key and report, for the manifest. */
  input: string;
  report: SavedReport;
  /** The listing digests of the model, by URL: an edit leaves every listing as it was. */
  listingOf: ListingDigests;
  timed: <T>(phase: Phase, task: () => Promise<T> | T) => Promise<T>;
}

/**
 * Renders an edit's pages into `staging` and changes the output in place.
 * The pages are rendered by renderPage, the function each page of an
 * Eleventy run renders through (src/render/eleventy.ts;
 * tests/site/eleventy.test.ts holds the two to the same text), on a thread
 * that loaded the templates alone: not Eleventy (some 0.3 s of CPU) for a page or two.
 *
 * Every edited page is written, even one whose bytes come out the same
 * (the manifest's files line, with the previous hashes, is not read), and
 * the manifest takes a patch line rather than being written in full
 * (ManifestPatch). The input stamps were written before (tryEdit), while
 * the thread loaded the templates.
 */
async function commitEdit(edit: Edit, manifest: PreviousOutput, staging: Staging, pool: RenderPool, at: EditCommit): Promise<NonNullable<BuildReport['cache']>> {
  const keyOf = pageKeys(at.version, (source) => edit.digests.get(source), at.listingOf);
  const result = await at.timed('render', () => pool.run({ pages: edit.pages, site: at.site, eleventyInput: '', previous: {}, inPlace: true, direct: true }));
  await pool.close();
  const pages = new Map(edit.pages.map((page) => [page.path, page]));
  const files: ManifestPatch['files'] = { paths: [], keys: [], hashes: [] };
  for (const w of result.written) {
    files.paths.push(w.path);
    files.keys.push(keyOf(pages.get(w.path)!));
    files.hashes.push(w.hash);
  }
  await at.timed('write', () =>
    staging.commitInPlace(at.pid, { add: [], replace: files.paths, remove: [] }, (touched) => {
      const stamps = restampTouched(at.output, manifest.stamps, touched, at.pid);
      manifest.writePatched(stamps, { input: at.input, report: storedReport(at.report) }, { files, digests: edit.sources }, at.pid);
    }),
  );
  return { rendered: edit.pages.length, reused: at.report.pages - edit.pages.length, unchanged: 0 };
}

/** Writes the report beside the output and prints the summary. */
async function finishBuild(config: BuildConfig, ctx: BuildContext, report: BuildReport, progress: Progress, started: number, status: number): Promise<number> {
  progress.clear();
  report.totalMs = Math.round(ctx.now() - started);
  const phases = report.phases;
  for (const key of Object.keys(phases) as Phase[]) phases[key] = Math.round(phases[key] ?? 0);
  try {
    writeFileAtomic(`${config.output}.report.json`, `${JSON.stringify(report, null, 2)}\n`, ctx.pid);
  } catch (error) {
    ctx.stderr(`news-archive build: cannot write the report: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  const warnings = report.diagnostics.filter((d) => d.severity === 'warning');
  printSummary(config, ctx, report, errors, warnings);
  return status;
}

function printSummary(config: BuildConfig, ctx: BuildContext, report: BuildReport, errors: Diagnostic[], warnings: Diagnostic[]): void {
  for (const d of errors) ctx.stderr(`${shownDiagnostic(d, config, ctx.cwd)}\n`);
  if (config.quiet) return;
  // One line per problem, all of them: scripts grep stderr, and nothing is reported only in the file.
  for (const d of warnings) ctx.stderr(`${shownDiagnostic(d, config, ctx.cwd)}\n`);
  const seconds = (report.totalMs / 1000).toFixed(2);
  const outcome = report.status === 'built' ? `built ${path.relative(ctx.cwd, config.output) || '.'}` : `not built (${report.failure ?? 'failed'})`;
  // How many of the pages this build rendered, where a rebuild kept the others as they were.
  const rendered = report.cache === undefined ? '' : ` (${report.cache.rendered} rendered)`;
  ctx.stdout(
    `${outcome}: ${report.files} input files, ${report.articles} articles, ${report.pages} pages${rendered}, ` +
      `${report.warnings} warnings, ${report.errors} errors in ${seconds} s\n` +
      `report: ${path.relative(ctx.cwd, `${config.output}.report.json`)}\n`,
  );
}

/** What writeShells may take from the previous shells file (its model's `token`): the shells of the pages not rendered again. */
function shellsKeptFrom(token: string, rendered: readonly OutputPage[]): ShellsBefore {
  const renderedPages = new Set<OutputPage>(rendered);
  return { token, same: (page) => !renderedPages.has(page) };
}

/** Every article of `archive` with its page, none for one of a month the model left out (ArchiveOmission). */
function shellArticles(archive: Archive): ShellArticles {
  const pages = archive.pages.filter((page): page is ArticlePage => page.kind === 'article');
  let next = 0;
  const byIndex = archive.listings.map((listing) => (pages[next]?.url === listing.url ? pages[next++] : undefined));
  return { sources: archive.listings.map((listing) => listing.source), page: (index) => byIndex[index] };
}

/**
 * The files of `files` (a previous output's) of the pages the model leaves
 * out (ArchiveOmission): under the months of `months` (YYYY-MM), their
 * articles', days' and month's pages, at `YYYY/MM/…`; under the places of
 * `places` (slugs), their pages, at `places/<slug>/…`; the first numbered
 * pages of the places of `placePages` (slug → how many; places not of
 * `places`), at
 * `places/<slug>/page/<n>/index.html`; and the pages of the years of
 * `years`, at `YYYY/index.html`. A month, place or year with a file of no
 * key, or with no file, is taken out of its set, and so is a place of
 * `placePages` one of whose pages is: their pages are made.
 */
function filesLeftOut(
  files: ReadonlyMap<string, CachedFile>,
  { months, places, years, placePages }: { months: Set<string>; places: Set<string>; years: Set<string>; placePages: Map<string, number> },
): KeptFiles {
  if (months.size === 0 && places.size === 0 && years.size === 0 && placePages.size === 0) return { paths: [], files: [] };
  // Each month's, place's and year's files, as paths beside entries (no pair made per file), by its folder (`YYYY/MM/`,
  // `places/<slug>/`; a year's page by its path).
  const byFolder = new Map<string, { paths: string[]; files: CachedFile[]; keyless: boolean }>();
  // The numbered pages of the places of `placePages` that the model leaves out, by slug and page number.
  const numbered = new Map<string, Map<number, { path: string; file: CachedFile }>>();
  // The folder of the files in hand, made once per folder (the manifest lists files by path) and not per file.
  let folder = '';
  let list: { paths: string[]; files: CachedFile[]; keyless: boolean } | undefined;
  let pages: Map<number, { path: string; file: CachedFile }> | undefined;
  let leftOut = 0;
  files.forEach((file, rel) => {
    if (folder === '' || !rel.startsWith(folder)) {
      list = undefined;
      pages = undefined;
      let kept = false;
      if (rel.charCodeAt(4) === 47 && rel.charCodeAt(7) === 47) {
        folder = rel.slice(0, 'YYYY/MM/'.length);
        kept = months.has(`${rel.slice(0, 4)}-${rel.slice(5, 7)}`);
      } else if (rel.length === YEAR_PAGE.length && rel.endsWith(YEAR_PAGE.slice(4)) && rel.charCodeAt(4) === 47) {
        // A year's page alone: its folder holds its months' too, which the first branch takes.
        folder = rel;
        kept = years.has(rel.slice(0, 4));
      } else if (rel.startsWith(PLACES_FOLDER) && rel.indexOf('/', PLACES_FOLDER.length) > PLACES_FOLDER.length) {
        folder = rel.slice(0, rel.indexOf('/', PLACES_FOLDER.length) + 1);
        const slug = folder.slice(PLACES_FOLDER.length, -1);
        kept = places.has(slug);
        leftOut = placePages.get(slug) ?? 0;
        if (!kept && leftOut > 0) {
          pages = new Map();
          numbered.set(slug, pages);
        }
      } else {
        folder = '';
        return;
      }
      if (kept) {
        list = byFolder.get(folder);
        if (list === undefined) byFolder.set(folder, (list = { paths: [], files: [], keyless: false }));
      }
    }
    if (pages !== undefined) {
      // `places/<slug>/page/<n>/index.html`, n of those left out.
      const page = NUMBERED_PAGE.exec(rel.slice(folder.length));
      const n = page === null ? 0 : Number(page[1]);
      if (n >= 1 && n <= leftOut) pages.set(n, { path: rel, file });
      return;
    }
    if (list === undefined) return;
    list.paths.push(rel);
    list.files.push(file);
    if (file.key === null) list.keyless = true;
  });
  const kept: { paths: string[]; files: CachedFile[] }[] = [];
  const keep = (set: Set<string>, folderOf: (item: string) => string): void => {
    for (const item of set) {
      const list = byFolder.get(folderOf(item));
      if (list === undefined || list.keyless) set.delete(item);
      else kept.push(list);
    }
  };
  keep(months, (month) => `${month.slice(0, 4)}/${month.slice(5, 7)}/`);
  keep(places, (slug) => `${PLACES_FOLDER}${slug}/`);
  keep(years, (year) => `${year}${YEAR_PAGE.slice(4)}`);
  for (const [slug, count] of placePages) {
    const found = numbered.get(slug);
    const list = { paths: [] as string[], files: [] as CachedFile[] };
    for (let n = 1; n <= count; n++) {
      const page = found?.get(n);
      if (page === undefined || page.file.key === null) break;
      list.paths.push(page.path);
      list.files.push(page.file);
    }
    if (list.paths.length < count) placePages.delete(slug);
    else kept.push(list);
  }
  // Joined natively (concat), a list at a time.
  return { paths: ([] as string[]).concat(...kept.map((list) => list.paths)), files: ([] as CachedFile[]).concat(...kept.map((list) => list.files)) };
}

/** The folder of the places' pages: `places/<slug>/…` (src/model/archive.ts, placeUrl). */
const PLACES_FOLDER = 'places/';
/** A year's page's path, for its year's four digits. */
const YEAR_PAGE = 'YYYY/index.html';
/** A place's numbered page, within its folder (`places/<slug>/`): `page/<n>/index.html`. */
const NUMBERED_PAGE = /^page\/([1-9]\d*)\/index\.html$/;
