/**
 * Article page shells (src/cache/shells.ts): what an edit reads is what was
 * written, and a build after a change copies the slices whose articles and
 * shells are the previous file's rather than encoding them again.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readShells, writeShells, type ArticleShell } from '../../src/cache/shells.js';
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
    return writeShells(output, 't1', pages, process.pid).then(() => {
      const wanted = [pages[0]!, pages[450]!, pages[899]!];
      const read = readShells(output, 't1', sourcesOf(wanted));
      expect(read && [...read.values()]).toEqual(wanted.map(shellOf));
      expect(readShells(output, 't2', sourcesOf(wanted))).toBeNull();
    });
  });

  it('leaves a file that already carries the token alone', async () => {
    const output = path.join(tempDir(), 'site');
    const pages = articlePages(300);
    await writeShells(output, 't1', pages, process.pid);
    const file = path.join(`${output}.cache`, 'shells.bin');
    const inode = statSync(file).ino;
    await writeShells(output, 't1', pages, process.pid, { token: 't0', same: () => true });
    expect(statSync(file).ino).toBe(inode);
    await writeShells(output, 't2', pages, process.pid, { token: 't1', same: () => true });
    expect(statSync(file).ino).not.toBe(inode);
  });

  it('copies the slices of the same articles with the same shells from the file it replaces, and encodes the others', async () => {
    const output = path.join(tempDir(), 'site');
    const before = articlePages(900);
    await writeShells(output, 't1', before, process.pid);
    // An article added at the end (the pages of the last day and of MOSCOW's last articles change), and one title in
    // the middle changed (its slice has the same articles as before).
    const after = articlePages(900, ['added']);
    after[300] = { ...after[300]!, title: 'A title changed' };
    const beforeByPath = new Map(before.map((page) => [page.path, JSON.stringify(shellOf(page))]));
    const same = (page: ArticlePage): boolean => beforeByPath.get(page.path) === JSON.stringify(shellOf(page));
    // Told that every shell is the same, the writer copies every slice with the same articles: the changed title
    // comes back as it was; the added article's own slice, with an article more, is encoded afresh.
    await writeShells(output, 't2', after, process.pid, { token: 't1', same: () => true });
    const read = readShells(output, 't2', sourcesOf(after))!;
    expect(read.get(after[300]!.article.source)).toEqual(shellOf(before[300]!));
    const added = after.find((page) => page.article.source === 'added.txt')!;
    expect(read.get('added.txt')).toEqual(shellOf(added));
    const copied = after.filter((page) => JSON.stringify(read.get(page.article.source)) === beforeByPath.get(page.path));
    expect(copied.length).toBeGreaterThan(after.length / 2);

    // Told the truth, it writes exactly the shells of the new pages.
    await writeShells(output, 't3', after, process.pid, { token: 't2', same: () => false });
    await writeShells(output, 't1', before, process.pid);
    await writeShells(output, 't2', after, process.pid, { token: 't1', same });
    const truth = readShells(output, 't2', sourcesOf(after))!;
    expect(sourcesOf(after).map((source) => truth.get(source))).toEqual(after.map(shellOf));
    // Under a token other than the file's, nothing is copied.
    await writeShells(output, 't1', before, process.pid);
    await writeShells(output, 't4', after, process.pid, { token: 'not-t1', same: () => true });
    const fresh = readShells(output, 't4', sourcesOf(after))!;
    expect(sourcesOf(after).map((source) => fresh.get(source))).toEqual(after.map(shellOf));
  });
});
