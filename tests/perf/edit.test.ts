/**
 * A rebuild after edits no other page shows (src/cache/edit.ts): the edited
 * articles' pages are rendered from the previous build's shells and the new
 * records, without loading the corpus, and the site and the report are what
 * a clean build gives. Every build is the real CLI into a temporary folder.
 */
import { cpSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readInputStamps } from '../../src/cache/inputs.js';
import { sha1 } from '../../src/cache/keys.js';
import type { BuildReport } from '../../src/commands/build.js';
import { differences, listFiles, runCli, tempDir, tree } from '../site/helpers.js';
import { build, builtCopy, perfCorpus } from './helpers.js';

const ARTICLES = 60;

let corpus = '';
let files: string[] = [];

beforeAll(async () => {
  ({ corpus, files } = await perfCorpus('news-archive-edit-', ARTICLES, 'edit-tests'));
}, 120_000);

/** A copy of the corpus and an output built from it once. */
function site(): { input: string; output: string } {
  return builtCopy(corpus);
}

/** Changes the file `rel` of `input` with `edit`. */
function change(input: string, rel: string, edit: (text: string) => string): void {
  const file = path.join(input, rel);
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
}

/** A paragraph added after the dateline paragraph: the lead, headline, date and place stay. */
const correction = (text: string): string => text.replace(/(\(Xinhua\) -- [^\n]*\n)/, '$1\nA paragraph added in a correction.\n');

/** Expects the output and the report of `output` to be those of a clean build of `input`. */
function expectClean(input: string, output: string, report: BuildReport): void {
  const fresh = path.join(tempDir('news-archive-clean-'), 'site');
  const cleanReport = build(input, fresh);
  expect(differences(tree(output), tree(fresh))).toEqual([]);
  const { files: n, articles, pages, assets, warnings, errors, rendered, rejected, ignored, diagnostics } = cleanReport;
  expect(report).toMatchObject({ files: n, articles, pages, assets, warnings, errors, rendered, rejected, ignored, diagnostics });
}

describe('a rebuild after edits no other page shows', () => {
  it('renders the edited pages alone without loading the corpus, and writes the site and report of a clean build', () => {
    const { input, output } = site();
    change(input, files[7]!, correction);
    change(input, files[30]!, correction);
    const report = build(input, output);
    expect(report.edited).toBe(2);
    expect(report.records).toEqual({ parsed: 2, cached: report.files - 2 });
    expect(report.cache).toEqual({ rendered: 2, reused: report.pages - 2, unchanged: 0 });
    expectClean(input, output, report);
    // The input stamps name the edited files' new bytes, so the next build trusts them rather than reading them.
    // (beside the others, as recent stamps: the others were trusted, not read).
    const stamps = readInputStamps(output)!;
    for (const rel of [files[7]!, files[30]!]) {
      expect(stamps.files.get(rel)?.digest, rel).toBe(sha1(readFileSync(path.join(input, rel))));
    }

    // The next build finds nothing changed; a second edit of the same article goes the same way.
    expect(build(input, output).cache).toEqual({ rendered: 0, reused: report.pages, unchanged: 0 });
    change(input, files[7]!, (text) => `${text.trimEnd()}\n\nA closing paragraph added later.\n`);
    const again = build(input, output);
    expect(again.edited).toBe(1);
    expectClean(input, output, again);

    // With one job the page renders on the build's own thread, to the same bytes.
    change(input, files[30]!, (text) => `${text.trimEnd()}\n\nA note added by the desk.\n`);
    const alone = build(input, output, '--jobs', '1');
    expect(alone.edited).toBe(1);
    expectClean(input, output, alone);
  }, 120_000);

  it('renders from the shells a rebuild after an added article kept for the months it left out of its model', () => {
    const { input, output } = site();
    // A dispatch added on the newest day: the rebuild makes the pages of its month and those near it, and keeps the
    // other months' files and shells as they were (ArchiveOmission), the shells of a slice it writes again among them.
    const newest = files[files.length - 1]!;
    writeFileSync(path.join(input, newest.replace(/\.txt$/, '-added.txt')), readFileSync(path.join(input, newest), 'utf8').replace(/^( date \d{4}-\d{2}-\d{2} )/, '$1Added: '));
    const added = build(input, output);
    expect(added.articles).toBe(ARTICLES + 1);
    expect(added.cache!.rendered).toBeLessThan(20);
    expectClean(input, output, added);
    const index = JSON.parse(readFileSync(path.join(`${output}.cache`, 'shells', 'index.json'), 'utf8')) as { slices: { sources: string[] }[] };
    expect(index.slices.flatMap((slice) => slice.sources).sort()).toEqual(Object.keys(added.rendered).sort());

    // Edits of the oldest article and of one in the middle, in months the rebuild left out: rendered from those shells.
    change(input, files[0]!, correction);
    change(input, files[30]!, correction);
    const edited = build(input, output);
    expect(edited.edited).toBe(2);
    expectClean(input, output, edited);
  }, 120_000);

  it('reports the diagnostics an edit brings and takes away, as a clean build does', () => {
    const { input, output } = site();
    // A byte that is not UTF-8, in a paragraph after the lead: a warning, and the same listing.
    const file = path.join(input, files[12]!);
    const text = readFileSync(file, 'latin1');
    const at = text.indexOf('\n', text.indexOf('(Xinhua) -- ')) + 1;
    writeFileSync(file, Buffer.concat([Buffer.from(text.slice(0, at), 'latin1'), Buffer.from('\nCaf\xe9 owners said so.\n', 'latin1'), Buffer.from(text.slice(at), 'latin1')]));
    const warned = build(input, output);
    expect(warned.edited).toBe(1);
    expect(warned.warnings).toBe(1);
    expect(warned.diagnostics.map((d) => [d.file, d.rule])).toEqual([[files[12], 'not-utf8']]);
    expectClean(input, output, warned);

    writeFileSync(file, text, 'latin1');
    const cleared = build(input, output);
    expect(cleared.edited).toBe(1);
    expect(cleared.warnings).toBe(0);
    expectClean(input, output, cleared);
  }, 120_000);

  it('builds the whole way when an edit changes what other pages show, or anything but articles changed', () => {
    const { input, output } = site();
    // A new headline: the neighbours, the day, the month, the place and the feeds show it.
    change(input, files[20]!, (text) => text.replace(/^( date \d{4}-\d{2}-\d{2} )/, '$1Corrected: '));
    const retitled = build(input, output);
    expect(retitled.edited).toBeUndefined();
    expect(retitled.cache!.rendered).toBeGreaterThan(4);
    expectClean(input, output, retitled);

    // An edit together with a file of another kind, which the build lists as ignored.
    change(input, files[21]!, correction);
    writeFileSync(path.join(input, 'notes.pdf'), 'not a dispatch\n');
    const withNew = build(input, output);
    expect(withNew.edited).toBeUndefined();
    expect(withNew.ignored).toEqual(['notes.pdf']);
    expectClean(input, output, withNew);
  }, 120_000);

  it('builds the whole way when the shells are damaged or gone, or a page was removed from the output by hand', () => {
    const { input, output } = site();
    const shells = path.join(`${output}.cache`, 'shells');
    truncateSync(path.join(shells, 'index.json'), 100);
    change(input, files[3]!, correction);
    const damaged = build(input, output);
    expect(damaged.edited).toBeUndefined();
    expect(damaged.cache!.rendered).toBe(1);
    expectClean(input, output, damaged);

    rmSync(shells, { recursive: true });
    change(input, files[4]!, correction);
    const gone = build(input, output);
    expect(gone.edited).toBeUndefined();
    expectClean(input, output, gone);

    // The build that found the model unchanged wrote no shells; the next one whose model changes writes them again.
    change(input, files[5]!, (text) => text.replace(/^( date \d{4}-\d{2}-\d{2} )/, '$1Corrected: '));
    build(input, output);
    change(input, files[6]!, correction);
    expect(build(input, output).edited).toBe(1);

    const page = listFiles(output).find((f) => /^\d{4}\/\d{2}\/\d{2}\/[^/]+\/index\.html$/.test(f))!;
    rmSync(path.join(output, page));
    change(input, files[8]!, correction);
    const removed = build(input, output);
    expect(removed.edited).toBeUndefined();
    expectClean(input, output, removed);
  }, 120_000);

  it('builds the whole way when the edited article shares its date and headline with another', () => {
    const input = path.join(tempDir(), 'input');
    cpSync(corpus, input, { recursive: true });
    // A second file with the first one's date and headline and other text: both are kept, with a warning.
    const twin = files[9]!.replace(/\.txt$/, '-b.txt');
    writeFileSync(path.join(input, twin), correction(readFileSync(path.join(input, files[9]!), 'utf8')));
    const output = path.join(tempDir(), 'site');
    expect(build(input, output).warnings).toBe(1);
    // Edited to the first one's text, it is a copy, and the later of the two by path is dropped, with an error.
    writeFileSync(path.join(input, twin), readFileSync(path.join(input, files[9]!), 'utf8'));
    const result = runCli(['build', '--input', input, '--output', output, '--no-search', '--quiet']);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('duplicate-article');
    const copied = JSON.parse(readFileSync(`${output}.report.json`, 'utf8')) as BuildReport;
    expect(copied.edited).toBeUndefined();
    expect(copied.rejected).toEqual([[twin, files[9]!].sort()[1]]);
    const fresh = path.join(tempDir('news-archive-clean-'), 'site');
    expect(runCli(['build', '--input', input, '--output', fresh, '--no-search', '--quiet']).status).toBe(0);
    expect(differences(tree(output), tree(fresh))).toEqual([]);
  }, 120_000);
});
