/**
 * fileStat (src/cache/stats.ts): what a rebuild reads of every input file
 * and output folder. Read from Node's binding where it answers as `statSync`
 * does, it gives the numbers `statSync` gives, to the bit (the input stamps
 * and folder stamps of the last build were taken either way), and nothing
 * where `statSync` throws; pathStat and descriptorStat throw where
 * `statSync` and `fstatSync` do.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, fstatSync, mkdirSync, openSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { descriptorStat, fileStat, pathStat, statsFromBinding } from '../../src/cache/stats.js';
import { tempDir } from '../site/helpers.js';

/** What fileStat answers, as statSync answers it (undefined where it throws). */
function statSyncFields(file: string): unknown {
  try {
    const { size, mtimeMs, ctimeMs, ino, dev } = statSync(file);
    return { size, mtimeMs, ctimeMs, ino, dev };
  } catch {
    return undefined;
  }
}

describe('fileStat', () => {
  it("gives statSync's size, times, inode and device for files, folders and links, and nothing where statSync throws", () => {
    // Removed when the file's tests end (tests/setup.ts).
    const root = tempDir('news-archive-stats-');
    const file = path.join(root, 'a.txt');
    writeFileSync(file, 'some bytes\n');
    // Times with fractions of a millisecond, as file systems keep them.
    const odd = path.join(root, 'b.txt');
    writeFileSync(odd, '');
    utimesSync(odd, 1_700_000_000.123456, 1_712_345_678.987654);
    mkdirSync(path.join(root, 'folder'));
    symlinkSync(file, path.join(root, 'link.txt'));
    symlinkSync(path.join(root, 'gone.txt'), path.join(root, 'dangling.txt'));
    const paths = ['a.txt', 'b.txt', 'folder', 'link.txt', 'dangling.txt', 'missing.txt', 'a.txt/inside', '', 'a.txt\0.md'].map((name) => path.join(root, name));
    for (const at of paths) expect({ at, stat: fileStat(at) }).toEqual({ at, stat: statSyncFields(at) });
    expect(fileStat(path.join(root, 'missing.txt'))).toBeUndefined();
    expect(fileStat(file)!.size).toBe(11);
    // Open, as the loader reads a file: fstatSync's numbers; and its errors where fstatSync throws.
    const fd = openSync(odd, 'r');
    try {
      const { size, mtimeMs, ctimeMs, ino, dev } = fstatSync(fd);
      expect(descriptorStat(fd)).toEqual({ size, mtimeMs, ctimeMs, ino, dev });
    } finally {
      closeSync(fd);
    }
    expect(() => descriptorStat(fd)).toThrow(/EBADF/);
    expect(() => pathStat(path.join(root, 'missing.txt'))).toThrow(/ENOENT: no such file or directory, stat/);
  });

  it("reads Node's binding where it has one that answers as statSync does, and statSync where Node would warn of it", () => {
    const binding = (process as unknown as { binding?: (name: string) => { stat?: unknown } | undefined }).binding?.('fs');
    expect(statsFromBinding()).toBe(typeof binding?.stat === 'function');
    // Under --pending-deprecation, process.binding warns: statSync is used, and nothing is written to stderr.
    const module = new URL('../../dist/src/cache/stats.js', import.meta.url).href;
    const script = `import(${JSON.stringify(module)}).then((m) => { const s = m.fileStat(process.execPath); console.log(JSON.stringify([m.statsFromBinding(), s.size])); })`;
    const run = spawnSync(process.execPath, ['--pending-deprecation', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect({ stderr: run.stderr, status: run.status }).toEqual({ stderr: '', status: 0 });
    expect(JSON.parse(run.stdout)).toEqual([false, statSync(process.execPath).size]);
  });
});
