/**
 * A render worker thread: reads and parses a share of the input files while
 * the build starts, then receives render jobs, renders and writes them into
 * the staging folder named in its workerData, and answers with what it wrote.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { describeError } from '../errors.js';
import { FolderWriter } from '../write.js';
import { readFiles, type FileOutcome, type FileToRead } from '../corpus.js';
import { runRenderJob, type JobResult, type RenderJob } from './job.js';

export interface WorkerData {
  staging: string;
}

export type WorkerTask = { kind: 'render'; job: RenderJob } | { kind: 'read'; files: FileToRead[] };
export type WorkerRequest = { id: number; task: WorkerTask };
export type WorkerResponse =
  | { id: number; ok: true; result: JobResult | FileOutcome[] }
  | { id: number; ok: false; error: string };

function perform(task: WorkerTask, writer: FolderWriter): Promise<JobResult | FileOutcome[]> {
  return task.kind === 'read' ? readFiles(task.files) : runRenderJob(task.job, writer);
}

if (parentPort !== null) {
  const port = parentPort;
  const writer = new FolderWriter((workerData as WorkerData).staging);
  // Load Eleventy now, while the build is still reading and parsing on its own thread.
  import('./eleventy.js').catch(() => undefined);
  port.on('message', (request: WorkerRequest) => {
    perform(request.task, writer).then(
      (result) => port.postMessage({ id: request.id, ok: true, result } satisfies WorkerResponse),
      (error: unknown) => port.postMessage({ id: request.id, ok: false, error: describeError(error) } satisfies WorkerResponse),
    );
  });
}
