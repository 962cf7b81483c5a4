import { describe, expect, it } from 'vitest';
import { renderChunks } from '../../src/render/site.js';

const numbers = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('render jobs (renderChunks)', () => {
  it('hands every page out once, in order', () => {
    for (const [n, jobs, max] of [
      [0, 2, 2000],
      [1, 2, 2000],
      [150, 2, 2000],
      [14_019, 2, 2000],
      [14_019, 1, 2000],
      [140_000, 4, 2000],
      [1234, 3, 300],
    ] as const) {
      const out = renderChunks(numbers(n), jobs, max);
      expect(out.flat()).toEqual(numbers(n));
      expect(out.every((chunk) => chunk.length > 0)).toBe(true);
    }
  });

  it('starts each thread on a small job, then shrinks the jobs towards the end, none past the largest size', () => {
    const sizes = renderChunks(numbers(14_019), 2, 2000).map((chunk) => chunk.length);
    expect(sizes.slice(0, 2)).toEqual([100, 100]);
    const rest = sizes.slice(2);
    expect(Math.max(...rest)).toBe(2000);
    for (let i = 1; i < rest.length; i++) expect(rest[i]).toBeLessThanOrEqual(rest[i - 1]!);
    // The last jobs are small (the threads end together) but not tiny (each job has a set-up of its own).
    expect(rest.at(-1)).toBeLessThan(500);
    expect(Math.min(...rest)).toBeGreaterThanOrEqual(250);
    expect(sizes.length).toBeLessThan(16);
  });
});
