/**
 * How the articles are split into search shards. Pagefind holds a whole
 * index in memory while it writes it (about 200 KB per article measured
 * here), so one index over 100,000 articles would need some 20 GB. Each shard
 * is a run of consecutive dates, cut at year boundaries where it can, then at
 * month boundaries, and only then inside a month, so a shard's name says which
 * dates it holds, an unchanged year keeps its shard, and newest-first results
 * are the shards' results read newest shard first.
 */
import type { ArticleRecord } from '../types.js';

/** One shard: a run of articles in date order. */
export interface ShardPlan {
  /** Folder name under `pagefind/`, from the dates it holds: `2024`, `2019_2021`, `2024-03`, `2024-03-01_2024-03-14`. */
  name: string;
  /** First and last date held, YYYY-MM-DD. */
  from: string;
  to: string;
  /** The articles, in corpus order (date, then URL). */
  articles: ArticleRecord[];
}

interface Group {
  key: string;
  articles: ArticleRecord[];
}

function groupBy(articles: ArticleRecord[], keyOf: (article: ArticleRecord) => string): Group[] {
  const groups: Group[] = [];
  for (const article of articles) {
    const key = keyOf(article);
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.articles.push(article);
    else groups.push({ key, articles: [article] });
  }
  return groups;
}

/** Consecutive groups merged while they fit; a group too big alone is split by `split`. */
function pack(groups: Group[], max: number, split: (group: Group) => Group[]): Group[] {
  const packed: Group[] = [];
  let current: Group | null = null;
  let firstKey = '';
  for (const group of groups) {
    if (group.articles.length > max) {
      if (current) packed.push(current);
      current = null;
      packed.push(...split(group));
      continue;
    }
    if (current && current.articles.length + group.articles.length <= max) {
      current.articles.push(...group.articles);
      current.key = `${firstKey}_${group.key}`;
    } else {
      if (current) packed.push(current);
      firstKey = group.key;
      current = { key: group.key, articles: [...group.articles] };
    }
  }
  if (current) packed.push(current);
  return packed;
}

function chunk(group: Group, max: number): Group[] {
  const out: Group[] = [];
  for (let i = 0; i < group.articles.length; i += max) {
    const articles = group.articles.slice(i, i + max);
    const from = articles[0]!.date;
    const to = articles[articles.length - 1]!.date;
    out.push({ key: from === to ? from : `${from}_${to}`, articles });
  }
  return out;
}

/**
 * Splits date-sorted articles into shards of at most `maxArticles`, oldest
 * first. Names are unique: a day too big for one shard gets `-2`, `-3`….
 */
export function planShards(articles: ArticleRecord[], maxArticles: number): ShardPlan[] {
  if (!Number.isInteger(maxArticles) || maxArticles < 1) {
    throw new RangeError(`planShards: maxArticles must be a positive integer, got ${maxArticles}`);
  }
  const byMonth = (group: Group) =>
    pack(
      groupBy(group.articles, (a) => a.date.slice(0, 7)),
      maxArticles,
      (month) => chunk(month, maxArticles),
    );
  const groups = pack(groupBy(articles, (a) => a.date.slice(0, 4)), maxArticles, byMonth);
  const seen = new Map<string, number>();
  return groups.map((group) => {
    const count = (seen.get(group.key) ?? 0) + 1;
    seen.set(group.key, count);
    return {
      name: count === 1 ? group.key : `${group.key}-${count}`,
      from: group.articles[0]!.date,
      to: group.articles[group.articles.length - 1]!.date,
      articles: group.articles,
    };
  });
}
