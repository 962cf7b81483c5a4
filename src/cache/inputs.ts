/**
 * Input stamps: what each input file looked like (size, times, inode) when
 * the last build took its digest, kept beside the output
 * (`<output>.cache/inputs.bin`). A rebuild takes the digest of a file whose
 * stamp is unchanged from there instead of reading and hashing its bytes,
 * as git's index does for its working tree.
 *
 * A stamp is trusted only when the file's times are before the moment the
 * stamps began to be taken (`since`): a file written again within the
 * resolution of the file system's clock, just after it was stamped, could
 * keep its times, so such files are hashed again. `since` is read from the
 * file system's own clock (the time of a file the build touches before it
 * looks at any input), never from the process clock. On the file system
 * that clock was read from (the same device), times only move on, in the
 * same steps for every file, so a file changed after `since` has times no
 * earlier than it: a time before `since` is enough, as git's index asks of
 * the times of a working tree's files. On another file system (another
 * clock, maybe coarser: FAT's 2 s) the times must be RACY_MS before it.
 *
 * A build whose stamps differ from those stored for a few files only (an
 * added or edited dispatch) writes those few to `inputs-recent.bin`, each
 * with the `since` of the build that took it, rather than every stamp again;
 * more than RECENT_STAMPS, and it writes them all and removes that file.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { writeFileAtomic } from '../atomic.js';
import path from 'node:path';
import { cacheDirOf } from './manifest.js';
import type { FileStat } from './stats.js';

/** What an input file looked like when its digest was taken. */
export interface InputStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  /** SHA-1 of its bytes, base64url (as in the build's digests). */
  digest: string;
  /** When the build that took it began stamping, where that is not the stamps' `since` (a recent stamp). */
  since?: number;
  /** The device whose clock that `since` was read from (a recent stamp's; see InputStamps.clock). */
  clock?: number;
}

/** The moment a build began stamping, on a file system's clock (markStampTime). */
export interface StampClock {
  /** File-system time at which the stamps began to be taken (0: trust nothing). */
  since: number;
  /** The device of the file system that time was read from, when known. */
  clock?: number;
}

/** The stamps of a build's input files, by path as in the records (`clock` unknown: every file is held to RACY_MS). */
export interface InputStamps extends StampClock {
  files: ReadonlyMap<string, InputStamp>;
  /** As read: the stamps of `inputs.bin` alone, without the recent ones. */
  stored?: ReadonlyMap<string, InputStamp>;
}

/** Most stamps a build writes as recent ones (`inputs-recent.bin`) rather than writing every stamp again. */
export const RECENT_STAMPS = 16;

/** 4: the device of the stamps' clock beside their `since`; 3 had none. */
const FORMAT = 4;

/**
 * The stamps as stored (`v8.serialize`): one list per field, a file's values
 * at the same index, the numbers four to a file in one Float64Array (size,
 * mtime, ctime, inode). Read and written in about half the time of the same
 * columns as JSON, whose reading and writing of 20,000 fractional times was
 * most of its cost (10,000 files: 15–24 against 8–13 ms to read, 15–17
 * against 6–10 ms to write, in a new process).
 */
interface StampsFile extends StampColumns {
  format: typeof FORMAT;
  since: number;
  /** The device whose clock `since` is on, or null when not known. */
  clock: number | null;
}

/** Stamps as columns: a file's path, digest, and numbers (NUMBERS or RECENT_NUMBERS of them) at the same index. */
interface StampColumns {
  paths: string[];
  digests: string[];
  numbers: Float64Array;
}
/** Numbers stored per file. */
const NUMBERS = 4;
/** Margin for files on another file system than the stamps' clock: the resolution of its file times (FAT's 2 s) and a clock apart. */
const RACY_MS = 2000;

function stampsPath(output: string): string {
  return path.join(cacheDirOf(output), 'inputs.bin');
}

function recentPath(output: string): string {
  return path.join(cacheDirOf(output), 'inputs-recent.bin');
}

/**
 * The recent stamps as stored: as StampsFile, with two more numbers per file,
 * the `since` of the build that took its stamp and the device of its clock (NaN when not known).
 */
interface RecentFile extends StampColumns {
  format: typeof FORMAT;
  /** The `since` of the stamps these go with (`inputs.bin`'s): read with those only. */
  over: number;
}
const RECENT_NUMBERS = 6;

/** The columns of stored stamps of `width` numbers a file, or null when they are not whole. */
function columnsOf(data: Partial<StampColumns>, width: number): StampColumns | null {
  const { paths, digests, numbers } = data;
  if (!Array.isArray(paths) || !Array.isArray(digests) || digests.length !== paths.length) return null;
  if (!(numbers instanceof Float64Array) || numbers.length !== paths.length * width) return null;
  return { paths, digests, numbers };
}

/** The stamp of the `i`th file of `columns` (a recent one, with its `since`, at RECENT_NUMBERS a file). */
function stampAt({ digests, numbers }: StampColumns, i: number, width: number): InputStamp {
  const at = i * width;
  const stamp: InputStamp = { size: numbers[at]!, mtimeMs: numbers[at + 1]!, ctimeMs: numbers[at + 2]!, ino: numbers[at + 3]!, digest: digests[i]! };
  if (width === RECENT_NUMBERS) {
    stamp.since = numbers[at + 4]!;
    const clock = numbers[at + 5]!;
    if (!Number.isNaN(clock)) stamp.clock = clock;
  }
  return stamp;
}

/** Puts `stamp` as the `i`th file of `columns` (with the clock it was taken by too, at RECENT_NUMBERS a file). */
function putStamp({ paths, digests, numbers }: StampColumns, i: number, width: number, file: string, stamp: InputStamp, { since, clock }: StampClock): void {
  const at = i * width;
  paths[i] = file;
  digests[i] = stamp.digest;
  numbers[at] = stamp.size;
  numbers[at + 1] = stamp.mtimeMs;
  numbers[at + 2] = stamp.ctimeMs;
  numbers[at + 3] = stamp.ino;
  if (width === RECENT_NUMBERS) {
    numbers[at + 4] = since;
    numbers[at + 5] = clock ?? Number.NaN;
  }
}

/** Empty columns for `count` files of `width` numbers. */
function newColumns(count: number, width: number): StampColumns {
  return { paths: new Array<string>(count), digests: new Array<string>(count), numbers: new Float64Array(count * width) };
}

/** A file's stamp as it is now. */
export function stampOf(info: FileStat, digest: string): InputStamp {
  return { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino, digest };
}

/** The clock a stamp was taken by: its own for a recent stamp, else that of the stamps it is among (`stamps`). */
function takenBy(stamp: InputStamp, stamps: StampClock): StampClock {
  return stamp.since === undefined ? stamps : clockOf({ since: stamp.since, clock: stamp.clock });
}

/** A clock alone (of stamps, without their files: what a reader on another thread is sent), its device left out when not known. */
export function clockOf({ since, clock }: { since: number; clock?: number | null | undefined }): StampClock {
  return clock === undefined || clock === null ? { since } : { since, clock };
}

/**
 * The digest recorded for a file whose stamp is unchanged and old enough to
 * trust, else undefined: its times before the `since` of the build that took
 * it (`taken`, the stamps' own unless the stamp is a recent one), by RACY_MS
 * unless the file is on the device whose clock that was.
 */
export function trustedDigest(info: FileStat, stamp: InputStamp | undefined, taken: StampClock): string | undefined {
  if (stamp === undefined) return undefined;
  if (info.size !== stamp.size || info.mtimeMs !== stamp.mtimeMs || info.ctimeMs !== stamp.ctimeMs || info.ino !== stamp.ino) return undefined;
  const { since, clock } = takenBy(stamp, taken);
  const margin = clock !== undefined && info.dev === clock ? 0 : RACY_MS;
  return Math.max(info.mtimeMs, info.ctimeMs) < since - margin ? stamp.digest : undefined;
}

/**
 * Marks the moment this build starts looking at its input, on the file
 * system's clock: touches a file in the cache folder and returns its time
 * and device, or a time of 0 (trust nothing) when that cannot be done.
 */
export function markStampTime(output: string): StampClock {
  try {
    const marker = path.join(cacheDirOf(output), 'stamped-at');
    mkdirSync(path.dirname(marker), { recursive: true });
    writeFileSync(marker, '');
    const info = statSync(marker);
    return { since: info.mtimeMs, clock: info.dev };
  } catch {
    return { since: 0 };
  }
}

/** The stamps the last build left beside `output`, or null when there are none or they cannot be read. */
export function readInputStamps(output: string): InputStamps | null {
  try {
    const data = deserialize(readFileSync(stampsPath(output))) as Partial<StampsFile> | null;
    if (data?.format !== FORMAT || typeof data.since !== 'number') return null;
    if (data.clock !== null && typeof data.clock !== 'number') return null;
    const columns = columnsOf(data, NUMBERS);
    if (columns === null) return null;
    const stored = new Map<string, InputStamp>();
    for (let i = 0; i < columns.paths.length; i++) stored.set(columns.paths[i]!, stampAt(columns, i, NUMBERS));
    const taken = clockOf({ since: data.since, clock: data.clock });
    const recent = readRecentStamps(output, data.since);
    if (recent.length === 0) return { ...taken, files: stored, stored };
    const files = new Map(stored);
    for (const [file, stamp] of recent) files.set(file, stamp);
    return { ...taken, files, stored };
  } catch {
    return null;
  }
}

/** The recent stamps beside `output` that go with stamps of `since`, or none when there are none such or they cannot be read. */
function readRecentStamps(output: string, since: number): [string, InputStamp][] {
  try {
    const data = deserialize(readFileSync(recentPath(output))) as Partial<RecentFile> | null;
    if (data?.format !== FORMAT || data.over !== since) return [];
    const columns = columnsOf(data, RECENT_NUMBERS);
    return columns === null ? [] : columns.paths.map((file, i) => [file, stampAt(columns, i, RECENT_NUMBERS)]);
  } catch {
    return [];
  }
}

/**
 * Stores `stamps` beside `output`: when `previous` (as read) holds the stored stamps and
 * they differ from these for no more than RECENT_STAMPS files, as recent stamps over them
 * (a file gone keeps its stored stamp, which no file of another inode and times matches);
 * otherwise every stamp, the recent ones removed.
 */
export async function saveInputStamps(output: string, stamps: InputStamps, previous: InputStamps | null, pid: number): Promise<void> {
  const stored = previous?.stored;
  if (stored !== undefined) {
    const recent: [string, InputStamp][] = [];
    stamps.files.forEach((stamp, file) => {
      if (recent.length <= RECENT_STAMPS && stored.get(file) !== stamp) recent.push([file, stamp]);
    });
    if (recent.length <= RECENT_STAMPS) {
      const data: RecentFile = { format: FORMAT, over: previous!.since, ...newColumns(recent.length, RECENT_NUMBERS) };
      recent.forEach(([file, stamp], i) => putStamp(data, i, RECENT_NUMBERS, file, stamp, takenBy(stamp, stamps)));
      writeFileAtomic(recentPath(output), serialize(data), pid);
      return;
    }
  }
  await writeInputStamps(output, stamps, pid);
}

/** Stores the stamps beside `output` (see writeFileAtomic). */
export async function writeInputStamps(output: string, stamps: InputStamps, pid: number): Promise<void> {
  const data: StampsFile = { format: FORMAT, since: stamps.since, clock: stamps.clock ?? null, ...newColumns(stamps.files.size, NUMBERS) };
  let i = 0;
  stamps.files.forEach((stamp, file) => putStamp(data, i++, NUMBERS, file, stamp, stamps));
  writeFileAtomic(stampsPath(output), serialize(data), pid);
  // The recent stamps of the stamps replaced, and the JSON stamps of builds before format 3, which nothing reads any more.
  rmSync(recentPath(output), { force: true });
  rmSync(path.join(cacheDirOf(output), 'inputs.json'), { force: true });
}
