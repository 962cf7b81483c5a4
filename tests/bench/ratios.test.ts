/** The benchmark's statistics: medians, and ratios of two steps run by run. */
import { describe, expect, it } from 'vitest';
import { median, ratio, ratiosByRun } from '../../src/bench/ratios.js';

const timing = (run: number, wallMs: number, exitCode: number | null = 0) => ({ run, wallMs, exitCode });

describe('bench statistics', () => {
  it('takes the median of odd and even counts, and none of nothing', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('rounds a ratio to three decimals and gives none without both sides', () => {
    expect(ratio(2, 3)).toBe(0.667);
    expect(ratio(null, 3)).toBeNull();
    expect(ratio(2, 0)).toBeNull();
  });

  it('pairs the two steps by run, skipping runs where either failed, and takes the median of the ratios', () => {
    // The first three runs of a bench of 2026-12-03: the ratio of the medians is 5,650 / 4,960 = 1.139, while run
    // by run the build took 1.21, 1.05 and 1.00 times Hugo's time. The fourth run's build failed.
    const build = [timing(1, 5990), timing(2, 4870), timing(3, 5650), timing(4, 9000, 1)];
    const hugo = [timing(1, 4960), timing(2, 4630), timing(3, 5630), timing(4, 4000)];
    expect(ratiosByRun(build, hugo)).toEqual({ byRun: [1.208, 1.052, 1.004], median: 1.052 });
    expect(ratiosByRun(build, [timing(2, 4870)])).toEqual({ byRun: [1], median: 1 });
    expect(ratiosByRun([], hugo)).toEqual({ byRun: [], median: null });
  });
});
