/**
 * Never half-written: a 2,000-article build over a previous site is killed
 * with SIGKILL at seeded random moments. Afterwards the output folder is
 * byte-identical either to what it was before (killed before the swap) or to
 * a complete build of the new input (killed after it), never a mix; what the
 * killed build left beside it does not confuse the next build, which succeeds
 * and removes it.
 *
 * The moments are drawn from [0, 1.1 × the duration of one complete build):
 * the duration is measured only to spread the kills over the build's phases,
 * never asserted.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../src/bench/corpus.js';
import { createRandom } from '../../src/bench/random.js';
import { CLI, FIXTURES, listFiles, requireCompiled, ROOT, runCli, tempDir } from '../site/helpers.js';

const KILLS = 4;

function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex')]));
}

function same(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([f, h]) => b.get(f) === h);
}

/** Starts a build and kills it after `delay` ms (or lets it finish first); resolves when it has exited. */
function buildAndKill(args: string[], delay: number): Promise<{ pid: number; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: 'ignore' });
    let killed = false;
    const timer = setTimeout(() => {
      killed = child.exitCode === null && child.kill('SIGKILL');
    }, delay);
    child.once('error', reject);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve({ pid: child.pid ?? -1, killed });
    });
  });
}

let dir: string;
let big: string;
let out: string;
let complete: Map<string, string>;
let duration: number;

beforeAll(async () => {
  requireCompiled();
  dir = tempDir('news-archive-kill-');
  big = path.join(dir, 'big');
  await generateCorpus(big, 2000, 'kill-test');
  // A complete build of the new input elsewhere: what the output must be if a kill comes too late.
  const reference = path.join(dir, 'reference');
  const t0 = Date.now();
  expect(runCli(['build', '--input', big, '--output', reference, '--quiet']).status).toBe(0);
  duration = Date.now() - t0;
  complete = snapshot(reference);
  out = path.join(dir, 'site');
  expect(runCli(['build', '--input', path.join(FIXTURES, 'basic'), '--output', out, '--quiet']).status).toBe(0);
}, 600_000);

describe('a build killed at random moments', () => {
  it('leaves the previous site or the complete new one, never a mix, and the next build cleans up', async () => {
    const random = createRandom('kill-moments');
    const outcomes: string[] = [];
    for (let k = 0; k < KILLS; k++) {
      const before = snapshot(out);
      const delay = Math.floor(random.next() * duration * 1.1);
      const { killed } = await buildAndKill(['build', '--input', big, '--output', out, '--quiet'], delay);
      const after = snapshot(out);
      const kept = same(after, before);
      const replaced = same(after, complete);
      outcomes.push(`${delay} ms: ${killed ? 'killed' : 'finished'}, ${kept ? 'previous site' : replaced ? 'new site' : 'MIXED'}`);
      expect(kept || replaced, outcomes.join('; ')).toBe(true);
      if (!killed) expect(replaced).toBe(true);
    }
    console.log(`kill moments over a ${duration} ms build: ${outcomes.join('; ')}`);
    // The next build succeeds, writes the complete site and leaves nothing of the killed ones.
    expect(runCli(['build', '--input', big, '--output', out, '--quiet']).status).toBe(0);
    expect(same(snapshot(out), complete)).toBe(true);
    const leftovers = readdirSync(dir).filter((n) => /^site\.(?:staging|old)-\d+$/.test(n));
    expect(leftovers).toEqual([]);
  }, 600_000);
});
