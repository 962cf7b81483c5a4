/**
 * The swap with a cache folder: the old output waits in `<output>.cache/trash-<pid>`
 * between the swap's two renames and is deleted as `deleting-<pid>` after them.
 * A build killed between the renames must not lose the previous site.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../src/commands/build.js';
import { Staging } from '../../src/write.js';
import { tempDir } from '../site/helpers.js';

const DEAD = 999_999_998;

describe('Staging after a killed swap', () => {
  it('puts the previous site back from the trash when the build died between its two renames', async () => {
    const output = path.join(tempDir('news-archive-swap-'), 'site');
    mkdirSync(path.join(`${output}.cache`, `trash-${DEAD}`), { recursive: true });
    writeFileSync(path.join(`${output}.cache`, `trash-${DEAD}`, 'index.html'), 'previous site');
    const staging = Staging.create(output, 4242, () => false);
    expect(readFileSync(path.join(output, 'index.html'), 'utf8')).toBe('previous site');
    expect(readdirSync(`${output}.cache`)).toEqual([]);
    await staging.abort();
  });

  it('deletes the trash when the swap completed, and a replaced output left being deleted', async () => {
    const output = path.join(tempDir('news-archive-swap-'), 'site');
    mkdirSync(output);
    writeFileSync(path.join(output, 'index.html'), 'new site');
    mkdirSync(path.join(`${output}.cache`, `trash-${DEAD}`), { recursive: true });
    mkdirSync(path.join(`${output}.cache`, `deleting-${DEAD + 1}`), { recursive: true });
    const staging = Staging.create(output, 4242, () => false);
    expect(readFileSync(path.join(output, 'index.html'), 'utf8')).toBe('new site');
    expect(readdirSync(`${output}.cache`)).toEqual([]);
    await staging.abort();
  });

  it('leaves a replaced output to the process deleting it while that process runs', async () => {
    const output = path.join(tempDir('news-archive-swap-'), 'site');
    mkdirSync(output);
    const LIVE = DEAD + 2;
    mkdirSync(path.join(`${output}.cache`, `deleting-${LIVE}`), { recursive: true });
    mkdirSync(path.join(`${output}.cache`, `deleting-${DEAD}`), { recursive: true });
    const staging = Staging.create(output, 4242, (pid) => pid === LIVE);
    expect(readdirSync(`${output}.cache`)).toEqual([`deleting-${LIVE}`]);
    await staging.abort();
  });

  it('hands the old output to a process of its own, named after it, which deletes it', async () => {
    const cache = path.join(tempDir('news-archive-swap-'), 'site.cache');
    const doomed = path.join(cache, `deleting-${DEAD}`);
    mkdirSync(path.join(doomed, '2024', '01', '02', 'a'), { recursive: true });
    writeFileSync(path.join(doomed, '2024', '01', '02', 'a', 'index.html'), 'old');
    await buildContext(process.cwd(), path.join(process.cwd(), 'src', 'commands')).removeLater(doomed);
    // Renamed at once, before the process has started: a build starting meanwhile sees whose it is.
    const named = readdirSync(cache);
    expect(named).toHaveLength(1);
    expect(named[0]).toMatch(/^deleting-\d+$/);
    expect(named[0]).not.toBe(`deleting-${DEAD}`);
    expect(named[0]).not.toBe(`deleting-${process.pid}`);
    for (let waited = 0; readdirSync(cache).length > 0 && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readdirSync(cache)).toEqual([]);
  });

  it('commits by moving the old output aside and deleting it, leaving only the new site', async () => {
    const output = path.join(tempDir('news-archive-swap-'), 'site');
    mkdirSync(output);
    writeFileSync(path.join(output, 'old.html'), 'old');
    const staging = Staging.create(output, 4242, () => false);
    await staging.write([{ path: 'index.html', content: 'new' }]);
    const deleted: string[] = [];
    await staging.commit(4242, async (folder) => {
      deleted.push(path.basename(folder));
      expect(readFileSync(path.join(folder, 'old.html'), 'utf8')).toBe('old');
    });
    expect(deleted).toEqual(['deleting-4242']);
    expect(readFileSync(path.join(output, 'index.html'), 'utf8')).toBe('new');
    expect(existsSync(path.join(output, 'old.html'))).toBe(false);
  });
});
