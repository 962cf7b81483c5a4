/** planShards: runs of consecutive dates, cut at years, then months, then inside a month; the newest month apart. */
import { describe, expect, it } from 'vitest';
import { planShards } from '../../src/search/shards.js';
import { syntheticArticles } from './synthetic.js';

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
    const shards = planShards(articles, 1000).slice(0, -1);
    const years = shards.map((s) => s.name);
    expect(years.every((name) => /^\d{4}(_\d{4})?$/.test(name))).toBe(true);
    for (const shard of shards) {
      const [from, to = from] = shard.name.split('_');
      expect(shard.from.slice(0, 4)).toBe(from);
      expect(shard.to.slice(0, 4)).toBe(to);
    }
    const newest = articles[articles.length - 1]!.date.slice(0, 7);
    expect(planShards(articles, 5000).map((s) => s.name)).toEqual(['2015_2024', newest]);
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

      // Articles added on the newest day change the newest month's last shard alone.
      const lastDate = articles[articles.length - 1]!.date;
      const added = [...articles, ...[1, 2, 3].map((k) => ({ ...articles[articles.length - 1]!, url: `/${lastDate.replaceAll('-', '/')}/added-${k}/` }))];
      const after = planShards(added, max);
      expect(after.slice(0, -1)).toEqual(shards.slice(0, -1));
      expect(after[after.length - 1]!.articles.slice(-3).map((a) => a.url)).toEqual(added.slice(-3).map((a) => a.url));

      // A new month: the month before joins the older shards, changing the last of them alone, and the new one stands apart.
      const nextMonth = [...articles, { ...articles[articles.length - 1]!, date: '2025-01-01', url: '/2025/01/01/new-year/' }];
      const turned = planShards(nextMonth, max);
      const older = shards.filter((s) => !s.from.startsWith(newest));
      expect(turned.slice(0, older.length - 1)).toEqual(older.slice(0, -1));
      expect(turned[turned.length - 1]).toMatchObject({ name: '2025-01', from: '2025-01-01', to: '2025-01-01' });
      expect(turned.slice(0, -1).flatMap((s) => s.articles)).toEqual(articles);
    }
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
