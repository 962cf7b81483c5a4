/**
 * The build under faults and misuse: --strict writes nothing, a killed build
 * keeps the previous site, dangerous output folders are refused, bad usage
 * exits 2.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch, FIXTURES, listFiles, requireCompiled, runCli, startCli, tempDir } from './helpers.js';

const INPUT = path.join(FIXTURES, 'basic');

function snapshot(dir: string): Map<string, Buffer> {
  return new Map(listFiles(dir).map((f) => [f, readFileSync(path.join(dir, f))]));
}

describe('--strict', () => {
  it('fails with exit 1 when any file has an error, and writes no site', () => {
    requireCompiled();
    const out = path.join(tempDir(), 'site');
    const result = runCli(['build', '--input', INPUT, '--output', out, '--strict', '--no-search']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/broken\.txt:1:1 {2}error/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(path.dirname(out)).filter((n) => n.includes('staging'))).toEqual([]);
    const report = JSON.parse(readFileSync(`${out}.report.json`, 'utf8'));
    expect(report).toMatchObject({ status: 'failed', errors: 1, pages: 0 });
  });

  it('builds with exit 0 when no file has an error', () => {
    const input = path.join(tempDir(), 'clean');
    mkdirSync(input);
    cpSync(path.join(INPUT, 'nairobi.txt'), path.join(input, 'nairobi.txt'));
    const out = path.join(tempDir(), 'site');
    expect(runCli(['build', '--input', input, '--output', out, '--strict', '--no-search', '--quiet']).status).toBe(0);
    expect(existsSync(path.join(out, '2024/01/09/kenya-launches-new-solar-power-plant/index.html'))).toBe(true);
  });
});

describe('a build that is killed', () => {
  it('leaves the previous site exactly as it was, and the next build cleans up after it', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'site');
    expect(runCli(['build', '--input', INPUT, '--output', out, '--no-search', '--quiet']).status).toBe(0);
    const before = snapshot(out);

    const big = path.join(dir, 'big');
    mkdirSync(big);
    for (let i = 0; i < 3000; i++) {
      const date = `2022-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
      writeFileSync(path.join(big, `d${i}.txt`), dispatch(date, `Report number ${i} on trade`, 'LONDON', `Paragraph ${i} of the report.`));
    }
    const child = startCli(['build', '--input', big, '--output', out, '--no-search', '--quiet']);
    const staging = `${out}.staging-${child.pid}`;
    // Kill as soon as the staging folder has pages in it: mid-build, before any swap.
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (existsSync(path.join(staging, '2022'))) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        } else if (Date.now() - started > 60_000 || child.exitCode !== null) {
          clearInterval(poll);
          reject(new Error('the build never started writing pages'));
        }
      }, 5);
    });
    await new Promise((resolve) => child.once('exit', resolve));
    expect(snapshot(out)).toEqual(before);
    expect(existsSync(staging)).toBe(true);

    // The next build removes the dead build's staging folder.
    expect(runCli(['build', '--input', INPUT, '--output', out, '--no-search', '--quiet']).status).toBe(0);
    expect(existsSync(staging)).toBe(false);
    expect(snapshot(out)).toEqual(before);
  });
});

describe('refusing dangerous output folders (exit 2, nothing touched)', () => {
  const cases: [string, (dir: string) => { input: string; output: string; cwd?: string }][] = [
    ['the input folder itself', (dir) => ({ input: path.join(dir, 'in'), output: path.join(dir, 'in') })],
    ['a parent of the input folder', (dir) => ({ input: path.join(dir, 'in'), output: dir })],
    ['a folder inside the input', (dir) => ({ input: path.join(dir, 'in'), output: path.join(dir, 'in', 'site') })],
    ['the project root', (dir) => {
      const elsewhere = path.join(tempDir(), 'in');
      cpSync(path.join(INPUT, 'nairobi.txt'), path.join(elsewhere, 'nairobi.txt'));
      return { input: elsewhere, output: dir, cwd: dir };
    }],
    ['the file-system root', (dir) => ({ input: path.join(dir, 'in'), output: '/' })],
    ['a non-empty folder not built by news-archive', (dir) => ({ input: path.join(dir, 'in'), output: path.join(dir, 'docs') })],
  ];
  for (const [name, setup] of cases) {
    it(name, () => {
      const dir = tempDir();
      mkdirSync(path.join(dir, 'in'));
      cpSync(path.join(INPUT, 'nairobi.txt'), path.join(dir, 'in', 'nairobi.txt'));
      mkdirSync(path.join(dir, 'docs'));
      writeFileSync(path.join(dir, 'docs', 'thesis.txt'), 'precious');
      writeFileSync(path.join(dir, 'package.json'), '{"name":"someone-elses-project"}');
      const before = snapshot(dir);
      const { input, output, cwd } = setup(dir);
      const result = runCli(['build', '--input', input, '--output', output, '--no-search'], cwd === undefined ? {} : { cwd });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/refusing/);
      expect(snapshot(dir)).toEqual(before);
    });
  }

  it('replaces an output folder it built before', () => {
    const out = path.join(tempDir(), 'site');
    expect(runCli(['build', '--input', INPUT, '--output', out, '--no-search', '--quiet']).status).toBe(0);
    writeFileSync(path.join(out, 'stray.html'), 'left from before');
    expect(runCli(['build', '--input', INPUT, '--output', out, '--no-search', '--quiet']).status).toBe(0);
    expect(existsSync(path.join(out, 'stray.html'))).toBe(false);
    expect(readdirSync(path.dirname(out)).sort()).toEqual(['site', 'site.cache', 'site.report.json']);
  });
});

describe('bad usage exits 2', () => {
  for (const args of [['--bogus'], ['--base-path', '/../x/'], ['--site-url', 'ftp://example.org'], ['--title', ''], ['extra-positional']]) {
    it(args.join(' '), () => {
      const out = path.join(tempDir(), 'site');
      const result = runCli(['build', '--input', INPUT, '--output', out, ...args]);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('usage: news-archive build');
      expect(existsSync(out)).toBe(false);
    });
  }

  it('a missing input folder', () => {
    const dir = tempDir();
    const result = runCli(['build', '--input', path.join(dir, 'nope'), '--output', path.join(dir, 'site')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/does not exist/);
  });
});

describe('place pagination', () => {
  it('numbers a place\'s pages of 50 from its oldest article, so a page shows the same articles once full; its own page shows the newest', () => {
    const dir = tempDir();
    const input = path.join(dir, 'in');
    mkdirSync(input);
    const write = (from: number, to: number): void => {
      for (let i = from; i < to; i++) {
        const date = `2021-${String(Math.floor(i / 28) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
        writeFileSync(path.join(input, `a${String(i).padStart(3, '0')}.txt`), dispatch(date, `Story ${i} from Lima`, 'LIMA', `Text ${i}.`));
      }
    };
    const out = path.join(dir, 'site');
    const build = (): void => {
      expect(runCli(['build', '--input', input, '--output', out, '--no-search', '--quiet']).status).toBe(0);
    };
    const page = (rel: string): string => readFileSync(path.join(out, 'places', 'lima', rel, 'index.html'), 'utf8');
    const stories = (html: string): number[] => [...html.matchAll(/Story (\d+) from Lima/g)].map((m) => Number(m[1]));
    write(0, 120);
    build();
    expect(listFiles(out).filter((f) => f.startsWith('places/lima/'))).toEqual([
      'places/lima/index.html',
      'places/lima/page/1/index.html',
      'places/lima/page/2/index.html',
    ]);
    const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => to - 1 - i);
    // Each newest first: the place's own page its newest 50 (some of them on page 2 as well), page 1 the oldest 50.
    expect(stories(page('.')).filter((n, i, all) => all.indexOf(n) === i)).toEqual(range(70, 120));
    expect(stories(page('page/1')).filter((n, i, all) => all.indexOf(n) === i)).toEqual(range(0, 50));
    expect(stories(page('page/2')).filter((n, i, all) => all.indexOf(n) === i)).toEqual(range(50, 100));
    expect(page('.')).toContain('120 articles, the latest 50 here, newest first');
    expect(page('.')).toMatch(/rel="next" href="\/places\/lima\/page\/2\/"/);
    expect(page('page/1')).toContain('Page 1: 50 articles from January 1, 2021 to February 22, 2021, newest first');
    expect(page('page/1')).toMatch(/rel="prev" href="\/places\/lima\/page\/2\/"/);
    expect(page('page/2')).toMatch(/rel="prev" href="\/places\/lima\/"/);
    expect(page('page/2')).toMatch(/rel="next" href="\/places\/lima\/page\/1\/"/);

    // Newer articles: the place's own page changes, its numbered pages do not until a new one fills.
    const before = { one: page('page/1'), two: page('page/2'), own: page('.') };
    write(120, 140);
    build();
    expect(page('page/1')).toBe(before.one);
    expect(page('page/2')).toBe(before.two);
    expect(page('.')).not.toBe(before.own);
    write(140, 150);
    build();
    expect(page('page/1')).toBe(before.one);
    expect(stories(page('page/3')).filter((n, i, all) => all.indexOf(n) === i)).toEqual(range(100, 150));
    // Page 2 now leads on to page 3 rather than to the place's own page, and shows the same articles.
    expect(page('page/2')).toMatch(/rel="prev" href="\/places\/lima\/page\/3\/"/);
    expect(stories(page('page/2'))).toEqual(stories(before.two));
  });
});
