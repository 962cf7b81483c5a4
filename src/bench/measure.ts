/**
 * Runs one command and measures it the way the operating system sees it:
 * wall time, CPU time (user + system) of the whole process tree, and the
 * peak resident memory of the whole tree.
 *
 * - CPU time comes from GNU time (`/usr/bin/time -f`), whose rusage of the
 *   child includes every descendant the child waited for (Node waits for the
 *   processes it spawns).
 * - Peak memory is the largest sum of RSS over the tree, sampled every
 *   `intervalMs` by walking /proc/<pid>/task/<tid>/children. GNU time's %M
 *   is only the largest single process, which misses Pagefind or worker
 *   processes running beside Node; it is kept as a lower bound (and wins for
 *   commands shorter than one sampling interval).
 * - The clock starts once the file system's pending writes are flushed
 *   (`sync`): the kernel writes a step's files (up to 200 MB) back some 30 s
 *   later, while a later step runs. An added article's rebuild of 10,000
 *   articles run 27 s after 169 MB of files were written: 316–413 ms (median
 *   352) as they were written back, 318–343 ms (327) with them flushed first.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface Measurement {
  command: string;
  exitCode: number;
  wallMs: number;
  /** User + system CPU of the tree, or null when GNU time is not installed. */
  cpuMs: number | null;
  userMs: number | null;
  sysMs: number | null;
  /** Peak of the summed RSS of every process in the tree (bytes). */
  peakRssBytes: number;
  /** Largest single process's peak RSS as GNU time reports it (bytes), or null. */
  maxProcessRssBytes: number | null;
  /** Largest number of processes seen at once in the tree. */
  maxProcesses: number;
  /** The last few KB of standard error, for reporting failures. */
  stderrTail: string;
}

export interface MeasureOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Sampling interval of the memory poll. @default 20 */
  intervalMs?: number;
  /** Flush the file system's pending writes (`sync`) before the clock starts. @default true */
  flushFirst?: boolean;
}

const GNU_TIME = '/usr/bin/time';
const PAGE_SIZE = 4096;
const TAIL = 4096;

function residentBytes(pid: number): number {
  try {
    const statm = readFileSync(`/proc/${pid}/statm`, 'latin1');
    return Number(statm.split(' ')[1] ?? 0) * PAGE_SIZE;
  } catch {
    return 0; // the process ended between listing and reading
  }
}

function childPids(pid: number): number[] {
  const children: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return children;
  }
  for (const tid of tasks) {
    try {
      for (const child of readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1').split(' ')) {
        if (child.trim() !== '') children.push(Number(child));
      }
    } catch {
      // the thread ended while we read
    }
  }
  return children;
}

/** The summed RSS (bytes) and size of the process tree rooted at `root`. */
export function treeResidentBytes(root: number): { bytes: number; processes: number } {
  let bytes = 0;
  let processes = 0;
  const seen = new Set<number>();
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    const rss = residentBytes(pid);
    if (rss > 0) processes++;
    bytes += rss;
    stack.push(...childPids(pid));
  }
  return { bytes, processes };
}

function appendTail(tail: string, chunk: Buffer): string {
  const next = tail + chunk.toString('utf8');
  return next.length > TAIL ? next.slice(-TAIL) : next;
}

/** Runs `command args…` to completion and measures it. Never throws for a failing command. */
export async function measure(command: string, args: readonly string[], options: MeasureOptions = {}): Promise<Measurement> {
  const useTime = existsSync(GNU_TIME);
  const scratch = useTime ? await mkdtemp(join(tmpdir(), 'bench-time-')) : null;
  const timeFile = scratch === null ? null : join(scratch, 'time.txt');
  const [file, argv] =
    timeFile === null ? [command, [...args]] : [GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, command, ...args]];
  // Where `sync` is missing the step is timed as it comes.
  if (options.flushFirst ?? true) spawnSync('sync', { stdio: 'ignore' });

  const started = performance.now();
  const child = spawn(file, argv, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderrTail = '';
  child.stdout.on('data', () => undefined);
  child.stderr.on('data', (chunk: Buffer) => (stderrTail = appendTail(stderrTail, chunk)));

  let peakRssBytes = 0;
  let maxProcesses = 0;
  const sample = (): void => {
    if (child.pid === undefined) return;
    const { bytes, processes } = treeResidentBytes(child.pid);
    peakRssBytes = Math.max(peakRssBytes, bytes);
    maxProcesses = Math.max(maxProcesses, processes);
  };
  const timer = setInterval(sample, options.intervalMs ?? 20);
  sample();

  let wallMs = 0;
  const exitCode = await new Promise<number>((resolve) => {
    child.on('error', (error) => {
      stderrTail = appendTail(stderrTail, Buffer.from(String(error)));
      resolve(127);
    });
    child.on('exit', () => (wallMs = performance.now() - started));
    child.on('close', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });
  clearInterval(timer);

  let userMs: number | null = null;
  let sysMs: number | null = null;
  let maxProcessRssBytes: number | null = null;
  if (timeFile !== null && scratch !== null) {
    const text = await readFile(timeFile, 'utf8').catch(() => '');
    // GNU time prefixes "Command exited with non-zero status N" on failure; the figures are the last line.
    const figures = text.trim().split('\n').pop()?.split(' ').map(Number) ?? [];
    const [user, sys, maxKb] = figures;
    if (user !== undefined && sys !== undefined && maxKb !== undefined && figures.every(Number.isFinite)) {
      userMs = Math.round(user * 1000);
      sysMs = Math.round(sys * 1000);
      maxProcessRssBytes = maxKb * 1024;
    }
    await rm(scratch, { recursive: true, force: true });
  }
  return {
    command: [command, ...args].join(' '),
    exitCode,
    wallMs: Math.round(wallMs),
    cpuMs: userMs === null || sysMs === null ? null : userMs + sysMs,
    userMs,
    sysMs,
    peakRssBytes: Math.max(peakRssBytes, maxProcessRssBytes ?? 0),
    maxProcessRssBytes,
    maxProcesses,
    stderrTail,
  };
}
