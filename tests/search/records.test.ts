/** searchRecord: what Pagefind is given for one article. */
import { describe, expect, it } from 'vitest';
import { searchContent, searchRecord } from '../../src/search/records.js';
import type { ArticleRecord } from '../../src/types.js';

const article: ArticleRecord = {
  source: 'a.txt',
  format: 'wire',
  date: '2024-08-21',
  headline: 'Moscow tea festival draws record crowds',
  dateline: { place: 'MOSCOW', date: 'Aug. 21', isoDate: '2024-08-21', agency: 'Xinhua', text: 'MOSCOW, Aug. 21 (Xinhua) --', paragraph: 0 },
  byline: null,
  photos: [
    { caption: 'A visitor pours tea from a samovar.', credit: 'Xinhua/Bai Xueqi', position: 1 },
    { caption: 'Crowds at closing time.', credit: null, position: 2 },
  ],
  paragraphs: ['A tea festival drew record crowds.', 'Tea makers from 30 regions took part.'],
  trailers: ['Enditem', 'Editor: Zhang Wei'],
  body: { type: 'root', children: [] },
  slug: 'moscow-tea-festival-draws-record-crowds',
  url: '/2024/08/21/moscow-tea-festival-draws-record-crowds/',
};

describe('searchRecord', () => {
  it('holds headline, dateline, paragraphs and captions in reading order, without trailers or credits', () => {
    expect(searchContent(article)).toBe(
      [
        'Moscow tea festival draws record crowds',
        'MOSCOW, Aug. 21 (Xinhua) -- A tea festival drew record crowds.',
        'A visitor pours tea from a samovar.',
        'Tea makers from 30 regions took part.',
        'Crowds at closing time.',
      ].join('\n\n'),
    );
  });

  it('gives meta, filters and a date sort key with the URL breaking ties', () => {
    const record = searchRecord(article, { name: 'MOSCOW', url: '/places/moscow/' });
    expect(record).toMatchObject({
      url: '/2024/08/21/moscow-tea-festival-draws-record-crowds/',
      language: 'en',
      meta: { title: 'Moscow tea festival draws record crowds', date: '2024-08-21', place: 'MOSCOW', placeUrl: '/places/moscow/', agency: 'Xinhua' },
      filters: { year: ['2024'], month: ['2024-08'], place: ['MOSCOW'], agency: ['Xinhua'] },
      sort: { date: '2024-08-21 /2024/08/21/moscow-tea-festival-draws-record-crowds/' },
    });
  });

  it('leaves place and agency out for an article without a dateline', () => {
    const bare = { ...article, dateline: null, photos: [] };
    const record = searchRecord(bare);
    expect(record.meta).toEqual({ title: article.headline, date: '2024-08-21' });
    expect(record.filters).toEqual({ year: ['2024'], month: ['2024-08'], place: [], agency: [] });
    expect(record.content.startsWith(`${article.headline}\n\nA tea festival`)).toBe(true);
  });

  it('files the article under the place the site gives it', () => {
    const record = searchRecord({ ...article, dateline: { ...article.dateline!, place: 'SAO PAULO' } }, { name: 'SÃO PAULO', url: '/places/sao-paulo/' });
    expect(record.filters.place).toEqual(['SÃO PAULO']);
    expect(record.meta.placeUrl).toBe('/places/sao-paulo/');
  });
});
