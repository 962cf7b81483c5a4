/**
 * Rendering the site into the staging folder, reusing the previous build's
 * files where their render input is unchanged. Pages whose key matches the
 * previous manifest are hard-linked from the previous output into staging,
 * or, for an in-place commit, left where they are; the others are rendered
 * by the render pool (worker threads).
 */
import path from 'node:path';
import { pageKeys, type ListingDigests } from '../cache/keys.js';
import type { CachedFile } from '../cache/manifest.js';
import type { HtmlPage, MachineFile, OutputPage, SiteInfo } from '../model/types.js';
import { isListed, recordOf } from '../parse/lean.js';
import { withFields } from '../objects.js';
import type { JobResult, PreviousFile, RenderJob, WrittenFile } from './job.js';
import type { RenderPool } from './pool.js';
import { shrinkingRuns } from './runs.js';

export interface SitePlanInput {
  /** HTML pages, in the model's order. */
  pages: readonly HtmlPage[];
  /** Feeds, sitemaps, robots.txt. */
  machineFiles: readonly MachineFile[];
  /** Key version (see buildVersion). */
  version: string;
  /** Hash of an article's source bytes, by source path. */
  digestOf: (source: string) => string | undefined;
  /** The listing digest of every article of the model, by URL (see pageKeys). */
  listingOf: ListingDigests;
  /** The previous output folder and its manifest, when it can be trusted. */
  previous: { dir: string; files: Map<string, CachedFile> } | null;
  /**
   * Which pages keep the key the previous manifest records for their path
   * without being keyed again (keptKeys, src/cache/model.ts), or null for none.
   */
  kept?: ((page: OutputPage) => boolean) | null;
  /**
   * Files of the previous output whose pages the model left out, every one
   * keeping its key (ArchiveOmission, src/model/archive.ts): reused as they are.
   */
  keptFiles?: KeptFiles;
}

/** Files of the previous output, by path, with their entries in its manifest (`paths[k]`'s is `files[k]`). */
export interface KeptFiles {
  paths: readonly string[];
  files: readonly CachedFile[];
}

/** Which pages must be rendered and which files the previous output already has. */
export interface SitePlan {
  toRender: OutputPage[];
  machineToRender: OutputPage[];
  /**
   * Files whose page's key is unchanged, with the previous manifest's entry (its key and hash), which is this file's
   * as it is; `page` is null for a page the model left out (SitePlanInput.keptFiles).
   */
  reuse: { path: string; page: OutputPage | null; file: CachedFile }[];
  /** Every page's key, by output path, once renderSite has run (see `unkeyed`). */
  keys: Map<string, string | null>;
  /**
   * Pages whose key is still to be computed. With no previous output every
   * page renders and the keys only go into the next manifest, so renderSite
   * computes them while the render threads work rather than before.
   */
  unkeyed: OutputPage[];
  keyOf: (page: OutputPage) => string | null;
  previous: { dir: string; files: Map<string, CachedFile> } | null;
}

/** Computes every page's key (when there is a previous output) and compares it with the previous manifest. */
export function planSite(input: SitePlanInput): SitePlan {
  const { previous } = input;
  const reuse: SitePlan['reuse'] = [];
  const keys = new Map<string, string | null>();
  const keyOf = pageKeys(input.version, input.digestOf, input.listingOf);
  if (previous === null) {
    const toRender = [...input.pages];
    const machineToRender = [...input.machineFiles];
    return { toRender, machineToRender, reuse, keys, unkeyed: [...machineToRender, ...toRender], keyOf, previous };
  }
  const kept = input.kept ?? null;
  const pending = (list: readonly OutputPage[]): OutputPage[] => {
    const out: OutputPage[] = [];
    for (const page of list) {
      const before = previous.files.get(page.path);
      const keep = kept !== null && before !== undefined && before.key !== null && kept(page);
      const key = keep ? before.key : keyOf(page);
      keys.set(page.path, key);
      if (key !== null && before !== undefined && before.key === key) reuse.push({ path: page.path, page, file: before });
      else out.push(page);
    }
    return out;
  };
  // Indexed, not destructured: some 14,000 entries at 10,000 articles, in code that runs once per process.
  const keptFiles = input.keptFiles ?? { paths: [], files: [] };
  for (let k = 0; k < keptFiles.paths.length; k++) {
    const rel = keptFiles.paths[k]!;
    const file = keptFiles.files[k]!;
    if (file.key === null) throw new Error(`planSite: ${rel} was left out of the model but has no key`);
    keys.set(rel, file.key);
    reuse.push({ path: rel, page: null, file });
  }
  return { toRender: pending(input.pages), machineToRender: pending(input.machineFiles), reuse, keys, unkeyed: [], keyOf, previous };
}

/** The number of files a plan writes. */
export function plannedFiles(plan: SitePlan): number {
  return plan.toRender.length + plan.machineToRender.length + plan.reuse.length;
}

/** Computes the keys planSite left for later, a slice at a time, so this thread keeps handing out render jobs. */
async function computeKeys(plan: SitePlan): Promise<void> {
  const SLICE = 500;
  for (let k = 0; k < plan.unkeyed.length; k += SLICE) {
    for (const page of plan.unkeyed.slice(k, k + SLICE)) plan.keys.set(page.path, plan.keyOf(page));
    await new Promise((resolve) => setImmediate(resolve));
  }
  plan.unkeyed = [];
}

export interface RenderSiteInput {
  site: SiteInfo;
  plan: SitePlan;
  /** Render threads writing into the staging folder (see createRenderPool); the caller closes it. */
  pool: RenderPool;
  /** An existing empty folder for Eleventy. */
  eleventyInput: string;
  /** Render threads (1 = this thread). */
  jobs: number;
  /** Most pages in one job. */
  batchSize: number;
  /** Measures a phase of the work. */
  timed: <T>(phase: 'render' | 'write' | 'feeds', task: () => Promise<T> | T) => Promise<T>;
  onProgress: (done: number, total: number) => void;
  /**
   * Render for an in-place commit: files the previous output already has are
   * left where they are (not linked into staging), rendered pages whose bytes
   * came out the same are not written, and the others are written flat under
   * their staged names. Only for a previous output its manifest describes
   * exactly (see foldersUntouched).
   */
  inPlace?: boolean;
}

export interface RenderSiteResult {
  /** Every file written, with its key and hash: the next manifest. */
  files: Map<string, CachedFile>;
  /** Pages rendered (their key changed or was unknown). */
  rendered: number;
  /** Files taken from the previous output without rendering. */
  reused: number;
  /** Rendered pages whose bytes equalled the previous file's, so they were linked (in place: left alone) rather than written. */
  unchanged: number;
  /** Output paths of the rendered files written into staging (new bytes). */
  written: string[];
}

/**
 * Pages a render job holds at least (but the last): each job is an Eleventy
 * run with a set-up of its own. The 19 pages of a rebuild after an added
 * article went to its one thread as seven jobs of three, and rendering took
 * 0.15–0.21 s; in one job, 0.08–0.11 s (10,000 articles, six runs each).
 * A rebuild's pages, when there are no more than this, are one direct job.
 */
const MIN_JOB_PAGES = 100;

/** Splits `items` into runs of at most `maxSize`, about four per thread so the threads finish together. */
function chunks<T>(items: readonly T[], jobs: number, maxSize: number): T[][] {
  const size = Math.max(1, Math.min(maxSize, Math.ceil(items.length / (jobs * 4))));
  const out: T[][] = [];
  for (let k = 0; k < items.length; k += size) out.push(items.slice(k, k + size));
  return out;
}

/**
 * Pages of the smallest job at the end of a full render. A job costs some
 * 20 ms of set-up (its own Eleventy run) besides 0.1–0.2 ms a page, so
 * jobs of this size spend most of their time on pages, and the threads end
 * within one such job of each other.
 */
const LAST_JOB_PAGES = 250;

/**
 * Splits the pages to render into jobs (shrinkingRuns): first one small job
 * per thread, so that each starts rendering as soon as its job is copied
 * over rather than after a job of thousands of pages is; then each job a
 * share of the pages left (a quarter, with two threads), at most `maxSize`
 * and at least LAST_JOB_PAGES, so the threads finish together. 10,000
 * articles (14,000 pages), two threads, five runs each: the second thread's
 * first job started 241 → 170 ms after the plan (the first renders the feeds
 * first), and the threads' last jobs ended 192 → 88 ms apart, with 12 jobs
 * instead of 9 equal ones.
 *
 * A quarter rather than half: the last of the article pages and the first
 * of the day pages, three times cheaper, shared one job, which a thread took
 * as its next while it still rendered articles, and the build's own thread
 * ran through the day pages' jobs and then waited for it (the threads' last
 * jobs 65–105 ms apart in three clean builds, then 45–60). 16 to 17 jobs
 * rather than 12; three series of 12 to 16 interleaved clean builds on a RAM
 * disk: −10, −25 and −15 ms.
 */
export function renderChunks<T>(items: readonly T[], jobs: number, maxSize: number): T[][] {
  return shrinkingRuns(items, jobs, { first: MIN_JOB_PAGES, most: maxSize, least: LAST_JOB_PAGES, share: 2 });
}

/**
 * Renders the plan into the staging folder: the pages to render go to the
 * render pool in jobs, feeds and sitemaps first, and so do the links of
 * unchanged files (making some 10,000 folders and links is file-system work
 * that two threads share).
 */
export async function renderSite(input: RenderSiteInput): Promise<RenderSiteResult> {
  const { plan } = input;
  const { previous, keys } = plan;
  const files = new Map<string, CachedFile>();
  const previousPath = (rel: string): string => path.join(previous!.dir, ...rel.split('/'));

  const previousFiles = (pages: readonly OutputPage[]): Record<string, PreviousFile> => {
    const out: Record<string, PreviousFile> = {};
    if (previous === null) return out;
    for (const page of pages) {
      const before = previous.files.get(page.path);
      if (before !== undefined) out[page.path] = { file: previousPath(page.path), hash: before.hash };
    }
    return out;
  };
  const inPlace = input.inPlace === true;
  const job = (pages: OutputPage[]): RenderJob => ({
    // A listed record holds its listing's fields alone (src/cache/listings.ts): a thread is sent the record itself.
    pages: pages.map((page) => (page.kind === 'article' && isListed(page.article) ? withFields(page, { article: recordOf(page.article) }) : page)),
    site: input.site,
    eleventyInput: input.eleventyInput,
    previous: previousFiles(pages),
    ...(inPlace ? { inPlace } : {}),
  });

  let rendered = 0;
  let unchanged = 0;
  const writtenPaths: string[] = [];
  const record = (written: WrittenFile[]): void => {
    for (const w of written) {
      files.set(w.path, { key: keys.get(w.path) ?? null, hash: w.hash });
      rendered++;
      if (w.linked) unchanged++;
      else writtenPaths.push(w.path);
    }
  };
  // The previous manifest's entries as they are: some 14,000 at 10,000 articles, none made again.
  for (let k = 0; k < plan.reuse.length; k++) files.set(plan.reuse[k]!.path, plan.reuse[k]!.file);
  const missing: string[] = [];
  const collect = (result: JobResult): void => {
    record(result.written);
    missing.push(...result.missing);
  };

  // In place, the files to reuse are already where they belong.
  const toLink = inPlace ? [] : plan.reuse;
  // A rebuild with few pages to render (after an added article, say) renders them and the feeds and
  // sitemaps in one direct job (RenderJob.direct), as an edit's pages are: through renderPage, the
  // function an Eleventy run renders each page through, without the run, on a thread that loaded
  // the templates and not Eleventy (see createRenderPool's `direct`). 10,000 articles, an added
  // article, 8 interleaved runs each: 1.30 → 1.13 s wall, 2.04 → 1.63 s CPU, the same bytes. The
  // report then counts the feeds' time as the render's.
  const few = plan.reuse.length > 0 && plan.toRender.length + plan.machineToRender.length <= MIN_JOB_PAGES;
  const toRender = few ? [...plan.machineToRender, ...plan.toRender] : plan.toRender;
  const renderJobs = few ? (toRender.length === 0 ? [] : [{ ...job(toRender), direct: true }]) : renderChunks(toRender, input.jobs, input.batchSize).map(job);
  const jobs: RenderJob[] = [
    ...chunks(toLink, input.jobs, 4000).map((part): RenderJob => ({ ...job([]), links: part.map(({ path: rel }) => [rel, previousPath(rel)]) })),
    ...renderJobs,
  ];
  const total = toRender.length + toLink.length;
  let done = 0;
  const pool = input.pool;
  // The feeds and sitemaps go first: the sitemap is one of the largest files.
  const machine = plan.machineToRender.length === 0 || few ? null : input.timed('feeds', () => pool.run(job(plan.machineToRender)));
  machine?.catch(() => undefined);
  await input.timed('render', async () => {
    const keying = computeKeys(plan);
    // Keyed first: the keys are this thread's alone, and the manifest waits for the last of them.
    pool.holdWhile(keying);
    const results = await Promise.all(
      jobs.map(async (j) => {
        const result = await pool.run(j);
        done += j.pages.length + (j.links?.length ?? 0);
        input.onProgress(done, total);
        return result;
      }),
    );
    await keying;
    if (machine !== null) collect(await machine);
    for (const result of results) collect(result);
  });
  if (missing.length > 0) {
    // Files gone from the previous output: render them after all.
    const gone = new Set(missing);
    const pages = plan.reuse.flatMap(({ path: rel, page }) => {
      if (!gone.has(rel)) return [];
      if (page === null) throw new Error(`${rel} is gone from the previous output, and its page was left out of the model`);
      return [page];
    });
    for (const page of pages) files.delete(page.path);
    await input.timed('render', async () => collect(await pool.run({ ...job(pages), previous: {} })));
  }
  return { files, rendered, reused: plan.reuse.length - missing.length, unchanged, written: writtenPaths };
}
