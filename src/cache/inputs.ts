/**
 * Input stamps: what each input file looked like (size, times, inode) when
 * the last build took its digest, kept beside the output
 * (`<output>.cache/inputs.bin`). A rebuild takes the digest of a file whose
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
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { writeFileAtomic } from '../atomic.js';
import path from 'node:path';
import { cacheDirOf } from './manifest.js';

/** What an input file looked like when its digest was taken. */
export interface InputStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  /** SHA-1 of its bytes, base64url (as in the build's digests). */
  digest: string;
}

/** The stamps of a build's input files, by path as in the records. */
export interface InputStamps {
  /** File-system time at which the stamps began to be taken. */
  since: number;
  files: ReadonlyMap<string, InputStamp>;
}

const FORMAT = 3;

/**
 * The stamps as stored (`v8.serialize`): one list per field, a file's values
 * at the same index, the numbers four to a file in one Float64Array (size,
 * mtime, ctime, inode). Read and written in about half the time of the same
 * columns as JSON, whose reading and writing of 20,000 fractional times was
 * most of its cost (10,000 files: 15–24 against 8–13 ms to read, 15–17
 * against 6–10 ms to write, in a new process).
 */
interface StampsFile {
  format: typeof FORMAT;
  since: number;
  paths: string[];
  digests: string[];
  numbers: Float64Array;
}
/** Numbers stored per file. */
const NUMBERS = 4;
/** Margin for the resolution of file times (coarse clocks, FAT's 2 s) and clock steps. */
const RACY_MS = 2000;

function stampsPath(output: string): string {
  return path.join(cacheDirOf(output), 'inputs.bin');
}

/** A file's stamp as it is now. */
export function stampOf(info: Stats, digest: string): InputStamp {
  return { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino, digest };
}

/** The digest recorded for a file whose stamp is unchanged and old enough to trust, else undefined. */
export function trustedDigest(info: Stats, stamp: InputStamp | undefined, since: number): string | undefined {
  if (stamp === undefined) return undefined;
  if (info.size !== stamp.size || info.mtimeMs !== stamp.mtimeMs || info.ctimeMs !== stamp.ctimeMs || info.ino !== stamp.ino) return undefined;
  return Math.max(info.mtimeMs, info.ctimeMs) < since - RACY_MS ? stamp.digest : undefined;
}

/**
 * Marks the moment this build starts looking at its input, on the file
 * system's clock: touches a file in the cache folder and returns its time,
 * or 0 (trust nothing) when that cannot be done.
 */
export function markStampTime(output: string): number {
  try {
    const marker = path.join(cacheDirOf(output), 'stamped-at');
    mkdirSync(path.dirname(marker), { recursive: true });
    writeFileSync(marker, '');
    return statSync(marker).mtimeMs;
  } catch {
    return 0;
  }
}

/** The stamps the last build left beside `output`, or null when there are none or they cannot be read. */
export function readInputStamps(output: string): InputStamps | null {
  try {
    const data = deserialize(readFileSync(stampsPath(output))) as Partial<StampsFile> | null;
    if (data?.format !== FORMAT || typeof data.since !== 'number') return null;
    const { paths, digests, numbers } = data;
    if (!Array.isArray(paths) || !Array.isArray(digests) || digests.length !== paths.length) return null;
    if (!(numbers instanceof Float64Array) || numbers.length !== paths.length * NUMBERS) return null;
    const files = new Map<string, InputStamp>();
    for (let i = 0, at = 0; i < paths.length; i++, at += NUMBERS) {
      files.set(paths[i]!, { size: numbers[at]!, mtimeMs: numbers[at + 1]!, ctimeMs: numbers[at + 2]!, ino: numbers[at + 3]!, digest: digests[i]! });
    }
    return { since: data.since, files };
  } catch {
    return null;
  }
}

/** Stores the stamps beside `output` (see writeFileAtomic). */
export async function writeInputStamps(output: string, stamps: InputStamps, pid: number): Promise<void> {
  const count = stamps.files.size;
  const data: StampsFile = { format: FORMAT, since: stamps.since, paths: new Array<string>(count), digests: new Array<string>(count), numbers: new Float64Array(count * NUMBERS) };
  let i = 0;
  stamps.files.forEach((stamp, file) => {
    const at = i * NUMBERS;
    data.paths[i] = file;
    data.digests[i] = stamp.digest;
    data.numbers[at] = stamp.size;
    data.numbers[at + 1] = stamp.mtimeMs;
    data.numbers[at + 2] = stamp.ctimeMs;
    data.numbers[at + 3] = stamp.ino;
    i++;
  });
  writeFileAtomic(stampsPath(output), serialize(data), pid);
  // The JSON stamps of builds before format 3, which nothing reads any more.
  rmSync(path.join(cacheDirOf(output), 'inputs.json'), { force: true });
}
