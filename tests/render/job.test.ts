/**
 * A render job and the previous output: a page rendered again whose bytes
 * are the previous file's is linked from it (in place, left where it is);
 * any other is written. The manifest records a page's length, and the job
 * compares the bytes with the file's own when the lengths agree, so a file
 * changed since the last build is written again even when its length is
 * what the manifest says.
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SiteInfo } from '../../src/model/types.js';
import { bytesTag, runRenderJob, type RenderJob } from '../../src/render/job.js';
import { pageBytes } from '../../src/render/pages.js';
import { FolderWriter } from '../../src/write.js';
import { tempDir } from '../site/helpers.js';

const site: SiteInfo = { title: 'Archive', basePath: '/', siteUrl: null, language: 'en', search: false };
const robots = { kind: 'robots', path: 'robots.txt', url: '/robots.txt', sitemapUrl: '/sitemap.xml' } as const;
const bytes = pageBytes(robots, site);

/** A previous output holding `robots.txt` with `content`, and an empty staging folder. */
function setUp(content: Uint8Array): { previousFile: string; staging: string } {
  const root = tempDir('news-archive-job-');
  mkdirSync(path.join(root, 'previous'));
  mkdirSync(path.join(root, 'staging'));
  const previousFile = path.join(root, 'previous', 'robots.txt');
  writeFileSync(previousFile, content);
  return { previousFile, staging: path.join(root, 'staging') };
}

function jobWith(previousFile: string, hash: string, inPlace = false): RenderJob {
  return { pages: [robots], site, eleventyInput: '', previous: { 'robots.txt': { file: previousFile, hash } }, direct: true, ...(inPlace ? { inPlace } : {}) };
}

describe('a render job over a previous output', () => {
  it('records a page by the length of its bytes', async () => {
    const { previousFile, staging } = setUp(bytes);
    const result = await runRenderJob({ ...jobWith(previousFile, bytesTag(bytes)), previous: {} }, new FolderWriter(staging));
    expect(result.written).toEqual([{ path: 'robots.txt', hash: `=${bytes.length}`, linked: false }]);
    expect(readFileSync(path.join(staging, 'robots.txt'))).toEqual(bytes);
  });

  it('links a page whose bytes are the previous file\'s', async () => {
    const { previousFile, staging } = setUp(bytes);
    const result = await runRenderJob(jobWith(previousFile, bytesTag(bytes)), new FolderWriter(staging));
    expect(result.written).toEqual([{ path: 'robots.txt', hash: bytesTag(bytes), linked: true }]);
    expect(statSync(path.join(staging, 'robots.txt')).ino).toBe(statSync(previousFile).ino);
  });

  it('writes a page whose previous file was changed since, to bytes of the same length', async () => {
    const changed = Buffer.from(bytes);
    changed[0] = changed[0] === 0x55 ? 0x56 : 0x55;
    const { previousFile, staging } = setUp(changed);
    const result = await runRenderJob(jobWith(previousFile, bytesTag(bytes)), new FolderWriter(staging));
    expect(result.written).toEqual([{ path: 'robots.txt', hash: bytesTag(bytes), linked: false }]);
    expect(readFileSync(path.join(staging, 'robots.txt'))).toEqual(bytes);
    expect(statSync(path.join(staging, 'robots.txt')).ino).not.toBe(statSync(previousFile).ino);
  });

  it('writes a page whose previous file is gone, or was recorded with another length', async () => {
    for (const [content, hash] of [[bytes, bytesTag(Buffer.concat([bytes, Buffer.from('\n')]))], [bytes, 'a-sha1-of-an-earlier-manifest']] as const) {
      const { previousFile, staging } = setUp(content);
      const result = await runRenderJob(jobWith(previousFile, hash), new FolderWriter(staging));
      expect(result.written[0]?.linked).toBe(false);
    }
    const { previousFile, staging } = setUp(bytes);
    const result = await runRenderJob(jobWith(`${previousFile}.gone`, bytesTag(bytes)), new FolderWriter(staging));
    expect(result.written[0]?.linked).toBe(false);
    expect(readFileSync(path.join(staging, 'robots.txt'))).toEqual(bytes);
  });

  it('in place, leaves a file whose bytes are the page\'s and writes the page under its staged name otherwise', async () => {
    const same = setUp(bytes);
    const kept = await runRenderJob(jobWith(same.previousFile, bytesTag(bytes), true), new FolderWriter(same.staging));
    expect(kept.written[0]?.linked).toBe(true);
    expect(readdirSync(same.staging)).toEqual([]);
    const changed = Buffer.from(bytes);
    changed[changed.length - 1] = 0x20;
    const other = setUp(changed);
    const written = await runRenderJob(jobWith(other.previousFile, bytesTag(bytes), true), new FolderWriter(other.staging));
    expect(written.written[0]?.linked).toBe(false);
    expect(readdirSync(other.staging)).toHaveLength(1);
  });
});
