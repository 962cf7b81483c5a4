/**
 * Writing a file so that a reader finds the old bytes or the new, never part
 * of them: the bytes go to a temporary name beside it (`<file>.tmp-<pid>`),
 * which is then renamed over the file. A write that fails removes its
 * temporary file.
 */
import { closeSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';

/**
 * Writes `content` to `file` atomically. Synchronous: the build writes its
 * caches and report from its own thread, where each step of an asynchronous
 * write (open, each 512 KB, close, rename) waits for the thread's next turn
 * of the event loop; while that thread planned and handed out render jobs, a
 * rebuild after an added article waited up to 50 ms at its end for the
 * stamps, shells and listings so written (10,000 articles), more than the
 * writes themselves take.
 */
export function writeFileAtomic(file: string, content: string | Uint8Array | readonly Uint8Array[], pid: number): void {
  writeThenRename(file, content, pid, false);
}

/**
 * Writes `content` to `file` as writeFileAtomic does, but removes `file`
 * just before the rename: a reader finds the old bytes, none, or the new,
 * never part of them. For a cache file whose absence only costs the next
 * build its shortcut, such as the manifest: a file renamed over another is
 * written out at once on ext4 (`auto_da_alloc`), and a rebuild after an added
 * article waited for its 5 MB at 10,000 articles (three series of 14 to 20
 * interleaved pairs on ext4: −7.5, +2.5 and −12 ms a pair, 29 of 48 faster).
 * A file cut short or lost by a crash reads as damaged, which its reader
 * takes for no cache.
 */
export function writeCacheFile(file: string, content: string | Uint8Array | readonly Uint8Array[], pid: number): void {
  writeThenRename(file, content, pid, true);
}

function writeThenRename(file: string, content: string | Uint8Array | readonly Uint8Array[], pid: number, removeFirst: boolean): void {
  const tmp = `${file}.tmp-${pid}`;
  try {
    if (typeof content === 'string' || content instanceof Uint8Array) writeFileSync(tmp, content);
    else writeParts(tmp, content);
    if (removeFirst) rmSync(file, { force: true });
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/**
 * Writes `parts` one after another into `file`, as one buffer of them all
 * would be written, without making that buffer: the manifest's 5 MB at
 * 10,000 articles, most of it copied from the last one, were copied twice.
 */
function writeParts(file: string, parts: readonly Uint8Array[]): void {
  const fd = openSync(file, 'w');
  try {
    for (const part of parts) {
      for (let done = 0; done < part.length; ) done += writeSync(fd, part, done, part.length - done);
    }
  } finally {
    closeSync(fd);
  }
}
