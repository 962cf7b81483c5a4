/** The "nothing lost" helper itself: it must notice a dropped line, or the property tests prove nothing. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/parse/index.js';
import { lostWords } from './accounting.js';

const seed = readFileSync('seeds/000_8ad7e02274d1145b.txt', 'utf8');

describe('lostWords', () => {
  it('finds nothing lost in the seed', () => {
    expect(lostWords(seed, parseText(seed, 'a.txt'))).toEqual([]);
  });

  it('notices a dropped paragraph, caption, credit or trailer', () => {
    const text = `${seed}\nEnditem\n`;
    const result = parseText(text, 'a.txt');
    const article = result.article!;
    expect(lostWords(text, { ...result, article: { ...article, paragraphs: article.paragraphs.slice(0, -1) } })).toContain('cargo');
    expect(lostWords(text, { ...result, article: { ...article, photos: [] } })).toContain('co-chairs');
    expect(lostWords(text, { ...result, article: { ...article, photos: [{ ...article.photos[0]!, credit: null }] } })).toContain('Aimin)');
    expect(lostWords(text, { ...result, article: { ...article, trailers: [] } })).toEqual(['Enditem']);
  });

  it('counts a quoted diagnostic as accounting for a junk line', () => {
    const text = ' date 2024-01-02 Headline here\n\nAdjust font size:\n\nBEIJING, Jan. 1 (Xinhua) -- Body "quoted" text.';
    const result = parseText(text, 'a.txt');
    expect(result.diagnostics.map((d) => d.rule)).toEqual(['junk-line']);
    expect(lostWords(text, result)).toEqual([]);
    expect(lostWords(text, { ...result, diagnostics: [] })).toEqual(['Adjust', 'font', 'size:']);
  });
});
