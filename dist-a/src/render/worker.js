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
import { readFiles } from '../corpus.js';
import { foldersUntouched } from '../cache/manifest.js';
import { runRenderJob } from './job.js';
if (parentPort !== null) {
    const port = parentPort;
    const data = workerData;
    const writer = new FolderWriter(data.staging);
    // Load Eleventy (or the templates) now, while the build is still reading and parsing on its own thread.
    const loading = data.direct === true ? import('./pages.js') : import('./eleventy.js');
    // A failed load is not an error here: the first job loads the module again, and reports any failure itself.
    const ready = loading.catch(() => undefined);
    const perform = async (task) => {
        if (task.kind === 'read')
            return readFiles(task.files);
        if (task.kind === 'untouched')
            return foldersUntouched(task.root, task.stamps);
        await ready;
        return runRenderJob(task.job, writer);
    };
    // One task at a time, in the order sent: the pool sends the next task before this one ends (PREFETCH in pool.ts).
    let previous = Promise.resolve();
    port.on('message', (request) => {
        previous = previous.then(() => perform(request.task).then((result) => port.postMessage({ id: request.id, ok: true, result }), (error) => port.postMessage({ id: request.id, ok: false, error: describeError(error) })));
    });
}
