/**
 * The input's files looked at (`stat`) by two threads at once. A rebuild
 * looks at every input file to see edits made in place, which change no
 * folder's time: some 10,000 `stat` calls at 10,000 articles, most of the
 * input check, on the build's own thread, which goes on to read, place and
 * plan alone. Its render thread, started with the rebuild, takes runs of
 * the same files once the folders are walked: each thread takes the next
 * run of STAT_RUN files (a counter in shared memory), writes each file's
 * numbers into shared memory, and marks the run done; the build's thread
 * then compares the numbers with the last build's stamps (inputFingerprint,
 * src/corpus.ts). A run another thread took and has not finished within
 * STAT_WAIT_MS is looked at again by the build's thread.
 */
import { closeSync, fstatSync, openSync, statSync } from 'node:fs';

/** Numbers kept per file: size, mtimeMs, ctimeMs, ino, dev; a file that could not be looked at has NaN for its size. */
const FIELDS = 5;
/** Files a thread takes at a time. */
const STAT_RUN = 256;
/** How long the build's thread waits for a run another thread took before it looks at those files itself. */
const STAT_WAIT_MS = 250;

/** What a file's stamp is compared with: the fields of `fs.Stats` it reads. */
export interface FileStat {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  dev: number;
}

/** Files to look at, shared between threads: posted to a thread as it is (its paths one string, its numbers in shared memory). */
export interface StatShare {
  /** The files' absolute paths, joined by `\0` (a character no path holds). */
  paths: string;
  count: number;
  /** FIELDS numbers per file, in the paths' order. */
  numbers: Float64Array;
  /** [0]: the first file no thread has taken yet. */
  next: Int32Array;
  /** Per run: 1 once a thread has written its numbers. */
  done: Int32Array;
}

/** The part of Node's `fs` binding that `statSync` calls: it fills an array of numbers it reuses, and throws as `statSync` does. */
interface StatBinding {
  stat(path: string, bigint: false, request: undefined, throwIfNoEntry: true): Float64Array;
  fstat(fd: number, bigint: false, request: undefined, shouldNotThrow: false): Float64Array;
}

/** The binding, once a first call has given what `statSync` gives; null where it is not used; undefined until asked. */
let binding: StatBinding | null | undefined;

/** Where a field stands in the binding's array: as `statSync` reads them (Node's getStatsFromBinding). */
const DEV = 0;
const INO = 7;
const SIZE = 8;
const MTIME_S = 12;
const CTIME_S = 14;

/** Milliseconds from seconds and nanoseconds, as Node reckons `mtimeMs` and `ctimeMs`: the same numbers, to the bit. */
function msOf(numbers: Float64Array, at: number): number {
  return numbers[at]! * 1e3 + numbers[at + 1]! / 1e6;
}

/**
 * Node's own `stat`, without an `fs.Stats`: in Node 20, `statSync` makes a
 * Stats object and four Date objects for every call, and a rebuild makes
 * some 24,000 calls at 10,000 articles (every input file, to see edits made
 * in place, and every output folder), whose objects the garbage collector
 * then sweeps. The binding `statSync` calls fills one array of numbers
 * instead. It is taken only where Node has it, where asking for it draws no
 * warning (`--pending-deprecation`, under which `process.binding` warns),
 * and once it has given the numbers `statSync` and `fstatSync` give for
 * the same file (Node's own executable, by path and open); else, and in any
 * other Node that answers otherwise, `statSync` and `fstatSync` are used.
 * An added article's rebuild at 10,000 articles, three series of 20
 * interleaved rounds on a RAM disk: 739.9 → 687.8, 675.1 → 615.7 and
 * 696.4 → 654.6 ms (14, 17 and 14 of 20 faster), CPU over both threads
 * 1,030 → 935, 985 → 885 and 975 → 920 ms.
 */
function statBinding(): StatBinding | null {
  if (binding !== undefined) return binding;
  binding = null;
  const flags = `${process.execArgv.join(' ')} ${process.env['NODE_OPTIONS'] ?? ''}`;
  if (flags.includes('--pending-deprecation') || process.env['NODE_PENDING_DEPRECATION'] === '1') return binding;
  let fd: number | undefined;
  try {
    const candidate = (process as unknown as { binding?: (name: string) => Partial<StatBinding> | undefined }).binding?.('fs');
    if (typeof candidate?.stat !== 'function' || typeof candidate.fstat !== 'function') return binding;
    const found = candidate as StatBinding;
    const same = (numbers: Float64Array, info: FileStat): boolean =>
      numbers[SIZE] === info.size && msOf(numbers, MTIME_S) === info.mtimeMs && msOf(numbers, CTIME_S) === info.ctimeMs && numbers[INO] === info.ino && numbers[DEV] === info.dev;
    fd = openSync(process.execPath, 'r');
    if (same(found.stat(process.execPath, false, undefined, true), statSync(process.execPath)) && same(found.fstat(fd, false, undefined, false), fstatSync(fd))) binding = found;
  } catch {
    // Not as expected: statSync it is.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return binding;
}

/** The numbers of a file's stat from the binding's array, copied (the binding writes the same array again at its next call). */
function statOf(numbers: Float64Array): FileStat {
  return { size: numbers[SIZE]!, mtimeMs: msOf(numbers, MTIME_S), ctimeMs: msOf(numbers, CTIME_S), ino: numbers[INO]!, dev: numbers[DEV]! };
}

/** Whether fileStat and descriptorStat read Node's binding rather than calling `statSync` and `fstatSync` (statBinding). */
export function statsFromBinding(): boolean {
  return statBinding() !== null;
}

/** What the file at `path` looks like now (statSync's fields, read as statBinding says); throws as statSync does. */
export function pathStat(path: string): FileStat {
  const bound = statBinding();
  // statSync refuses a path with a NUL in it, which the binding would cut short: such a path goes to statSync.
  return bound === null || path.includes('\0') ? statSync(path) : statOf(bound.stat(path, false, undefined, true));
}

/** What the file at `path` looks like now, or undefined when it cannot be looked at. */
export function fileStat(path: string): FileStat | undefined {
  try {
    return pathStat(path);
  } catch {
    return undefined;
  }
}

/** What the file open as `fd` looks like now (fstatSync's fields, read as fileStat reads them); throws as fstatSync does. */
export function descriptorStat(fd: number): FileStat {
  const bound = statBinding();
  return bound === null ? fstatSync(fd) : statOf(bound.fstat(fd, false, undefined, false));
}

/** A share of `paths` (absolute), none of them looked at yet. */
export function statShare(paths: readonly string[]): StatShare {
  const runs = Math.ceil(paths.length / STAT_RUN);
  return {
    paths: paths.join('\0'),
    count: paths.length,
    numbers: new Float64Array(new SharedArrayBuffer(Math.max(1, paths.length) * FIELDS * Float64Array.BYTES_PER_ELEMENT)),
    next: new Int32Array(new SharedArrayBuffer(4)),
    done: new Int32Array(new SharedArrayBuffer(Math.max(1, runs) * 4)),
  };
}

/** Looks at the files `start` to `end` of `paths` and writes their numbers. */
function statRun(share: StatShare, paths: readonly string[], start: number, end: number): void {
  const { numbers } = share;
  for (let i = start; i < end; i++) {
    const at = i * FIELDS;
    const info = fileStat(paths[i]!);
    if (info === undefined) {
      numbers[at] = Number.NaN;
      continue;
    }
    numbers[at] = info.size;
    numbers[at + 1] = info.mtimeMs;
    numbers[at + 2] = info.ctimeMs;
    numbers[at + 3] = info.ino;
    numbers[at + 4] = info.dev;
  }
}

/**
 * Takes runs of the share's files until no thread has any left to take,
 * looking at each; `paths` are the share's, when this thread has them as a
 * list; `afterRun` is called after each run this thread looked at.
 */
export function takeStats(share: StatShare, paths: readonly string[] = share.paths.split('\0'), afterRun?: () => void): void {
  for (let start = Atomics.add(share.next, 0, STAT_RUN); start < share.count; start = Atomics.add(share.next, 0, STAT_RUN)) {
    statRun(share, paths, start, Math.min(start + STAT_RUN, share.count));
    Atomics.store(share.done, start / STAT_RUN, 1);
    Atomics.notify(share.done, start / STAT_RUN);
    afterRun?.();
  }
}

/**
 * Looks at the share's files with the threads it was handed to, and hands
 * each file's numbers to `each` in the files' order (undefined for one that
 * could not be looked at), a run as soon as it and every run before it are
 * done: this thread takes runs until none is left, handing over those done
 * between its own, then waits for the runs others took, or looks at their
 * files itself when one is not done within STAT_WAIT_MS.
 */
export function forEachStat(share: StatShare, paths: readonly string[], each: (index: number, stat: FileStat | undefined) => void): void {
  const { numbers, done, count } = share;
  const runs = Math.ceil(count / STAT_RUN);
  const hand = (run: number): void => {
    for (let index = run * STAT_RUN, end = Math.min(index + STAT_RUN, count); index < end; index++) {
      const at = index * FIELDS;
      const size = numbers[at]!;
      each(index, Number.isNaN(size) ? undefined : { size, mtimeMs: numbers[at + 1]!, ctimeMs: numbers[at + 2]!, ino: numbers[at + 3]!, dev: numbers[at + 4]! });
    }
  };
  let handed = 0;
  takeStats(share, paths, () => {
    while (handed < runs && Atomics.load(done, handed) === 1) hand(handed++);
  });
  for (; handed < runs; handed++) {
    if (Atomics.wait(done, handed, 0, STAT_WAIT_MS) === 'timed-out' && Atomics.load(done, handed) === 0) {
      statRun(share, paths, handed * STAT_RUN, Math.min((handed + 1) * STAT_RUN, count));
    }
    hand(handed);
  }
}
