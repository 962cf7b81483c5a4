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

/** A run of articles that stays together, named by its first and last key (`2023`, `2024-08`, `2024-08-21`). */
interface Unit {
  fromKey: string;
  toKey: string;
  articles: ArticleRecord[];
}

function groupBy(articles: ArticleRecord[], length: number): Unit[] {
  const units: Unit[] = [];
  for (const article of articles) {
    const key = article.date.slice(0, length);
    const last = units[units.length - 1];
    if (last && last.fromKey === key) last.articles.push(article);
    else units.push({ fromKey: key, toKey: key, articles: [article] });
  }
  return units;
}

/**
 * Years that fit whole; bigger years as months that fit; bigger months in
 * runs of days. The year `unfinished` (the newest month's) as months: the
 * month before the newest is then a unit of the same name as it had when
 * it was the newest (`2024-11`), not part of a unit that grows every month.
 */
function units(articles: ArticleRecord[], max: number, unfinished: string): Unit[] {
  const out: Unit[] = [];
  for (const year of groupBy(articles, 4)) {
    if (year.articles.length <= max && year.fromKey !== unfinished) out.push(year);
    else out.push(...monthUnits(year.articles, max));
  }
  return out;
}

/** Months that fit whole; bigger months in runs of days. */
function monthUnits(articles: ArticleRecord[], max: number): Unit[] {
  const out: Unit[] = [];
  for (const month of groupBy(articles, 7)) {
    if (month.articles.length <= max) {
      out.push(month);
      continue;
    }
    for (let i = 0; i < month.articles.length; i += max) {
      const run = month.articles.slice(i, i + max);
      out.push({ fromKey: run[0]!.date, toKey: run[run.length - 1]!.date, articles: run });
    }
  }
  return out;
}

/**
 * Splits date-sorted articles into shards of at most `maxArticles`, oldest
 * first. Names are unique: a day too big for one shard gets `-2`, `-3`….
 *
 * The newest month's articles are shards of their own, packed with no older
 * ones: an archive grows at its newest day, and each rebuild indexes again
 * the shard that day is in, so that shard holds one month at most rather
 * than up to `maxArticles` of the newest dates. When a newer month begins,
 * the month before joins the older shards, which are packed from the oldest
 * forward, so only their last group changes, once a month; that group is
 * in parts (olderUnits), so that the month before is copied as it was or
 * joins the last part.
 *
 * A month of a busy wire (300 dispatches a day is some 9,000 a month) is cut
 * into runs of `maxArticles`, and its last run, the one a new day joins,
 * would be indexed again every day at up to `maxArticles` articles. So the
 * newest month's last run is cut again, into runs of whole days of at most
 * a quarter of that (PART_DIVISOR): a new day indexes again the part it
 * joins, or stands in a part of its own. A run that fills up is indexed
 * again whole, once, and so is a last run in parts when its month joins
 * the older shards. A part the next day does not join keeps its name and
 * records, and the index copies it as it is (src/search/index.ts).
 */
export function planShards(articles: ArticleRecord[], maxArticles: number): ShardPlan[] {
  if (!Number.isInteger(maxArticles) || maxArticles < 1) {
    throw new RangeError(`planShards: maxArticles must be a positive integer, got ${maxArticles}`);
  }
  const newestMonth = articles.length === 0 ? '' : articles[articles.length - 1]!.date.slice(0, 7);
  let firstOfNewest = articles.length;
  while (firstOfNewest > 0 && articles[firstOfNewest - 1]!.date.slice(0, 7) === newestMonth) firstOfNewest--;
  const groups = [...olderUnits(articles.slice(0, firstOfNewest), maxArticles, newestMonth.slice(0, 4)), ...newestUnits(articles.slice(firstOfNewest), maxArticles)];
  const seen = new Map<string, number>();
  return groups.map((group) => {
    const key = group.fromKey === group.toKey ? group.fromKey : `${group.fromKey}_${group.toKey}`;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return {
      name: count === 1 ? key : `${key}-${count}`,
      from: group.articles[0]!.date,
      to: group.articles[group.articles.length - 1]!.date,
      articles: group.articles,
    };
  });
}

/** What the largest shard is divided by to give the largest part: of the newest month's last run, and of the older shards' last group (see planShards). */
export const PART_DIVISOR = 4;

/** The largest part for shards of at most `maxArticles`. */
function partSize(maxArticles: number): number {
  return Math.max(1, Math.floor(maxArticles / PART_DIVISOR));
}

/**
 * The older shards' units: packed from the oldest, each group closed when
 * the next unit does not fit. The last group is the one the newest month
 * joins when a newer month begins, so it is left in parts of at most
 * partSize (a unit bigger than that is a part of its own): the month
 * before, the primary until then, is a part of its own or joins the last
 * part, rather than every month of that group being indexed again. A
 * group is indexed again whole once, when a unit no longer fits beside it.
 */
function olderUnits(articles: ArticleRecord[], maxArticles: number, unfinishedYear: string): Unit[] {
  const groups = packedGroups(units(articles, maxArticles, unfinishedYear), maxArticles);
  const open = groups.pop() ?? [];
  return [...groups.map(joined), ...packed(open, partSize(maxArticles))];
}

/**
 * The newest month's units: its runs of `maxArticles` (monthUnits), the last
 * cut into runs of whole days of at most partSize (a day
 * bigger than that is a run of its own). A month that is one such run keeps
 * its month's name.
 */
function newestUnits(articles: ArticleRecord[], maxArticles: number): Unit[] {
  const runs = monthUnits(articles, maxArticles);
  const last = runs.pop();
  if (last === undefined) return runs;
  const parts = packed(groupBy(last.articles, 10), partSize(maxArticles));
  return [...runs, ...(parts.length === 1 ? [last] : parts)];
}

/** Consecutive units packed together while they fit. */
function packed(units: readonly Unit[], maxArticles: number): Unit[] {
  return packedGroups(units, maxArticles).map(joined);
}

/** Consecutive units in groups, each taking the next unit while it fits. */
function packedGroups(units: readonly Unit[], maxArticles: number): Unit[][] {
  const groups: Unit[][] = [];
  let size = 0;
  for (const unit of units) {
    const current = groups[groups.length - 1];
    if (current && size + unit.articles.length <= maxArticles) {
      current.push(unit);
      size += unit.articles.length;
    } else {
      groups.push([unit]);
      size = unit.articles.length;
    }
  }
  return groups;
}

/** A group's units as one. */
function joined(group: readonly Unit[]): Unit {
  if (group.length === 1) return group[0]!;
  return { fromKey: group[0]!.fromKey, toKey: group[group.length - 1]!.toKey, articles: group.flatMap((unit) => unit.articles) };
}
