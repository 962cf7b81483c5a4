/**
 * Leftovers of a killed build. The swap is two renames (output → `.old-<pid>`,
 * staging → output); a build killed between them leaves the previous site only
 * as `.old-<pid>`. The next build must put it back, not delete it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Staging } from '../../src/write.js';
import { tempDir } from '../site/helpers.js';

const DEAD = 999_999_999;

describe('Staging.create after a killed build', () => {
  it('puts the previous site back when the build died between its two renames', async () => {
    const dir = tempDir('news-archive-staging-');
    const output = path.join(dir, 'site');
    mkdirSync(`${output}.old-${DEAD}`);
    writeFileSync(path.join(`${output}.old-${DEAD}`, 'index.html'), 'previous site');
    mkdirSync(`${output}.staging-${DEAD}`);
    const staging = Staging.create(output, 4242, () => false);
    expect(readFileSync(path.join(output, 'index.html'), 'utf8')).toBe('previous site');
    expect(readdirSync(dir).sort()).toEqual(['site', 'site.staging-4242']);
    await staging.abort();
    expect(readdirSync(dir)).toEqual(['site']);
  });

  it('removes a dead build\'s old copy when the output is in place', async () => {
    const dir = tempDir('news-archive-staging-');
    const output = path.join(dir, 'site');
    mkdirSync(output);
    writeFileSync(path.join(output, 'index.html'), 'new site');
    mkdirSync(`${output}.old-${DEAD}`);
    const staging = Staging.create(output, 4242, () => false);
    expect(existsSync(`${output}.old-${DEAD}`)).toBe(false);
    expect(readFileSync(path.join(output, 'index.html'), 'utf8')).toBe('new site');
    await staging.abort();
  });

  it('removes the half-written report of a build stopped while it wrote it', async () => {
    const dir = tempDir('news-archive-staging-');
    const output = path.join(dir, 'site');
    mkdirSync(output);
    writeFileSync(`${output}.report.json`, '{}\n');
    writeFileSync(`${output}.report.json.tmp-${DEAD}`, '{"status":');
    writeFileSync(`${output}.report.json.tmp-77`, '{"status":');
    const staging = Staging.create(output, 4242, (pid) => pid === 77);
    expect(readdirSync(dir).sort()).toEqual(['site', 'site.report.json', 'site.report.json.tmp-77', 'site.staging-4242']);
    await staging.abort();
  });

  it('leaves a live build\'s folders alone', async () => {
    const dir = tempDir('news-archive-staging-');
    const output = path.join(dir, 'site');
    mkdirSync(`${output}.staging-77`);
    mkdirSync(`${output}.old-77`);
    const staging = Staging.create(output, 4242, (pid) => pid === 77);
    expect(readdirSync(dir).sort()).toEqual(['site.old-77', 'site.staging-4242', 'site.staging-77']);
    await staging.abort();
  });
});
