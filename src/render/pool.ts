/**
 * Work on every core: reading and parsing the input, then rendering, are
 * handed to worker threads, each with its own Eleventy, which write straight
 * into the staging folder; the build's own thread is one of them, rendering
 * without Eleventy (createRenderPool). With one job everything runs in the
 * build's own thread, through Eleventy. Results come back in request order
 * whatever finishes first.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { checkFolders, type FolderCheck } from '../cache/manifest.js';
import { readFiles, type FileOutcome, type FileToRead, type OnPart } from '../corpus.js';
import { FolderWriter } from '../write.js';
import { runRenderJob, type RenderJob, type JobResult } from './job.js';
import { shrinkingRuns } from './runs.js';
import type { StatShare } from '../cache/stats.js';
import type { WorkerData, WorkerLoad, WorkerRequest, WorkerResponse, WorkerResult, WorkerStats, WorkerTask } from './worker.js';

export interface RenderPool {
  /** Renders and writes one job; resolves with what was written. */
  run(job: RenderJob): Promise<JobResult>;
  /**
   * Reads and parses files (readFiles), a share on each thread; resolves with the outcomes in order,
   * and hands each part to `onPart` as it comes back (with the index of its first file).
   */
  read(files: FileToRead[], onPart?: OnPart): Promise<FileOutcome[]>;
  /**
   * Whether the folders a check names are as stamped: the runs of them a thread takes (checkFolders), asked of a thread;
   * `first`: before a thread loading the templates has them (WorkerTask).
   */
  untouched(check: FolderCheck, first?: boolean): Promise<boolean>;
  /** Has the threads started `later` load the templates or Eleventy now (WorkerLoad), and those started after load it as they start. */
  load(what: WorkerLoad['load']): void;
  /** Has the worker threads look at runs of the share's files (takeStats) as soon as they can, ahead of their tasks. */
  stats(share: StatShare): void;
  /** Starts the rest of the threads, when the pool started with fewer (see createRenderPool). */
  widen(): void;
  /**
   * Keeps the build's own thread from taking tasks until `work` settles:
   * work that only that thread can do (the pages' keys, the caches for the
   * next build), which would otherwise wait behind its render jobs (one of
   * up to 2,000 pages runs without a break) and be left to the end, with
   * the other threads done. A thread already running a task finishes it.
   */
  holdWhile(work: Promise<unknown>): void;
  /** Stops the worker threads. */
  close(): Promise<void>;
}

const WORKER_FILE = fileURLToPath(new URL('./worker.js', import.meta.url));
/**
 * Run from the TypeScript sources (tsx, the tests), there is no compiled
 * worker to start. Compiled or bundled (src/bundle.ts), the worker is beside
 * this module, and a missing one fails the build rather than leave it on one thread.
 */
const FROM_SOURCES = import.meta.url.endsWith('.ts');

/**
 * Tasks a thread holds at most: the one it works on and the next. A task's
 * data is copied to the thread when it is sent, and the answer back when it
 * arrives, by this thread, which also builds the model, keys pages and
 * writes caches: with one task each, a thread waited 0.1–0.4 s for its next
 * render job, and 0.1–0.3 s for its next share of files to parse, while
 * this thread finished other work and copied the job over (10,000 articles).
 * Threads run their tasks one at a time, in order (worker.ts).
 */
const PREFETCH = 2;

/**
 * How the files to read are shared out (shrinkingRuns): about four parts per
 * thread, then parts of half a thread's share of what is left, down to 250
 * files. The last part's answer (its records copied to the build's thread,
 * 50–90 ms for 1,250 dispatches) is what the build waits for before it
 * places the articles, so it is kept small.
 */
const READ_PARTS = { least: 250, share: 2 } as const;

export interface RenderPoolOptions {
  /**
   * Threads to start at once (at least one); the rest start on `widen()`. A
   * rebuild that will render a few pages needs one thread, and a second one
   * loading Eleventy would only slow the build's own thread on two cores.
   * @default jobs
   */
  startWith?: number;
  /**
   * Threads that load the templates and not Eleventy, for direct jobs
   * (RenderJob.direct): an edit's, a rebuild's few pages. A job rendered
   * through Eleventy loads it when it comes.
   */
  direct?: boolean;
  /** Threads that load neither until told (`load`) or given a render job: started before the build knows what it renders. */
  later?: boolean;
}

/**
 * Performs one task in the thread that calls it: a worker thread, or the
 * build's own (createRenderPool), which renders every job `direct`
 * (RenderJob.direct).
 */
export async function performTask(task: WorkerTask, writer: FolderWriter, direct = false): Promise<WorkerResult> {
  if (task.kind === 'read') return readFiles(task.files);
  if (task.kind === 'untouched') return checkFolders(task.check);
  return runRenderJob(direct ? { ...task.job, direct: true } : task.job, writer);
}

/**
 * A pool of `jobs` threads writing into `staging`; `jobs` ≤ 1 renders in
 * this thread. Otherwise this thread is one of the `jobs`: `jobs - 1` worker
 * threads start, and this thread takes the next task from the same queue
 * whenever it is not running one. The threads' fixed costs (loading
 * Eleventy, warming up, copying records to the build's thread and pages
 * back) come once less, and two cores run two threads rather than three.
 *
 * This thread renders its jobs directly (RenderJob.direct: renderPage, the
 * function every page of an Eleventy run renders through, so the bytes are
 * the same) and never loads Eleventy. The worker threads load it while this
 * thread reads and parses; loaded in this thread it came on the build's
 * critical path (some 0.3 s of CPU to load, and its run's set-up and
 * bookkeeping for each job on the thread that also builds the model, keys
 * the pages and writes the caches). 10,000 articles, 8 interleaved clean
 * builds on a RAM disk: 3.15 → 2.84 s, CPU 5.82 → 5.29 s, the same bytes.
 *
 * A pool that starts with fewer threads (`startWith`) has this thread join
 * in only when it is widened, as the threads not started yet would: a
 * rebuild's few tasks stay on the thread it started for them.
 */
export function createRenderPool(jobs: number, staging: string, writer: FolderWriter, options: RenderPoolOptions = {}): RenderPool {
  const startWith = options.startWith ?? jobs;
  if (jobs <= 1 || FROM_SOURCES) {
    let chain: Promise<unknown> = Promise.resolve();
    return {
      run(job) {
        // One at a time, in order, as the threads would take them.
        const next = chain.then(() => runRenderJob(job, writer));
        chain = next.catch(() => undefined);
        return next;
      },
      read: (files) => readFiles(files),
      untouched: async (check) => checkFolders(check),
      load: () => undefined,
      // No other thread: the build's own looks at every file.
      stats: () => undefined,
      widen: () => undefined,
      holdWhile: () => undefined,
      close: async () => undefined,
    };
  }

  interface Pending {
    request: WorkerRequest;
    resolve: (result: WorkerResult) => void;
    reject: (error: Error) => void;
  }
  const queue: Pending[] = [];
  /** Whether this thread takes tasks: from the start, or once the pool is widened. */
  let joined = options.startWith === undefined;
  /** The task this thread runs, while it runs one. */
  let runningHere: Promise<unknown> | null = null;
  /** Work of this thread's own still to settle (holdWhile): it takes no task meanwhile. */
  let held = 0;
  let closed = false;
  /** What each thread was sent and has not answered yet, oldest first. */
  const sent = new Map<Worker, Pending[]>();
  let nextId = 0;
  let failure: Error | null = null;

  const send = (worker: Worker, inFlight: Pending[]): void => {
    const pending = queue.shift()!;
    inFlight.push(pending);
    worker.postMessage(pending.request);
  };
  // Every idle thread gets a task; then a thread at work gets its next one (PREFETCH) while the
  // queue holds more than one per thread, so the last tasks go to whichever thread frees first.
  const dispatch = (): void => {
    for (const [worker, inFlight] of sent) if (inFlight.length === 0 && queue.length > 0) send(worker, inFlight);
    for (const [worker, inFlight] of sent) if (inFlight.length < PREFETCH && queue.length > sent.size) send(worker, inFlight);
    // This thread takes a task once the events waiting now have run (answers from the threads, which get their next tasks first).
    if (joined && held === 0 && runningHere === null && !closed && queue.length > 0) {
      runningHere = new Promise<void>((resolve) => setImmediate(resolve))
        .then(async () => {
          const pending = closed ? undefined : queue.shift();
          if (pending !== undefined) await performTask(pending.request.task, writer, true).then(pending.resolve, pending.reject);
        })
        .finally(() => {
          runningHere = null;
          dispatch();
        });
    }
  };

  const workers: Worker[] = [];
  /** What the threads were told to load (`load`), if they were. */
  let told: WorkerLoad['load'] | undefined;
  const start = (): void => {
    const data: WorkerData = {
      staging,
      ...((told === undefined ? options.direct === true : told === 'templates') ? { direct: true } : {}),
      ...(told === undefined && options.later === true ? { later: true } : {}),
    };
    const worker = new Worker(WORKER_FILE, { workerData: data });
    const inFlight: Pending[] = [];
    worker.on('message', (response: WorkerResponse) => {
      const pending = inFlight.shift();
      if (pending !== undefined) {
        if (response.ok) pending.resolve(response.result);
        else pending.reject(new Error(response.error));
      }
      dispatch();
    });
    const fail = (error: Error): void => {
      failure ??= error;
      for (const pending of inFlight.splice(0)) pending.reject(error);
      for (const waiting of queue.splice(0)) waiting.reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`a render worker exited with status ${code}`));
    });
    workers.push(worker);
    sent.set(worker, inFlight);
    dispatch();
  };
  const threads = jobs - 1;
  for (let i = 0; i < Math.max(1, Math.min(startWith, threads)); i++) start();

  const submit = (task: WorkerTask): Promise<WorkerResult> => {
    if (failure !== null) return Promise.reject(failure);
    return new Promise((resolve, reject) => {
      queue.push({ request: { id: nextId++, task }, resolve, reject });
      dispatch();
    });
  };

  return {
    run: (job) => submit({ kind: 'render', job }) as Promise<JobResult>,
    async read(files, onPart) {
      // A few parts per thread, the last ones smaller (READ_PARTS), so the threads finish together.
      const parts: Promise<FileOutcome[]>[] = [];
      let start = 0;
      const readers = workers.length + (joined ? 1 : 0);
      for (const share of shrinkingRuns(files, readers, { ...READ_PARTS, most: Math.ceil(files.length / (readers * 4)) })) {
        const at = start;
        const part = submit({ kind: 'read', files: share }) as Promise<FileOutcome[]>;
        parts.push(onPart === undefined ? part : part.then((outcomes) => (onPart(at, outcomes), outcomes)));
        start += share.length;
      }
      return (await Promise.all(parts)).flat();
    },
    untouched: (check, first) => submit({ kind: 'untouched', check, ...(first === true ? { first } : {}) }) as Promise<boolean>,
    load(what) {
      told = what;
      for (const worker of workers) worker.postMessage({ load: what } satisfies WorkerLoad);
    },
    stats(share) {
      for (const worker of workers) worker.postMessage({ stats: share } satisfies WorkerStats);
    },
    widen() {
      joined = true;
      while (workers.length < threads && failure === null) start();
      dispatch();
    },
    holdWhile(work) {
      held++;
      const release = (): void => {
        held--;
        dispatch();
      };
      work.then(release, release);
    },
    async close() {
      closed = true;
      await Promise.all([...workers.map((worker) => worker.terminate()), runningHere]);
    },
  };
}
