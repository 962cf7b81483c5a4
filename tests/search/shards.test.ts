/** planShards: runs of consecutive dates, cut at years, then months, then inside a month. */
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
    const shards = planShards(articles, 1000);
    const years = shards.map((s) => s.name);
    expect(years.every((name) => /^\d{4}(_\d{4})?$/.test(name))).toBe(true);
    for (const shard of shards) {
      const [from, to = from] = shard.name.split('_');
      expect(shard.from.slice(0, 4)).toBe(from);
      expect(shard.to.slice(0, 4)).toBe(to);
    }
    expect(planShards(articles, 5000).map((s) => s.name)).toEqual(['2015_2024']);
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
