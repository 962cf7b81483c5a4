import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measure } from '../../src/bench/measure.js';

const HOLD = (mb: number): string =>
  `const b = Buffer.alloc(${mb} * 2 ** 20, 1); setTimeout(() => b.length, 700);`;

describe('measure', () => {
  it('sums the memory of every process in the tree, not only the largest', async () => {
    // Two Node processes each holding 96 MB at the same time, under a shell.
    const result = await measure('sh', ['-c', `node -e "${HOLD(96)}" & node -e "${HOLD(96)}"; wait`]);
    expect(result.exitCode).toBe(0);
    expect(result.maxProcesses).toBeGreaterThanOrEqual(3);
    expect(result.peakRssBytes).toBeGreaterThan(2 * 96 * 2 ** 20);
    if (result.maxProcessRssBytes !== null) {
      expect(result.maxProcessRssBytes).toBeLessThan(2 * 96 * 2 ** 20);
      expect(result.cpuMs).not.toBeNull();
    }
  });

  it('reports the exit status and standard error of a failing command', async () => {
    const result = await measure('node', ['-e', 'console.error("broken on purpose"); process.exit(3)']);
    expect(result.exitCode).toBe(3);
    expect(result.stderrTail).toContain('broken on purpose');
  });

  it('flushes pending writes (sync) before the clock starts, unless told not to', async () => {
    // A `sync` of our own first on the PATH, which leaves a mark: the timed command finds it there when it starts.
    const dir = mkdtempSync(join(tmpdir(), 'measure-sync-'));
    const mark = join(dir, 'synced');
    writeFileSync(join(dir, 'sync'), `#!/bin/sh\necho flushed > '${mark}'\n`);
    chmodSync(join(dir, 'sync'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${dir}${delimiter}${path ?? ''}`;
    try {
      const timed = await measure('sh', ['-c', `cat '${mark}' >&2`]);
      expect(timed.stderrTail).toBe('flushed\n');
      rmSync(mark);
      const unflushed = await measure('sh', ['-c', 'true'], { flushFirst: false });
      expect(unflushed.exitCode).toBe(0);
      expect(existsSync(mark)).toBe(false);
    } finally {
      process.env.PATH = path;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
