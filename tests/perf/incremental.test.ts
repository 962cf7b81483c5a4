/**
 * Incremental, parallel and partitioned builds give the same site as a
 * clean build. Every build here is the real CLI writing into a temporary
 * folder; the cache lives beside the output (`<output>.cache/`), so it
 * persists from one run of the CLI to the next exactly as it does for users.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { deserialize } from 'node:v8';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusDate, corpusPath } from '../../src/bench/corpus.js';
import { generateDispatch } from '../../src/bench/dispatch.js';
import { differences, dispatch, listFiles, runCli, tempDir, tree } from '../site/helpers.js';
import { build, perfCorpus } from './helpers.js';
import type { BuildReport } from '../../src/commands/build.js';
import { readInputStamps, RECENT_STAMPS } from '../../src/cache/inputs.js';

const ARTICLES = 160;
const SEED = 'perf-tests';

/** A clean build of `input` in a fresh folder (no cache), returned as a tree. */
function clean(input: string, ...extra: string[]): Map<string, Buffer> {
  const output = path.join(tempDir('news-archive-clean-'), 'site');
  const report = build(input, output, ...extra);
  expect(report.cache?.reused).toBe(0);
  return tree(output);
}

let corpus = '';
let files: string[] = [];

beforeAll(async () => {
  ({ corpus, files } = await perfCorpus('news-archive-perf-', ARTICLES, SEED));
}, 120_000);

describe('rebuilding with the cache of the previous build', () => {
  it('after changing most articles (over 200 pages to render: a rebuild then starts its other threads), writes what a clean build writes', () => {
    const input = path.join(tempDir(), 'input');
    cpSync(corpus, input, { recursive: true });
    const output = path.join(tempDir(), 'site');
    build(input, output);
    // A new first sentence changes each article's lead, so its page and every list showing it: over 200 pages.
    for (const file of files) {
      const abs = path.join(input, file);
      writeFileSync(abs, readFileSync(abs, 'utf8').replace('(Xinhua) -- ', '(Xinhua) -- Corrected. '));
    }
    const report = build(input, output, '--jobs', '2');
    expect(report.cache!.rendered).toBeGreaterThan(200);
    expect(differences(tree(output), clean(input))).toEqual([]);
  }, 300_000);

  it('after a new day of 220 dispatches (over 200 files to read: its own thread reads and renders beside the other), writes what a clean build writes', () => {
    const input = path.join(tempDir(), 'input');
    cpSync(corpus, input, { recursive: true });
    const output = path.join(tempDir(), 'site');
    build(input, output);
    const day = '2031-05-06';
    for (let i = 0; i < 220; i++) {
      const added = generateDispatch(SEED, ARTICLES + 100 + i, day);
      const addedPath = path.join(input, corpusPath(day, added.fileName, 'nested'));
      mkdirSync(path.dirname(addedPath), { recursive: true });
      writeFileSync(addedPath, added.text);
    }
    const report = build(input, output, '--jobs', '2');
    expect(report.records!.parsed).toBeGreaterThanOrEqual(220);
    expect(report.cache!.rendered).toBeGreaterThan(220);
    expect(differences(tree(output), clean(input))).toEqual([]);
  }, 300_000);

  it('a rebuild that finds nothing changed records the stamps of the files it had to read again: a few beside the rest, more with the rest', () => {
    const input = path.join(tempDir(), 'input');
    cpSync(corpus, input, { recursive: true });
    // Built at once after the copy: the files' times are before the build took its stamps, by the clock of the file
    // system they are on, so every stamp can be trusted and the rebuild below reads none of them.
    const output = path.join(tempDir(), 'site');
    build(input, output);
    const stampsFile = path.join(`${output}.cache`, 'inputs.bin');
    const recentFile = path.join(`${output}.cache`, 'inputs-recent.bin');
    const stamps = (): { since: number; paths: string[]; numbers: Float64Array } => deserialize(readFileSync(stampsFile));
    const first = stamps();
    expect(build(input, output).cache?.rendered).toBe(0);
    expect(stamps()).toEqual(first);
    expect(existsSync(recentFile)).toBe(false);
    const touch = (touched: readonly string[]): void => {
      const now = new Date();
      for (const file of touched) utimesSync(path.join(input, file), now, now);
    };
    const mtime = (file: string): number => statSync(path.join(input, file)).mtimeMs;
    // One file touched, not changed: read again to learn that; its new stamp goes beside the others, which stay as they were.
    touch([files[3]!]);
    expect(build(input, output).cache?.rendered).toBe(0);
    expect(stamps()).toEqual(first);
    expect(readInputStamps(output)!.files.get(files[3]!)?.mtimeMs).toBe(mtime(files[3]!));
    // Seventeen touched (more than RECENT_STAMPS): every stamp written again, the recent ones gone.
    const touched = files.slice(3, 20);
    expect(touched).toHaveLength(RECENT_STAMPS + 1);
    touch(touched);
    expect(build(input, output).cache?.rendered).toBe(0);
    const after = stamps();
    expect(after.since).toBeGreaterThan(first.since);
    for (const file of touched) expect(after.numbers[after.paths.indexOf(file) * 4 + 1]).toBe(mtime(file));
    expect(existsSync(recentFile)).toBe(false);
  }, 120_000);

  it('gives the same site as a clean build after no change, one changed, one added and one deleted article', () => {
    const input = path.join(tempDir(), 'input');
    cpSync(corpus, input, { recursive: true });
    const output = path.join(tempDir(), 'site');

    const first = build(input, output);
    expect(first.cache).toEqual({ rendered: first.pages, reused: 0, unchanged: 0 });
    expect(existsSync(path.join(`${output}.cache`, 'manifest.json'))).toBe(true);
    const original = tree(output);

    // Nothing changed: nothing is rendered, and the output is what a clean build writes.
    const same = build(input, output);
    expect(same.cache).toEqual({ rendered: 0, reused: first.pages, unchanged: 0 });
    expect(differences(tree(output), original)).toEqual([]);

    // One article changed: a paragraph added to its body.
    const changed = path.join(input, files[Math.floor(files.length / 2)]!);
    writeFileSync(changed, readFileSync(changed, 'utf8').replace(/(\(Xinhua\) -- [^\n]*\n)/, '$1\nA paragraph added in a correction.\n'));
    const afterChange = build(input, output);
    expect(afterChange.cache!.rendered).toBeGreaterThan(0);
    expect(afterChange.cache!.rendered).toBeLessThan(afterChange.pages / 4);
    const changedTree = tree(output);
    expect(differences(changedTree, original).length).toBeGreaterThan(0);
    expect(differences(changedTree, clean(input))).toEqual([]);

    // One article added on the newest day.
    const date = corpusDate(ARTICLES - 1, ARTICLES);
    const added = generateDispatch(SEED, ARTICLES, date);
    const addedPath = path.join(input, corpusPath(date, added.fileName, 'nested'));
    mkdirSync(path.dirname(addedPath), { recursive: true });
    writeFileSync(addedPath, added.text);
    const afterAdd = build(input, output);
    expect(afterAdd.pages).toBeGreaterThan(afterChange.pages);
    expect(afterAdd.cache!.rendered).toBeLessThan(afterAdd.pages / 4);
    expect(differences(tree(output), clean(input))).toEqual([]);

    // An article far from the added one given a new headline, which its neighbours' pages show: the shells of their
    // slice, whose articles are the same, are encoded again, not copied. Then the neighbours corrected: an edit, their
    // pages rendered from those shells.
    const retitled = path.join(input, files[10]!);
    writeFileSync(retitled, readFileSync(retitled, 'utf8').replace(/^( date \S+ )/, '$1Retitled: '));
    build(input, output);
    expect(differences(tree(output), clean(input))).toEqual([]);
    for (const neighbour of [files[9]!, files[11]!]) {
      const file = path.join(input, neighbour);
      writeFileSync(file, readFileSync(file, 'utf8').replace(/(\(Xinhua\) -- [^\n]*\n)/, '$1\nA second correction.\n'));
    }
    const afterEdit = build(input, output);
    expect(afterEdit.edited).toBe(2);
    expect(differences(tree(output), clean(input))).toEqual([]);

    // One article deleted: its page goes, and its neighbours' links with it.
    unlinkSync(path.join(input, files[3]!));
    const afterDelete = build(input, output);
    expect(afterDelete.pages).toBeLessThan(afterAdd.pages);
    expect(afterDelete.cache!.rendered).toBeLessThan(afterDelete.pages / 4);
    expect(differences(tree(output), clean(input))).toEqual([]);
  }, 300_000);

  it('keeps the first numbered pages of a place whose newer articles changed, and gives the site of a clean build as its pages come and go', () => {
    // One place of 205 articles (four numbered pages of 50 and its own page), one a day, and another of a few.
    const input = path.join(tempDir(), 'input');
    mkdirSync(input);
    const day = (i: number): string => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
    const write = (name: string, date: string, headline: string, place: string): void =>
      writeFileSync(path.join(input, `${name}.txt`), dispatch(date, headline, place, `${headline} was reported.`));
    for (let i = 0; i < 205; i++) write(`m${String(i).padStart(3, '0')}`, day(i), `Moscow story ${i}`, 'MOSCOW');
    for (let i = 0; i < 12; i++) write(`b${i}`, day(i * 17), `Beijing story ${i}`, 'BEIJING');
    const output = path.join(tempDir(), 'site');
    build(input, output);
    const page = (n: number): string => `places/moscow/page/${n}/index.html`;
    expect(existsSync(path.join(output, page(4)))).toBe(true);
    expect(existsSync(path.join(output, page(5)))).toBe(false);
    const inode = (rel: string): number => statSync(path.join(output, rel)).ino;
    const steps: [string, () => void][] = [
      // The place's newest article: its first three pages stand as they were (the fourth links to the newest run).
      ['one added on the last day', () => write('m205', day(204), 'Moscow story 205', 'MOSCOW')],
      // Enough for a fifth numbered page, which the fourth now links to.
      ['44 more', () => Array.from({ length: 44 }, (_, k) => write(`n${k}`, day(204), `Moscow late story ${k}`, 'MOSCOW'))],
      ['one deleted from the third page', () => unlinkSync(path.join(input, 'm120.txt'))],
      ['one added near the first', () => write('early', day(10), 'Moscow early story', 'MOSCOW')],
      ['one of the second page retitled', () => write('m070', day(70), 'Moscow story retitled', 'MOSCOW')],
      ['one of the fourth page moved to the other place', () => write('m180', day(180), 'Moscow story 180', 'BEIJING')],
      ['one deleted, so that the fifth page goes', () => unlinkSync(path.join(input, 'n0.txt'))],
    ];
    for (const [what, change] of steps) {
      const before = inode(page(1));
      change();
      build(input, output);
      expect({ what, differences: differences(tree(output), clean(input)) }).toEqual({ what, differences: [] });
      // Pages left as they were keep their files.
      if (what === 'one added on the last day') expect(inode(page(1))).toBe(before);
    }
    expect(existsSync(path.join(output, page(5)))).toBe(false);
  }, 300_000);

  it('places again only the days a change touched, and gives the site and report of a clean build as duplicates and slugs shift', () => {
    const input = path.join(tempDir(), 'input');
    const write = (file: string, text: string): void => writeFileSync(path.join(input, file), text);
    mkdirSync(input, { recursive: true });
    // Days of their own for an exact copy (an error), a same-headline article with other text (a warning) and two
    // headlines asking for one slug; other days around them.
    write('a.txt', dispatch('2024-03-08', 'Talks open', 'CAIRO', 'Talks opened.'));
    write('b.txt', dispatch('2024-03-08', 'Talks open', 'CAIRO', 'Talks opened.'));
    write('c.txt', dispatch('2024-03-07', 'Talks open', 'CAIRO', 'Talks opened.'));
    write('c2.txt', dispatch('2024-03-07', 'Talks open', 'CAIRO', 'Other words.'));
    write('d.txt', dispatch('2024-03-05', 'Rain and sun', 'MOSCOW', 'Weather.'));
    write('e.txt', dispatch('2024-03-05', 'Rain & sun', 'MOSCOW', 'More weather.'));
    write('f.txt', dispatch('2024-03-04', 'Rain and sun', 'MOSCOW', 'The day before.'));
    write('g.txt', dispatch('2024-03-06', 'Markets', 'BEIJING', 'Markets rose.'));
    const output = path.join(tempDir(), 'site');
    const buildHere = (dir: string, out: string): BuildReport => {
      const result = runCli(['build', '--input', dir, '--output', out, '--no-search', '--quiet']);
      expect(result.status).toBe(0);
      return JSON.parse(readFileSync(`${out}.report.json`, 'utf8')) as BuildReport;
    };
    const same = (): void => {
      const report = buildHere(input, output);
      const cleanOutput = path.join(tempDir('news-archive-clean-'), 'site');
      const fresh = buildHere(input, cleanOutput);
      expect(fresh.cache?.reused).toBe(0);
      expect(report.cache!.reused).toBeGreaterThan(0);
      expect({ rendered: report.rendered, rejected: report.rejected, diagnostics: report.diagnostics }).toEqual({
        rendered: fresh.rendered,
        rejected: fresh.rejected,
        diagnostics: fresh.diagnostics,
      });
      expect(differences(tree(output), tree(cleanOutput))).toEqual([]);
    };
    const first = buildHere(input, output);
    expect(first.rejected).toEqual(['b.txt']);
    expect(first.diagnostics.map((d) => `${d.file} ${d.severity}`)).toEqual(['b.txt error', 'c2.txt warning']);
    expect(first.rendered['e.txt']).toBe('/2024/03/05/rain-and-sun-2/');
    // The first of the two asking for one slug goes, and nothing else changes: the other takes the slug.
    unlinkSync(path.join(input, 'd.txt'));
    same();
    expect(JSON.parse(readFileSync(`${output}.report.json`, 'utf8')).rendered['e.txt']).toBe('/2024/03/05/rain-and-sun/');
    // A day with neither changes alone: the warning and the error are given again.
    write('g.txt', dispatch('2024-03-06', 'Markets', 'BEIJING', 'Markets rose again.'));
    same();
    // The kept one of the copies goes: the copy is kept instead.
    unlinkSync(path.join(input, 'a.txt'));
    write('f.txt', dispatch('2024-03-04', 'Rain and sun', 'MOSCOW', 'The day before, corrected.'));
    same();
    // An article added on another day, and the same-headline article given the first one's text.
    write('h.txt', dispatch('2024-03-06', 'Markets', 'BEIJING', 'Markets fell.'));
    write('c2.txt', dispatch('2024-03-07', 'Talks open', 'CAIRO', 'Talks opened.'));
    same();
  }, 120_000);

  it('re-keys only the page of an article whose edit keeps its listing, and every page showing an article whose headline changed', () => {
    const input = path.join(tempDir(), 'input');
    cpSync(corpus, input, { recursive: true });
    const output = path.join(tempDir(), 'site');
    build(input, output);

    // A correction after the lead: the headline, lead, date and place stay, so no list changes.
    const corrected = path.join(input, files[10]!);
    writeFileSync(corrected, readFileSync(corrected, 'utf8').replace(/(\(Xinhua\) -- [^\n]*\n)/, '$1\nA paragraph added in a correction.\n'));
    const afterCorrection = build(input, output);
    expect(afterCorrection.cache).toEqual({ rendered: 1, reused: afterCorrection.pages - 1, unchanged: 0 });
    expect(differences(tree(output), clean(input))).toEqual([]);

    // A new headline in the next build reaches its neighbours, its day, month, place and feeds.
    const retitled = path.join(input, files[20]!);
    writeFileSync(retitled, readFileSync(retitled, 'utf8').replace(/^( date \d{4}-\d{2}-\d{2} )/, '$1Corrected: '));
    const afterRetitle = build(input, output);
    expect(afterRetitle.cache!.rendered).toBeGreaterThan(4);
    expect(differences(tree(output), clean(input))).toEqual([]);

    // And a correction to the same article's body alone, after that, renders its page alone again.
    writeFileSync(retitled, `${readFileSync(retitled, 'utf8').trimEnd()}\n\nA closing paragraph added later.\n`);
    const afterSecond = build(input, output);
    expect(afterSecond.cache).toEqual({ rendered: 1, reused: afterSecond.pages - 1, unchanged: 0 });
    expect(differences(tree(output), clean(input))).toEqual([]);
  }, 300_000);

  it('notices files added to or removed from the output by hand, and writes what a clean build writes', () => {
    const output = path.join(tempDir(), 'site');
    build(corpus, output);
    const expected = tree(output);

    writeFileSync(path.join(output, '2016', 'stray.html'), 'not ours');
    build(corpus, output);
    expect(differences(tree(output), expected)).toEqual([]);

    const page = listFiles(output).find((f) => /^\d{4}\/\d{2}\/\d{2}\/[^/]+\/index\.html$/.test(f))!;
    rmSync(path.join(output, page));
    build(corpus, output);
    expect(differences(tree(output), expected)).toEqual([]);
  }, 120_000);

  it('renders again a page another file was renamed over by hand, rather than linking the file that took its place: in a folder, with the input unchanged or changed, and at the top', () => {
    const input = path.join(tempDir(), 'input');
    cpSync(corpus, input, { recursive: true });
    const output = path.join(tempDir(), 'site');
    build(input, output);
    const expected = tree(output);
    const pages = listFiles(output).filter((f) => /^\d{4}\/\d{2}\/\d{2}\/index\.html$/.test(f));
    // A day's page cut short the way an editor saves: a new file renamed over the old one, which changes its folder's time.
    const cutShort = (rel: string): void => {
      const abs = path.join(output, rel);
      writeFileSync(`${abs}.tmp`, readFileSync(abs).subarray(0, 500));
      renameSync(`${abs}.tmp`, abs);
    };
    cutShort(pages[0]!);
    const report = build(input, output);
    expect(report.cache!.rendered).toBe(1);
    expect(differences(tree(output), expected)).toEqual([]);

    // Once more with the input changed in a way no page shows (a file the build ignores), so the build goes past its no-change shortcut.
    cutShort(pages[1]!);
    writeFileSync(path.join(input, 'photo.jpg'), 'not a dispatch');
    expect(build(input, output).cache!.rendered).toBe(1);
    expect(differences(tree(output), expected)).toEqual([]);

    // The home page, at the top of the output, where the names alone are the same as before.
    cutShort('index.html');
    expect(build(input, output).cache!.rendered).toBeGreaterThan(0);
    expect(differences(tree(output), expected)).toEqual([]);
  }, 120_000);

  it('notices a file added to the output by hand when an article was added too (the render thread checks the output), and writes what a clean build writes', () => {
    const input = path.join(tempDir(), 'input');
    cpSync(corpus, input, { recursive: true });
    const output = path.join(tempDir(), 'site');
    build(input, output);
    const stray = path.join(output, '2016', 'stray.html');
    writeFileSync(stray, 'not ours');
    const date = corpusDate(ARTICLES - 1, ARTICLES);
    const added = generateDispatch(SEED, ARTICLES + 1, date);
    const addedPath = path.join(input, corpusPath(date, added.fileName, 'nested'));
    mkdirSync(path.dirname(addedPath), { recursive: true });
    writeFileSync(addedPath, added.text);
    const report = build(input, output, '--jobs', '2');
    expect(report.cache!.rendered).toBeLessThan(report.pages / 4);
    expect(existsSync(stray)).toBe(false);
    expect(differences(tree(output), clean(input))).toEqual([]);
  }, 120_000);

  it('slugs headlines and places that are not ASCII in every thread, loading slugify for them alone, and again after an edit', () => {
    const input = path.join(tempDir(), 'input');
    mkdirSync(input);
    // 60 files: read and parsed in the render threads, each of which loads slugify on its own.
    for (let i = 0; i < 60; i++) {
      const place = i % 2 === 0 ? 'SÃO PAULO' : 'MOSCOW';
      writeFileSync(path.join(input, `d${String(i).padStart(2, '0')}.txt`), dispatch('2024-08-21', `Café ${i} opens — Müller’s view`, place, `Story ${i}.`));
    }
    const output = path.join(tempDir(), 'site');
    const first = build(input, output, '--jobs', '2');
    expect(first).toMatchObject({ files: 60, articles: 60, errors: 0, warnings: 0 });
    const files = listFiles(output);
    for (const i of [0, 1, 59]) expect(files).toContain(`2024/08/21/cafe-${i}-opens-muellers-view/index.html`);
    expect(files).toContain('places/sao-paulo/index.html');
    // A headline edited: the rebuild parses that file on its own thread and places the rest from the record cache.
    writeFileSync(path.join(input, 'd07.txt'), dispatch('2024-08-21', 'Ação 7 — São Tomé', 'SÃO PAULO', 'Story 7.'));
    const again = build(input, output, '--jobs', '2');
    expect(again).toMatchObject({ articles: 60, errors: 0 });
    expect(listFiles(output)).toContain('2024/08/21/acao-7-sao-tome/index.html');
    expect(differences(tree(output), clean(input))).toEqual([]);
  }, 120_000);

  it('renders everything again when the manifest does not describe the output folder', () => {
    const output = path.join(tempDir(), 'site');
    build(corpus, output);
    // Another folder moved into the output's place: the manifest names the old folder's inode.
    const moved = `${output}-elsewhere`;
    cpSync(output, moved, { recursive: true });
    rmSync(output, { recursive: true });
    cpSync(moved, output, { recursive: true });
    const again = build(corpus, output);
    expect(again.cache?.reused).toBe(0);
    expect(again.cache?.rendered).toBe(again.pages);
  }, 120_000);

  it('--no-cache renders every page', () => {
    const output = path.join(tempDir(), 'site');
    build(corpus, output);
    const again = build(corpus, output, '--no-cache');
    expect(again.cache).toEqual({ rendered: again.pages, reused: 0, unchanged: 0 });
  }, 120_000);

  it('links unchanged files instead of rewriting them: a file the rebuild did not render keeps its inode', () => {
    const input = path.join(tempDir(), 'input');
    cpSync(corpus, input, { recursive: true });
    const output = path.join(tempDir(), 'site');
    build(input, output);
    const untouched = listFiles(output).find((f) => f.startsWith('2015/') && f.endsWith('/index.html') && f.split('/').length === 5)!;
    const inode = statSync(path.join(output, untouched)).ino;
    writeFileSync(path.join(input, files[files.length - 1]!), readFileSync(path.join(input, files[files.length - 1]!), 'utf8').replace(/\n$/, '\n\nOne more paragraph.\n'));
    const report = build(input, output);
    expect(report.cache!.rendered).toBeGreaterThan(0);
    expect(statSync(path.join(output, untouched)).ino).toBe(inode);
  }, 120_000);
});

describe('--jobs', () => {
  it('gives byte-identical output with one render thread and with two', () => {
    const one = path.join(tempDir(), 'one');
    const two = path.join(tempDir(), 'two');
    build(corpus, one, '--jobs', '1', '--no-cache');
    build(corpus, two, '--jobs', '2', '--no-cache');
    const a = tree(one);
    expect(a.size).toBeGreaterThan(ARTICLES);
    expect(differences(a, tree(two))).toEqual([]);
  }, 120_000);

  it('rejects a job count that is not a positive whole number', () => {
    for (const bad of ['0', '-1', 'two', '1.5']) {
      const result = runCli(['build', '--input', corpus, '--output', path.join(tempDir(), 'site'), '--jobs', bad]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/--jobs/);
    }
  });
});

describe('--partition', () => {
  it('year partitions and the global step are disjoint and together make the same site as a single build', () => {
    const whole = clean(corpus);
    const parts = ['2015,2016,2017,2018,2019', '2020,2021,2022,2023', '2024', 'global'];
    const union = new Map<string, Buffer>();
    for (const part of parts) {
      const output = path.join(tempDir(), 'part');
      const report = build(corpus, output, '--partition', part);
      const files = tree(output);
      expect(report.pages).toBeGreaterThan(0);
      for (const [file, bytes] of files) {
        expect(union.has(file), `${file} is written by two partitions`).toBe(false);
        union.set(file, bytes);
      }
      if (part !== 'global') {
        const years = part.split(',');
        for (const file of files.keys()) expect(years).toContain(file.slice(0, 4));
      }
    }
    expect(differences(union, whole)).toEqual([]);
  }, 300_000);

  it('a partition can be rebuilt into its own output folder, which has no home page', () => {
    const output = path.join(tempDir(), 'part');
    build(corpus, output, '--partition', '2024');
    expect(existsSync(path.join(output, 'index.html'))).toBe(false);
    // A partition keeps no listings for its rebuilds: its first build writes the record cache they read.
    expect(existsSync(path.join(`${output}.cache`, 'records.bin'))).toBe(true);
    const again = build(corpus, output, '--partition', '2024');
    expect(again.cache?.rendered).toBe(0);
  }, 120_000);

  it('rebuilds a year partition and the global step after an article is added and another removed, as clean builds of them write', () => {
    const input = path.join(tempDir(), 'input');
    cpSync(corpus, input, { recursive: true });
    const outputs = { '2024': path.join(tempDir(), 'part'), global: path.join(tempDir(), 'part') };
    for (const [part, output] of Object.entries(outputs)) build(input, output, '--partition', part);
    const date = corpusDate(ARTICLES - 1, ARTICLES);
    const added = generateDispatch(SEED, ARTICLES + 2, date);
    const addedPath = path.join(input, corpusPath(date, added.fileName, 'nested'));
    mkdirSync(path.dirname(addedPath), { recursive: true });
    writeFileSync(addedPath, added.text);
    unlinkSync(path.join(input, files[files.length - 5]!));
    for (const [part, output] of Object.entries(outputs)) {
      const again = build(input, output, '--partition', part);
      expect(again.cache!.reused).toBeGreaterThan(0);
      expect(differences(tree(output), clean(input, '--partition', part))).toEqual([]);
    }
  }, 300_000);

  it('rejects a partition that is not a year, a list of years or global', () => {
    const result = runCli(['build', '--input', corpus, '--output', path.join(tempDir(), 'site'), '--partition', '24']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--partition/);
  });
});
