/** planShards: runs of consecutive dates, cut at years, then months, then inside a month; the newest month apart. */
import { describe, expect, it } from 'vitest';
import { PART_DIVISOR, planShards, type ShardPlan } from '../../src/search/shards.js';
import type { ArticleRecord } from '../../src/types.js';
import { syntheticArticles } from './synthetic.js';

/** Whether two shards hold the same articles. */
function sameArticles(a: ShardPlan, b: ShardPlan): boolean {
  return a.articles.length === b.articles.length && a.articles.every((article, i) => article === b.articles[i]);
}

describe('planShards', () => {
  const articles = syntheticArticles({ articles: 3000, firstYear: 2015, lastYear: 2024, seed: 7 });

  it('covers every article once, in corpus order, within the size limit', () => {
    for (const max of [1, 50, 400, 1000, 5000]) {
      const shards = planShards(articles, max);
      expect(shards.flatMap((s) => s.articles)).toEqual(articles);
      for (const shard of shards) {
        expect(shard.articles.length).toBeGreaterThan(0);
        expect(shard.articles.length).toBeLessThanOrEqual(max);
        expect(shard.from).toBe(shard.articles[0]!.date);
        expect(shard.to).toBe(shard.articles[shard.articles.length - 1]!.date);
      }
      expect(new Set(shards.map((s) => s.name)).size).toBe(shards.length);
    }
  });

  it('keeps whole years together when they fit, and names shards by the years they hold', () => {
    // The newest month's year is unfinished: its months are units of their own (below).
    const newestYear = articles[articles.length - 1]!.date.slice(0, 4);
    const shards = planShards(articles, 1000).filter((s) => !s.to.startsWith(newestYear));
    expect(shards.length).toBeGreaterThanOrEqual(2);
    const years = shards.map((s) => s.name);
    expect(years.every((name) => /^\d{4}(_\d{4})?$/.test(name))).toBe(true);
    for (const shard of shards) {
      const [from, to = from] = shard.name.split('_');
      expect(shard.from.slice(0, 4)).toBe(from);
      expect(shard.to.slice(0, 4)).toBe(to);
    }
    // Every older year fits in one shard: that one group is still open, so it is in parts of whole years of at most a quarter of it.
    const newest = articles[articles.length - 1]!.date.slice(0, 7);
    const open = planShards(articles, 5000);
    expect(open.map((s) => s.name)).toEqual(['2015_2018', '2019_2022', '2023_2024-11', newest]);
    for (const shard of open.slice(0, -1)) expect(shard.articles.length).toBeLessThanOrEqual(5000 / PART_DIVISOR);
  });

  it("leaves the older shards' last group in parts, so that a new month copies the month before or indexes again one part", () => {
    // 1,000 articles a month over 2024, the newest month 2024-12: groups of four months, the last (September to November) open.
    const monthly = (months: number): ArticleRecord[] =>
      Array.from({ length: months * 1000 }, (_, i) => {
        const month = Math.floor(i / 1000) + 1;
        const date = `${month > 12 ? 2025 : 2024}-${String(((month - 1) % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
        return { ...articles[0]!, date, url: `/${date.replaceAll('-', '/')}/a-${String(i).padStart(5, '0')}/` };
      }).sort((a, b) => a.date.localeCompare(b.date) || a.url.localeCompare(b.url));
    const names = (shards: ShardPlan[]) => shards.map((s) => `${s.name}:${s.articles.length}`);
    const year = planShards(monthly(12), 4000);
    expect(names(year)).toEqual(['2024-01_2024-04:4000', '2024-05_2024-08:4000', '2024-09:1000', '2024-10:1000', '2024-11:1000', '2024-12:1000']);
    // A new month: 2024-12, the primary until then, is a part of its own as it was; every other shard is as it was.
    const turned = planShards(monthly(13), 4000);
    expect(turned.slice(0, -1)).toEqual(year);
    expect(turned.at(-1)).toMatchObject({ name: '2025-01' });
    // The month after, the open group is full: it is one shard, and the month before opens the next group.
    expect(names(planShards(monthly(14), 4000))).toEqual(['2024-01_2024-04:4000', '2024-05_2024-08:4000', '2024-09_2024-12:4000', '2025-01:1000', '2025-02:1000']);
  });

  it('gives the newest month shards of its own, so that a new day indexes that month again and no older article', () => {
    const newest = articles[articles.length - 1]!.date.slice(0, 7);
    for (const max of [50, 1000, 5000]) {
      const shards = planShards(articles, max);
      const last = shards[shards.length - 1]!;
      expect(last.name.startsWith(newest)).toBe(true);
      // Every article of the newest month is in its shards, and nothing else is.
      const ofNewest = shards.filter((s) => s.from.startsWith(newest));
      expect(ofNewest.flatMap((s) => s.articles)).toEqual(articles.filter((a) => a.date.startsWith(newest)));
      for (const shard of ofNewest) expect(shard.to.startsWith(newest)).toBe(true);

      // Articles added on the newest day change the newest month's last shards alone: the one that held the day, and
      // a new one when the day no longer fits beside the days before it.
      const lastDate = articles[articles.length - 1]!.date;
      const added = [...articles, ...[1, 2, 3].map((k) => ({ ...articles[articles.length - 1]!, url: `/${lastDate.replaceAll('-', '/')}/added-${k}/` }))];
      const after = planShards(added, max);
      const kept = after.filter((shard) => shards.some((was) => was.name === shard.name && sameArticles(was, shard)));
      expect(kept).toEqual(shards.slice(0, kept.length));
      expect(after.length - kept.length).toBeLessThanOrEqual(2);
      expect(shards.length - kept.length).toBe(1);
      expect(after[after.length - 1]!.articles.slice(-3).map((a) => a.url)).toEqual(added.slice(-3).map((a) => a.url));

      // A new month, and year: the month before joins the older shards, and the new one stands apart. The older shards
      // change from their last group on, or from the year just finished, which was months and may now be one unit.
      const nextMonth = [...articles, { ...articles[articles.length - 1]!, date: '2025-01-01', url: '/2025/01/01/new-year/' }];
      const turned = planShards(nextMonth, max);
      const older = shards.filter((s) => !s.from.startsWith(newest));
      const same = turned.filter((shard) => older.some((was) => was.name === shard.name && sameArticles(was, shard)));
      expect(same).toEqual(older.slice(0, same.length));
      const finishedYear = articles.filter((a) => a.date.startsWith('2024') && !a.date.startsWith(newest)).length;
      expect(older.slice(same.length).reduce((sum, s) => sum + s.articles.length, 0)).toBeLessThanOrEqual(max + finishedYear);
      expect(turned[turned.length - 1]).toMatchObject({ name: '2025-01', from: '2025-01-01', to: '2025-01-01' });
      expect(turned.slice(0, -1).flatMap((s) => s.articles)).toEqual(articles);
    }
  });

  it("cuts the last run of a busy newest month into runs of days, so that a new day indexes again a part of it", () => {
    // A wire of 300 dispatches a day, 25 days into a month: 7,500 articles, runs of 4,000.
    const max = 4000;
    const wire = (days: number): ArticleRecord[] =>
      Array.from({ length: days * 300 }, (_, i) => {
        const date = `2024-11-${String(Math.floor(i / 300) + 1).padStart(2, '0')}`;
        return { ...articles[0]!, date, url: `/${date.replaceAll('-', '/')}/a-${String(i % 300).padStart(3, '0')}/` };
      });
    const shards = planShards(wire(25), max);
    expect(shards.map((s) => `${s.name}:${s.articles.length}`)).toEqual([
      '2024-11-01_2024-11-14:4000',
      '2024-11-14_2024-11-16:800',
      '2024-11-17_2024-11-19:900',
      '2024-11-20_2024-11-22:900',
      '2024-11-23_2024-11-25:900',
    ]);
    for (const shard of shards.slice(1)) expect(shard.articles.length).toBeLessThanOrEqual(max / PART_DIVISOR);
    // The next day stands in a part of its own, as every other shard was.
    const next = planShards(wire(26), max);
    expect(next.slice(0, -1)).toEqual(shards);
    expect(next.at(-1)).toMatchObject({ name: '2024-11-26', from: '2024-11-26', to: '2024-11-26' });
    // The day after fills the run: its parts are one shard again, and the rest of that day begins the next run.
    expect(planShards(wire(27), max).map((s) => `${s.name}:${s.articles.length}`)).toEqual([
      '2024-11-01_2024-11-14:4000',
      '2024-11-14_2024-11-27:4000',
      '2024-11-27:100',
    ]);
    // A shorter month (100 a day) grows by a day into its last part while that part has room.
    const quieter = (days: number): ArticleRecord[] => wire(days * 3).filter((_, i) => i % 9 === 0).map((a, i) => ({ ...a, date: `2024-11-${String(Math.floor(i / 100) + 1).padStart(2, '0')}` }));
    const before = planShards(quieter(24), max);
    const grown = planShards(quieter(25), max);
    expect(grown.slice(0, -1)).toEqual(before.slice(0, -1));
    expect(grown.at(-1)).toMatchObject({ from: before.at(-1)!.from, to: '2024-11-25' });
    // A month that fits in one part is one shard, named by its month.
    expect(planShards(wire(3), max).map((s) => s.name)).toEqual(['2024-11']);
  });

  it('splits a year too big for one shard by month, and a month too big by runs of days', () => {
    const byMonth = planShards(articles, 100);
    expect(byMonth.every((s) => /^\d{4}-\d{2}(_\d{4}-\d{2})?$/.test(s.name))).toBe(true);
    const byDays = planShards(articles, 10);
    expect(byDays.some((s) => /^\d{4}-\d{2}-\d{2}/.test(s.name))).toBe(true);
  });

  it('gives a day that needs several shards numbered names', () => {
    const sameDay = articles.slice(0, 5).map((a, i) => ({ ...a, date: '2024-08-21', url: `/2024/08/21/a-${i}/` }));
    expect(planShards(sameDay, 2).map((s) => s.name)).toEqual(['2024-08-21', '2024-08-21-2', '2024-08-21-3']);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => planShards(articles, 0)).toThrow(/maxArticles must be a positive integer/);
  });
});
