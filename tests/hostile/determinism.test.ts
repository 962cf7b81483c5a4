/**
 * The same input gives byte-identical output whatever the file-system order,
 * time zone, locale and number of render threads: the hostile corpus (without
 * its multi-megabyte files) is created in opposite orders in two folders and
 * built under different TZ, LANG/LC_ALL and --jobs.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFiles, requireCompiled, runCli, tempDir } from '../site/helpers.js';
import { makeHostileCorpus } from './corpus.js';

/** The build takes a thread count when `build --help` lists --jobs. */
let jobsOption = false;

interface Outcome {
  status: number | null;
  stderr: string;
  files: Map<string, string>;
  report: Record<string, unknown>;
}

function buildIn(dir: string, reverse: boolean, env: NodeJS.ProcessEnv, extra: string[]): Outcome {
  const input = path.join(dir, 'input');
  makeHostileCorpus(input, { small: true, reverse });
  const out = path.join(dir, 'site');
  const result = runCli(['build', '--input', input, '--output', out, '--quiet', '--site-url', 'https://news.example.org', ...extra], { env });
  const files = new Map(listFiles(out).map((f) => [f, createHash('sha256').update(readFileSync(path.join(out, f))).digest('hex')]));
  const report = JSON.parse(readFileSync(`${out}.report.json`, 'utf8')) as Record<string, unknown>;
  // Where the build ran and how long it took are not output.
  for (const key of ['input', 'output', 'phases', 'totalMs', 'cache']) delete report[key];
  return { status: result.status, stderr: result.stderr, files, report };
}

let a: Outcome;
let b: Outcome;

beforeAll(() => {
  requireCompiled();
  jobsOption = runCli(['build', '--help']).stdout.includes('--jobs');
  a = buildIn(tempDir('news-archive-det-a-'), false, { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' }, jobsOption ? ['--jobs', '1'] : []);
  b = buildIn(tempDir('news-archive-det-b-'), true, { TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' }, jobsOption ? ['--jobs', '3'] : []);
}, 300_000);

describe('deterministic output', () => {
  it('both builds succeed', () => {
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    expect(a.files.size).toBeGreaterThan(50);
  });

  it('every output file is byte-identical across file-system order, TZ, locale' + (jobsOption ? ' and thread count' : ''), () => {
    expect([...b.files.keys()]).toEqual([...a.files.keys()]);
    const differ = [...a.files].filter(([f, hash]) => b.files.get(f) !== hash).map(([f]) => f);
    expect(differ).toEqual([]);
  });

  it('the report says the same, timings and paths aside', () => {
    expect(b.report).toEqual(a.report);
  });

  it('the stderr lines are the same, paths aside', () => {
    const norm = (s: string): string => s.replace(/[^\n]*news-archive-det-[ab]-[^/]*\//g, '');
    expect(norm(b.stderr)).toBe(norm(a.stderr));
  });
});
