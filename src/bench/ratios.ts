/**
 * The statistics the benchmark reports: medians over runs, and ratios of
 * two steps both as the ratio of their medians and run by run (each run
 * times both steps one after the other, so a run's ratio is the one least
 * moved by the machine's slower and faster spells), with the median of
 * the runs' ratios.
 */

/** The median of `values`, or null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** a / b to three decimals, or null when either is missing or b is 0. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  return a === null || a === undefined || b === null || b === undefined || b === 0 ? null : Math.round((a / b) * 1000) / 1000;
}

/** One timing of a step in a run. */
export interface RunTiming {
  run: number;
  wallMs: number;
  exitCode: number | null;
}

/** A ratio of two steps run by run: its value in each run, in run order, and the median of those values. */
export interface RatioByRun {
  byRun: number[];
  median: number | null;
}

/** The ratio a / b in each run where both steps succeeded, in run order, and the median of those ratios. */
export function ratiosByRun(a: readonly RunTiming[], b: readonly RunTiming[]): RatioByRun {
  const byRun: number[] = [];
  for (const [first, second] of pairsByRun(a, b)) {
    const value = ratio(first.wallMs, second.wallMs);
    if (value !== null) byRun.push(value);
  }
  const middle = median(byRun);
  return { byRun, median: middle === null ? null : Math.round(middle * 1000) / 1000 };
}

/**
 * a's time less b's in each run where both steps succeeded, in run order: what
 * a costs beyond b in that run (the search index: the build with it less the
 * build without), as a step of its own to pair with a third (ratiosByRun).
 */
export function differencesByRun(a: readonly RunTiming[], b: readonly RunTiming[]): RunTiming[] {
  return pairsByRun(a, b).map(([first, second]) => ({ run: first.run, wallMs: first.wallMs - second.wallMs, exitCode: 0 }));
}

/** The timings of `a` and `b` of each run where both steps succeeded, in `a`'s order. */
function pairsByRun(a: readonly RunTiming[], b: readonly RunTiming[]): [RunTiming, RunTiming][] {
  const pairs: [RunTiming, RunTiming][] = [];
  for (const first of a) {
    const second = b.find((timing) => timing.run === first.run);
    if (first.exitCode === 0 && second !== undefined && second.exitCode === 0) pairs.push([first, second]);
  }
  return pairs;
}
