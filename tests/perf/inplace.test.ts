/**
 * The in-place commit: a rebuild that changes few files of a trusted output
 * renames the new files into the output folder itself, under a rollback
 * journal in `<output>.cache/`, instead of swapping a new tree in. The
 * output is then what a clean build writes; a commit that fails is rolled
 * back at once, and one killed part-way is rolled back by the next build.
 */
import { cpSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusDate, corpusPath } from '../../src/bench/corpus.js';
import { generateDispatch } from '../../src/bench/dispatch.js';
import { removeLeftovers, stagedName, Staging } from '../../src/write.js';
import { differences, listFiles, runCli, tempDir, tree } from '../site/helpers.js';
import { build, perfCorpus } from './helpers.js';

const ARTICLES = 120;
const SEED = 'in-place-tests';
/** A process id no process has (above Linux's pid_max). */
const DEAD = 999_999_997;

function clean(input: string): Map<string, Buffer> {
  const output = path.join(tempDir('news-archive-clean-'), 'site');
  build(input, output, '--no-cache');
  return tree(output);
}

/** Builds `input` into `output` with the search index; expects success. */
function buildWithSearch(input: string, output: string): void {
  const result = runCli(['build', '--input', input, '--output', output, '--quiet']);
  expect(result.status, result.stderr).toBe(0);
}

/** What a build with the search index over `input` writes, built clean into a new folder. */
function cleanWithSearch(input: string): Map<string, Buffer> {
  const output = path.join(tempDir('news-archive-clean-'), 'site');
  buildWithSearch(input, output);
  return tree(output);
}

/** Folders under `dir` with nothing in them. */
function emptyFolders(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string): void => {
    const names = readdirSync(abs);
    if (names.length === 0 && rel !== '') out.push(rel);
    for (const name of names) if (statSync(path.join(abs, name)).isDirectory()) walk(path.join(abs, name), rel === '' ? name : `${rel}/${name}`);
  };
  walk(dir, '');
  return out;
}

/** What a build leaves beside the output besides the output, its cache files, its report and an old output being deleted in the background. */
function leftovers(output: string): string[] {
  const parent = path.dirname(output);
  const base = path.basename(output);
  const beside = readdirSync(parent).filter((n) => n.startsWith(`${base}.`) && n !== `${base}.cache` && n !== `${base}.report.json`);
  // What the cache folder keeps between builds: the manifest, the record cache, the input stamps (and the recent ones), the article page shells and the listings.
  const kept = new Set(['manifest.json', 'records.bin', 'inputs.bin', 'inputs-recent.bin', 'stamped-at', 'shells', 'listings']);
  const cache = existsSync(`${output}.cache`) ? readdirSync(`${output}.cache`).filter((n) => !kept.has(n) && !/^deleting-\d+$/.test(n)) : [];
  // The shells' and the listings' folders: each its index and the slices' files, nothing half written.
  const slices = ['shells', 'listings'].flatMap((name) => {
    const folder = path.join(`${output}.cache`, name);
    return existsSync(folder) ? readdirSync(folder).flatMap((n) => (n !== 'index.json' && !/^[\w-]{27}\.bin$/.test(n) ? [`cache/${name}/${n}`] : [])) : [];
  });
  return [...beside, ...cache.map((n) => `cache/${n}`), ...slices];
}

let corpus = '';
let files: string[] = [];

beforeAll(async () => {
  ({ corpus, files } = await perfCorpus('news-archive-inplace-', ARTICLES, SEED));
}, 120_000);

function copyCorpus(): string {
  const input = path.join(tempDir(), 'input');
  cpSync(corpus, input, { recursive: true });
  return input;
}

function changeArticle(input: string, file: string): void {
  const abs = path.join(input, file);
  writeFileSync(abs, readFileSync(abs, 'utf8').replace(/(\(Xinhua\) -- [^\n]*\n)/, '$1\nA paragraph added in a correction.\n'));
}

function addArticle(input: string): void {
  const date = corpusDate(ARTICLES - 1, ARTICLES);
  const added = generateDispatch(SEED, ARTICLES, date);
  const addedPath = path.join(input, corpusPath(date, added.fileName, 'nested'));
  mkdirSync(path.dirname(addedPath), { recursive: true });
  writeFileSync(addedPath, added.text);
}

describe('a rebuild that changes few files', () => {
  it('changes the output in place: the folder and every file it does not rewrite keep their inodes, and the site is a clean build', () => {
    const input = copyCorpus();
    const output = path.join(tempDir(), 'site');
    const first = build(input, output);
    const folder = statSync(output).ino;
    const inodes = new Map(listFiles(output).map((f) => [f, statSync(path.join(output, f)).ino]));
    const before = tree(output);

    changeArticle(input, files[Math.floor(files.length / 2)]!);
    const changed = build(input, output);
    expect(changed.cache!.rendered).toBeGreaterThan(0);
    expect(changed.cache!.reused).toBe(first.pages - changed.cache!.rendered);
    expect(statSync(output).ino).toBe(folder);
    const after = tree(output);
    const rewritten = differences(after, before);
    expect(rewritten.length).toBeGreaterThan(0);
    for (const [file, ino] of inodes) {
      if (!rewritten.includes(file)) expect(statSync(path.join(output, file)).ino, file).toBe(ino);
    }
    expect(differences(after, clean(input))).toEqual([]);
    expect(leftovers(output)).toEqual([]);

    addArticle(input);
    build(input, output);
    expect(statSync(output).ino).toBe(folder);
    expect(differences(tree(output), clean(input))).toEqual([]);
    expect(leftovers(output)).toEqual([]);

    // Nothing changed since: the manifest written in place is trusted, nothing is rendered.
    const again = build(input, output);
    expect(again.cache!.rendered).toBe(0);
  }, 300_000);

  it('removes a deleted article\'s page and the folders it leaves empty', () => {
    const input = copyCorpus();
    const output = path.join(tempDir(), 'site');
    build(input, output);
    const folder = statSync(output).ino;
    const victim = files[7]!;
    const report = JSON.parse(readFileSync(`${output}.report.json`, 'utf8')) as { rendered: Record<string, string> };
    const url = report.rendered[victim]!;
    const page = path.join(output, ...url.split('/').filter((p) => p !== ''));
    expect(existsSync(path.join(page, 'index.html'))).toBe(true);

    unlinkSync(path.join(input, victim));
    build(input, output);
    expect(statSync(output).ino).toBe(folder);
    expect(existsSync(page)).toBe(false);
    expect(emptyFolders(output)).toEqual([]);
    expect(differences(tree(output), clean(input))).toEqual([]);
    expect(leftovers(output)).toEqual([]);
  }, 300_000);

  it('swaps a new tree in instead when many files change, with a search index or without', () => {
    const input = copyCorpus();
    const output = path.join(tempDir(), 'site');
    build(input, output);
    const folder = statSync(output).ino;
    // Most articles gone: hundreds of pages go, above the in-place limit.
    for (const file of files.slice(0, 100)) unlinkSync(path.join(input, file));
    build(input, output);
    expect(statSync(output).ino).not.toBe(folder);
    expect(differences(tree(output), clean(input))).toEqual([]);

    // With a search index, a few pages changed are committed in place, the index's changed files with them (tests/search/index.test.ts)...
    const searchInput = copyCorpus();
    const searched = path.join(tempDir(), 'site');
    buildWithSearch(searchInput, searched);
    const searchedFolder = statSync(searched).ino;
    changeArticle(searchInput, files[110]!);
    buildWithSearch(searchInput, searched);
    expect(statSync(searched).ino).toBe(searchedFolder);
    // ... and many are not.
    for (const file of files.slice(0, 100)) unlinkSync(path.join(searchInput, file));
    buildWithSearch(searchInput, searched);
    expect(statSync(searched).ino).not.toBe(searchedFolder);
    expect(differences(tree(searched), cleanWithSearch(searchInput))).toEqual([]);
  }, 300_000);

  it('rebuilds after a day\'s dispatches land (more new files than a few pages\' worth) as a clean build would, with a search index or without', () => {
    // More files than the last build had by over 200 (WIDEN_AT): the rebuild starts its thread loading Eleventy at once.
    const date = corpusDate(ARTICLES - 1, ARTICLES);
    const land = (input: string): void => {
      for (let i = 0; i < 210; i++) {
        const dispatch = generateDispatch(SEED, ARTICLES + 1 + i, date);
        const file = path.join(input, corpusPath(date, dispatch.fileName, 'nested'));
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, dispatch.text);
      }
    };
    const input = copyCorpus();
    const output = path.join(tempDir(), 'site');
    build(input, output);
    land(input);
    const report = build(input, output);
    expect(report.articles).toBe(ARTICLES + 210);
    expect(differences(tree(output), clean(input))).toEqual([]);

    const searchInput = copyCorpus();
    const searched = path.join(tempDir(), 'site');
    buildWithSearch(searchInput, searched);
    land(searchInput);
    buildWithSearch(searchInput, searched);
    expect(differences(tree(searched), cleanWithSearch(searchInput))).toEqual([]);
  }, 300_000);

  it('rolls a commit back at once when it fails, leaving the previous site', async () => {
    const output = path.join(tempDir(), 'site');
    mkdirSync(path.join(output, 'a', 'old'), { recursive: true });
    writeFileSync(path.join(output, 'index.html'), 'home');
    writeFileSync(path.join(output, 'a', 'page.html'), 'page');
    writeFileSync(path.join(output, 'a', 'old', 'index.html'), 'old');
    const before = tree(output);
    const staging = Staging.create(output, 4242, () => false);
    staging.writer.writeFlat('index.html', 'new home');
    staging.writer.writeFlat('b/c/new.html', 'new');
    expect(() =>
      staging.commitInPlace(4242, { add: ['b/c/new.html'], replace: ['index.html'], remove: ['a/old/index.html'] }, () => {
        // Everything is in place when the manifest is written.
        expect(readFileSync(path.join(output, 'b', 'c', 'new.html'), 'utf8')).toBe('new');
        expect(existsSync(path.join(output, 'a', 'old'))).toBe(false);
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(differences(tree(output), before)).toEqual([]);
    expect(existsSync(path.join(output, 'b'))).toBe(false);
    expect(readdirSync(`${output}.cache`)).toEqual([]);
    await staging.abort();
  });
});

/**
 * Leaves `output` as an in-place commit towards `next` killed after `cut` of
 * its steps would: journal, kept files, staging folder, some files renamed
 * in and some removed. The steps are those of Staging.commitInPlace.
 */
function killedCommit(output: string, next: Map<string, Buffer>, cut: number): number {
  const previous = tree(output);
  const add = [...next.keys()].filter((f) => !previous.has(f));
  const replace = [...next.keys()].filter((f) => previous.has(f) && !previous.get(f)!.equals(next.get(f)!));
  const remove = [...previous.keys()].filter((f) => !next.has(f));
  const made: string[] = [];
  for (const rel of add) {
    const chain: string[] = [];
    for (let dir = path.posix.dirname(rel); dir !== '.' && !made.includes(dir); dir = path.posix.dirname(dir)) chain.push(dir);
    for (const dir of chain.reverse()) if (!existsSync(path.join(output, dir))) made.push(dir);
  }
  const cache = `${output}.cache`;
  const staging = `${output}.staging-${DEAD}`;
  const undo = path.join(cache, `undo-${DEAD}`);
  mkdirSync(staging);
  for (const rel of [...add, ...replace]) writeFileSync(path.join(staging, stagedName(rel)), next.get(rel)!);
  const undoList = [...replace, ...remove];
  writeFileSync(path.join(cache, `journal-${DEAD}.json`), JSON.stringify({ format: 1, pid: DEAD, add, undo: undoList, made }));
  const at = (rel: string): string => path.join(output, ...rel.split('/'));
  const steps: (() => void)[] = [
    () => mkdirSync(undo),
    ...undoList.map((rel, i) => () => linkSync(at(rel), path.join(undo, String(i)))),
    ...made.map((dir) => () => mkdirSync(at(dir))),
    ...[...add, ...replace].map((rel) => () => renameSync(path.join(staging, stagedName(rel)), at(rel))),
    ...remove.map((rel) => () => {
      unlinkSync(at(rel));
      for (let dir = path.posix.dirname(rel); dir !== '.'; dir = path.posix.dirname(dir)) {
        if (readdirSync(at(dir)).length > 0) break;
        rmdirSync(at(dir));
      }
    }),
  ];
  for (const step of steps.slice(0, cut)) step();
  return steps.length;
}

describe('an in-place commit killed part-way', () => {
  it('is rolled back exactly by the next build, at any step, and that build then writes the new site', async () => {
    const input = copyCorpus();
    const output = path.join(tempDir(), 'site');
    build(input, output);
    const previous = tree(output);
    // The site the killed rebuild was committing: one article changed, one added, one deleted.
    changeArticle(input, files[Math.floor(files.length / 2)]!);
    addArticle(input);
    unlinkSync(path.join(input, files[5]!));
    const next = clean(input);
    const diff = differences(previous, next);
    expect(diff.length).toBeGreaterThan(3);

    const copyOf = (): string => {
      const copy = path.join(tempDir(), 'site');
      cpSync(output, copy, { recursive: true });
      mkdirSync(`${copy}.cache`);
      return copy;
    };
    const steps = killedCommit(copyOf(), next, 0);
    expect(steps).toBeGreaterThan(diff.length);
    // Killed before anything changed, while keeping the files, half-way through the renames, and after the last step.
    for (const cut of [0, 3, Math.floor(steps / 2), steps - 2, steps]) {
      const copy = copyOf();
      killedCommit(copy, next, cut);
      const mixed = differences(tree(copy), previous).length;
      if (cut === steps) expect(differences(tree(copy), next)).toEqual([]);
      else if (cut > steps / 2) expect(mixed).toBeGreaterThan(0);
      removeLeftovers(copy, 4242, () => false);
      expect(differences(tree(copy), previous), `killed after ${cut} of ${steps} steps`).toEqual([]);
      expect(emptyFolders(copy)).toEqual([]);
      expect(leftovers(copy)).toEqual([]);
    }

    // The real thing: the build finds the journal, rolls back, and builds the new site in full.
    killedCommit(output, next, steps - 2);
    expect(differences(tree(output), previous).length).toBeGreaterThan(0);
    const report = build(input, output);
    expect(report.cache!.reused).toBe(0);
    expect(differences(tree(output), next)).toEqual([]);
    expect(leftovers(output)).toEqual([]);
    // Its manifest is trusted again: the next rebuild renders nothing.
    expect(build(input, output).cache!.rendered).toBe(0);
  }, 300_000);

  it('is left alone while its process lives, and the output is then not trusted: the build renders everything', () => {
    const input = copyCorpus();
    const output = path.join(tempDir(), 'site');
    build(input, output);
    const expected = tree(output);
    // This test's own process stands for a build still committing.
    const journal = path.join(`${output}.cache`, `journal-${process.pid}.json`);
    writeFileSync(journal, JSON.stringify({ format: 1, pid: process.pid, add: [], undo: [], made: [] }));
    const report = build(input, output);
    expect(report.cache).toEqual({ rendered: report.pages, reused: 0, unchanged: 0 });
    expect(differences(tree(output), expected)).toEqual([]);
    expect(existsSync(journal)).toBe(true);
  }, 300_000);

  it('is rolled back even when it was killed after writing its manifest', async () => {
    const input = copyCorpus();
    const output = path.join(tempDir(), 'site');
    build(input, output);
    const previous = tree(output);
    const manifest = readFileSync(path.join(`${output}.cache`, 'manifest.json'), 'utf8');
    // A rebuild completes in place; then the state just before its journal went is put back.
    changeArticle(input, files[9]!);
    build(input, output);
    const next = tree(output);
    const newManifest = readFileSync(path.join(`${output}.cache`, 'manifest.json'), 'utf8');
    expect(newManifest).not.toBe(manifest);
    // Back to the previous site and manifest, then killed after every step with the new manifest written.
    const back = path.join(tempDir(), 'site');
    cpSync(output, back, { recursive: true });
    for (const [file, bytes] of previous) writeFileSync(path.join(back, file), bytes);
    mkdirSync(`${back}.cache`);
    const steps = killedCommit(back, next, Number.MAX_SAFE_INTEGER);
    expect(steps).toBeGreaterThan(0);
    writeFileSync(path.join(`${back}.cache`, 'manifest.json'), newManifest);
    removeLeftovers(back, 4242, () => false);
    expect(differences(tree(back), previous)).toEqual([]);
    // The manifest now describes no file: nothing of the output is trusted.
    const [forgottenHead, forgottenFiles] = readFileSync(path.join(`${back}.cache`, 'manifest.json'), 'utf8').split('\n') as [string, string];
    expect((JSON.parse(forgottenHead) as { complete: boolean }).complete).toBe(false);
    expect((JSON.parse(forgottenFiles) as { paths: string[] }).paths).toEqual([]);
  }, 300_000);
});
