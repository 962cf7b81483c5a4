/** What the perf tests share: a build without search through the real CLI, read back through its report. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { BuildReport } from '../../src/commands/build.js';
import { runCli } from '../site/helpers.js';

/** Builds `input` into `output` without a search index; expects a quiet success and returns the report. */
export function build(input: string, output: string, ...extra: string[]): BuildReport {
  const result = runCli(['build', '--input', input, '--output', output, '--no-search', '--quiet', ...extra]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(readFileSync(`${output}.report.json`, 'utf8')) as BuildReport;
}
