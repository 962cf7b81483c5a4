/** The line-level patterns of crawled pages (src/parse/patterns.ts). */
import { describe, expect, it } from 'vitest';
import { isSiteName } from '../../src/parse/patterns.js';

describe('isSiteName', () => {
  it('knows site and section names in any case, with space around them', () => {
    for (const name of ['Xinhua', ' XINHUA NEWS AGENCY ', 'Top News', 'People’s Daily Online', "people's daily online", 'China.org.cn', '\tin pictures ']) {
      expect(isSiteName(name), name).toBe(true);
    }
  });

  it('takes a bare domain of any length for a site name', () => {
    for (const domain of ['english.news.cn', 'www.example.com', `www.${'long-section-name-'.repeat(6)}example.co.uk`]) {
      expect(isSiteName(domain), domain).toBe(true);
    }
  });

  it('refuses headlines and captions, however long', () => {
    for (const text of ['China Daily reports record harvest', 'News from the provinces', `Tourists walk past the fair in Sydney, Australia, Dec. 31, 2024. ${'More text. '.repeat(20)}`, 'www.example .com']) {
      expect(isSiteName(text), text).toBe(false);
    }
  });
});
