/**
 * Placing articles again after a change (placeArticles with the previous
 * build's placement): the days no change touched keep their URLs without
 * being placed again, and the result is always what placing every article
 * afresh gives, duplicates and their diagnostics included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeArticles, type PlacedBefore } from '../../src/corpus.js';
import type { StoredArticle } from '../../src/types.js';
import { record } from '../site/records.js';

interface Spec {
  file: string;
  date: string;
  headline: string;
  text: string;
}

function stored(spec: Spec): StoredArticle {
  const { slug: _slug, url: _url, ...article } = record({ date: spec.date, slug: 'x', headline: spec.headline, paragraphs: [spec.text] });
  return { ...article, source: `${spec.file}.txt` };
}

/** A source's digest: its content. */
const digestOf = (specs: readonly Spec[]) => {
  const bySource = new Map(specs.map((spec) => [`${spec.file}.txt`, JSON.stringify(spec)]));
  return (source: string) => bySource.get(source);
};

/** What a build that placed `specs` records of its placing. */
function placedBy(specs: readonly Spec[]): Omit<PlacedBefore, 'digestOf'> {
  const placed = placeArticles(specs.map(stored));
  const digest = digestOf(specs);
  return {
    articles: new Map(placed.articles.map((article) => [article.source, { digest: digest(article.source)!, url: article.url }])),
    duplicates: new Set(placed.diagnostics.filter((d) => d.rule === 'duplicate-article').map((d) => d.file)),
  };
}

const day1 = { date: '2024-08-20', text: 'One.' };
const base: Spec[] = [
  { file: 'a', headline: 'Talks open', ...day1 },
  { file: 'b', headline: 'Talks open', ...day1, text: 'Two.' },
  { file: 'c', headline: 'Rain', date: '2024-08-21', text: 'Rain fell.' },
  { file: 'd', headline: 'Sun', date: '2024-08-22', text: 'Sun shone.' },
];

describe('placeArticles after a change', () => {
  it('takes the URLs of the days no change touched from the previous placing, and places the touched days again', () => {
    const before = placedBy(base);
    // A URL only the previous placing could give: the day of c is taken as it was, not placed again.
    const articles = new Map(before.articles);
    articles.set('c.txt', { ...articles.get('c.txt')!, url: '/2024/08/21/as-placed-before/' });
    const changed: Spec[] = [...base.slice(0, 3), { ...base[3]!, headline: 'Sun again' }];
    const again = placeArticles(changed.map(stored), new Map(), { ...before, articles, digestOf: digestOf(changed) });
    expect(again.articles.map((a) => a.url)).toEqual([
      '/2024/08/20/talks-open-2/',
      '/2024/08/20/talks-open/',
      '/2024/08/21/as-placed-before/',
      '/2024/08/22/sun-again/',
    ]);
    expect(again.articles.find((a) => a.source === 'c.txt')?.slug).toBe('as-placed-before');
    // The day of a and b had a duplicate-article warning: placed again, so the warning is given again.
    expect(again.diagnostics.map((d) => `${d.file} ${d.severity} ${d.rule}`)).toEqual(['b.txt warning duplicate-article']);
  });

  it('places the day an article left and the day it joined again', () => {
    const before = placedBy(base);
    const moved: Spec[] = [base[0]!, { ...base[1]!, date: '2024-08-21' }, base[2]!, base[3]!];
    const again = placeArticles(moved.map(stored), new Map(), { ...before, digestOf: digestOf(moved) });
    expect(again).toEqual(placeArticles(moved.map(stored)));
    expect(again.diagnostics).toEqual([]);
  });

  it('gives what placing every article afresh gives, whatever is added, removed, moved or edited', () => {
    const spec = fc.record({
      date: fc.constantFrom('2024-08-20', '2024-08-21', '2024-08-22'),
      // The last two are no duplicates of each other (their headlines differ) but ask for the same slug.
      headline: fc.constantFrom('Talks open', 'Rain and sun', 'Rain & sun'),
      text: fc.constantFrom('One.', 'Two.'),
    });
    const change = fc.oneof(
      { weight: 5, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constant('removed' as const) },
      { weight: 2, arbitrary: spec },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(spec, change), { minLength: 1, maxLength: 14 }), fc.array(spec, { maxLength: 4 }), (olds, added) => {
        const before: Spec[] = olds.map(([s], i) => ({ file: `f${String(i).padStart(2, '0')}`, ...s }));
        const after: Spec[] = [];
        olds.forEach(([, c], i) => {
          if (c === 'removed') return;
          after.push(c === null ? before[i]! : { file: before[i]!.file, ...c });
        });
        added.forEach((s, i) => after.push({ file: `n${i}`, ...s }));
        const fresh = placeArticles(after.map(stored));
        const again = placeArticles(after.map(stored), new Map(), { ...placedBy(before), digestOf: digestOf(after) });
        expect(again).toEqual(fresh);
      }),
      { numRuns: 500 },
    );
  });
});
