/**
 * Input stamps: a file whose size, times and inode are what the last build
 * recorded, and whose times are before that build took its stamps (well
 * before, on another file system than the clock it took them by), is not
 * read again; its recorded digest stands. A file changed since, or written
 * too close to the stamping to tell, is read.
 *
 * The tests give the loader a recorded digest that is not the file's real
 * one, with a cached parse result under it: the article that comes back
 * says whether the loader trusted the stamp or read the bytes.
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputFingerprint, loadCorpus, recordKey } from '../../src/corpus.js';
import { stampOf, trustedDigest, type InputStamps } from '../../src/cache/inputs.js';
import type { StoredResult } from '../../src/types.js';
import { tempDir } from '../site/helpers.js';

const text = ` date 2024-08-22 Read from the file\n\nBEIJING, Aug. 22 (Xinhua) -- The bytes on disk.\n`;

function setUp(): { root: string; file: string } {
  // Removed when the file's tests end (tests/setup.ts).
  const root = tempDir('news-archive-stamps-');
  mkdirSync(path.join(root, 'in'));
  const file = path.join(root, 'in', 'a.txt');
  writeFileSync(file, text);
  return { root, file };
}

const recorded = 'recorded-digest';
const cachedResult: StoredResult = {
  article: {
    source: 'a.txt', format: 'wire', date: '2024-08-22', headline: 'Taken from the record cache', dateline: null, byline: null,
    photos: [], paragraphs: ['Cached.'], trailers: [],
  },
  diagnostics: [],
};
const records = new Map([[recordKey(recorded, 'a.txt'), cachedResult]]);

/** Stamps of `file` taken at `since` by a clock on `clock` (by default, none known). */
function stampsFor(file: string, since: number, clock?: number): InputStamps {
  const files = new Map([['a.txt', stampOf(statSync(file), recorded)]]);
  return clock === undefined ? { since, files } : { since, clock, files };
}

/** The latest of a file's times, which a stamp's `since` must be after. */
function changedAt(file: string): number {
  const info = statSync(file);
  return Math.max(info.mtimeMs, info.ctimeMs);
}

describe('input stamps', () => {
  it('trust an unchanged file stamped well after it was written: it is not read', async () => {
    const { root, file } = setUp();
    const previous = stampsFor(file, statSync(file).mtimeMs + 60_000);
    const corpus = await loadCorpus(path.join(root, 'in'), { records, previous });
    expect(corpus.articles.map((a) => a.headline)).toEqual(['Taken from the record cache']);
    expect(corpus.parsing).toEqual({ parsed: 0, cached: 1 });
    expect((await inputFingerprint(path.join(root, 'in'), previous)).stamps.get('a.txt')?.digest).toBe(recorded);
  });

  it('trust a file on the file system of the stamps\' clock as soon as its times are before them', async () => {
    const { root, file } = setUp();
    const previous = stampsFor(file, changedAt(file) + 0.001, statSync(file).dev);
    const corpus = await loadCorpus(path.join(root, 'in'), { records, previous });
    expect(corpus.articles.map((a) => a.headline)).toEqual(['Taken from the record cache']);
    expect((await inputFingerprint(path.join(root, 'in'), previous)).stamps.get('a.txt')?.digest).toBe(recorded);
    // Times equal to the stamps' own: changed in the same tick of the clock, maybe after the digest was taken.
    const info = statSync(file);
    expect(trustedDigest(info, stampOf(info, recorded), { since: changedAt(file), clock: info.dev })).toBeUndefined();
    expect(trustedDigest(info, stampOf(info, recorded), { since: changedAt(file) + 0.001, clock: info.dev })).toBe(recorded);
    // A recent stamp is held to the clock of the build that took it.
    expect(trustedDigest(info, { ...stampOf(info, recorded), since: changedAt(file) + 0.001, clock: info.dev }, { since: 0 })).toBe(recorded);
    expect(trustedDigest(info, { ...stampOf(info, recorded), since: changedAt(file) + 0.001 }, { since: 0, clock: info.dev })).toBeUndefined();
  });

  it('do not trust a file written within two seconds of the stamping, by a clock of another file system or none known: it is read', async () => {
    const { root, file } = setUp();
    const elsewhere = stampsFor(file, changedAt(file) + 1000, statSync(file).dev + 1);
    const elsewhereRead = await loadCorpus(path.join(root, 'in'), { records, previous: elsewhere });
    expect(elsewhereRead.articles.map((a) => a.headline)).toEqual(['Read from the file']);
    const previous = stampsFor(file, statSync(file).mtimeMs + 1000);
    const corpus = await loadCorpus(path.join(root, 'in'), { records, previous });
    expect(corpus.articles.map((a) => a.headline)).toEqual(['Read from the file']);
    expect(corpus.parsing).toEqual({ parsed: 1, cached: 0 });
    expect((await inputFingerprint(path.join(root, 'in'), previous)).stamps.get('a.txt')?.digest).not.toBe(recorded);
  });

  it('do not trust a file whose size or times changed: it is read', async () => {
    const { root, file } = setUp();
    const previous = stampsFor(file, statSync(file).mtimeMs + 60_000);
    writeFileSync(file, text.replace('Read from the file', 'Changed since'));
    const corpus = await loadCorpus(path.join(root, 'in'), { records, previous });
    expect(corpus.articles.map((a) => a.headline)).toEqual(['Changed since']);
    const info = statSync(file);
    const later = { since: info.mtimeMs + 60_000, clock: info.dev };
    expect(trustedDigest(info, { ...stampOf(info, recorded), mtimeMs: info.mtimeMs - 1 }, later)).toBeUndefined();
    expect(trustedDigest(info, { ...stampOf(info, recorded), ino: info.ino + 1 }, later)).toBeUndefined();
    expect(trustedDigest(info, { ...stampOf(info, recorded), size: info.size + 1 }, later)).toBeUndefined();
    expect(trustedDigest(info, stampOf(info, recorded), later)).toBe(recorded);
    // A recent stamp is trusted by the time of the build that took it, not by the stored stamps'.
    expect(trustedDigest(info, { ...stampOf(info, recorded), since: info.mtimeMs + 60_000 }, { since: 0 })).toBe(recorded);
    expect(trustedDigest(info, { ...stampOf(info, recorded), since: info.mtimeMs + 1000 }, { since: info.mtimeMs + 60_000 })).toBeUndefined();
  });

  it('list the input\'s files in order, where a name sorts between a folder\'s and its files\' too', async () => {
    const { root } = setUp();
    const input = path.join(root, 'in');
    mkdirSync(path.join(input, 'a'));
    for (const name of ['a/z.txt', 'a-b.txt', 'a.b.txt', 'b.txt']) writeFileSync(path.join(input, name), text);
    const state = await inputFingerprint(input);
    expect(state.files).toEqual(['a-b.txt', 'a.b.txt', 'a.txt', 'a/z.txt', 'b.txt']);
    // The fingerprint reads them in that order: the same as a load's.
    const corpus = await loadCorpus(input);
    expect(corpus.files).toEqual(state.files);
  });

  it('tell the input check of a file added or gone, or of the first whose bytes differ from its stamp, once, and of none that are the same', async () => {
    const { root, file } = setUp();
    writeFileSync(path.join(root, 'in', 'b.txt'), text.replace('Read from the file', 'Another file'));
    const input = path.join(root, 'in');
    const first = await inputFingerprint(input);
    const since = statSync(file).mtimeMs + 60_000;
    const calls: string[][] = [];
    const told = (listing: { found: { candidates: { display: string }[] } }): void => {
      calls.push(listing.found.candidates.map((c) => c.display));
    };
    // Stamped well after the files were written: neither is read, nothing is told.
    const stamped: InputStamps = { since, files: first.stamps };
    await inputFingerprint(input, stamped, told);
    expect(calls).toEqual([]);
    // Stamped too close to tell: both are read, and their bytes are what their stamps say.
    await inputFingerprint(input, { since: statSync(file).mtimeMs + 1000, files: first.stamps }, told);
    expect(calls).toEqual([]);
    // Both changed: told once, with the listing, as soon as the first is read.
    writeFileSync(file, text.replace('Read from the file', 'Changed since'));
    writeFileSync(path.join(root, 'in', 'b.txt'), text.replace('Read from the file', 'Changed too'));
    const changed = await inputFingerprint(input, stamped, told);
    expect(calls).toEqual([['a.txt', 'b.txt']]);
    expect(changed.fingerprint).not.toBe(first.fingerprint);

    // A file added, or one gone, every other as its stamp says: told once the folders are walked, which hold another number of files.
    calls.length = 0;
    const current: InputStamps = { since: statSync(file).mtimeMs + 60_000, files: (await inputFingerprint(input)).stamps };
    writeFileSync(path.join(root, 'in', 'c.txt'), text);
    await inputFingerprint(input, current, told, current.files.size);
    expect(calls).toEqual([['a.txt', 'b.txt', 'c.txt']]);
    rmSync(path.join(root, 'in', 'c.txt'));
    rmSync(path.join(root, 'in', 'b.txt'));
    await inputFingerprint(input, current, told, current.files.size);
    expect(calls).toEqual([['a.txt', 'b.txt', 'c.txt'], ['a.txt']]);
  });

  it('are recorded for every file read, with its real digest', async () => {
    const { root } = setUp();
    const corpus = await loadCorpus(path.join(root, 'in'));
    const stamp = corpus.stamps?.get('a.txt');
    expect(stamp?.digest).toBe(corpus.digests?.get('a.txt'));
    expect(stamp?.size).toBe(Buffer.byteLength(text));
  });
});
