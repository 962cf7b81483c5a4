/**
 * Writing a file so that a reader finds the old bytes or the new, never part
 * of them: the bytes go to a temporary name beside it (`<file>.tmp-<pid>`),
 * which is then renamed over the file. A write that fails removes its
 * temporary file.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
/** Writes `content` (text, bytes, or chunks of bytes written one after another) to `file` atomically. */
export async function writeFileAtomic(file, content, pid) {
    const tmp = `${file}.tmp-${pid}`;
    try {
        await writeFile(tmp, content);
        await rename(tmp, file);
    }
    catch (error) {
        await rm(tmp, { force: true });
        throw error;
    }
}
/** The same, synchronous: for steps no signal handler may interrupt. */
export function writeFileAtomicSync(file, content, pid) {
    const tmp = `${file}.tmp-${pid}`;
    try {
        writeFileSync(tmp, content);
        renameSync(tmp, file);
    }
    catch (error) {
        rmSync(tmp, { force: true });
        throw error;
    }
}
