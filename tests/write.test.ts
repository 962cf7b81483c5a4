/** Where the build writes (src/write.ts): resolveInside, which every file written goes through. */
import fc from 'fast-check';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { refuseOutput, resolveInside } from '../src/write.js';
import { tempDir } from './site/helpers.js';

/** The reference: the path resolved, then held to the root. */
function resolvedAndChecked(root: string, rel: string): string {
  if (rel === '' || rel.includes('\0') || rel.includes('\\') || path.isAbsolute(rel)) throw new Error('not a plain relative path');
  const target = path.resolve(root, ...rel.split('/'));
  const back = path.relative(root, target);
  if (back === '' || back === '..' || back.startsWith('../') || path.isAbsolute(back)) throw new Error('outside the output folder');
  return target;
}

/** What a call gives: its path, or that it refused. */
function outcome(call: () => string): string {
  try {
    return call();
  } catch {
    return 'refused';
  }
}

const segment = fc.constantFrom('', '.', '..', '...', '.a', 'a.', 'a', 'index.html', '2024', 'x y', '%2e%2e', '\0', 'a\\b', 'é');
const rel = fc.oneof(
  fc.array(segment, { maxLength: 6 }).map((segments) => segments.join('/')),
  fc.array(segment, { minLength: 1, maxLength: 6 }).map((segments) => `/${segments.join('/')}`),
);
const root = fc.constantFrom('/tmp/site.staging-1', '/tmp/site.staging-1/', '/tmp/./site', '/tmp/x/../site', '/', 'site', './site', '../site', '/tmp/site with space');

describe('resolveInside', () => {
  it('gives what resolving the path and holding it to the root gives, for any path and root', () => {
    fc.assert(
      fc.property(root, rel, (r, p) => {
        expect(outcome(() => resolveInside(r, p))).toBe(outcome(() => resolvedAndChecked(r, p)));
      }),
      { numRuns: 3000 },
    );
  });

  it('joins a path of names to an absolute root, and refuses one that climbs out', () => {
    expect(resolveInside('/tmp/site', '2024/08/22/a-slug/index.html')).toBe('/tmp/site/2024/08/22/a-slug/index.html');
    expect(resolveInside('/tmp/site', '.../index.html')).toBe('/tmp/site/.../index.html');
    expect(resolveInside('/tmp/site', '..foo/index.html')).toBe('/tmp/site/..foo/index.html');
    expect(resolveInside('site', '..foo/index.html')).toBe(path.resolve('site', '..foo/index.html'));
    expect(() => resolveInside('/tmp/site', '2024/../../elsewhere/index.html')).toThrow(/outside the output folder/);
    expect(() => resolveInside('/tmp/site', '..')).toThrow(/outside the output folder/);
    expect(() => resolveInside('/tmp/site', '/etc/passwd')).toThrow(/not a plain relative path/);
  });
});

describe('refuseOutput', () => {
  it('refuses an output folder holding the input in a folder whose name starts with two dots', () => {
    const dir = tempDir('news-archive-write-');
    mkdirSync(path.join(dir, 'site', '..dispatches'), { recursive: true });
    expect(refuseOutput(path.join(dir, 'site'), path.join(dir, 'site', '..dispatches'), null)).toMatch(/it contains the input folder/);
    expect(refuseOutput(path.join(dir, 'site', '..dispatches', 'out'), path.join(dir, 'site', '..dispatches'), null)).toMatch(/inside the input folder/);
    expect(refuseOutput(path.join(dir, '..site'), path.join(dir, 'site'), null)).toBeNull();
  });
});

