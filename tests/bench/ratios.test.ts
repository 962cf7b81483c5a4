/** The benchmark's statistics: medians, and ratios of two steps run by run. */
import { describe, expect, it } from 'vitest';
import { differencesByRun, median, ratio, ratiosByRun } from '../../src/bench/ratios.js';

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

  it('takes the median of the runs\' ratios, which a spell slowing one step in one run moves less than the ratio of the medians', () => {
    // A bench of 2026-12-07 (5 runs): the medians 4,924 and 6,223 ms make 0.791, while run by run the build took
    // 0.649–0.906 of Hugo's time, 0.69 in the middle run.
    const build = [timing(1, 4084), timing(2, 5486), timing(3, 4924), timing(4, 4293), timing(5, 5823)];
    const hugo = [timing(1, 6290), timing(2, 6138), timing(3, 5432), timing(4, 6223), timing(5, 8987)];
    expect(ratio(median(build.map((t) => t.wallMs)), median(hugo.map((t) => t.wallMs)))).toBe(0.791);
    expect(ratiosByRun(build, hugo)).toEqual({ byRun: [0.649, 0.894, 0.906, 0.69, 0.648], median: 0.69 });
  });

  it('takes one step\'s time less another\'s run by run, skipping runs where either failed, to pair with a third', () => {
    // The same bench: the search index costs the build with it less the build without, in each run, against Pagefind's CLI in that run.
    const build = [timing(1, 4084), timing(2, 5486), timing(3, 4924), timing(4, 4293), timing(5, 5823), timing(6, 4000, 1)];
    const withSearch = [timing(1, 26412), timing(2, 24205), timing(3, 22703), timing(4, 23504), timing(5, 23985), timing(6, 23000)];
    const pagefind = [timing(1, 24920), timing(2, 34084), timing(3, 31615), timing(4, 25996), timing(5, 32589), timing(6, 30000)];
    const cost = differencesByRun(withSearch, build);
    expect(cost).toEqual([timing(1, 22328), timing(2, 18719), timing(3, 17779), timing(4, 19211), timing(5, 18162)]);
    expect(ratiosByRun(cost, pagefind)).toEqual({ byRun: [0.896, 0.549, 0.562, 0.739, 0.557], median: 0.562 });
    expect(differencesByRun(withSearch, [timing(2, 5486, null)])).toEqual([]);
  });
});
