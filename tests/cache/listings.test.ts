/**
 * The listings (src/cache/listings.ts): what a rebuild reads is what was
 * written, in the model's order, a slice at a time, with the months' parts;
 * and a build after a change keeps the files of the slices whose articles
 * and listings are the previous ones.
 */
import { readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readListings, writeListings, type ListingsReader } from '../../src/cache/listings.js';
import { monthParts } from '../../src/model/parts.js';
import type { ArticleState } from '../../src/cache/model.js';
import type { ArticleListing } from '../../src/model/types.js';
import { tempDir } from '../site/helpers.js';

/** `count` listings, one a day, with `extra` more on the last day. */
function listingsOf(count: number, extra: string[] = []): ArticleListing[] {
  const listing = (source: string, date: string, i: number): ArticleListing => ({
    source,
    date,
    url: `/${date.replaceAll('-', '/')}/${path.basename(source, '.txt')}/`,
    headline: `Headline ${i}`,
    place: i % 4 === 0 ? null : ['MOSCOW', 'CAIRO', 'BEIJING'][i % 3]!,
    lead: `Lead of article ${i}, cut at a word boundary.`,
  });
  const out = Array.from({ length: count }, (_, i) => listing(`a/${String(i).padStart(5, '0')}.txt`, new Date(Date.UTC(2015, 0, 1 + i)).toISOString().slice(0, 10), i));
  const last = out[out.length - 1]!.date;
  extra.forEach((name, k) => out.push(listing(`b/${name}.txt`, last, count + k)));
  return out;
}

/** Every listing a reader has, asked for one by one in the model's order, as columns; null when a slice cannot be read or holds another article. */
function readAll(reader: ListingsReader | null, listings: readonly ArticleListing[]): { sources: string[]; headlines: string[]; places: (string | null)[]; leads: string[] } | null {
  if (reader === null) return null;
  const out = { sources: [] as string[], headlines: [] as string[], places: [] as (string | null)[], leads: [] as string[] };
  for (let at = 0; at < listings.length; at++) {
    const slice = reader.sliceAt(at);
    const j = slice === null ? -1 : at - slice.start;
    if (slice === null || slice.columns.sources[j] !== listings[at]!.source) return null;
    out.sources.push(slice.columns.sources[j]!);
    out.headlines.push(slice.columns.headlines[j]!);
    out.places.push(slice.columns.places[j]!);
    out.leads.push(slice.columns.leads[j]!);
  }
  return out;
}

/** The months' parts of `listings`, as the model makes them. */
const partsOf = (listings: readonly ArticleListing[]) => monthParts(listings).parts;

/** The model state the listings are read for: its articles in order, under `token`. */
function modelOf(listings: readonly ArticleListing[], token: string): { articles: Map<string, ArticleState>; token: string } {
  return { token, articles: new Map(listings.map((l) => [l.source, { digest: '', url: l.url, listing: JSON.stringify(l), place: '' }])) };
}

/** What writeListings may keep of `before`'s listings, written under `token`, for `after`. */
function keeping(before: readonly ArticleListing[], after: readonly ArticleListing[], token: string) {
  const was = new Map(before.map((l) => [l.source, JSON.stringify(l)]));
  const now = new Map(after.map((l) => [l.source, JSON.stringify(l)]));
  return { token, sources: before.map((l) => l.source), same: (source: string) => was.get(source) === now.get(source) };
}

const folderOf = (output: string): string => path.join(`${output}.cache`, 'listings');
const inodes = (folder: string): Map<string, number> => new Map(readdirSync(folder).filter((n) => n.endsWith('.bin')).map((n) => [n, statSync(path.join(folder, n)).ino]));

describe('listings', () => {
  it('reads back the listings written, in order, and none under another token or for another order', async () => {
    const output = path.join(tempDir(), 'site');
    const listings = listingsOf(3000);
    await writeListings(output, 't1', listings, partsOf(listings), process.pid);
    expect(inodes(folderOf(output)).size).toBeGreaterThan(1);
    const read = readAll(readListings(output, modelOf(listings, 't1')), listings);
    expect(read).toEqual({
      sources: listings.map((l) => l.source),
      headlines: listings.map((l) => l.headline),
      places: listings.map((l) => l.place),
      leads: listings.map((l) => l.lead),
    });
    // The months' parts, as written.
    expect([...readListings(output, modelOf(listings, 't1'))!.parts.values()]).toEqual(partsOf(listings));
    // None under another token, or for another number of articles; another order reads other articles where the model has its own.
    expect(readListings(output, modelOf(listings, 't2'))).toBeNull();
    expect(readListings(output, modelOf(listings.slice(1), 't1'))).toBeNull();
    const reordered = [...listings.slice(1), listings[0]!];
    expect(readAll(readListings(output, modelOf(reordered, 't1')), reordered)).toBeNull();
  });

  it('keeps the file of each slice that did not change, and removes the files no slice names any more', async () => {
    const output = path.join(tempDir(), 'site');
    const folder = folderOf(output);
    const before = listingsOf(3000);
    await writeListings(output, 't1', before, partsOf(before), process.pid);
    const first = inodes(folder);
    // An article added on the last day: its slice gets a new file, and every other slice keeps its file.
    const added = listingsOf(3000, ['added']);
    await writeListings(output, 't2', added, partsOf(added), process.pid, keeping(before, added, 't1'));
    const second = inodes(folder);
    expect([...second].filter(([name, ino]) => first.get(name) === ino)).toHaveLength(first.size - 1);
    expect(second.size).toBe(first.size);
    expect(readAll(readListings(output, modelOf(added, 't2')), added)?.headlines).toEqual(added.map((l) => l.headline));
    // A headline changed in the first slice: that slice alone is encoded again.
    const edited = added.map((l, i) => (i === 0 ? { ...l, headline: 'A corrected headline' } : l));
    await writeListings(output, 't3', edited, partsOf(edited), process.pid, keeping(added, edited, 't2'));
    const third = inodes(folder);
    expect([...third].filter(([name, ino]) => second.get(name) === ino)).toHaveLength(second.size - 1);
    expect(readAll(readListings(output, modelOf(edited, 't3')), edited)?.headlines[0]).toBe('A corrected headline');
    // Nothing kept when the listings there are not the model's that `before` names.
    await writeListings(output, 't4', before, partsOf(before), process.pid, keeping(edited, before, 't1'));
    expect([...inodes(folder).keys()].sort()).toEqual([...first.keys()].sort());
    expect(readAll(readListings(output, modelOf(before, 't4')), before)).not.toBeNull();
    // Listings that already carry the token are left alone; a half-written slice of a killed build goes at the next write.
    const index = path.join(folder, 'index.json');
    const inode = statSync(index).ino;
    await writeListings(output, 't4', added, partsOf(added), process.pid);
    expect(statSync(index).ino).toBe(inode);
    writeFileSync(path.join(folder, `${[...first.keys()][0]}.tmp-999999999`), 'half');
    await writeListings(output, 't5', before, partsOf(before), process.pid, keeping(before, before, 't4'));
    expect(readdirSync(folder).filter((n) => n.includes('.tmp-'))).toEqual([]);
    expect(statSync(index).ino).not.toBe(inode);
  });

  it('reads none when a slice is cut short or the index is damaged, writes a slice cut short again whole, and reads a slice damaged within as none and the others as written', async () => {
    const output = path.join(tempDir(), 'site');
    const folder = folderOf(output);
    const listings = listingsOf(2500);
    await writeListings(output, 't1', listings, partsOf(listings), process.pid);
    const slice = readdirSync(folder).find((n) => n.endsWith('.bin'))!;
    const bytes = readFileSync(path.join(folder, slice));
    truncateSync(path.join(folder, slice), 10);
    expect(readListings(output, modelOf(listings, 't1'))).toBeNull();
    await writeListings(output, 't2', listings, partsOf(listings), process.pid, keeping(listings, listings, 't1'));
    expect(readAll(readListings(output, modelOf(listings, 't2')), listings)?.sources).toEqual(listings.map((l) => l.source));
    // Of its length, but not what was written: that slice reads as none (its articles' files are parsed again), the others as written.
    writeFileSync(path.join(folder, slice), Buffer.alloc(bytes.length, 7));
    const reader = readListings(output, modelOf(listings, 't2'))!;
    expect(readAll(reader, listings)).toBeNull();
    const damaged = listings.map((_l, at) => reader.sliceAt(at)).filter((read) => read === null);
    expect(damaged.length).toBeGreaterThan(0);
    expect(damaged.length).toBeLessThan(listings.length);
    for (let at = 0; at < listings.length; at++) {
      const read = reader.sliceAt(at);
      if (read !== null) expect(read.columns.headlines[at - read.start]).toBe(listings[at]!.headline);
    }
    writeFileSync(path.join(folder, 'index.json'), '{"format":2,"token":"t2","slices":[{"count":1,"file":"../x.bin","bytes":1}],"parts":[]}');
    expect(readListings(output, modelOf(listings, 't2'))).toBeNull();
    truncateSync(path.join(folder, 'index.json'), 5);
    expect(readListings(output, modelOf(listings, 't2'))).toBeNull();
  });
});
