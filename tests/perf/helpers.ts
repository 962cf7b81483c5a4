/** What the perf tests share: a generated corpus, and a build without search through the real CLI, read back through its report. */
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { generateCorpus } from '../../src/bench/corpus.js';
import type { BuildReport } from '../../src/commands/build.js';
import { requireCompiled, runCli, tempDir } from '../site/helpers.js';

/** Builds `input` into `output` without a search index; expects a quiet success and returns the report. */
export function build(input: string, output: string, ...extra: string[]): BuildReport {
  const result = runCli(['build', '--input', input, '--output', output, '--no-search', '--quiet', ...extra]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(readFileSync(`${output}.report.json`, 'utf8')) as BuildReport;
}

/** A report's text without what depends on the run: timings, cache counters, how the rebuild went and the output folder. */
export function comparableReport(text: string): string {
  const { phases: _p, totalMs: _t, cache: _c, records: _r, edited: _e, output: _o, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return JSON.stringify(rest, null, 2);
}

/** A generated bench corpus of `articles` dispatches in a new temporary folder, and its files (relative paths, sorted). */
export async function perfCorpus(prefix: string, articles: number, seed: string): Promise<{ corpus: string; files: string[] }> {
  requireCompiled();
  const corpus = path.join(tempDir(prefix), 'corpus');
  await generateCorpus(corpus, articles, seed);
  const files = readdirSync(corpus, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.txt')).sort();
  return { corpus, files };
}

/** A copy of `corpus` in a new temporary folder and an output built from it once with `buildOnce`. */
export function builtCopy(corpus: string, buildOnce: (input: string, output: string) => unknown = build): { input: string; output: string } {
  const input = path.join(tempDir(), 'input');
  cpSync(corpus, input, { recursive: true });
  const output = path.join(tempDir(), 'site');
  buildOnce(input, output);
  return { input, output };
}
