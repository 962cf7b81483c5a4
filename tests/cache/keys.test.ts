/** Page keys: a page's key changes exactly when anything the page holds changes. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeVersion, pageKeys } from '../../src/cache/keys.js';
import { buildArchive } from '../../src/model/archive.js';
import type { DayGroup, MonthPage } from '../../src/model/types.js';
import { record } from '../site/records.js';
import { keysOf, listingsOf, options, specs } from './archive.js';

/** Source digests: those given, and a fixed one for every other source. */
const digestsOf = (digests: Record<string, string> = {}) => (source: string): string => digests[source] ?? `digest of ${source}`;

/** Every page's key with listing digests hashed from the records, by path, articles' own pages left out. */
function archive(articles: ReturnType<typeof record>[]): Map<string, string | null> {
  const keys = keysOf(articles, () => 'd');
  for (const path of keys.keys()) if (/^\d{4}\/\d{2}\/\d{2}\/[^/]+\/index\.html$/.test(path)) keys.delete(path);
  return keys;
}

/** Output paths whose key differs between two key maps (or that only one has). */
function changed(a: Map<string, string | null>, b: Map<string, string | null>): string[] {
  const paths = new Set([...a.keys(), ...b.keys()]);
  return [...paths].filter((path) => a.get(path) !== b.get(path)).sort();
}

describe('pageKeys', () => {
  const base = keysOf(specs.map(record), digestsOf());

  it('gives every file a distinct key, the same from model objects built again', () => {
    expect(new Set(base.values()).size).toBe(base.size);
    expect(changed(base, keysOf(specs.map(record), digestsOf()))).toEqual([]);
  });

  it('gives an article page no key when its source has no digest', () => {
    const articles = specs.map(record);
    const archive = buildArchive(articles, options);
    const keyOf = pageKeys('v1', () => undefined, listingsOf(articles));
    expect(archive.pages.filter((page) => page.kind === 'article').map(keyOf)).toEqual([null, null, null, null, null]);
    expect(archive.pages.filter((page) => page.kind !== 'article').map(keyOf)).not.toContain(null);
  });

  it('changes every key with the version', () => {
    const articles = specs.map(record);
    const archive = buildArchive(articles, options);
    const [one, two] = [pageKeys('v1', () => 'd', listingsOf(articles)), pageKeys('v2', () => 'd', listingsOf(articles))];
    for (const page of archive.pages) expect(one(page)).not.toBe(two(page));
  });

  it('changes the key of each page that shows a changed lead: its lists, not the other articles', () => {
    const edited = specs.map((spec) => (spec.slug === 'b' ? { ...spec, paragraphs: ['A new first paragraph.'] } : spec));
    expect(changed(base, keysOf(edited.map(record), digestsOf({ 'b.txt': 'new digest' })))).toEqual([
      '2024/08/21/b/index.html',
      '2024/08/21/index.html',
      '2024/08/index.html',
      'feed.json',
      'feed.xml',
      'index.html',
      'places/moscow/index.html',
      'places/moscow/page/1/index.html',
    ]);
  });

  it('changes the keys of the neighbours and lists that show a changed headline', () => {
    const edited = specs.map((spec) => (spec.slug === 'd' ? { ...spec, headline: 'Another headline' } : spec));
    const paths = changed(base, keysOf(edited.map(record), digestsOf({ 'd.txt': 'new digest' })));
    // Its own page, the pages linking to it as a neighbour or as more from Moscow, and every list showing it.
    expect(paths).toEqual(
      expect.arrayContaining(['2024/09/02/d/index.html', '2024/08/21/c/index.html', '2025/01/05/e/index.html', '2024/08/20/a/index.html', '2024/09/02/index.html', '2024/09/index.html', 'places/moscow/index.html']),
    );
    expect(paths).not.toContain('2024/08/20/index.html');
  });

  it('keys each list entry by its article\'s listing digest: a different digest changes the lists of that article, and only those', () => {
    const articles = specs.map(record);
    const listings = listingsOf(articles);
    const other = (url: string): string | undefined => (url === '/2024/08/21/c/' ? 'another listing digest' : listings(url));
    const archive = buildArchive(articles, options);
    const [one, two] = [pageKeys('v1', () => 'd', listings), pageKeys('v1', () => 'd', other)];
    const differing = [...archive.pages, ...archive.machineFiles].filter((page) => one(page) !== two(page)).map((page) => page.path);
    // Every list of c; not c's own page, which shows its record, nor its neighbours', which show its headline.
    expect(differing.sort()).toEqual([
      '2024/08/21/index.html',
      '2024/08/index.html',
      'feed.json',
      'feed.xml',
      'index.html',
      'places/cairo/index.html',
    ]);
  });

  it('changes the key of a list whose entry\'s place is named anew, though that entry\'s listing is the same', () => {
    // MOSCOW spelt Moscow in a and b: the place takes that name, and the day of d (its only article, unchanged) shows it.
    const respelt = specs.map((spec) => (spec.slug === 'a' || spec.slug === 'b' ? { ...spec, place: 'Moscow' } : spec));
    const paths = changed(base, keysOf(respelt.map(record), digestsOf({ 'a.txt': 'new a', 'b.txt': 'new b' })));
    expect(paths).toContain('2024/09/02/index.html');
  });

  it('keys list entries whose URL has no listing digest by their JSON, never as an entry with a digest', () => {
    const articles = specs.map(record);
    const archive = buildArchive(articles, options);
    const [withDigests, without] = [pageKeys('v1', () => 'd', listingsOf(articles)), pageKeys('v1', () => 'd', () => undefined)];
    const keys = archive.pages.map(without);
    expect(new Set(keys).size).toBe(keys.length);
    for (const page of archive.pages) {
      if (page.kind === 'day') expect(without(page)).not.toBe(withDigests(page));
      if (page.kind === 'article') expect(without(page)).toBe(withDigests(page));
    }
    // A changed headline still changes the keys of the lists that show it.
    const edited = specs.map((spec) => (spec.slug === 'd' ? { ...spec, headline: 'Another headline' } : spec)).map(record);
    const day = (pages: typeof archive.pages) => pages.find((page) => page.path === '2024/09/02/index.html')!;
    expect(without(day(buildArchive(edited, options).pages))).not.toBe(without(day(archive.pages)));
  });

  it('holds list entries made from listings alone, so that the listing digest stands for them', () => {
    // The same listings from records that differ in all else: every page but the articles' own holds the same lists.
    const articles = specs.map(record);
    const others = specs
      .map((spec) => ({ ...spec, paragraphs: [`First paragraph of ${spec.slug}.`, 'Another second paragraph.', 'A third.'], byline: 'By Someone', trailers: ['Enditem'] }))
      .map(record);
    const lists = (records: typeof articles): string[] =>
      buildArchive(records, options).pages.map((page) => (page.kind === 'article' ? JSON.stringify([page.previous, page.next, page.moreFromPlace]) : JSON.stringify(page)));
    expect(lists(others)).toEqual(lists(articles));
    expect([...archive(others).values()]).toEqual([...archive(articles).values()]);
  });

  it('tells apart pages whose lists hold the same entries split differently', () => {
    const articles = specs.map(record);
    const archive = buildArchive(articles, options);
    const month = archive.pages.find((page) => page.kind === 'month' && page.days.length === 2);
    if (month?.kind !== 'month') throw new Error('expected a month with two days');
    const [first, second] = month.days as [DayGroup, DayGroup];
    // The same entries in the same order, with the first day's last entry moved to the second day.
    const moved: MonthPage = {
      ...month,
      days: [
        { ...first, articles: first.articles.slice(0, -1) },
        { ...second, articles: [...first.articles.slice(-1), ...second.articles] },
      ],
    };
    const keyOf = pageKeys('v1', () => 'd', listingsOf(articles));
    expect(keyOf(moved)).not.toBe(keyOf(month));
    expect(keyOf(structuredClone(month))).toBe(keyOf(month));
  });
});

describe('codeVersion', () => {
  /** A compiled tree: `files` by path under the root, each with its text. */
  function tree(files: Record<string, string>): { root: string; edit: (rel: string, text: string) => void; version: () => string; remove: () => void } {
    const root = mkdtempSync(path.join(tmpdir(), 'news-archive-code-'));
    const edit = (rel: string, text: string): void => {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    };
    for (const [rel, text] of Object.entries(files)) edit(rel, text);
    return { root, edit, version: () => codeVersion(root, '1.0.0', 'v20.0.0'), remove: () => rmSync(root, { recursive: true, force: true }) };
  }

  it('of a bundled tree, changes with the entry point and each chunk, not with the compiled modules never loaded', () => {
    const code = tree({ 'src/cli.js': 'cli', 'src/chunks/build-A.js': 'build', 'src/chunks/worker.js': 'worker', 'src/commands/build.js': 'unbundled', 'templates/page.js': 'unbundled template' });
    try {
      const before = code.version();
      code.edit('src/commands/build.js', 'unbundled, edited');
      code.edit('templates/page.js', 'unbundled template, edited');
      expect(code.version()).toBe(before);
      code.edit('src/chunks/worker.js', 'worker, edited');
      const afterChunk = code.version();
      expect(afterChunk).not.toBe(before);
      code.edit('src/chunks/page-B.js', 'a new chunk');
      expect(code.version()).not.toBe(afterChunk);
      code.edit('src/cli.js', 'cli, edited');
      expect(code.version()).not.toBe(afterChunk);
    } finally {
      code.remove();
    }
  });

  it('of a tree that is not bundled, changes with every module under src/ and templates/', () => {
    const code = tree({ 'src/cli.js': 'cli', 'src/commands/build.ts': 'build', 'templates/page.ts': 'template' });
    try {
      const before = code.version();
      code.edit('templates/page.ts', 'template, edited');
      const afterTemplate = code.version();
      expect(afterTemplate).not.toBe(before);
      code.edit('src/commands/build.ts', 'build, edited');
      expect(code.version()).not.toBe(afterTemplate);
    } finally {
      code.remove();
    }
  });

  it('changes with the package version and the Node version', () => {
    const code = tree({ 'src/cli.js': 'cli', 'src/chunks/build-A.js': 'build' });
    try {
      const version = code.version();
      expect(codeVersion(code.root, '1.0.1', 'v20.0.0')).not.toBe(version);
      expect(codeVersion(code.root, '1.0.0', 'v20.0.1')).not.toBe(version);
    } finally {
      code.remove();
    }
  });
});
