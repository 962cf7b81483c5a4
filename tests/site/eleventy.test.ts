/**
 * renderBatch: Eleventy renders pages in bundles per pagination entry, and
 * every page comes back on its own path with exactly the text renderPage
 * makes for it, whatever the batch's size against the bundle size.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildArchive } from '../../src/model/archive.js';
import { PAGES_PER_ENTRY, renderBatch } from '../../src/render/eleventy.js';
import { eleventyTemplatePath } from '../../src/render/eleventy-paths.js';
import { renderPage, warmUp } from '../../src/render/pages.js';
import { FIXTURES, runCli, tempDir } from './helpers.js';
import { record } from './records.js';

const site = { title: 'T', basePath: '/', siteUrl: null, language: 'en', search: false };
const empty = mkdtempSync(path.join(os.tmpdir(), 'na-eleventy-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

const articles = Array.from({ length: 2 * PAGES_PER_ENTRY + 7 }, (_, i) =>
  record({ date: `2024-0${1 + (i % 3)}-1${i % 10}`, slug: `story-${i}`, place: i % 2 === 0 ? 'MOSCOW' : 'CAIRO' }),
);
const archive = buildArchive(articles, { site, homeLatest: 20, feedSize: 50, placePageSize: 50, sitemapLimit: 50_000 });

describe('renderBatch', () => {
  it.each([1, PAGES_PER_ENTRY - 1, PAGES_PER_ENTRY, PAGES_PER_ENTRY + 1, archive.pages.length])('returns each of %i pages, in order, as renderPage renders it', async (count) => {
    const pages = archive.pages.slice(0, count);
    expect(pages).toHaveLength(count);
    const files = await renderBatch(pages, site, empty);
    expect(files.map((f) => f.path)).toEqual(pages.map((p) => p.path));
    for (const [i, file] of files.entries()) {
      const text = file.bytes.toString('utf8');
      expect(text).toBe(renderPage(pages[i]!, site));
      expect(text.slice(0, 15).toLowerCase()).toBe('<!doctype html>');
    }
  });

  // A rebuild's few pages and its feeds and sitemaps are rendered by renderPage alone (a direct job): the same text.
  it('returns feeds, sitemaps and robots.txt, with pages, as renderPage renders them', async () => {
    const pages = [...archive.machineFiles, ...archive.pages.slice(0, 3)];
    expect(new Set(archive.machineFiles.map((f) => f.kind))).toEqual(new Set(['feed-atom', 'feed-json', 'sitemap', 'sitemap-index', 'robots']));
    const files = await renderBatch(pages, site, empty);
    expect(files.map((f) => f.path)).toEqual(pages.map((p) => p.path));
    for (const [i, file] of files.entries()) expect(file.bytes.toString('utf8')).toBe(renderPage(pages[i]!, site));
  });
});

describe("Eleventy's paths", () => {
  // 11ty/eleventy-utils#9: a folder beside another whose name starts with the other's was taken to be inside it.
  it('tells a folder whose name starts with another folder\'s from one inside it', () => {
    const paths = eleventyTemplatePath();
    expect(paths.startsWithSubPath('/srv/archive-site/a.11ty.js', '/srv/archive')).toBe(false);
    expect(paths.startsWithSubPath('/srv/archive/a.11ty.js', '/srv/archive')).toBe(true);
    expect(paths.startsWithSubPath('/srv/archive/a.11ty.js', '/srv/archive/')).toBe(true);
    expect(paths.stripLeadingSubPath('/srv/archive-site/a.11ty.js', '/srv/archive')).toBe('/srv/archive-site/a.11ty.js');
    expect(paths.stripLeadingSubPath('/srv/archive/x/a.11ty.js', '/srv/archive')).toBe('x/a.11ty.js');
    expect(paths.stripLeadingSubPath('./x/a.11ty.js', '.')).toBe('x/a.11ty.js');
  });

  it('builds a site into a folder whose name starts with the working folder\'s', () => {
    const parent = tempDir();
    const work = path.join(parent, 'archive');
    mkdirSync(work);
    const output = path.join(parent, 'archive-site');
    const result = runCli(['build', '--input', path.join(FIXTURES, 'basic'), '--output', output, '--no-search', '--no-cache', '--quiet'], { cwd: work });
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(`${output}.report.json`, 'utf8')) as { pages: number; rendered: Record<string, string> };
    expect(report.pages).toBeGreaterThan(10);
    for (const url of Object.values(report.rendered)) expect(existsSync(path.join(output, url, 'index.html')), url).toBe(true);
  });
});

describe('the warm-up a rebuild\'s render thread runs while it waits', () => {
  it('renders a whole article page and both feeds of its made-up article, escaped', () => {
    const [page, atom, json] = warmUp() as [string, string, string];
    expect(page).toContain('<h1');
    expect(page).toContain('A made-up article');
    expect(page).toContain('&#x26;');
    expect(page).not.toContain('<angle brackets>');
    expect(page).toContain('Xinhua/A. B.');
    expect(atom).toContain('<feed');
    expect(atom).toContain('https://warm-up.invalid/2000/01/01/a-made-up-article/');
    expect((JSON.parse(json) as { items: unknown[] }).items).toHaveLength(1);
  });
});
