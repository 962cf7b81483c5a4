/**
 * Exit codes and messages a script can rely on: 0 built (with warnings, and
 * with bad files left out), 1 errors under --strict or a failed build, 2 bad
 * usage; every line on stderr is one problem, `file:line:column  severity
 * message  rule-id`, or one `news-archive build: …` line about the build.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireCompiled, runCli, tempDir } from '../site/helpers.js';
import { makeHostileCorpus } from './corpus.js';

const DIAGNOSTIC = /^[^\n]+:\d+:\d+ {2}(?:error|warning) {2}.+ {2}[a-z]+(?:-[a-z0-9]+)*$/;

let input: string;

beforeAll(() => {
  requireCompiled();
  input = path.join(tempDir('news-archive-cli-'), 'input');
  makeHostileCorpus(input, { small: true });
});

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

describe('exit status and stderr', () => {
  it('0 with warnings and errors: every stderr line is one diagnostic', () => {
    const out = path.join(tempDir(), 'site');
    const r = runCli(['build', '--input', input, '--output', out, '--no-search']);
    expect(r.status).toBe(0);
    const err = lines(r.stderr);
    expect(err.length).toBeGreaterThan(10);
    for (const line of err) expect(line).toMatch(DIAGNOSTIC);
    const report = JSON.parse(readFileSync(`${out}.report.json`, 'utf8')) as { warnings: number; errors: number };
    expect(err.length).toBe(report.warnings + report.errors);
    expect(err.filter((l) => /  error  /.test(l)).length).toBeGreaterThan(5);
    expect(err.filter((l) => /  warning  /.test(l)).length).toBeGreaterThan(5);
    expect(lines(r.stdout)[0]).toMatch(/^built .+: \d+ input files, \d+ articles, \d+ pages \(\d+ rendered\), \d+ warnings, \d+ errors in [\d.]+ s$/);
  });

  it('--quiet prints the errors only', () => {
    const out = path.join(tempDir(), 'site');
    const r = runCli(['build', '--input', input, '--output', out, '--no-search', '--quiet']);
    expect(r.status).toBe(0);
    for (const line of lines(r.stderr)) expect(line).toMatch(/^[^\n]+:\d+:\d+ {2}error {2}/);
    expect(r.stdout).toBe('');
  });

  it('1 under --strict when any file has an error, and nothing is written', () => {
    const out = path.join(tempDir(), 'site');
    const r = runCli(['build', '--input', input, '--output', out, '--no-search', '--strict', '--quiet']);
    expect(r.status).toBe(1);
    for (const line of lines(r.stderr)) expect(line).toMatch(DIAGNOSTIC);
    expect(existsSync(out)).toBe(false);
  });

  it('1 when the build itself fails (the output cannot be created), with one line saying why', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a-file'), 'not a folder');
    const r = runCli(['build', '--input', input, '--output', path.join(dir, 'a-file', 'site'), '--no-search', '--quiet']);
    expect(r.status).toBe(1);
    const about = lines(r.stderr).filter((l) => !DIAGNOSTIC.test(l));
    expect(about.length).toBeGreaterThan(0);
    for (const line of about) expect(line).toMatch(/^news-archive build: /);
  });

  it('2 for bad usage, with the usage after one line saying what is wrong', () => {
    const r = runCli(['build', '--input', input, '--output', path.join(tempDir(), 'site'), '--no-such-option']);
    expect(r.status).toBe(2);
    expect(lines(r.stderr)[0]).toMatch(/^news-archive build: /);
    expect(r.stderr).toContain('usage: news-archive build');
  });
});
