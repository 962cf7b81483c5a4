/**
 * Whether nobody added, removed or renamed a file in the output since its
 * manifest was written (foldersUntouched), asked on a thread of its own: it
 * stats every folder of the output (some 14,000 at 10,000 articles, a
 * folder per article page), while the build's thread stats every input file
 * to learn what changed. A rebuild that changes nothing, or only the pages
 * of edited articles, needs both answers and little else.
 */
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { foldersUntouched, type FolderStamps } from './manifest.js';

interface Question {
  untouched: { root: string; stamps: FolderStamps };
}

/**
 * Starts asking whether the folders of `root` are as `stamps` says. On
 * another thread when `threaded`, else here and now; any failure answers false.
 */
export function askUntouched(root: string, stamps: FolderStamps, threaded: boolean): Promise<boolean> {
  if (!threaded) return Promise.resolve(foldersUntouched(root, stamps));
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(fileURLToPath(import.meta.url), { workerData: { untouched: { root, stamps } } satisfies Question });
    } catch {
      resolve(false);
      return;
    }
    worker.once('message', (answer: unknown) => resolve(answer === true));
    worker.once('error', () => resolve(false));
    worker.once('exit', () => resolve(false));
  });
}

if (!isMainThread && parentPort !== null && (workerData as Partial<Question> | null)?.untouched !== undefined) {
  const { root, stamps } = (workerData as Question).untouched;
  parentPort.postMessage(foldersUntouched(root, stamps));
}
