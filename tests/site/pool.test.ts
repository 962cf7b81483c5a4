/**
 * The render pool's threads, compiled (dist/src/render/pool.js): run from
 * the TypeScript sources, a pool has no worker thread to start and runs
 * everything in order on the caller's thread. The build's own thread is one
 * of the pool's, and holds off taking tasks while work only it can do is
 * pending (holdWhile); the other threads must then answer every task.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FolderCheck, folderCheck as FolderCheckOf } from '../../src/cache/manifest.js';
import type { SiteInfo } from '../../src/model/types.js';
import type { RenderJob } from '../../src/render/job.js';
import type { RenderPool, createRenderPool as CreateRenderPool } from '../../src/render/pool.js';
import type { FolderWriter as FolderWriterClass } from '../../src/write.js';
import { requireCompiled, ROOT, tempDir } from './helpers.js';

let createRenderPool: typeof CreateRenderPool;
let FolderWriter: typeof FolderWriterClass;
let folderCheck: typeof FolderCheckOf;
beforeAll(async () => {
  requireCompiled();
  ({ folderCheck } = (await import(pathToFileURL(path.join(ROOT, 'dist/src/cache/manifest.js')).href)) as { folderCheck: typeof FolderCheckOf });
  ({ createRenderPool } = (await import(pathToFileURL(path.join(ROOT, 'dist/src/render/pool.js')).href)) as { createRenderPool: typeof CreateRenderPool });
  ({ FolderWriter } = (await import(pathToFileURL(path.join(ROOT, 'dist/src/write.js')).href)) as { FolderWriter: typeof FolderWriterClass });
});

let pool: RenderPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

const site: SiteInfo = { title: 'Archive', basePath: '/', siteUrl: null, language: 'en', search: false };
/** A job of one small page at `<name>/robots.txt`, rendered directly (no Eleventy) by whichever thread takes it. */
const jobOf = (name: string): RenderJob => ({
  pages: [{ kind: 'robots', path: `${name}/robots.txt`, url: `/${name}/robots.txt`, sitemapUrl: '/sitemap.xml' }],
  site,
  eleventyInput: '',
  previous: {},
  direct: true,
});

/** A new folder holding one folder, `a`. */
function folderWithA(): string {
  const root = tempDir('news-archive-pool-');
  mkdirSync(path.join(root, 'a'));
  return root;
}

/** An `untouched` task's check of `root`, whose stamps name `top` as what it holds. */
function holding(root: string, ...top: string[]): FolderCheck {
  return folderCheck(root, { dirs: [], times: new Float64Array(0), top });
}

describe('createRenderPool with worker threads', () => {
  it('answers every task, in request order, while the build’s own thread is held on a task’s answer', async () => {
    const root = folderWithA();
    const staging = tempDir('news-archive-pool-staging-');
    pool = createRenderPool(2, staging, new FolderWriter(staging));
    const first = pool.untouched(holding(root, 'a'));
    // Held until a worker thread answers the first task: the pool must not wait for this thread.
    pool.holdWhile(first);
    const answers = await Promise.all([first, pool.untouched(holding(root, 'b')), pool.untouched(holding(root, 'a')), pool.untouched(holding(root))]);
    expect(answers).toEqual([true, false, true, false]);
  });

  it('goes on answering while held on work that never ends until released, and after it', async () => {
    const root = folderWithA();
    const staging = tempDir('news-archive-pool-staging-');
    pool = createRenderPool(2, staging, new FolderWriter(staging));
    let release!: () => void;
    pool.holdWhile(new Promise<void>((resolve) => (release = resolve)));
    // A hold that fails releases as one that succeeds does.
    pool.holdWhile(Promise.reject(new Error('the held work failed')));
    const held = await Promise.all(Array.from({ length: 5 }, (_, i) => pool!.untouched(i % 2 === 0 ? holding(root, 'a') : holding(root, 'a', 'b'))));
    expect(held).toEqual([true, false, true, false, true]);
    release();
    const after = await Promise.all(Array.from({ length: 6 }, (_, i) => pool!.untouched(i % 3 === 0 ? holding(root) : holding(root, 'a'))));
    expect(after).toEqual([false, true, true, false, true, true]);
  });
});

describe('a check of the output shared between a rebuild’s thread and the build’s', () => {
  it('answers no when either thread finds a folder touched, whichever runs of folders each took', async () => {
    const root = tempDir('news-archive-pool-shared-');
    const names = Array.from({ length: 600 }, (_, i) => `f${String(i).padStart(3, '0')}`);
    for (const name of names) mkdirSync(path.join(root, name));
    const { stampFolders, checkFolders } = (await import(pathToFileURL(path.join(ROOT, 'dist/src/cache/manifest.js')).href)) as typeof import('../../src/cache/manifest.js');
    const stamps = stampFolders(root, names.map((name) => `${name}/index.html`), 4242);
    const staging = tempDir('news-archive-pool-staging-');
    // As a rebuild starts its thread: one worker thread, loading the templates, which it checks after.
    pool = createRenderPool(2, staging, new FolderWriter(staging), { startWith: 1, direct: true });
    const both = async (): Promise<boolean> => {
      const check = folderCheck(root, stamps);
      const theirs = pool!.untouched(check);
      const here = checkFolders(check);
      return (await theirs) && here;
    };
    expect(await both()).toBe(true);
    mkdirSync(path.join(root, names.at(-1)!, 'stray'));
    expect(await both()).toBe(false);
    // The other thread alone, given time to take every run.
    const alone = folderCheck(root, stamps);
    expect(await pool.untouched(alone)).toBe(false);
    expect(checkFolders(alone)).toBe(true);
  });

  it('answers the same when the thread checks before it has the templates, as for a rebuild whose input gained files', async () => {
    const root = tempDir('news-archive-pool-first-');
    const names = Array.from({ length: 300 }, (_, i) => `g${String(i).padStart(3, '0')}`);
    for (const name of names) mkdirSync(path.join(root, name));
    const { stampFolders } = (await import(pathToFileURL(path.join(ROOT, 'dist/src/cache/manifest.js')).href)) as typeof import('../../src/cache/manifest.js');
    const stamps = stampFolders(root, names.map((name) => `${name}/index.html`), 4242);
    const staging = tempDir('news-archive-pool-staging-');
    pool = createRenderPool(2, staging, new FolderWriter(staging), { startWith: 1, direct: true });
    // Asked at once, before the thread can have loaded the templates: each answer is its own check's.
    expect(await pool.untouched(folderCheck(root, stamps), true)).toBe(true);
    mkdirSync(path.join(root, names[0]!, 'stray'));
    const answers = [pool.untouched(folderCheck(root, stamps), true), pool.untouched(holding(root, ...names), true), pool.untouched(holding(root, 'a'), true)];
    expect(await Promise.all(answers)).toEqual([false, true, false]);
  });
});

describe('the build’s own thread in a pool with worker threads', () => {

  it('renders no job while held, and takes its share once what held it has settled', async () => {
    const staging = tempDir('news-archive-pool-staging-');
    // Only the build's own thread writes through this writer; a worker thread makes its own.
    const here: string[] = [];
    class RecordingWriter extends FolderWriter {
      override write(rel: string, content: string | Uint8Array): void {
        here.push(rel);
        super.write(rel, content);
      }
    }
    pool = createRenderPool(2, staging, new RecordingWriter(staging));
    let release!: () => void;
    pool.holdWhile(new Promise<void>((resolve) => (release = resolve)));
    const heldNames = Array.from({ length: 6 }, (_, i) => `held-${i}`);
    const held = await Promise.all(heldNames.map((name) => pool!.run(jobOf(name))));
    expect(held.map((result) => result.written.map((file) => file.path))).toEqual(heldNames.map((name) => [`${name}/robots.txt`]));
    expect(here).toEqual([]);

    release();
    const laterNames = Array.from({ length: 8 }, (_, i) => `later-${i}`);
    const later = await Promise.all(laterNames.map((name) => pool!.run(jobOf(name))));
    expect(later.map((result) => result.written.map((file) => file.path))).toEqual(laterNames.map((name) => [`${name}/robots.txt`]));
    expect(here.length).toBeGreaterThan(0);
    expect(here.every((rel) => rel.startsWith('later-'))).toBe(true);
    for (const name of [...heldNames, ...laterNames]) expect(existsSync(path.join(staging, name, 'robots.txt'))).toBe(true);
  });
});

describe('the input\'s files looked at by a rebuild\'s thread and the build\'s', () => {
  it('hands every file\'s numbers over in order, as fs.statSync gives them, looked at by the other thread or by this one', async () => {
    const { forEachStat, statShare } = (await import(pathToFileURL(path.join(ROOT, 'dist/src/cache/stats.js')).href)) as typeof import('../../src/cache/stats.js');
    const root = tempDir('news-archive-pool-stats-');
    const paths = Array.from({ length: 1500 }, (_, i) => path.join(root, `f${String(i).padStart(4, '0')}.txt`));
    paths.forEach((file, i) => writeFileSync(file, 'x'.repeat(i % 97)));
    // One file gone since the walk named it.
    paths.splice(700, 0, path.join(root, 'gone.txt'));
    for (const told of [true, false]) {
      const staging = tempDir('news-archive-pool-staging-');
      pool = createRenderPool(2, staging, new FolderWriter(staging), { startWith: 1, later: true });
      const share = statShare(paths);
      if (told) {
        // The thread takes every run before this one asks: this thread then waits for them and hands them over.
        pool.stats(share);
        for (let waited = 0; Atomics.load(share.next, 0) < share.count && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
        expect(Atomics.load(share.next, 0)).toBeGreaterThanOrEqual(share.count);
      }
      const seen: number[] = [];
      forEachStat(share, paths, (index, stat) => {
        seen.push(index);
        if (index === 700) return expect(stat).toBeUndefined();
        const info = statSync(paths[index]!);
        expect(stat).toEqual({ size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino, dev: info.dev });
      });
      expect(seen).toEqual(paths.map((_, i) => i));
      await pool.close();
      pool = null;
    }
  });
});

describe('a thread started before the build knows what it renders', () => {
  it('checks the output, then renders what it is given, told what to load or not', async () => {
    const root = folderWithA();
    for (const told of [undefined, 'templates', 'eleventy'] as const) {
      const staging = tempDir('news-archive-pool-staging-');
      pool = createRenderPool(2, staging, new FolderWriter(staging), { startWith: 1, later: true });
      expect(await pool.untouched(holding(root, 'a'), true)).toBe(true);
      if (told !== undefined) pool.load(told);
      expect(await pool.untouched(holding(root, 'b'))).toBe(false);
      const result = await pool.run(jobOf('page'));
      expect(result.written.map((file) => file.path)).toEqual(['page/robots.txt']);
      expect(existsSync(path.join(staging, 'page', 'robots.txt'))).toBe(true);
      await pool.close();
      pool = null;
    }
  });
});
