/**
 * How work is split between threads (shrinkingRuns): every item once, in
 * order; runs that shrink towards the end; render jobs that start small.
 */
import { describe, expect, it } from 'vitest';
import { renderChunks } from '../../src/render/site.js';
import { shrinkingRuns } from '../../src/render/runs.js';

const numbers = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('shrinkingRuns', () => {
  it('hands every item out once, in order, in runs none of which is empty', () => {
    for (const [n, threads, most, least, first] of [
      [0, 2, 2000, 250, 100],
      [1, 2, 2000, 250, 100],
      [150, 2, 2000, 250, 100],
      [14_019, 2, 2000, 250, 100],
      [14_019, 1, 2000, 250, undefined],
      [140_000, 4, 2000, 250, undefined],
      [300, 2, 38, 250, undefined],
      [1234, 3, 300, 50, 7],
    ] as const) {
      const runs = shrinkingRuns(numbers(n), threads, { most, least, ...(first === undefined ? {} : { first }) });
      expect(runs.flat()).toEqual(numbers(n));
      expect(runs.every((run) => run.length > 0)).toBe(true);
      // No run is larger than `most`, but the last, which takes the few items a run of `least` would leave.
      expect(runs.slice(0, -1).every((run) => run.length <= most)).toBe(true);
      if (runs.length > 0) expect(runs.at(-1)!.length).toBeLessThan(most + Math.min(least, most));
    }
  });

  it('shrinks the runs towards the end, down to the least size', () => {
    const sizes = shrinkingRuns(numbers(10_000), 2, { most: 1250, least: 250, share: 2 }).map((run) => run.length);
    for (let i = 1; i < sizes.length - 1; i++) expect(sizes[i]).toBeLessThanOrEqual(sizes[i - 1]!);
    expect(sizes[0]).toBe(1250);
    expect(sizes.at(-2)).toBe(250);
    expect(sizes.at(-1)).toBeLessThan(500);
  });
});

describe('render jobs (renderChunks)', () => {
  it('starts each thread on a small job, then shrinks the jobs towards the end, none past the largest size', () => {
    const sizes = renderChunks(numbers(14_019), 2, 2000).map((chunk) => chunk.length);
    expect(sizes.slice(0, 2)).toEqual([100, 100]);
    const rest = sizes.slice(2);
    expect(Math.max(...rest)).toBe(2000);
    // Each no larger than the one before, but the last, which takes the few pages a job of the least size would leave.
    for (let i = 1; i < rest.length - 1; i++) expect(rest[i]).toBeLessThanOrEqual(rest[i - 1]!);
    // The last jobs are small (the threads end together) but not tiny (each job has a set-up of its own).
    expect(rest.at(-1)).toBeLessThan(500);
    expect(Math.min(...rest)).toBeGreaterThanOrEqual(250);
    // Each a quarter of what is left: a few more than 9 jobs of the largest size.
    expect(sizes.length).toBeGreaterThan(12);
    expect(sizes.length).toBeLessThan(20);
  });
});
