/**
 * The model state: a build tells that its model is the previous build's
 * exactly when no listing changed, and then every page but the edited
 * articles' own keeps its key.
 */
import { describe, expect, it } from 'vitest';
import { modelSettingsDigest, modelState, sameModel, type ModelState } from '../../src/cache/model.js';
import { buildArchive } from '../../src/model/archive.js';
import type { ArticleRecord } from '../../src/types.js';
import { record, type RecordSpec } from '../site/records.js';
import { keysOf, options, specs } from './archive.js';

const settings = modelSettingsDigest('v1', options, null);
const base = specs.map(record);
/** Source digests: the same for every article but those named. */
const digests = (changed: string[] = []) => (source: string) => (changed.includes(source) ? `new ${source}` : `old ${source}`);
const previous: ModelState = modelState(settings, base, digests(), null);

/** The articles of `specs` with the one of slug `b` edited. */
const editB = (edit: (spec: RecordSpec) => RecordSpec): ArticleRecord[] => specs.map((spec) => (spec.slug === 'b' ? edit(spec) : spec)).map(record);

/** The model's pages as JSON, each article page's record left out. */
function withoutRecords(articles: ArticleRecord[]): string {
  const archive = buildArchive(articles, options);
  return JSON.stringify([...archive.pages, ...archive.machineFiles].map((page) => (page.kind === 'article' ? { ...page, article: page.article.source } : page)));
}

describe('sameModel', () => {
  it('holds when an edit leaves every listing as it was, and the model then differs only in that article\'s record', () => {
    const edits: ((spec: RecordSpec) => RecordSpec)[] = [
      (spec) => ({ ...spec, paragraphs: ['First paragraph of b.', 'A corrected second paragraph.', 'A third.'] }),
      (spec) => ({ ...spec, byline: 'By A. Reporter' }),
      (spec) => ({ ...spec, trailers: ['Enditem'] }),
      (spec) => ({ ...spec, photos: [{ caption: 'A caption.', credit: 'Xinhua/A. B.', position: 1 }] }),
    ];
    for (const edit of edits) {
      const edited = editB(edit);
      expect(sameModel(previous, settings, edited, digests(['b.txt']))).toBe(true);
      expect(withoutRecords(edited)).toBe(withoutRecords(base));
      // Every key but the edited article's own page's is the same: what a build then keeps from the manifest.
      const before = keysOf(base, digests());
      const after = keysOf(edited, digests(['b.txt']));
      expect([...after.keys()].filter((path) => after.get(path) !== before.get(path))).toEqual(['2024/08/21/b/index.html']);
    }
  });

  it('fails with anything the lists, counts and neighbours are made from', () => {
    const variants: [ArticleRecord[], string[]][] = [
      [editB((spec) => ({ ...spec, headline: 'Another headline' })), ['b.txt']],
      [editB((spec) => ({ ...spec, paragraphs: ['A new first paragraph.', 'Second paragraph.'] })), ['b.txt']],
      [editB((spec) => ({ ...spec, place: 'CAIRO' })), ['b.txt']],
      [editB((spec) => ({ ...spec, date: '2024-08-22' })), ['b.txt']],
      // The same source under another URL (another article took its slug).
      [editB((spec) => ({ ...spec, slug: 'b-2' })).map((a) => (a.source === 'b-2.txt' ? { ...a, source: 'b.txt' } : a)), []],
      [base.slice(1), []],
      [[...base, record({ date: '2025-01-06', slug: 'f' })], []],
    ];
    for (const [articles, changed] of variants) expect(sameModel(previous, settings, articles, digests(changed))).toBe(false);
    expect(sameModel(previous, modelSettingsDigest('v1', { ...options, placePageSize: 3 }, null), base, digests())).toBe(false);
    expect(sameModel(previous, modelSettingsDigest('v1', options, '2024'), base, digests())).toBe(false);
    expect(sameModel(previous, modelSettingsDigest('v2', options, null), base, digests())).toBe(false);
    expect(sameModel(previous, settings, base, digests())).toBe(true);
  });
});

describe('modelState', () => {
  it('takes the listing of an article whose source and URL are unchanged from the previous state, which equals hashing it again', () => {
    const edited = editB((spec) => ({ ...spec, headline: 'Another headline' }));
    const next = modelState(settings, edited, digests(['b.txt']), previous);
    expect(next).toEqual(modelState(settings, edited, digests(['b.txt']), null));
    expect(next.articles.get('a.txt')).toBe(previous.articles.get('a.txt'));
    expect(next.articles.get('b.txt')!.listing).not.toBe(previous.articles.get('b.txt')!.listing);
  });
});
