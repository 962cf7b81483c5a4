/**
 * Content fingerprints of an output folder, to check that an incremental
 * rebuild wrote exactly what a clean build writes.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
export async function hashTree(dir) {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    const files = entries
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1).split('\\').join('/'))
        .sort();
    const hashes = new Map();
    // Read in modest batches: sequential reads are slow at 100,000 files, unbounded ones exhaust handles.
    for (let i = 0; i < files.length; i += 64) {
        const batch = files.slice(i, i + 64);
        const digests = await Promise.all(batch.map(async (file) => createHash('sha256').update(await readFile(join(dir, file))).digest('hex')));
        batch.forEach((file, k) => hashes.set(file, digests[k]));
    }
    return hashes;
}
export function compareTrees(actual, expected) {
    const missing = [...expected.keys()].filter((file) => !actual.has(file));
    const extra = [...actual.keys()].filter((file) => !expected.has(file));
    const changed = [...expected.entries()]
        .filter(([file, hash]) => actual.has(file) && actual.get(file) !== hash)
        .map(([file]) => file);
    return { identical: missing.length + extra.length + changed.length === 0, missing, extra, changed };
}
