/**
 * The swap with a cache folder: the old output waits in `<output>.cache/trash-<pid>`
 * between the swap's two renames and is deleted as `deleting-<pid>` after them.
 * A build killed between the renames must not lose the previous site.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Staging } from '../../src/write.js';
import { tempDir } from '../site/helpers.js';

const DEAD = 999_999_998;

describe('Staging after a killed swap', () => {
  it('puts the previous site back from the trash when the build died between its two renames', async () => {
    const output = path.join(tempDir('news-archive-swap-'), 'site');
    mkdirSync(path.join(`${output}.cache`, `trash-${DEAD}`), { recursive: true });
    writeFileSync(path.join(`${output}.cache`, `trash-${DEAD}`, 'index.html'), 'previous site');
    const staging = await Staging.create(output, 4242, () => false);
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
    const staging = await Staging.create(output, 4242, () => false);
    expect(readFileSync(path.join(output, 'index.html'), 'utf8')).toBe('new site');
    expect(readdirSync(`${output}.cache`)).toEqual([]);
    await staging.abort();
  });

  it('commits by moving the old output aside and deleting it, leaving only the new site', async () => {
    const output = path.join(tempDir('news-archive-swap-'), 'site');
    mkdirSync(output);
    writeFileSync(path.join(output, 'old.html'), 'old');
    const staging = await Staging.create(output, 4242, () => false);
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
