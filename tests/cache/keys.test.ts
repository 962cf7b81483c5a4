/** Page keys: a page's key changes exactly when anything the page holds changes. */
import { describe, expect, it } from 'vitest';
import { pageKeys } from '../../src/cache/keys.js';
import { buildArchive } from '../../src/model/archive.js';
import type { DayGroup, MonthPage } from '../../src/model/types.js';
import { record } from '../site/records.js';
import { keysOf, options, specs } from './archive.js';

/** Source digests: those given, and a fixed one for every other source. */
const digestsOf = (digests: Record<string, string> = {}) => (source: string): string => digests[source] ?? `digest of ${source}`;

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
    const archive = buildArchive(specs.map(record), options);
    const keyOf = pageKeys('v1', () => undefined);
    expect(archive.pages.filter((page) => page.kind === 'article').map(keyOf)).toEqual([null, null, null, null, null]);
    expect(archive.pages.filter((page) => page.kind !== 'article').map(keyOf)).not.toContain(null);
  });

  it('changes every key with the version', () => {
    const archive = buildArchive(specs.map(record), options);
    const [one, two] = [pageKeys('v1', () => 'd'), pageKeys('v2', () => 'd')];
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

  it('tells apart pages whose lists hold the same entries split differently', () => {
    const archive = buildArchive(specs.map(record), options);
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
    const keyOf = pageKeys('v1', () => 'd');
    expect(keyOf(moved)).not.toBe(keyOf(month));
    expect(keyOf(structuredClone(month))).toBe(keyOf(month));
  });
});
