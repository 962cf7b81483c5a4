/** The owner's seed dispatch parses to exactly the record in issue 2. */
import { readFileSync } from 'node:fs';
import { bodyOf } from '../../src/parse/lean.js';
import { describe, expect, it } from 'vitest';
import { loadPaths } from '../../src/corpus.js';

const SEED = 'seeds/000_8ad7e02274d1145b.txt';

describe('the seed dispatch', () => {
  it('parses to the expected record with no diagnostics', async () => {
    const corpus = await loadPaths([SEED]);
    expect(corpus.diagnostics).toEqual([]);
    expect(corpus.rejected).toEqual([]);
    expect(corpus.articles).toHaveLength(1);
    const a = corpus.articles[0]!;
    expect(a.source).toBe(SEED);
    expect(a.format).toBe('wire');
    expect(a.date).toBe('2024-08-22');
    expect(a.headline).toBe(
      "Li, Mishustin chair meeting between Chinese, Russian heads of gov't, calling for stronger all-round practical cooperation",
    );
    expect(a.dateline).toEqual({
      place: 'MOSCOW',
      date: 'Aug. 21',
      isoDate: '2024-08-21',
      agency: 'Xinhua',
      text: 'MOSCOW, Aug. 21 (Xinhua) --',
      paragraph: 0,
    });
    expect(a.byline).toBeNull();
    expect(a.photos).toEqual([
      {
        caption:
          'Chinese Premier Li Qiang co-chairs the 29th regular meeting between Chinese and Russian heads of government with Russian Prime Minister Mikhail Mishustin in Moscow, Russia, Aug. 21, 2024.',
        credit: 'Xinhua/Rao Aimin',
        position: 0,
      },
    ]);
    expect(a.trailers).toEqual([]);
    expect(a.paragraphs).toHaveLength(10);
    expect(a.paragraphs[0]).toBe(
      'Chinese Premier Li Qiang said here Wednesday that China is ready to work with Russia to strengthen all-round practical cooperation between the two countries, and push the China-Russia comprehensive strategic partnership of coordination for a new era to a new level.',
    );
    // Every body paragraph of the file, in order, is in the record.
    const fileParagraphs = readFileSync(SEED, 'utf8').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
    expect(a.paragraphs.slice(1)).toEqual(fileParagraphs.slice(3));
    expect(a.slug).toBe('li-mishustin-chair-meeting-between-chinese-russian-heads-of-govt-calling-for');
    expect(a.url).toBe(`/2024/08/22/${a.slug}/`);
    // The build keeps a wire record without its mdast body and rebuilds it from the paragraphs.
    expect(a.body).toBeUndefined();
    expect(bodyOf(a).children).toHaveLength(10);
  });
});
