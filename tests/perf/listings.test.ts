/**
 * A rebuild after a few files were added, changed or removed
 * (src/cache/listings.ts): the model is made from the previous build's
 * listings and the changed files, the days they stand or stood on placed
 * again, and only the records of the pages rendered again are read. Every
 * rebuild here writes the site and the report of a clean build. Each runs
 * with the record cache removed first, so that a build that loaded every
 * record would parse every file: the counts tell which way it went.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusPath } from '../../src/bench/corpus.js';
import { generateDispatch } from '../../src/bench/dispatch.js';
import type { BuildReport } from '../../src/commands/build.js';
import { MAX_FILE_BYTES } from '../../src/decode.js';
import { differences, dispatch, runCli, tempDir, tree } from '../site/helpers.js';
import { builtCopy, perfCorpus } from './helpers.js';

const ARTICLES = 80;
const SEED = 'listings-tests';
const FIXTURES = fileURLToPath(new URL('../fixtures/parse', import.meta.url));

let corpus = '';
let files: string[] = [];

beforeAll(async () => {
  ({ corpus, files } = await perfCorpus('news-archive-listings-', ARTICLES, SEED));
  // Beside the generated dispatches: a Markdown article, one with warnings and one rejected with an error.
  mkdirSync(path.join(corpus, 'extra'), { recursive: true });
  copyFileSync(path.join(FIXTURES, 'md-front-matter', 'input.md'), path.join(corpus, 'extra', 'front-matter.md'));
  copyFileSync(path.join(FIXTURES, 'junk-lines', 'input.txt'), path.join(corpus, 'extra', 'junk-lines.txt'));
  copyFileSync(path.join(FIXTURES, 'rule-missing-date-line', 'input.txt'), path.join(corpus, 'extra', 'no-date.txt'));
}, 120_000);

/** Builds without a search index (errors in the input allowed) and returns the report. */
function build(input: string, output: string, ...extra: string[]): BuildReport {
  const result = runCli(['build', '--input', input, '--output', output, '--no-search', '--quiet', ...extra]);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(readFileSync(`${output}.report.json`, 'utf8')) as BuildReport;
}

/** Rebuilds `output` without its record cache, expects the site and report of a clean build, and returns the report. */
function rebuild(input: string, output: string): BuildReport {
  rmSync(path.join(`${output}.cache`, 'records.bin'), { force: true });
  const report = build(input, output);
  const fresh = path.join(tempDir('news-archive-clean-'), 'site');
  const clean = build(input, fresh, '--no-cache');
  expect(differences(tree(output), tree(fresh))).toEqual([]);
  const { files: n, articles, pages, assets, warnings, errors, rendered, rejected, ignored, diagnostics } = clean;
  expect(report).toMatchObject({ files: n, articles, pages, assets, warnings, errors, rendered, rejected, ignored, diagnostics });
  // Every file's result was parsed or taken from before, once (a file too large to read has none).
  const unread = report.diagnostics.filter((d) => d.rule === 'file-too-large').length;
  expect(report.records!.parsed + report.records!.cached).toBe(report.files - unread);
  return report;
}

/** Whether a rebuild made its model from the listings: it parsed fewer files than it has (without a record cache, the whole way parses them all). */
function fromListings(report: BuildReport): boolean {
  return report.records!.parsed < report.files;
}

/** A copy of the corpus and an output built from it once. */
function site(): { input: string; output: string } {
  return builtCopy(corpus, build);
}

function write(input: string, rel: string, text: string): void {
  const file = path.join(input, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function change(input: string, rel: string, edit: (text: string) => string): void {
  write(input, rel, edit(readFileSync(path.join(input, rel), 'utf8')));
}

/** The date on a dispatch's first line. */
function dateOf(input: string, rel: string): string {
  return / date (\d{4}-\d{2}-\d{2}) /.exec(readFileSync(path.join(input, rel), 'utf8'))![1]!;
}

/** A new dispatch generated for `date`, written where the bench corpus files it; its path. */
function add(input: string, n: number, date: string): string {
  const made = generateDispatch(`${SEED}-added`, n, date);
  const rel = corpusPath(date, made.fileName, 'nested');
  write(input, rel, made.text);
  return rel;
}

describe('a rebuild from the listings', () => {
  it('adds, removes, moves and changes articles as a clean build does, placing only the days they touch', () => {
    const { input, output } = site();
    const last = dateOf(input, files[files.length - 1]!);

    // An article added on the newest day, and one on a day of its own.
    add(input, 1, last);
    let report = rebuild(input, output);
    expect(fromListings(report)).toBe(true);
    add(input, 2, '2025-03-01');
    expect(fromListings(rebuild(input, output))).toBe(true);

    // Removed, and moved to another path (its bytes the same: a new source).
    unlinkSync(path.join(input, files[10]!));
    renameSync(path.join(input, files[20]!), path.join(input, 'extra', 'moved.txt'));
    expect(fromListings(rebuild(input, output))).toBe(true);

    // A headline changed (a new URL and slug), a place changed (a new place page), a date changed (another day).
    change(input, files[30]!, (text) => text.replace(/^ date (\S+) .*$/m, ' date $1 A headline written again'));
    change(input, files[31]!, (text) => text.replace(/\n[A-ZÁ-Ú ]+, ([A-Z][a-z]+\.? \d+ \(Xinhua\))/, '\nNEW PLACE, $1'));
    change(input, files[40]!, (text) => text.replace(/^ date \S+/m, ' date 2024-12-31'));
    report = rebuild(input, output);
    expect(fromListings(report)).toBe(true);
    expect(report.rendered[files[30]!]).toMatch(/\/a-headline-written-again\/$/);

    // Two articles with the same date and headline but different text: both kept, the later by path under `-2`.
    const date = dateOf(input, files[50]!);
    write(input, 'extra/twin-a.txt', dispatch(date, 'Twin headline', 'LIMA', 'The first twin.'));
    write(input, 'extra/twin-b.txt', dispatch(date, 'Twin headline', 'LIMA', 'The second twin.'));
    report = rebuild(input, output);
    expect(fromListings(report)).toBe(true);
    expect(report.diagnostics.filter((d) => d.rule === 'duplicate-article')).toHaveLength(1);
    // The first removed: the second takes the plain slug.
    unlinkSync(path.join(input, 'extra/twin-a.txt'));
    report = rebuild(input, output);
    expect(fromListings(report)).toBe(true);
    expect(report.rendered['extra/twin-b.txt']).toMatch(/\/twin-headline\/$/);

    // Headlines and places not in ASCII (slugify loaded for them), a rejected file made an article and an article made a rejected one.
    write(input, 'extra/accented.txt', dispatch(last, 'Café in São Paulo reopens', 'SÃO PAULO', 'The café reopened.'));
    write(input, 'extra/no-date.txt', dispatch(last, 'Now with a date line', 'LIMA', 'Fixed.'));
    change(input, files[60]!, (text) => text.replace(/^ date \S+ /m, ' '));
    report = rebuild(input, output);
    expect(fromListings(report)).toBe(true);
    expect(report.rejected).toContain(files[60]);
    expect(report.rendered['extra/no-date.txt']).toBeDefined();

    // A file too large to read is rejected without a stamp: the next rebuild still goes by the listings.
    write(input, 'extra/too-large.txt', 'x'.repeat(MAX_FILE_BYTES + 1));
    expect(fromListings(rebuild(input, output))).toBe(true);
    add(input, 8, last);
    expect(fromListings(rebuild(input, output))).toBe(true);

    // The Markdown article changed, and nothing at all (the output touched, so the build goes past its shortcut).
    change(input, 'extra/front-matter.md', (text) => text.replace(/^title: .*$/m, 'title: A Markdown headline changed'));
    expect(fromListings(rebuild(input, output))).toBe(true);
    writeFileSync(path.join(output, 'stray.html'), 'not ours');
    report = rebuild(input, output);
    // Every result taken from before (the file too large to read has none).
    expect(report.records).toEqual({ parsed: 0, cached: report.files - 1 });
  }, 300_000);

  it('goes the whole way when the previous build dropped a copy, or its listings are missing or damaged', () => {
    const { input, output } = site();
    // An exact copy is dropped with an error (an article added beside it, so the site changes and its manifest
    // is written): the copy's date is not listed, so the next rebuild loads every record.
    cpSync(path.join(input, files[5]!), path.join(input, 'extra', 'copy.txt'));
    add(input, 3, '2025-05-01');
    expect(fromListings(rebuild(input, output))).toBe(true);
    add(input, 4, dateOf(input, files[5]!));
    let report = rebuild(input, output);
    expect(report.records!.parsed).toBe(report.files);
    unlinkSync(path.join(input, 'extra', 'copy.txt'));
    add(input, 7, '2025-05-02');
    expect(rebuild(input, output).records!.parsed).toBe(report.files);

    const listings = path.join(`${output}.cache`, 'listings');
    add(input, 4, '2025-04-01');
    unlinkSync(path.join(listings, 'index.json'));
    report = rebuild(input, output);
    expect(report.records!.parsed).toBe(report.files);
    add(input, 5, '2025-04-02');
    const slices = readdirSync(listings).filter((name) => name.endsWith('.bin'));
    expect(slices.length).toBeGreaterThan(0);
    for (const name of slices) {
      const bytes = readFileSync(path.join(listings, name));
      writeFileSync(path.join(listings, name), bytes.subarray(0, bytes.length >> 1));
    }
    expect(rebuild(input, output).records!.parsed).toBe(report.files + 1);
    // Written again whole: the next one goes by the listings.
    add(input, 6, '2025-04-03');
    expect(fromListings(rebuild(input, output))).toBe(true);
    // Slices damaged within, their lengths as the index says (the Markdown article's among them): the files of their
    // articles are parsed again as their listings are asked for, the Markdown reader loaded first.
    for (const name of readdirSync(listings).filter((n) => n.endsWith('.bin'))) {
      writeFileSync(path.join(listings, name), Buffer.alloc(readFileSync(path.join(listings, name)).length, 7));
    }
    add(input, 8, '2025-04-04');
    expect(rebuild(input, output).records!.parsed).toBeGreaterThan(1);
    add(input, 9, '2025-04-05');
    expect(fromListings(rebuild(input, output))).toBe(true);
  }, 300_000);

  it('takes the listings with a search index too, and the index is what a clean build writes', () => {
    const input = path.join(tempDir(), 'input');
    cpSync(corpus, input, { recursive: true });
    const output = path.join(tempDir(), 'site');
    const withSearch = (out: string): BuildReport => {
      const result = runCli(['build', '--input', input, '--output', out, '--quiet']);
      expect(result.status, result.stderr).toBe(0);
      return JSON.parse(readFileSync(`${out}.report.json`, 'utf8')) as BuildReport;
    };
    withSearch(output);
    add(input, 9, dateOf(input, files[files.length - 1]!));
    change(input, files[12]!, (text) => text.replace('(Xinhua) --', '(Xinhua) -- Corrected:'));
    // The first build over an output writes no record cache: what the rebuild knows of the other articles is in the listings.
    expect(existsSync(path.join(`${output}.cache`, 'records.bin'))).toBe(false);
    const report = withSearch(output);
    expect(fromListings(report)).toBe(true);
    // A first build into a new folder (with the cache, whose record keys name the index's shards, as this one's do).
    const fresh = path.join(tempDir('news-archive-clean-'), 'site');
    withSearch(fresh);
    expect(differences(tree(output), tree(fresh))).toEqual([]);
  }, 300_000);

  it('takes rounds of random changes (added, removed, retitled, moved to another day or place, corrected) as a clean build does', () => {
    const { input, output } = site();
    // mulberry32: a seeded generator, so a failure can be run again.
    let state = 7;
    const random = (n: number): number => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return (((t ^ (t >>> 14)) >>> 0) % n);
    };
    for (let round = 0; round < 5; round++) {
      for (let k = 0; k < 15; k++) {
        const rel = files[random(files.length)]!;
        try {
          switch (random(6)) {
            case 0:
              unlinkSync(path.join(input, rel));
              break;
            case 1:
              change(input, rel, (text) => text.replace(/^ date (\S+) (.*)$/m, ` date $1 $2 update ${round}`));
              break;
            case 2:
              change(input, rel, (text) => text.replace('(Xinhua) --', '(Xinhua) -- Corrected:'));
              break;
            case 3:
              change(input, rel, (text) => text.replace(/^ date \S+/m, ` date ${dateOf(input, files[random(files.length)]!)}`));
              break;
            case 4:
              change(input, rel, (text) => text.replace(/\n[A-ZÁ-Ú ]+, ([A-Z][a-z]+\.? \d+ \(Xinhua\))/, `\nPLACE ${random(3)}, $1`));
              break;
            default:
              add(input, 100 + round * 20 + k, dateOf(input, rel));
          }
        } catch {
          // Removed earlier.
        }
      }
      expect(fromListings(rebuild(input, output))).toBe(true);
    }
  }, 300_000);
});
