import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS_FIRST_DATE, CORPUS_LAST_DATE, corpusDate, generateCorpus } from '../../src/bench/corpus.js';
import { generateDispatch } from '../../src/bench/dispatch.js';
import { buildFloor } from '../../src/bench/floor.js';
import { hugoContent, readDispatch, writeHugoSite } from '../../src/bench/hugo.js';
import { compareTrees, hashTree } from '../../src/bench/tree.js';
import { loadCorpus } from '../../src/corpus.js';

const SEED = 'bench-test';
const made: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'news-archive-bench-test-'));
  made.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the synthetic corpus', () => {
  it('is byte-identical for the same size and seed, and differs for another seed', async () => {
    const [a, b, c] = [await tempDir(), await tempDir(), await tempDir()];
    await generateCorpus(a, 120, SEED);
    await generateCorpus(b, 120, SEED);
    await generateCorpus(c, 120, 'another-seed');
    const first = await hashTree(a);
    expect(first.size).toBe(120);
    expect(compareTrees(await hashTree(b), first).identical).toBe(true);
    expect(compareTrees(await hashTree(c), first).identical).toBe(false);
  });

  it('lays files out in YYYY/MM folders by default and in one folder when flat', async () => {
    const nested = await tempDir();
    const flat = await tempDir();
    await generateCorpus(nested, 30, SEED, 'nested');
    await generateCorpus(flat, 30, SEED, 'flat');
    const nestedFiles = (await readdir(nested, { recursive: true })).filter((name) => name.endsWith('.txt'));
    expect(nestedFiles).toHaveLength(30);
    for (const name of nestedFiles) expect(name).toMatch(/^\d{4}\/\d{2}\/\d{6}_[0-9a-f]{16}\.txt$/);
    expect((await readdir(flat)).filter((name) => /^\d{6}_[0-9a-f]{16}\.txt$/.test(name))).toHaveLength(30);
  });

  it('spreads dates evenly and in order over the ten years', () => {
    const n = 100_000;
    expect(corpusDate(0, n)).toBe(CORPUS_FIRST_DATE);
    expect(corpusDate(n - 1, n)).toBe(CORPUS_LAST_DATE);
    let previous = corpusDate(0, n);
    for (let i = 1; i < n; i += 997) {
      const date = corpusDate(i, n);
      expect(date >= previous).toBe(true);
      previous = date;
    }
    expect(corpusDate(50_000, n).slice(0, 4)).toBe('2020');
  });

  it('has the seed shape: date line, captions with credits, a dateline, 4 to 14 paragraphs', () => {
    const places = new Set<string>();
    let captions = 0;
    let bylines = 0;
    let enditems = 0;
    for (let i = 0; i < 400; i++) {
      const dispatch = generateDispatch(SEED, i, '2024-08-22');
      const blocks = dispatch.text.split('\n\n');
      expect(blocks[0]).toBe(` date 2024-08-22 ${dispatch.headline}`);
      expect(dispatch.text.endsWith('\n')).toBe(true);
      expect(dispatch.paragraphCount).toBeGreaterThanOrEqual(4);
      expect(dispatch.paragraphCount).toBeLessThanOrEqual(14);
      expect(dispatch.text).toMatch(new RegExp(`\\n\\n${dispatch.place.dateline}, Aug\\. 2[12] \\(Xinhua\\) -- `));
      places.add(dispatch.place.dateline);
      captions += dispatch.captionCount;
      if (dispatch.byline !== null) bylines++;
      if (dispatch.text.endsWith('\n\nEnditem\n')) enditems++;
    }
    expect(places.size).toBeGreaterThanOrEqual(30);
    expect([...places]).toEqual(expect.arrayContaining(['RIO DE JANEIRO', 'SÃO PAULO', 'UNITED NATIONS']));
    expect(captions).toBeGreaterThan(100);
    expect(bylines).toBeGreaterThan(20);
    expect(enditems).toBeGreaterThan(50);
  });

  it('never dates a Jan. 1 dispatch from the previous year', () => {
    for (let i = 0; i < 50; i++) {
      expect(generateDispatch(SEED, i, '2020-01-01').text).toMatch(/, Jan\. 1 \(Xinhua\) -- /);
    }
  });

  it('is read by the parser without a single diagnostic, every field as generated', async () => {
    const dir = await tempDir();
    const n = 250;
    await generateCorpus(dir, n, SEED);
    const corpus = await loadCorpus(dir);
    expect(corpus.diagnostics).toEqual([]);
    expect(corpus.rejected).toEqual([]);
    expect(corpus.articles).toHaveLength(n);
    const bySource = new Map(corpus.articles.map((article) => [article.source.split('/').pop(), article]));
    for (let i = 0; i < n; i++) {
      const expected = generateDispatch(SEED, i, corpusDate(i, n));
      const article = bySource.get(expected.fileName);
      expect(article, expected.fileName).toBeDefined();
      expect(article?.date).toBe(expected.date);
      expect(article?.headline).toBe(expected.headline);
      expect(article?.dateline?.place).toBe(expected.place.dateline);
      expect(article?.dateline?.agency).toBe('Xinhua');
      expect(article?.byline).toBe(expected.byline);
      expect(article?.photos).toHaveLength(expected.captionCount);
      expect(article?.paragraphs).toHaveLength(expected.paragraphCount);
    }
  });
});

describe('the floor script', () => {
  it('writes one escaped page per dispatch', async () => {
    const input = await tempDir();
    const output = await tempDir();
    await generateCorpus(input, 40, SEED);
    expect(buildFloor(input, output)).toBe(40);
    const pages = (await readdir(output, { recursive: true })).filter((name) => name.endsWith('index.html'));
    expect(pages).toHaveLength(40);
    const html = (await Promise.all(pages.map((page) => readFile(join(output, page), 'utf8')))).join('\n');
    expect(html).toContain('R&amp;D');
    expect(html).not.toMatch(/R&D/);
    expect(html).toContain('&quot;');
  });
});

describe('the Hugo reference site', () => {
  it('reads back what the generator wrote', () => {
    for (let i = 0; i < 100; i++) {
      const expected = generateDispatch(SEED, i, '2019-05-02');
      const read = readDispatch(expected.text);
      expect(read?.date).toBe('2019-05-02');
      expect(read?.headline).toBe(expected.headline);
      expect(read?.place).toBe(expected.place.dateline);
      expect(read?.byline).toBe(expected.byline);
      expect(read?.blocks.filter((block) => block.kind === 'caption')).toHaveLength(expected.captionCount);
      expect(read?.blocks.filter((block) => block.kind === 'paragraph')).toHaveLength(expected.paragraphCount);
    }
  });

  it('writes front matter Hugo can read and text Goldmark shows as written', () => {
    const content = hugoContent({
      date: '2024-08-22',
      headline: 'Interview: "Trade & energy go hand in hand," says Sean O\'Connor',
      place: 'SÃO PAULO',
      byline: null,
      blocks: [{ kind: 'paragraph', text: '*not emphasis* and [not a link](x) <b>' }],
    });
    expect(content).toContain('title: "Interview: \\"Trade & energy go hand in hand,\\" says Sean O\'Connor"');
    expect(content).toContain('place: "SÃO PAULO"');
    expect(content).toContain('\\*not emphasis\\* and \\[not a link\\](x) \\<b\\>');
  });

  it('writes one content file per dispatch under content/YYYY/MM/DD/', async () => {
    const input = await tempDir();
    const site = await tempDir();
    await generateCorpus(input, 60, SEED);
    expect(await writeHugoSite(input, site)).toBe(60);
    const content = (await readdir(join(site, 'content'), { recursive: true })).filter((name) => name.endsWith('.md'));
    expect(content.filter((name) => /^\d{4}\/\d{2}\/\d{2}\/[a-z0-9-]+\.md$/.test(name))).toHaveLength(60);
    expect(content.filter((name) => /^\d{4}\/_index\.md$/.test(name)).length).toBeGreaterThan(0);
  });
});
