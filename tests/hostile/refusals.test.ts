/**
 * Output folders the build refuses, beyond tests/site/safety.test.ts: the
 * input reached through a link or a path with `..`, a parent reached through
 * a link, `/` spelled another way, the project root as `.`. Nothing is touched.
 */
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireCompiled, ROOT, runCli, tempDir } from '../site/helpers.js';

function state(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const child = rel === '' ? name : `${rel}/${name}`;
      out.push(child);
      try {
        walk(child);
      } catch {
        // a file
      }
    }
  };
  walk('');
  return out;
}

describe('refused output folders (exit 2, one line on stderr, nothing written)', () => {
  const cases: [string, (dir: string) => { output: string; cwd?: string }][] = [
    ['the input through a symbolic link', (dir) => {
      symlinkSync(path.join(dir, 'in'), path.join(dir, 'link-to-in'));
      return { output: path.join(dir, 'link-to-in') };
    }],
    ['the input spelled with ..', (dir) => ({ output: path.join(dir, 'in', 'sub', '..') })],
    ['a parent of the input through a symbolic link', (dir) => {
      symlinkSync(dir, path.join(dir, 'in', 'up'));
      return { output: path.join(dir, 'in', 'up') };
    }],
    ['the file-system root spelled /..', () => ({ output: '/..' })],
    ['the project root as .', () => ({ output: '.', cwd: ROOT })],
  ];
  for (const [name, setup] of cases) {
    it(name, () => {
      requireCompiled();
      const dir = tempDir('news-archive-refuse-');
      mkdirSync(path.join(dir, 'in', 'sub'), { recursive: true });
      writeFileSync(path.join(dir, 'in', 'a.txt'), ' date 2024-01-02 Headline\n\nBEIJING, Jan. 2 (Xinhua) -- Text.\n');
      const { output, cwd } = setup(dir);
      const before = state(dir);
      const projectBefore = readdirSync(ROOT).sort();
      const result = runCli(['build', '--input', path.join(dir, 'in'), '--output', output, '--no-search'], cwd === undefined ? {} : { cwd });
      expect(result.status).toBe(2);
      const lines = result.stderr.split('\n').filter((l) => l !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^news-archive build: refusing /);
      expect(state(dir)).toEqual(before);
      expect(readdirSync(ROOT).sort()).toEqual(projectBefore);
      expect(readFileSync(path.join(dir, 'in', 'a.txt'), 'utf8')).toContain('Headline');
    });
  }
});
