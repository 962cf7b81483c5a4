/**
 * A render worker thread: receives render jobs, renders and writes them into
 * the staging folder named in its workerData, and answers with what it wrote.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { describeError } from '../errors.js';
import { FolderWriter } from '../write.js';
import { runRenderJob, type JobResult, type RenderJob } from './job.js';

export interface WorkerData {
  staging: string;
}

export type WorkerRequest = { id: number; job: RenderJob };
export type WorkerResponse =
  | { id: number; ok: true; result: JobResult }
  | { id: number; ok: false; error: string };

if (parentPort !== null) {
  const port = parentPort;
  const writer = new FolderWriter((workerData as WorkerData).staging);
  // Load Eleventy now, while the build is still reading and parsing on its own thread.
  import('./eleventy.js').catch(() => undefined);
  port.on('message', (request: WorkerRequest) => {
    runRenderJob(request.job, writer).then(
      (result) => port.postMessage({ id: request.id, ok: true, result } satisfies WorkerResponse),
      (error: unknown) => port.postMessage({ id: request.id, ok: false, error: describeError(error) } satisfies WorkerResponse),
    );
  });
}
