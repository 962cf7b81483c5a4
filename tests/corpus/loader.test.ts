/**
 * The corpus loader over a real folder in os.tmpdir(): recursion, hidden and
 * other files, symbolic links (including a loop), unreadable entries,
 * duplicates, slugs, sizes. Each case states its fate.
 */
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus, loadPaths, readFiles, type Corpus } from '../../src/corpus.js';
import { MAX_FILE_BYTES } from '../../src/decode.js';

const SEED = path.resolve('seeds/000_8ad7e02274d1145b.txt');
const seedText = readFileSync(SEED, 'utf8');
const isRoot = process.getuid?.() === 0;

function dispatch(date: string, headline: string, body: string): string {
  return ` date ${date} ${headline}\n\nBEIJING, ${'Jan. 2'} (Xinhua) -- ${body}\n`;
}

let root: string;
let corpus: Corpus;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'news-archive-corpus-'));
  const w = (rel: string, text: string | Uint8Array): void => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  copyFileSync(SEED, path.join(root, 'a-seed.txt'));
  w('b-same-copy.txt', seedText); // rejected: exact duplicate of a-seed.txt
  w('c-same-headline.txt', seedText.replace('Chinese Premier Li Qiang said here Wednesday', 'Premier Li said on Wednesday')); // kept, -2
  w('nested/deeper/article.md', '---\ndate: 2024-01-02\ntitle: A Markdown article\n---\n\nBEIJING, Jan. 2 (Xinhua) -- Body *text*.\n');
  w('nested/Named with spaces é.TXT', dispatch('2024-01-02', 'Spaces and accents in the name', 'Body.'));
  w('.hidden.txt', dispatch('2024-01-02', 'Hidden', 'Never read.'));
  w('.git/config.txt', 'not an article');
  w('notes.html', '<p>not an article</p>');
  w('dir.txt/inside.txt', dispatch('2024-01-02', 'Inside a folder named like a file', 'Body.'));
  w('cjk.txt', dispatch('2024-01-02', '中国新闻', 'Body in English.'));
  w('dots.txt', dispatch('2024-01-02', '..', 'Dot dot.'));
  w('punct.txt', dispatch('2024-01-02', '!!! ??? ...', 'Only punctuation.'));
  w('long.txt', dispatch('2024-01-02', `${'Very long headline words '.repeat(20)}end`, 'Long.'));
  w('slash.txt', dispatch('2024-01-02', '../../etc/passwd and a/b', 'Slashes.'));
  w('binary.txt', new Uint8Array([0x20, 0x64, 0x61, 0x74, 0x65, 0x00, 0xff, 0x00]));
  w('latin1.txt', new Uint8Array([...Buffer.from(' date 2024-01-02 Caf'), 0xe9, ...Buffer.from(' opens\n\nPARIS, Jan. 2 (Xinhua) -- Caf'), 0xe9, 0x0a]));
  w('empty.txt', '');
  w('unreadable.txt', dispatch('2024-01-02', 'Unreadable', 'Body.'));
  chmodSync(path.join(root, 'unreadable.txt'), 0o000);
  writeFileSync(path.join(root, 'big.txt'), '');
  truncateSync(path.join(root, 'big.txt'), MAX_FILE_BYTES + 1);
  symlinkSync('..', path.join(root, 'nested/loop'));
  symlinkSync('nowhere.txt', path.join(root, 'dangling.txt'));
  symlinkSync('a-seed.txt', path.join(root, 'z-link-to-seed.txt'));
  corpus = await loadCorpus(root);
});

afterAll(() => {
  chmodSync(path.join(root, 'unreadable.txt'), 0o644);
  rmSync(root, { recursive: true, force: true });
});

const rulesOf = (file: string): string[] => corpus.diagnostics.filter((d) => d.file === file).map((d) => `${d.severity} ${d.rule}`);

describe('loadCorpus', () => {
  it('lists candidate files, relative and sorted', () => {
    expect(corpus.files).toEqual([...corpus.files].sort());
    expect(corpus.files).toContain('nested/deeper/article.md');
    expect(corpus.files).toContain('nested/Named with spaces é.TXT');
    expect(corpus.files).toContain('dir.txt/inside.txt');
    expect(corpus.files.some((f) => f.startsWith('.') || f.includes('/.'))).toBe(false);
  });

  it('ignores hidden entries and other kinds of file, and enters a link loop once', () => {
    expect(corpus.ignored).toEqual(expect.arrayContaining(['.git', '.hidden.txt', 'notes.html', 'nested/loop/']));
    expect(corpus.files.some((f) => f.startsWith('nested/loop/'))).toBe(false);
  });

  it('keeps an exact duplicate out, naming the kept file', () => {
    expect(rulesOf('b-same-copy.txt')).toEqual(['error duplicate-article']);
    expect(corpus.diagnostics.find((d) => d.file === 'b-same-copy.txt')!.message).toContain('a-seed.txt');
    expect(rulesOf('z-link-to-seed.txt')).toEqual(['error duplicate-article']);
    expect(corpus.rejected).toEqual(expect.arrayContaining(['b-same-copy.txt', 'z-link-to-seed.txt']));
  });

  it('keeps same-date same-headline articles with different text under distinct URLs', () => {
    expect(rulesOf('c-same-headline.txt')).toEqual(['warning duplicate-article']);
    const a = corpus.articles.find((x) => x.source === 'a-seed.txt')!;
    const c = corpus.articles.find((x) => x.source === 'c-same-headline.txt')!;
    expect(c.slug).toBe(`${a.slug}-2`);
  });

  it('reports unreadable entries and keeps going', () => {
    expect(rulesOf('dangling.txt')).toEqual(['error unreadable-file']);
    expect(rulesOf('dir.txt')).toEqual(['error unreadable-file']);
    if (!isRoot) expect(rulesOf('unreadable.txt')).toEqual(['error unreadable-file']);
    expect(rulesOf('big.txt')).toEqual(['error file-too-large']);
    expect(rulesOf('binary.txt')).toEqual(['error binary-file']);
    expect(rulesOf('empty.txt')).toEqual(['error missing-date-line']);
    expect(corpus.articles.map((a) => a.source)).toEqual(expect.arrayContaining(['dir.txt/inside.txt', 'nested/deeper/article.md']));
  });

  it('keeps a windows-1252 file with a warning', () => {
    expect(rulesOf('latin1.txt')).toEqual(['warning not-utf8']);
    expect(corpus.articles.find((a) => a.source === 'latin1.txt')!.headline).toBe('Café opens');
  });

  it('gives every article a safe, unique, bounded slug and URL', () => {
    const urls = corpus.articles.map((a) => a.url);
    expect(new Set(urls).size).toBe(urls.length);
    for (const a of corpus.articles) {
      expect(a.slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(a.slug.length).toBeLessThanOrEqual(80);
      expect(a.url).toBe(`/${a.date.slice(0, 4)}/${a.date.slice(5, 7)}/${a.date.slice(8)}/${a.slug}/`);
    }
    const slug = (source: string): string => corpus.articles.find((a) => a.source === source)!.slug;
    expect(slug('cjk.txt')).toMatch(/^article-[0-9a-f]{8}$/);
    expect(slug('dots.txt')).toMatch(/^article-[0-9a-f]{8}$/);
    expect(slug('punct.txt')).toMatch(/^article-[0-9a-f]{8}$/);
    expect(slug('slash.txt')).toBe('etc-passwd-and-a-b');
    expect(slug('long.txt').endsWith('-')).toBe(false);
  });

  it('sorts articles by date then URL and diagnostics by file, line, column', () => {
    const keys = corpus.articles.map((a) => `${a.date} ${a.url}`);
    expect(keys).toEqual([...keys].sort());
    const d = corpus.diagnostics.map((x) => [x.file, x.line, x.column] as const);
    for (let i = 1; i < d.length; i++) {
      const [f0, l0, c0] = d[i - 1]!;
      const [f1, l1, c1] = d[i]!;
      expect(f0 < f1 || (f0 === f1 && (l0 < l1 || (l0 === l1 && c0 <= c1)))).toBe(true);
    }
  });

  it('gives the same corpus twice', async () => {
    expect(await loadCorpus(root)).toEqual(corpus);
  });

  it('gives the same corpus from a reader that hands its parts over as they are done, in any order', async () => {
    const parts: number[] = [];
    const streamed = await loadCorpus(root, {
      reader: async (files, onPart) => {
        const outcomes = await readFiles(files);
        // Parts of three files, handed over last first: the loader takes each file in order once those before it are in.
        const starts = Array.from({ length: Math.ceil(files.length / 3) }, (_, i) => i * 3).reverse();
        for (const start of starts) {
          parts.push(start);
          onPart?.(start, outcomes.slice(start, start + 3));
        }
        return outcomes;
      },
    });
    expect(parts.length).toBeGreaterThan(3);
    expect(streamed).toEqual(corpus);
    // Taken in the files' order, whatever the parts' (the record cache is written in this order).
    expect([...streamed.parses!.keys()]).toEqual([...corpus.parses!.keys()]);
    expect([...streamed.stamps!.keys()]).toEqual([...corpus.stamps!.keys()]);
  });

  it('says where its time went, apart from the corpus: the walk, and reading and parsing summed over the files', async () => {
    const timing = { discover: 0, read: 0, parse: 0 };
    const timed = await loadCorpus(root, { timing });
    expect(timed).toEqual(corpus);
    expect(timing.discover).toBeGreaterThan(0);
    expect(timing.read).toBeGreaterThan(0);
    expect(timing.parse).toBeGreaterThan(0);
    // Read through a reader, the outcomes carry each file's times.
    const again = { discover: 0, read: 0, parse: 0 };
    let perFile = { read: 0, parse: 0 };
    await loadCorpus(root, {
      timing: again,
      reader: async (files) => {
        const outcomes = await readFiles(files);
        perFile = { read: outcomes.reduce((n, o) => n + (o.readMs ?? 0), 0), parse: outcomes.reduce((n, o) => n + (o.parseMs ?? 0), 0) };
        return outcomes;
      },
    });
    expect(again.read).toBeCloseTo(perFile.read, 6);
    expect(again.parse).toBeCloseTo(perFile.parse, 6);
  });

  it('fails clearly when a reader answers for fewer files than it was given', async () => {
    await expect(loadCorpus(root, { reader: async (files) => (await readFiles(files)).slice(1) })).rejects.toThrow(/the reader answered/);
  });

  it('refuses an input folder that does not exist', async () => {
    await expect(loadCorpus(path.join(root, 'no-such-folder'))).rejects.toThrow(/cannot be read/);
  });
});

describe('loadPaths', () => {
  it('shows paths as given and reports a missing one', async () => {
    const c = await loadPaths(['seeds/', 'no/such/file.txt']);
    expect(c.articles.map((a) => a.source)).toEqual(['seeds/000_8ad7e02274d1145b.txt']);
    expect(c.diagnostics.map((d) => `${d.file} ${d.rule}`)).toEqual(['no/such/file.txt unreadable-file']);
    expect(c.rejected).toEqual(['no/such/file.txt']);
  });
});

describe('large input', () => {
  it('parses a single paragraph of 500 KB', async () => {
    const paragraph = `${'The delegates discussed trade, energy and climate (again) -- and agreed. '.repeat(7000)}End.`;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'news-archive-big-'));
    writeFileSync(path.join(dir, 'p.txt'), ` date 2024-01-02 A very long paragraph\n\nBEIJING, Jan. 2 (Xinhua) -- ${paragraph}\n`);
    const c = await loadCorpus(dir);
    rmSync(dir, { recursive: true });
    expect(paragraph.length).toBeGreaterThan(500_000);
    expect(c.diagnostics).toEqual([]);
    expect(c.articles[0]!.paragraphs).toEqual([paragraph]);
  });

  it('parses a 5 MB dispatch', async () => {
    const paragraphs = Array.from({ length: 20_000 }, (_, i) => `Paragraph ${i} of a very long report on the economy, with figures and quotes from officials.`);
    const text = ` date 2024-01-02 A very long dispatch\n\nBEIJING, Jan. 2 (Xinhua) -- ${paragraphs.join('\n\n')}\n\nEnditem\n`;
    const big = text + `\n\n${'Filler paragraph with more words to pass five megabytes. '.repeat(20)}`.repeat(3000);
    expect(big.length).toBeGreaterThan(5_000_000);
    expect(big.length).toBeLessThan(MAX_FILE_BYTES);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'news-archive-big-'));
    writeFileSync(path.join(dir, 'big.txt'), big);
    const c = await loadCorpus(dir);
    rmSync(dir, { recursive: true });
    expect(c.diagnostics).toEqual([]);
    const a = c.articles[0]!;
    expect(a.paragraphs).toHaveLength(20_000 + 3000);
    expect(a.paragraphs[0]).toBe(paragraphs[0]);
    expect(a.trailers).toEqual(['Enditem']);
  });
});
