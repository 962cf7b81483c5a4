/**
 * Month parts: what the archive model needs of each month's listings, and
 * the archive-wide aggregates merged from them.
 *
 * A month's part is a function of that month's listings alone (in the
 * model's order: by date, then URL): its days and their counts, and for
 * each place its articles name, the spellings with their counts and the
 * positions of its articles within the month. Everything the model shows
 * across months (the places and the names they go by, the counts of days,
 * months and years, the totals, the k-th article of a place) is a merge of
 * the parts' small aggregates (mergeParts). buildArchive works from them, so
 * that a rebuild can keep the parts of the months that did not change and
 * make only those of the months that did.
 */
import type { ArticleListing } from './types.js';
import { compareCodeUnits, placeSlug } from './places.js';

/** A day of a month, with the number of its articles. */
export interface DayCount {
  /** YYYY-MM-DD */
  date: string;
  count: number;
}

/** A place within one month: how its articles spell it, and where they stand in the month. */
export interface PlacePart {
  /** Each spelling (trimmed, as written) with the number of the month's articles using it, in order of first use. */
  spellings: Map<string, number>;
  /** The positions of the place's articles within the month (indexes into its listings), ascending. */
  members: number[];
}

/** What the model needs of one month's listings. */
export interface MonthPart {
  /** YYYY-MM */
  month: string;
  /** The number of the month's articles. */
  count: number;
  /** The month's days that have articles, in order. */
  days: DayCount[];
  /** The places of the month's articles, by slug, in order of first appearance. */
  places: Map<string, PlacePart>;
}

/** A listing's place name, trimmed, or null when it names none. */
export function placeNameOf(listing: Pick<ArticleListing, 'place'>): string | null {
  return listing.place?.trim() || null;
}

/**
 * The parts of `listings` (in the model's order), one per month that has
 * articles, in order; and each listing's place slug (null for none), which
 * the model's list entries show. A month of `kept` (parts made before, of
 * listings the same as these) whose articles are as many is taken as it
 * is, and its listings' slugs left undefined: no listing of it is read.
 */
export function monthParts(
  listings: readonly Pick<ArticleListing, 'date' | 'place'>[],
  kept?: ReadonlyMap<string, MonthPart>,
): { parts: MonthPart[]; slugs: (string | null | undefined)[] } {
  const parts: MonthPart[] = [];
  const slugs: (string | null | undefined)[] = new Array<string | null | undefined>(listings.length);
  let part: MonthPart | undefined;
  let day: DayCount | undefined;
  let start = 0;
  for (let i = 0; i < listings.length; i++) {
    const listing = listings[i]!;
    const date = listing.date;
    if (day === undefined || date !== day.date) {
      if (part === undefined || !date.startsWith(part.month)) {
        const month = date.slice(0, 7);
        const before = kept?.get(month);
        if (before !== undefined) {
          let end = i;
          while (end < listings.length && listings[end]!.date.startsWith(month)) end++;
          if (end - i === before.count) {
            parts.push(before);
            part = before;
            day = undefined;
            i = end - 1;
            continue;
          }
        }
        part = { month, count: 0, days: [], places: new Map() };
        parts.push(part);
        start = i;
      }
      day = { date, count: 0 };
      part.days.push(day);
    }
    day.count++;
    part!.count++;
    const name = placeNameOf(listing);
    if (name === null) {
      slugs[i] = null;
      continue;
    }
    const slug = placeSlug(name);
    slugs[i] = slug;
    let place = part!.places.get(slug);
    if (place === undefined) part!.places.set(slug, (place = { spellings: new Map(), members: [] }));
    place.spellings.set(name, (place.spellings.get(name) ?? 0) + 1);
    place.members.push(i - start);
  }
  return { parts, slugs };
}

/**
 * A part as the listings' index holds it: its month, and two strings of a
 * character per article, in order: the article's day of the month, and the
 * spelling of its place (an index into the spellings' table, PartTable), or
 * none. Everything the part holds is made again from them by one pass
 * (partOf), and JSON carries such strings at a small cost of their length.
 */
export type StoredPart = [month: string, days: string, places: string];

/** The spellings of places that stored parts name, and each one's slug: added to, never reordered, so that a part stored before reads alike. */
export interface PartTable {
  names: string[];
  slugs: string[];
}

/** What a stored character stands for: its code less CODE_BASE (the characters of JSON's own syntax, and those it escapes, left aside). */
const CODE_BASE = 0x100;
/** The code of an article whose listing names no place. */
const NO_PLACE = CODE_BASE - 1;
/** Most spellings a table can hold: each one's code stays below the surrogates. */
const MOST_SPELLINGS = 0xd800 - CODE_BASE - 1;

/**
 * The stored form of the part of `listings` (one month's, in the model's
 * order), with the spellings of their places added to `table` as needed;
 * undefined when the table is full.
 */
export function storedPart(listings: readonly Pick<ArticleListing, 'date' | 'place'>[], table: PartTable, indexOf: Map<string, number>): StoredPart | undefined {
  let days = '';
  let places = '';
  for (const listing of listings) {
    days += String.fromCharCode(CODE_BASE + Number(listing.date.slice(8, 10)));
    const name = placeNameOf(listing);
    if (name === null) {
      places += String.fromCharCode(NO_PLACE);
      continue;
    }
    let at = indexOf.get(name);
    if (at === undefined) {
      if (table.names.length >= MOST_SPELLINGS) return undefined;
      indexOf.set(name, (at = table.names.length));
      table.names.push(name);
      table.slugs.push(placeSlug(name));
    }
    places += String.fromCharCode(CODE_BASE + at);
  }
  return [listings[0]?.date.slice(0, 7) ?? '', days, places];
}

/** The stored form of the parts read back (partOf), with the table they were read under: written again as they were read, not made again. */
const storedForms = new WeakMap<MonthPart, { stored: StoredPart; table: PartTable }>();

/** The stored form a part was read from under `table` (partOf), if it was. */
export function storedFormOf(part: MonthPart, table: PartTable): StoredPart | undefined {
  const form = storedForms.get(part);
  return form?.table === table ? form.stored : undefined;
}

/** Of each spelling of a table, the index of its slug among the table's slugs, each once (slugIndexes), and those slugs. */
const slugIndexes = new WeakMap<PartTable, { of: number[]; slugs: string[] }>();

function slugIndexesOf(table: PartTable): { of: number[]; slugs: string[] } {
  let made = slugIndexes.get(table);
  if (made === undefined) {
    const at = new Map<string, number>();
    const slugs: string[] = [];
    const of = table.slugs.map((slug) => {
      let k = at.get(slug);
      if (k === undefined) at.set(slug, (k = slugs.push(slug) - 1));
      return k;
    });
    slugIndexes.set(table, (made = { of, slugs }));
  }
  return made;
}

/**
 * The part a StoredPart holds, under the spellings of `table`, or undefined
 * when it is not one. Its articles' places are counted in arrays by the
 * table's indexes, and its places' maps made once at the end, in the order
 * of their first articles (and each place's spellings in the order of their
 * first use), as monthParts makes them.
 */
export function partOf(stored: unknown, table: PartTable): MonthPart | undefined {
  if (!Array.isArray(stored) || stored.length !== 3) return undefined;
  const month: unknown = stored[0];
  const days: unknown = stored[1];
  const places: unknown = stored[2];
  if (typeof month !== 'string' || !/^\d{4}-\d{2}$/.test(month) || typeof days !== 'string' || typeof places !== 'string' || days.length !== places.length || days.length === 0) return undefined;
  const part: MonthPart = { month, count: days.length, days: [], places: new Map() };
  const slugs = slugIndexesOf(table);
  const names = table.names.length;
  // By slug index: the place's members; by spelling index: its uses. The indexes in the order first met.
  const members: (number[] | undefined)[] = [];
  const uses: number[] = [];
  const placesMet: number[] = [];
  const namesMet: number[] = [];
  let day: DayCount | undefined;
  let last = 0;
  for (let j = 0; j < days.length; j++) {
    const dd = days.charCodeAt(j) - CODE_BASE;
    if (dd < 1 || dd > 31) return undefined;
    if (dd !== last) {
      if (dd < last) return undefined;
      part.days.push((day = { date: `${month}-${dd < 10 ? '0' : ''}${dd}`, count: 0 }));
      last = dd;
    }
    day!.count++;
    const code = places.charCodeAt(j);
    if (code === NO_PLACE) continue;
    const at = code - CODE_BASE;
    if (at < 0 || at >= names) return undefined;
    const k = slugs.of[at]!;
    const list = members[k];
    if (list === undefined) {
      members[k] = [j];
      placesMet.push(k);
    } else list.push(j);
    if (uses[at] === undefined) {
      uses[at] = 1;
      namesMet.push(at);
    } else uses[at]++;
  }
  for (const k of placesMet) part.places.set(slugs.slugs[k]!, { spellings: new Map(), members: members[k]! });
  for (const at of namesMet) part.places.get(table.slugs[at]!)!.spellings.set(table.names[at]!, uses[at]!);
  storedForms.set(part, { stored: stored as StoredPart, table });
  return part;
}

/** A place over the whole archive, as the parts' merge makes it. */
export interface MergedPlace {
  slug: string;
  /** The most common spelling; of those as common, the first in code-unit order. */
  name: string;
  /** The number of its articles. */
  count: number;
  /** The parts holding its articles, in order (indexes into the parts). */
  months: number[];
  /** `before[k]`: how many of its articles stand in the parts before `months[k]`; one more entry, its count. */
  before: number[];
}

/** The archive-wide aggregates of a model's parts. */
export interface MergedParts {
  parts: readonly MonthPart[];
  /** `starts[m]`: the index of part m's first article among all the model's; one more entry, their number. */
  starts: number[];
  /** The places by slug, in order of first appearance. */
  places: Map<string, MergedPlace>;
  /** The number of articles of each year (YYYY), in order. */
  years: Map<string, number>;
  /** The number of days with articles. */
  days: number;
}

/** Merges the parts of consecutive months (monthParts) into the aggregates of the whole archive. */
export function mergeParts(parts: readonly MonthPart[]): MergedParts {
  const starts: number[] = [0];
  const spellings = new Map<string, Map<string, number>>();
  const places = new Map<string, MergedPlace>();
  const years = new Map<string, number>();
  let days = 0;
  parts.forEach((part, m) => {
    starts.push(starts[m]! + part.count);
    days += part.days.length;
    const year = part.month.slice(0, 4);
    years.set(year, (years.get(year) ?? 0) + part.count);
    part.places.forEach((place, slug) => {
      let merged = places.get(slug);
      let names = spellings.get(slug);
      if (merged === undefined || names === undefined) {
        places.set(slug, (merged = { slug, name: '', count: 0, months: [], before: [] }));
        spellings.set(slug, (names = new Map()));
      }
      merged.months.push(m);
      merged.before.push(merged.count);
      merged.count += place.members.length;
      const all = names;
      // forEach rather than for…of: no entry made per spelling, in code run once per process.
      place.spellings.forEach((count, name) => all.set(name, (all.get(name) ?? 0) + count));
    });
  });
  places.forEach((place) => {
    place.before.push(place.count);
    let best = '';
    let bestCount = -1;
    spellings.get(place.slug)!.forEach((count, name) => {
      if (count > bestCount || (count === bestCount && compareCodeUnits(name, best) < 0)) {
        best = name;
        bestCount = count;
      }
    });
    place.name = best;
  });
  return { parts, starts, places, years, days };
}

/**
 * Where the `k`-th article of `place` (0 for its oldest) stands among all the
 * model's articles: found in the part that holds it, by a binary search of
 * the place's counts month by month. Undefined when it has fewer articles.
 */
export function placeMemberAt(merged: MergedParts, place: MergedPlace, k: number): number | undefined {
  if (k < 0 || k >= place.count) return undefined;
  // The last part whose articles of the place before it are at most k (no part holds none of them).
  const lo = lastAtMost(place.before, k);
  const m = place.months[lo]!;
  const members = merged.parts[m]!.places.get(place.slug)!.members;
  return merged.starts[m]! + members[k - place.before[lo]!]!;
}

/** The last index of the ascending `items` holding at most `value` (-1 for none). */
export function lastAtMost(items: readonly number[], value: number): number {
  let lo = -1;
  let hi = items.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (items[mid]! <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The position among the articles of `place` (0 for its oldest) of the article at position `j` of part `m`, which must be one of them. */
export function placePosition(merged: MergedParts, place: MergedPlace, m: number, j: number): number {
  const k = lastAtMost(place.months, m);
  const members = merged.parts[m]!.places.get(place.slug)!.members;
  return place.before[k]! + lastAtMost(members, j);
}

/** Where the articles of `place` from its `from`-th to before its `to`-th (0 for its oldest) stand among all the model's articles, in order. */
export function placeMembersBetween(merged: MergedParts, place: MergedPlace, from: number, to: number): number[] {
  const out: number[] = [];
  const end = Math.min(to, place.count);
  if (from >= end) return out;
  // From the part holding the `from`-th, part by part.
  for (let k = lastAtMost(place.before, Math.max(0, from)); k < place.months.length && place.before[k]! < end; k++) {
    const m = place.months[k]!;
    const start = merged.starts[m]!;
    const members = merged.parts[m]!.places.get(place.slug)!.members;
    for (let j = Math.max(0, from - place.before[k]!); j < members.length && place.before[k]! + j < end; j++) out.push(start + members[j]!);
  }
  return out;
}
