import { existsSync } from 'node:fs';
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

  it('writes what is pending to disk before it starts the command, unless told not to', async () => {
    const settled = await measure('node', ['-e', '0']);
    const unsettled = await measure('node', ['-e', '0'], { settle: false });
    expect(settled.exitCode).toBe(0);
    expect(unsettled.settleMs).toBeNull();
    // `sync` is on every Linux this runs on (coreutils).
    if (existsSync('/bin/sync') || existsSync('/usr/bin/sync')) expect(settled.settleMs).toBeGreaterThanOrEqual(0);
    else expect(settled.settleMs).toBeNull();
  });

  it('reports the exit status and standard error of a failing command', async () => {
    const result = await measure('node', ['-e', 'console.error("broken on purpose"); process.exit(3)']);
    expect(result.exitCode).toBe(3);
    expect(result.stderrTail).toContain('broken on purpose');
  });
});
