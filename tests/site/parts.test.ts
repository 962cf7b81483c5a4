/** Month parts (src/model/parts.ts): each month's aggregates, and their merge, against the same worked out over every listing at once. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeParts, monthParts, partOf, placeMemberAt, placeMembersBetween, placePosition, storedPart, type PartTable } from '../../src/model/parts.js';
import { compareCodeUnits, placeSlug } from '../../src/model/places.js';
import { loadSlugify } from '../../src/slug.js';

// Some places here are not ASCII: slugging them needs slugify.
await loadSlugify();

interface Listed {
  date: string;
  place: string | null;
}

/** Random listings in the model's order: dates over a few months of two years, places spelt several ways (some alike once slugged), some with none. */
const listings = fc
  .array(
    fc.record({
      year: fc.constantFrom('2023', '2024'),
      month: fc.constantFrom('01', '02', '07', '12'),
      day: fc.constantFrom('01', '02', '15', '31'),
      place: fc.constantFrom(null, 'MOSCOW', 'Moscow', ' MOSCOW ', 'BEIJING', 'SÃO PAULO', 'SAO PAULO', '', '  ', 'NEW YORK'),
    }),
    { maxLength: 120 },
  )
  .map((items) => items.map(({ year, month, day, place }): Listed => ({ date: `${year}-${month}-${day}`, place })).sort((a, b) => compareCodeUnits(a.date, b.date)));

/** What the parts' merge must come to, worked out over every listing at once. */
function reference(all: readonly Listed[]) {
  const members = new Map<string, number[]>();
  const spellings = new Map<string, Map<string, number>>();
  const years = new Map<string, number>();
  const days = new Set<string>();
  all.forEach((listing, i) => {
    days.add(listing.date);
    years.set(listing.date.slice(0, 4), (years.get(listing.date.slice(0, 4)) ?? 0) + 1);
    const name = listing.place?.trim();
    if (!name) return;
    const slug = placeSlug(name);
    if (!members.has(slug)) {
      members.set(slug, []);
      spellings.set(slug, new Map());
    }
    members.get(slug)!.push(i);
    const names = spellings.get(slug)!;
    names.set(name, (names.get(name) ?? 0) + 1);
  });
  const names = new Map<string, string>();
  for (const [slug, counts] of spellings) {
    const most = Math.max(...counts.values());
    names.set(slug, [...counts].filter(([, count]) => count === most).map(([name]) => name).sort(compareCodeUnits)[0]!);
  }
  return { members, names, years, days: days.size };
}

describe('month parts', () => {
  it('merge into the places, names, counts and members worked out over every listing at once', () => {
    fc.assert(
      fc.property(listings, (all) => {
        const { parts, slugs } = monthParts(all);
        const merged = mergeParts(parts);
        const expected = reference(all);
        // One part per month, in order, holding every article once.
        expect(parts.map((part) => part.month)).toEqual([...new Set(all.map((l) => l.date.slice(0, 7)))]);
        expect(merged.starts.at(-1)).toBe(all.length);
        expect(parts.flatMap((part) => part.days.map((day) => day.date))).toEqual([...new Set(all.map((l) => l.date))]);
        expect(merged.days).toBe(expected.days);
        expect([...merged.years]).toEqual([...expected.years]);
        expect(slugs).toEqual(all.map((l) => (l.place?.trim() ? placeSlug(l.place.trim()) : null)));
        // The places in order of first appearance, each named by its most common spelling.
        expect([...merged.places.keys()]).toEqual([...expected.members.keys()]);
        for (const [slug, place] of merged.places) {
          const members = expected.members.get(slug)!;
          expect(place.name).toBe(expected.names.get(slug));
          expect(place.count).toBe(members.length);
          // The k-th article of a place, found through its month, and back.
          members.forEach((i, k) => {
            expect(placeMemberAt(merged, place, k)).toBe(i);
            const m = merged.starts.findLastIndex((start) => start <= i && start < all.length);
            expect(placePosition(merged, place, m, i - merged.starts[m]!)).toBe(k);
          });
          // Any run of its articles, found part by part.
          for (const [from, to] of [[0, members.length], [1, 3], [2, members.length + 4], [members.length - 1, members.length], [3, 2]] as const) {
            expect(placeMembersBetween(merged, place, from, to)).toEqual(members.slice(from, Math.max(from, to)));
          }
          expect(placeMemberAt(merged, place, members.length)).toBeUndefined();
          expect(placeMemberAt(merged, place, -1)).toBeUndefined();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('are kept as they were for the months given, read back as JSON holds them, and refused when damaged', () => {
    fc.assert(
      fc.property(listings, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (all, keep) => {
        const made = monthParts(all).parts;
        // Every month stored under one table, then read back through JSON as the listings' index holds them.
        const table = { names: [] as string[], slugs: [] as string[] };
        const indexOf = new Map<string, number>();
        let start = 0;
        const stored = made.map((part) => {
          const form = storedPart(all.slice(start, start + part.count), table, indexOf)!;
          start += part.count;
          return form;
        });
        const read: PartTable = JSON.parse(JSON.stringify(table));
        const back = (JSON.parse(JSON.stringify(stored)) as unknown[]).map((form) => partOf(form, read)!);
        expect(back).toEqual(made);
        // Some months' parts kept: taken as they are, their listings' slugs not made.
        const kept = new Map(back.filter((_part, k) => keep[k % keep.length]).map((part) => [part.month, part]));
        const { parts, slugs } = monthParts(all, kept);
        expect(parts).toEqual(made);
        all.forEach((listing, i) => {
          if (kept.has(listing.date.slice(0, 7))) expect(slugs[i]).toBeUndefined();
          else expect(slugs[i]).toBe(listing.place?.trim() ? placeSlug(listing.place.trim()) : null);
        });
        // A kept part of another count than the month's articles is made again.
        const wrong = new Map([...kept].map(([month, part]) => [month, { ...part, count: part.count + 1 }]));
        expect(monthParts(all, wrong).parts).toEqual(made);
      }),
      { numRuns: 200 },
    );
    const table: PartTable = { names: ['MOSCOW'], slugs: ['moscow'] };
    const month = [{ date: '2024-01-02', place: 'MOSCOW' }, { date: '2024-01-02', place: null }, { date: '2024-01-05', place: 'Moscow' }];
    const form = storedPart(month, table, new Map([['MOSCOW', 0]]))!;
    expect(table).toEqual({ names: ['MOSCOW', 'Moscow'], slugs: ['moscow', 'moscow'] });
    expect(partOf(form, table)).toEqual(monthParts(month).parts[0]);
    const [, days, places] = form;
    for (const damaged of [null, ['2024-01', days], ['2024-01', days, places.slice(1)], ['2024-01', days.split('').reverse().join(''), places], ['2024-01', days, String.fromCharCode(0x105).repeat(3)], ['2024-1', days, places]]) {
      expect(partOf(damaged, table)).toBeUndefined();
    }
  });

  it('are the same for a month whatever other months stand beside it', () => {
    fc.assert(
      fc.property(listings, listings, (a, b) => {
        // b's months moved a year on, so that they follow a's.
        const later = b.map((l) => ({ ...l, date: `2030${l.date.slice(4)}` }));
        const both = monthParts([...a, ...later]).parts;
        const alone = [...monthParts(a).parts, ...monthParts(later).parts];
        expect(both).toEqual(alone);
        // Merging parts made apart gives what merging those made together gives.
        const together = mergeParts(both);
        const apart = mergeParts(alone);
        expect([...apart.places]).toEqual([...together.places]);
        expect(apart.starts).toEqual(together.starts);
      }),
      { numRuns: 200 },
    );
  });
});
