/**
 * Article page shells (src/cache/shells.ts): what an edit reads is what was
 * written, and a build after a change keeps the files of the slices whose
 * articles and shells are the previous ones rather than encoding them again.
 */
import { readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readShells, shellArticlesOf, shellsFolder, writeShells, type ArticleShell } from '../../src/cache/shells.js';
import { buildArchive } from '../../src/model/archive.js';
import type { ArticlePage } from '../../src/model/types.js';
import { record } from '../site/records.js';
import { tempDir } from '../site/helpers.js';
import { options } from './archive.js';

const PLACES = ['MOSCOW', 'CAIRO', 'BEIJING', null];

/** The article pages of an archive of `count` articles, one a day, with `extra` more on the last day. */
function articlePages(count: number, extra: string[] = []): ArticlePage[] {
  const specs = Array.from({ length: count }, (_, i) => {
    const date = new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
    return record({ date, slug: `s${String(i).padStart(4, '0')}`, place: PLACES[i % PLACES.length]! });
  });
  const last = specs[specs.length - 1]!.date;
  for (const slug of extra) specs.push(record({ date: last, slug, place: 'MOSCOW' }));
  return buildArchive(specs, options).pages.filter((page): page is ArticlePage => page.kind === 'article');
}

const shellOf = (page: ArticlePage): ArticleShell => ({ ...page, article: null });
const sourcesOf = (pages: readonly ArticlePage[]): string[] => pages.map((page) => page.article.source);

describe('article page shells', () => {
  it('reads back the shells written, by source, and nothing under another token', () => {
    const output = path.join(tempDir(), 'site');
    const pages = articlePages(900);
    return writeShells(output, 't1', shellArticlesOf(pages), process.pid).then(() => {
      const wanted = [pages[0]!, pages[450]!, pages[899]!];
      const read = readShells(output, 't1', sourcesOf(wanted));
      expect(read && [...read.values()]).toEqual(wanted.map(shellOf));
      expect(readShells(output, 't2', sourcesOf(wanted))).toBeNull();
    });
  });

  it('leaves shells that already carry the token alone', async () => {
    const output = path.join(tempDir(), 'site');
    const pages = articlePages(300);
    await writeShells(output, 't1', shellArticlesOf(pages), process.pid);
    const index = path.join(shellsFolder(output), 'index.json');
    const inode = statSync(index).ino;
    await writeShells(output, 't1', shellArticlesOf(pages), process.pid, { token: 't0', same: () => true });
    expect(statSync(index).ino).toBe(inode);
    await writeShells(output, 't2', shellArticlesOf(pages), process.pid, { token: 't1', same: () => true });
    expect(statSync(index).ino).not.toBe(inode);
  });

  it('keeps the file of each slice that did not change, and removes the files no slice names any more', async () => {
    const output = path.join(tempDir(), 'site');
    const before = articlePages(900);
    await writeShells(output, 't1', shellArticlesOf(before), process.pid);
    const folder = shellsFolder(output);
    const inodes = (): Map<string, number> => new Map(readdirSync(folder).filter((n) => n.endsWith('.bin')).map((n) => [n, statSync(path.join(folder, n)).ino]));
    const first = inodes();
    expect(first.size).toBeGreaterThan(2);
    // An article added on the last day: its slice gets a new file, and every other slice keeps its file as it was.
    const after = articlePages(900, ['added']);
    const unchanged = new Set(before.map((page) => page.path));
    await writeShells(output, 't2', shellArticlesOf(after), process.pid, { token: 't1', same: (page) => unchanged.has(page.path) && page.path !== after[899]!.path });
    const second = inodes();
    const keptFiles = [...second].filter(([name, ino]) => first.get(name) === ino);
    expect(keptFiles.length).toBe(first.size - 1);
    expect(second.size).toBe(first.size);
    expect(readShells(output, 't2', sourcesOf(after))).not.toBeNull();
    // A slice half written by a build killed before is removed by the next build that writes the shells.
    writeFileSync(path.join(folder, `${[...first.keys()][0]}.tmp-999999999`), 'half');
    // With nothing to keep, every slice is encoded again; a file is named by its bytes, so the first build's
    // names come back, and the file of the added article's slice, which no slice names now, is gone.
    await writeShells(output, 't3', shellArticlesOf(before), process.pid);
    expect([...inodes().keys()].sort()).toEqual([...first.keys()].sort());
    expect(readdirSync(folder).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('reads as none when the index or a slice is damaged or gone', async () => {
    const output = path.join(tempDir(), 'site');
    const pages = articlePages(600);
    const wanted = sourcesOf([pages[10]!]);
    await writeShells(output, 't1', shellArticlesOf(pages), process.pid);
    const folder = shellsFolder(output);
    const slice = readdirSync(folder).find((n) => n.endsWith('.bin'))!;
    expect(readShells(output, 't1', wanted)).not.toBeNull();
    truncateSync(path.join(folder, slice), 10);
    expect(readShells(output, 't1', sourcesOf(pages))).toBeNull();
    // Written again, the damaged slice's file is made whole, though its name and articles are the same.
    await writeShells(output, 't2', shellArticlesOf(pages), process.pid, { token: 't1', same: () => true });
    expect(readShells(output, 't2', sourcesOf(pages))).not.toBeNull();
    writeFileSync(path.join(folder, 'index.json'), '{"format":2,"token":"t1","slices":[{"sources":["a"],"file":"../x.bin","bytes":1}]}');
    expect(readShells(output, 't1', ['a'])).toBeNull();
    truncateSync(path.join(folder, 'index.json'), 5);
    expect(readShells(output, 't1', wanted)).toBeNull();
    expect(readShells(output, 't2', wanted)).toBeNull();
  });

  it('copies the slices of the same articles with the same shells from the file it replaces, and encodes the others', async () => {
    const output = path.join(tempDir(), 'site');
    const before = articlePages(900);
    await writeShells(output, 't1', shellArticlesOf(before), process.pid);
    // An article added at the end (the pages of the last day and of MOSCOW's last articles change), and one title in
    // the middle changed (its slice has the same articles as before).
    const after = articlePages(900, ['added']);
    after[300] = { ...after[300]!, title: 'A title changed' };
    const beforeByPath = new Map(before.map((page) => [page.path, JSON.stringify(shellOf(page))]));
    const same = (page: ArticlePage): boolean => beforeByPath.get(page.path) === JSON.stringify(shellOf(page));
    // Told that every shell is the same, the writer copies every slice with the same articles: the changed title
    // comes back as it was; the added article's own slice, with an article more, is encoded afresh.
    await writeShells(output, 't2', shellArticlesOf(after), process.pid, { token: 't1', same: () => true });
    const read = readShells(output, 't2', sourcesOf(after))!;
    expect(read.get(after[300]!.article.source)).toEqual(shellOf(before[300]!));
    const added = after.find((page) => page.article.source === 'added.txt')!;
    expect(read.get('added.txt')).toEqual(shellOf(added));
    const copied = after.filter((page) => JSON.stringify(read.get(page.article.source)) === beforeByPath.get(page.path));
    expect(copied.length).toBeGreaterThan(after.length / 2);

    // Told the truth, it writes exactly the shells of the new pages.
    await writeShells(output, 't3', shellArticlesOf(after), process.pid, { token: 't2', same: () => false });
    await writeShells(output, 't1', shellArticlesOf(before), process.pid);
    await writeShells(output, 't2', shellArticlesOf(after), process.pid, { token: 't1', same });
    const truth = readShells(output, 't2', sourcesOf(after))!;
    expect(sourcesOf(after).map((source) => truth.get(source))).toEqual(after.map(shellOf));
    // Under a token other than the file's, nothing is copied.
    await writeShells(output, 't1', shellArticlesOf(before), process.pid);
    await writeShells(output, 't4', shellArticlesOf(after), process.pid, { token: 'not-t1', same: () => true });
    const fresh = readShells(output, 't4', sourcesOf(after))!;
    expect(sourcesOf(after).map((source) => fresh.get(source))).toEqual(after.map(shellOf));
  });
});
