/**
 * The record cache (`<output>.cache/records.bin`): a rebuild parses the
 * files whose bytes or path changed, and the wire files whose pages it
 * renders again (the cache keeps no wire body), takes the rest from the
 * cache, and still writes the same site and the same report as a clean
 * build. Every build is the real CLI writing into a temporary folder.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusDate, corpusPath, generateCorpus } from '../../src/bench/corpus.js';
import { generateDispatch } from '../../src/bench/dispatch.js';
import { differences, requireCompiled, runCli, tempDir, tree } from '../site/helpers.js';
import { comparableReport } from './helpers.js';

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

/** Builds `input` with the cache at `output` and checks site and report against a clean build with the same options. */
function rebuildMatchesClean(input: string, output: string, ...extra: string[]): Report {
  // With the previous build's listings, a rebuild would read no record of an article it does not render
  // (tests/perf/listings.test.ts): they go, so that the record cache is what these rebuilds read.
  rmSync(path.join(`${output}.cache`, 'listings'), { recursive: true, force: true });
  const rebuilt = build(input, output, ...extra);
  const cleanOutput = path.join(tempDir('news-archive-clean-'), 'site');
  const clean = build(input, cleanOutput, '--no-cache', ...extra);
  expect(clean.report.records?.cached).toBe(0);
  expect(differences(tree(output), tree(cleanOutput))).toEqual([]);
  expect(comparableReport(rebuilt.text)).toBe(comparableReport(clean.text));
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

/**
 * The wire files whose article pages a rebuild wrote anew (new bytes, or a
 * new page): their bodies, which the cache does not keep, were parsed again.
 */
function wireRendered(before: Map<string, Buffer>, output: string, report: Report): string[] {
  const after = tree(output);
  const written = new Set(differences(after, before).filter((file) => after.has(file)));
  const rendered = report.rendered as Record<string, string>;
  return Object.keys(rendered).filter((source) => source.endsWith('.txt') && written.has(`${rendered[source]!.slice(1)}index.html`));
}

/** A rebuild's parse counts: the files changed since the cache was written, and the wire files whose pages it rendered again. */
function expectParsed(report: Report, before: Map<string, Buffer>, output: string, changed: readonly string[]): void {
  const parsed = new Set([...changed, ...wireRendered(before, output, report)]);
  expect(report.records).toEqual({ parsed: parsed.size, cached: (report.files as number) - parsed.size });
}

function wireFiles(input: string): string[] {
  return readdirSync(input, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.txt') && !f.startsWith('extra'))
    .sort();
}

describe('the record cache', () => {
  it('gives the same site and report as a clean build after a change, an addition and a deletion, parsing what changed since the cache was written and the pages rendered again', () => {
    const input = path.join(tempDir(), 'input');
    cpSync(corpus, input, { recursive: true });
    const output = path.join(tempDir(), 'site');
    const total = ARTICLES + 3;

    const first = build(input, output).report;
    expect(first.records).toEqual({ parsed: total, cached: 0 });
    // The cached files' diagnostics are reported too: warnings and errors, as a clean build reports them.
    expect(first.diagnostics.some((d) => d.file === 'extra/junk-lines.txt' && d.severity === 'warning')).toBe(true);
    expect(first.diagnostics.some((d) => d.file === 'extra/no-date.txt' && d.severity === 'error')).toBe(true);

    // The first build over an output writes no record cache: the rebuilds after it take their model from its listings.
    const records = path.join(`${output}.cache`, 'records.bin');
    expect(existsSync(records)).toBe(false);

    // Nothing changed in the files, but the output was touched, so the build runs past its no-change shortcut.
    // Without the listings (rebuildMatchesClean) it goes the whole way: the first such build parses every file and writes the cache...
    writeFileSync(path.join(output, 'stray.html'), 'not ours');
    expect(rebuildMatchesClean(input, output).records).toEqual({ parsed: total, cached: 0 });
    expect(existsSync(records)).toBe(true);
    // ...which the next one reads.
    writeFileSync(path.join(output, 'stray.html'), 'not ours');
    const same = rebuildMatchesClean(input, output);
    expect(same.records).toEqual({ parsed: 0, cached: total });
    expect(same.warnings).toBeGreaterThan(0);

    // A few changes leave records.bin as it is (up to 16 stale or new entries here): each rebuild
    // parses what changed since the cache was last written, and the files whose pages it renders again.
    const written = statSync(records).mtimeMs;
    const files = wireFiles(input);
    const changedFile = files[Math.floor(files.length / 2)]!;
    const changed = path.join(input, changedFile);
    writeFileSync(changed, readFileSync(changed, 'utf8').replace(/(\(Xinhua\) -- [^\n]*\n)/, '$1\nA paragraph added in a correction.\n'));
    let before = tree(output);
    let rebuilt = rebuildMatchesClean(input, output);
    expect(rebuilt.records).toEqual({ parsed: 1, cached: total - 1 });
    expectParsed(rebuilt, before, output, [changedFile]);

    const date = corpusDate(ARTICLES - 1, ARTICLES);
    const added = generateDispatch(SEED, ARTICLES, date);
    const addedFile = corpusPath(date, added.fileName, 'nested');
    const addedPath = path.join(input, addedFile);
    mkdirSync(path.dirname(addedPath), { recursive: true });
    writeFileSync(addedPath, added.text);
    before = tree(output);
    rebuilt = rebuildMatchesClean(input, output);
    // The article before the new one links to it: its page renders again, its file is parsed.
    expect(wireRendered(before, output, rebuilt).length).toBeGreaterThan(1);
    expectParsed(rebuilt, before, output, [changedFile, addedFile]);

    unlinkSync(path.join(input, files[3]!));
    before = tree(output);
    rebuilt = rebuildMatchesClean(input, output);
    expectParsed(rebuilt, before, output, [changedFile, addedFile]);

    // A file moved keeps its bytes but not its path, which is in every record and diagnostic: parsed again.
    cpSync(path.join(input, 'extra'), path.join(input, 'moved'), { recursive: true });
    for (const name of readdirSync(path.join(input, 'extra'))) unlinkSync(path.join(input, 'extra', name));
    before = tree(output);
    rebuilt = rebuildMatchesClean(input, output);
    expectParsed(rebuilt, before, output, [changedFile, addedFile, ...readdirSync(path.join(input, 'moved')).map((name) => `moved/${name}`)]);
    expect(rebuilt.records!.parsed).toBeLessThan(total / 4);
    expect(statSync(records).mtimeMs).toBe(written);

    // Once more changed than the cache may hold stale, it is written again, and the next rebuild parses nothing.
    const corrected = wireFiles(input).slice(0, 20);
    for (const file of corrected) writeFileSync(path.join(input, file), readFileSync(path.join(input, file), 'utf8').replace('--', '-- Corrected:'));
    before = tree(output);
    rebuilt = rebuildMatchesClean(input, output);
    expectParsed(rebuilt, before, output, [changedFile, addedFile, ...readdirSync(path.join(input, 'moved')).map((name) => `moved/${name}`), ...corrected]);
    expect(statSync(records).mtimeMs).not.toBe(written);
    writeFileSync(path.join(output, 'stray.html'), 'not ours');
    expect(rebuildMatchesClean(input, output).records).toEqual({ parsed: 0, cached: total });
  }, 300_000);

  it('ignores a truncated or corrupted cache file and parses everything, or only the file whose body is damaged', () => {
    const output = path.join(tempDir(), 'site');
    const records = path.join(`${output}.cache`, 'records.bin');
    build(corpus, output);
    // The first build over the output writes no record cache; the first rebuild that goes the whole way does.
    writeFileSync(path.join(output, 'stray.html'), 'not ours');
    expect(rebuildMatchesClean(corpus, output).records).toEqual({ parsed: ARTICLES + 3, cached: 0 });
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

    // One byte flipped in the middle of the bodies, which are the Markdown article's alone (a wire
    // article's is not kept): that entry is left out, and its file parsed again...
    const written = readFileSync(records);
    // The bodies stand between the 32-byte header and the meta section.
    const inBodies = Math.floor((32 + Number(written.readBigUInt64LE(12))) / 2);
    written[inBodies] = written[inBodies]! ^ 0xff;
    writeFileSync(records, written);
    writeFileSync(path.join(output, 'stray.html'), 'not ours');
    expect(rebuildMatchesClean(corpus, output).records).toEqual({ parsed: 1, cached: ARTICLES + 2 });
    // ...and when every page is rendered again (under another title), every wire article's file is
    // parsed again too (ARTICLES generated, one with junk lines); the rejected file's result stands.
    expect(rebuildMatchesClean(corpus, output, '--title', 'Another Archive').records).toEqual({ parsed: ARTICLES + 2, cached: 1 });

    writeFileSync(records, 'not a cache');
    writeFileSync(path.join(output, 'stray.html'), 'not ours');
    expect(rebuildMatchesClean(corpus, output).records).toEqual({ parsed: ARTICLES + 3, cached: 0 });
  }, 300_000);

  it('parses the files of many cached articles whose pages render again in the render threads, and writes what a clean build writes', async () => {
    // More than 200 pages of cached wire articles to render again (a new title): their files go to the render threads.
    const input = path.join(tempDir('news-archive-records-many-'), 'corpus');
    await generateCorpus(input, 240, SEED);
    const output = path.join(tempDir(), 'site');
    build(input, output);
    const retitled = rebuildMatchesClean(input, output, '--title', 'Another Archive');
    expect(retitled.records).toEqual({ parsed: 240, cached: 0 });
    // Under the same title again (the output touched, so the build goes past its no-change check), nothing renders or is parsed.
    writeFileSync(path.join(output, 'stray.html'), 'not ours');
    expect(rebuildMatchesClean(input, output, '--title', 'Another Archive').records).toEqual({ parsed: 0, cached: 240 });
  }, 300_000);

  it('--no-cache parses every file', () => {
    const output = path.join(tempDir(), 'site');
    build(corpus, output);
    expect(build(corpus, output, '--no-cache').report.records).toEqual({ parsed: ARTICLES + 3, cached: 0 });
  }, 120_000);
});
