/**
 * Whole-file writes (src/atomic.ts): a file is replaced by a new one renamed
 * over it or into its place, never written in place, and a failed write
 * leaves no temporary file behind.
 */
import { linkSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCacheFile, writeFileAtomic } from '../src/atomic.js';
import { tempDir } from './site/helpers.js';

describe.each([
  ['writeFileAtomic', writeFileAtomic],
  ['writeCacheFile', writeCacheFile],
])('%s', (_name, write) => {
  it('writes a file, and replaces one with a new file rather than writing into it', () => {
    const folder = tempDir('news-archive-atomic-');
    const file = path.join(folder, 'manifest.json');
    write(file, 'first', 4242);
    expect(readFileSync(file, 'utf8')).toBe('first');
    // A link to the old file keeps the old bytes: the name now belongs to another file.
    linkSync(file, path.join(folder, 'old'));
    write(file, [Buffer.from('sec'), Buffer.from('ond')], 4242);
    expect(readFileSync(file, 'utf8')).toBe('second');
    expect(readFileSync(path.join(folder, 'old'), 'utf8')).toBe('first');
    expect(statSync(file).ino).not.toBe(statSync(path.join(folder, 'old')).ino);
    expect(readdirSync(folder).sort()).toEqual(['manifest.json', 'old']);
  });

  it('leaves no temporary file when the write fails', () => {
    const folder = tempDir('news-archive-atomic-');
    // A folder where the file would go: the rename fails.
    const file = path.join(folder, 'taken');
    mkdirSync(file);
    writeFileSync(path.join(file, 'inside'), 'kept');
    expect(() => write(file, 'bytes', 4242)).toThrow();
    expect(readdirSync(folder)).toEqual(['taken']);
    expect(readFileSync(path.join(file, 'inside'), 'utf8')).toBe('kept');
  });
});
