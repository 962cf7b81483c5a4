/**
 * A render worker thread: reads and parses a share of the input files while
 * the build starts, then receives render jobs, renders and writes them into
 * the staging folder named in its workerData, and answers with what it wrote.
 * A rebuild's thread also checks that nobody touched the previous output
 * while the build's own thread reads and plans.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { describeError } from '../errors.js';
import { FolderWriter } from '../write.js';
import type { FileOutcome, FileToRead } from '../corpus.js';
import type { FolderCheck } from '../cache/manifest.js';
import { takeStats, type StatShare } from '../cache/stats.js';
import type { JobResult, RenderJob } from './job.js';
import { performTask } from './pool.js';

export interface WorkerData {
  staging: string;
  /** Load the templates rather than Eleventy, for direct jobs (RenderJob.direct); a job rendered through Eleventy loads it when it comes. */
  direct?: boolean;
  /** Load neither until told (WorkerLoad) or given a render job: a thread started before the build knows it has pages to render. */
  later?: boolean;
}

/** What a thread started `later` is told to load: the templates (direct jobs), or Eleventy. Taken up as it comes, not answered. */
export type WorkerLoad = { load: 'templates' | 'eleventy' };
/** A share of the input's files to look at (src/cache/stats.ts): taken up as it comes, ahead of any task, and not answered. */
export type WorkerStats = { stats: StatShare };

/** `first`: a thread loading the templates checks the folders before it waits for them (FolderCheck; see the worker below). */
export type WorkerTask = { kind: 'render'; job: RenderJob } | { kind: 'read'; files: FileToRead[] } | { kind: 'untouched'; check: FolderCheck; first?: boolean };
/** What a task answers: a render job's files, a share of files read and parsed, whether the output is untouched. */
export type WorkerResult = JobResult | FileOutcome[] | boolean;
export type WorkerRequest = { id: number; task: WorkerTask };
export type WorkerResponse =
  | { id: number; ok: true; result: WorkerResult }
  | { id: number; ok: false; error: string };

if (parentPort !== null) {
  const port = parentPort;
  const data = workerData as WorkerData;
  const writer = new FolderWriter(data.staging);
  // Load Eleventy (or the templates, and run them once over a made-up article: warmUp) now, while the build is still
  // reading and parsing on its own thread; or, started `later`, once told to (or given a render job). Loaded once.
  let ready: Promise<unknown> | undefined;
  let loads: WorkerLoad['load'] | undefined;
  const load = (what: WorkerLoad['load']): Promise<unknown> => {
    if (ready !== undefined) return ready;
    loads = what;
    // A failed load is not an error here: the first job loads the module again, and reports any failure itself.
    return (ready = (what === 'templates' ? import('./pages.js').then((pages) => pages.warmUp()) : import('./eleventy.js')).catch(() => undefined));
  };
  const loadsFirst: WorkerLoad['load'] = data.direct === true ? 'templates' : 'eleventy';
  if (data.later !== true) void load(loadsFirst);
  // A thread loading the templates checks the output's folders once they are loaded: the build's thread takes whatever
  // runs of folders are left when it needs the answer (FolderCheck), and the pages are rendered as soon as it has it. A
  // thread started with a rebuild checks them first (`first`), before it loads anything: the build's own thread checks its
  // input, reads and plans before it needs either answer, and the check is then done before it would join in.
  const perform = async (task: WorkerTask): Promise<WorkerResult> => {
    if (task.kind === 'render') await (ready ?? load(task.job.direct === true ? 'templates' : loadsFirst));
    else if (task.kind === 'untouched' && task.first !== true && loads === 'templates') await ready;
    return performTask(task, writer);
  };
  // One task at a time, in the order sent: the pool sends the next task before this one ends (PREFETCH in pool.ts).
  let previous: Promise<unknown> = Promise.resolve();
  port.on('message', (request: WorkerRequest | WorkerLoad | WorkerStats) => {
    if ('load' in request) return void load(request.load);
    if ('stats' in request) return takeStats(request.stats);
    previous = previous.then(() =>
      perform(request.task).then(
        (result) => port.postMessage({ id: request.id, ok: true, result } satisfies WorkerResponse),
        (error: unknown) => port.postMessage({ id: request.id, ok: false, error: describeError(error) } satisfies WorkerResponse),
      ),
    );
  });
}
