/**
 * Input stamps: what each input file looked like (size, times, inode) when
 * the last build took its digest, kept beside the output
 * (`<output>.cache/inputs.json`). A rebuild takes the digest of a file whose
 * stamp is unchanged from there instead of reading and hashing its bytes,
 * as git's index does for its working tree.
 *
 * A stamp is trusted only when the file's times are well before the moment
 * the stamps were taken (`since`): a file written again within the
 * resolution of the file system's clock, just after it was stamped, could
 * keep its times, so such files are hashed again. `since` is read from the
 * file system's own clock (the time of a file the build touches before it
 * looks at any input), never from the process clock.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { writeFileAtomic } from '../atomic.js';
import path from 'node:path';
import { cacheDirOf } from './manifest.js';
const FORMAT = 2;
/** Margin for the resolution of file times (coarse clocks, FAT's 2 s) and clock steps. */
const RACY_MS = 2000;
function stampsPath(output) {
    return path.join(cacheDirOf(output), 'inputs.json');
}
/** A file's stamp as it is now. */
export function stampOf(info, digest) {
    return { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino, digest };
}
/** The digest recorded for a file whose stamp is unchanged and old enough to trust, else undefined. */
export function trustedDigest(info, stamp, since) {
    if (stamp === undefined)
        return undefined;
    if (info.size !== stamp.size || info.mtimeMs !== stamp.mtimeMs || info.ctimeMs !== stamp.ctimeMs || info.ino !== stamp.ino)
        return undefined;
    return Math.max(info.mtimeMs, info.ctimeMs) < since - RACY_MS ? stamp.digest : undefined;
}
/**
 * Marks the moment this build starts looking at its input, on the file
 * system's clock: touches a file in the cache folder and returns its time,
 * or 0 (trust nothing) when that cannot be done.
 */
export function markStampTime(output) {
    try {
        const marker = path.join(cacheDirOf(output), 'stamped-at');
        mkdirSync(path.dirname(marker), { recursive: true });
        writeFileSync(marker, '');
        return statSync(marker).mtimeMs;
    }
    catch {
        return 0;
    }
}
/** The stamps the last build left beside `output`, or null when there are none or they cannot be read. */
export function readInputStamps(output) {
    try {
        const data = JSON.parse(readFileSync(stampsPath(output), 'utf8'));
        if (data.format !== FORMAT || typeof data.since !== 'number')
            return null;
        const { paths, sizes, mtimes, ctimes, inos, digests } = data;
        if (!Array.isArray(paths) || ![sizes, mtimes, ctimes, inos, digests].every((list) => Array.isArray(list) && list.length === paths.length))
            return null;
        const files = new Map();
        for (let i = 0; i < paths.length; i++) {
            files.set(paths[i], { size: sizes[i], mtimeMs: mtimes[i], ctimeMs: ctimes[i], ino: inos[i], digest: digests[i] });
        }
        return { since: data.since, files };
    }
    catch {
        return null;
    }
}
/** Stores the stamps beside `output` (see writeFileAtomic). */
export async function writeInputStamps(output, stamps, pid) {
    const data = { format: FORMAT, since: stamps.since, paths: [], sizes: [], mtimes: [], ctimes: [], inos: [], digests: [] };
    for (const [file, stamp] of stamps.files) {
        data.paths.push(file);
        data.sizes.push(stamp.size);
        data.mtimes.push(stamp.mtimeMs);
        data.ctimes.push(stamp.ctimeMs);
        data.inos.push(stamp.ino);
        data.digests.push(stamp.digest);
    }
    await writeFileAtomic(stampsPath(output), JSON.stringify(data), pid);
}
