/**
 * The record cache (`<output>.cache/records.bin`): a rebuild parses only the
 * files whose bytes or path changed and takes the rest from the cache, and
 * still writes the same site and the same report as a clean build. Every
 * build is the real CLI writing into a temporary folder.
 */
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, truncateSync, unlinkSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusDate, corpusPath, generateCorpus } from '../../src/bench/corpus.js';
import { generateDispatch } from '../../src/bench/dispatch.js';
import { differences, requireCompiled, runCli, tempDir, tree } from '../site/helpers.js';

const ARTICLES = 60;
const SEED = 'record-cache-tests';
const FIXTURES = fileURLToPath(new URL('../fixtures/parse', import.meta.url));

interface Report {
  status: string;
  warnings: number;
  errors: number;
  diagnostics: { file: string; severity: string; rule: string }[];
  records?: { parsed: number; cached: number };
  [field: string]: unknown;
}

function build(input: string, output: string, ...extra: string[]): { report: Report; text: string } {
  const result = runCli(['build', '--input', input, '--output', output, '--no-search', '--quiet', ...extra]);
  expect(result.status).toBe(0);
  const text = readFileSync(`${output}.report.json`, 'utf8');
  return { report: JSON.parse(text) as Report, text };
}

/** The report as text without what depends on the run: timings, cache counters, how the rebuild went and the output folder. */
function comparable(text: string): string {
  const { phases: _p, totalMs: _t, cache: _c, records: _r, edited: _e, output: _o, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return JSON.stringify(rest, null, 2);
}

/** Builds `input` with the cache at `output` and checks site and report against a clean build with the same options. */
function rebuildMatchesClean(input: string, output: string, ...extra: string[]): Report {
  const rebuilt = build(input, output, ...extra);
  const cleanOutput = path.join(tempDir('news-archive-clean-'), 'site');
  const clean = build(input, cleanOutput, '--no-cache', ...extra);
  expect(clean.report.records?.cached).toBe(0);
  expect(differences(tree(output), tree(cleanOutput))).toEqual([]);
  expect(comparable(rebuilt.text)).toBe(comparable(clean.text));
  return rebuilt.report;
}

let corpus = '';

beforeAll(async () => {
  requireCompiled();
  corpus = path.join(tempDir('news-archive-records-'), 'corpus');
  await generateCorpus(corpus, ARTICLES, SEED);
  // Beside the generated dispatches: a Markdown article, one with warnings and one rejected with an error.
  mkdirSync(path.join(corpus, 'extra'), { recursive: true });
  copyFileSync(path.join(FIXTURES, 'md-front-matter', 'input.md'), path.join(corpus, 'extra', 'front-matter.md'));
  copyFileSync(path.join(FIXTURES, 'junk-lines', 'input.txt'), path.join(corpus, 'extra', 'junk-lines.txt'));
  copyFileSync(path.join(FIXTURES, 'rule-missing-date-line', 'input.txt'), path.join(corpus, 'extra', 'no-date.txt'));
}, 120_000);

function wireFiles(input: string): string[] {
  return readdirSync(input, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.txt') && !f.startsWith('extra'))
    .sort();
}

describe('the record cache', () => {
  it('gives the same site and report as a clean build after a change, an addition and a deletion, parsing only what changed since the cache was written', () => {
    const input = path.join(tempDir(), 'input');
    cpSync(corpus, input, { recursive: true });
    const output = path.join(tempDir(), 'site');
    const total = ARTICLES + 3;

    const first = build(input, output).report;
    expect(first.records).toEqual({ parsed: total, cached: 0 });
    // The cached files' diagnostics are reported too: warnings and errors, as a clean build reports them.
    expect(first.diagnostics.some((d) => d.file === 'extra/junk-lines.txt' && d.severity === 'warning')).toBe(true);
    expect(first.diagnostics.some((d) => d.file === 'extra/no-date.txt' && d.severity === 'error')).toBe(true);

    // Nothing changed in the files, but the output was touched, so the build runs past its no-change shortcut.
    writeFileSync(path.join(output, 'stray.html'), 'not ours');
    const same = rebuildMatchesClean(input, output);
    expect(same.records).toEqual({ parsed: 0, cached: total });
    expect(same.warnings).toBeGreaterThan(0);

    // A few changes leave records.bin as it is (up to 16 stale or new entries here): each rebuild
    // parses what changed since the cache was last written, and no more.
    const records = path.join(`${output}.cache`, 'records.bin');
    const written = statSync(records).mtimeMs;
    const files = wireFiles(input);
    const changed = path.join(input, files[Math.floor(files.length / 2)]!);
    writeFileSync(changed, readFileSync(changed, 'utf8').replace(/(\(Xinhua\) -- [^\n]*\n)/, '$1\nA paragraph added in a correction.\n'));
    expect(rebuildMatchesClean(input, output).records).toEqual({ parsed: 1, cached: total - 1 });

    const date = corpusDate(ARTICLES - 1, ARTICLES);
    const added = generateDispatch(SEED, ARTICLES, date);
    const addedPath = path.join(input, corpusPath(date, added.fileName, 'nested'));
    mkdirSync(path.dirname(addedPath), { recursive: true });
    writeFileSync(addedPath, added.text);
    expect(rebuildMatchesClean(input, output).records).toEqual({ parsed: 2, cached: total - 1 });

    unlinkSync(path.join(input, files[3]!));
    expect(rebuildMatchesClean(input, output).records).toEqual({ parsed: 2, cached: total - 2 });

    // A file moved keeps its bytes but not its path, which is in every record and diagnostic: parsed again.
    cpSync(path.join(input, 'extra'), path.join(input, 'moved'), { recursive: true });
    for (const name of readdirSync(path.join(input, 'extra'))) unlinkSync(path.join(input, 'extra', name));
    expect(rebuildMatchesClean(input, output).records).toEqual({ parsed: 5, cached: total - 5 });
    expect(statSync(records).mtimeMs).toBe(written);

    // Once more changed than the cache may hold stale, it is written again, and the next rebuild parses nothing.
    for (const file of wireFiles(input).slice(0, 20)) writeFileSync(path.join(input, file), readFileSync(path.join(input, file), 'utf8').replace('--', '-- Corrected:'));
    expect(rebuildMatchesClean(input, output).records).toEqual({ parsed: 25, cached: total - 25 });
    expect(statSync(records).mtimeMs).not.toBe(written);
    writeFileSync(path.join(output, 'stray.html'), 'not ours');
    expect(rebuildMatchesClean(input, output).records).toEqual({ parsed: 0, cached: total });
  }, 300_000);

  it('ignores a truncated or corrupted cache file and parses everything, or, once a page reads it, only the file whose body is damaged', () => {
    const output = path.join(tempDir(), 'site');
    const records = path.join(`${output}.cache`, 'records.bin');
    build(corpus, output);
    const size = statSync(records).size;
    expect(size).toBeGreaterThan(100);

    writeFileSync(path.join(output, 'stray.html'), 'not ours');
    truncateSync(records, Math.floor(size / 2));
    expect(rebuildMatchesClean(corpus, output).records).toEqual({ parsed: ARTICLES + 3, cached: 0 });

    // One byte flipped in the meta section of a well-formed file (it follows the bodies; the header
    // gives its offset at byte 12): nothing in the cache is trusted.
    const bytes = readFileSync(records);
    const metaAt = Number(bytes.readBigUInt64LE(12));
    const inMeta = Math.floor((metaAt + bytes.length) / 2);
    bytes[inMeta] = bytes[inMeta]! ^ 0xff;
    writeFileSync(records, bytes);
    writeFileSync(path.join(output, 'stray.html'), 'not ours');
    expect(rebuildMatchesClean(corpus, output).records).toEqual({ parsed: ARTICLES + 3, cached: 0 });

    // One byte flipped in the middle of the bodies (a dispatch's): no build reads that body while
    // its article's page stands...
    const written = readFileSync(records);
    const inBodies = Math.floor(Number(written.readBigUInt64LE(12)) / 2);
    written[inBodies] = written[inBodies]! ^ 0xff;
    writeFileSync(records, written);
    writeFileSync(path.join(output, 'stray.html'), 'not ours');
    expect(rebuildMatchesClean(corpus, output).records).toEqual({ parsed: 0, cached: ARTICLES + 3 });
    // ...and when every page is rendered again (under another title), only that file is parsed again.
    expect(rebuildMatchesClean(corpus, output, '--title', 'Another Archive').records).toEqual({ parsed: 1, cached: ARTICLES + 2 });

    writeFileSync(records, 'not a cache');
    writeFileSync(path.join(output, 'stray.html'), 'not ours');
    expect(rebuildMatchesClean(corpus, output).records).toEqual({ parsed: ARTICLES + 3, cached: 0 });
  }, 300_000);

  it('--no-cache parses every file', () => {
    const output = path.join(tempDir(), 'site');
    build(corpus, output);
    expect(build(corpus, output, '--no-cache').report.records).toEqual({ parsed: ARTICLES + 3, cached: 0 });
  }, 120_000);
});
