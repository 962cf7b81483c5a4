/**
 * Pages of Latin-1 text are one byte a character in V8 (src/text.ts): the
 * title's dash, the leads' ellipsis and a dispatch's name in another script
 * elsewhere on a page's neighbours or lists leave them so.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus.js';
import { buildArchive } from '../../src/model/archive.js';
import { renderPage } from '../../src/render/pages.js';
import { hasWideCharacter } from '../../src/text.js';
import { oneByteInV8 } from '../one-byte.js';
import { removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const long = 'said on Monday that the two sides would expand cooperation in trade, energy and infrastructure over the coming years, officials said.';
const dispatches: Record<string, string> = {
  // Latin-1 throughout, with a lead long enough to be cut (and end in an ellipsis).
  'a.txt': ` date 2024-03-04 Café owners in Zürich meet ministers\n\nZURICH, March 4 (Xinhua) -- The minister ${long} ${long}\n\nA second paragraph.\n`,
  // A name in another script in the body only: its headline and lead are shown on other pages.
  'b.txt': ` date 2024-03-04 Trade talks open in Istanbul\n\nISTANBUL, March 4 (Xinhua) -- The talks ${long}\n\nThe mayor of İstanbul spoke.\n`,
  // In the headline: its own page and the lists that show it are two bytes a character, and rightly so.
  'c.txt': ` date 2024-03-05 İzmir port reopens\n\nIZMIR, March 5 (Xinhua) -- The port ${long}\n`,
};

describe('pages of Latin-1 text', () => {
  it('are one byte a character in V8, and the others hold a character above U+00FF', async () => {
    const input = tempDir();
    mkdirSync(path.join(input, '2024'));
    for (const [name, text] of Object.entries(dispatches)) writeFileSync(path.join(input, '2024', name), text);
    const corpus = await loadCorpus(input);
    expect(corpus.articles).toHaveLength(3);
    const site = { title: 'Wire Archive', basePath: '/', siteUrl: 'https://example.org', language: 'en', search: true };
    const archive = buildArchive(corpus.articles, { site, homeLatest: 20, feedSize: 50, placePageSize: 50, sitemapLimit: 50_000 });
    const narrow: string[] = [];
    for (const page of archive.pages) {
      const text = renderPage(page, site);
      if (hasWideCharacter(text)) expect(oneByteInV8(text), page.path).toBe(false);
      else {
        expect(oneByteInV8(text), page.path).toBe(true);
        narrow.push(page.path);
      }
    }
    // The day of a.txt and b.txt, and a.txt's page, whose neighbour is b.txt, among them; b.txt's and c.txt's pages are not.
    expect(narrow).toEqual(expect.arrayContaining(['2024/03/04/index.html', expect.stringMatching(/^2024\/03\/04\/cafe-owners/)]));
    expect(narrow.some((p) => p.includes('izmir') || p.includes('trade-talks'))).toBe(false);
    expect(renderPage(archive.pages.find((p) => p.path === '2024/03/04/index.html')!, site)).toContain('&#8230;');
  });
});
