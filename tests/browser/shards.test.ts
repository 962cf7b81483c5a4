/**
 * Search over an index written in several date shards, as large archives
 * are: newest-first results read across shards in date order, filter counts
 * summed over shards, "More results" continuing the same order.
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../src/bench/corpus.js';
import { loadCorpus } from '../../src/corpus.js';
import { buildSearchIndex } from '../../src/search/index.js';
import { buildSiteFrom, launchChromium, searchSettled } from './helpers.js';
import { serveStatic, type StaticServer } from './server.js';

describe('search across shards', () => {
  let work: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let shards: number;
  let site: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'news-archive-shards-'));
    const input = path.join(work, 'corpus');
    await generateCorpus(input, 150);
    site = buildSiteFrom(input, '/archive/');
    // The same indexer as the build, with shards small enough that every query spans several.
    const { articles } = await loadCorpus(input);
    const stats = await buildSearchIndex(articles, site, { basePath: '/archive/', maxShardArticles: 20 });
    shards = stats.shards.length;
    server = await serveStatic(site, '/archive/');
    browser = await launchChromium();
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(work, { recursive: true, force: true });
    if (site) await rm(path.dirname(site), { recursive: true, force: true });
  });

  async function shown(): Promise<Array<{ date: string; href: string }>> {
    return page.locator('[data-search-results] > li').evaluateAll((items) =>
      items.map((li) => ({ date: li.querySelector('time')?.getAttribute('datetime') ?? '', href: li.querySelector('h2 a')?.getAttribute('href') ?? '' })),
    );
  }

  function optionCounts(texts: string[]): number {
    return texts.slice(1).reduce((sum, text) => sum + Number(/\((\d+)\)$/.exec(text)?.[1] ?? 0), 0);
  }

  it('lists newest first across shards, page after page, with counts summed over shards', async () => {
    expect(shards).toBeGreaterThanOrEqual(7);
    await page.goto(`${server.url}search/?q=percent`);
    const status = await searchSettled(page);
    const total = Number(/^(\d+) articles match/.exec(status)?.[1]);
    expect(total).toBeGreaterThan(45);
    expect(optionCounts(await page.locator('#search-year option').allTextContents())).toBe(total);
    expect(optionCounts(await page.locator('#search-place option').allTextContents())).toBe(total);

    expect(await page.locator('[data-search-results] > li').count()).toBe(20);
    await page.getByRole('button', { name: 'More results' }).click();
    await expect.poll(() => page.locator('[data-search-results] > li').count()).toBe(40);
    // The first new result takes the focus, so a keyboard reader goes on from there.
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.previousElementSibling === document.querySelectorAll('[data-search-results] > li')[19])).toBe(true);
    while (await page.getByRole('button', { name: 'More results' }).isVisible()) {
      const before = await page.locator('[data-search-results] > li').count();
      await page.getByRole('button', { name: 'More results' }).click();
      await expect.poll(() => page.locator('[data-search-results] > li').count()).toBeGreaterThan(before);
    }
    const results = await shown();
    expect(results).toHaveLength(total);
    expect(new Set(results.map((r) => r.href)).size).toBe(total);
    const dates = results.map((r) => r.date);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(results.every((r) => r.href.startsWith('/archive/'))).toBe(true);
  });

  it('filters by year across shards and keeps date order', async () => {
    await page.goto(`${server.url}search/?q=percent&year=2019`);
    const status = await searchSettled(page);
    const total = Number(/^(\d+) articles? match/.exec(status)?.[1]);
    expect(total).toBeGreaterThan(0);
    while (await page.getByRole('button', { name: 'More results' }).isVisible()) await page.getByRole('button', { name: 'More results' }).click();
    await expect.poll(async () => (await shown()).length).toBe(total);
    const dates = (await shown()).map((r) => r.date);
    expect(dates.every((d) => d.startsWith('2019-'))).toBe(true);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('orders by best match across shards when asked, with the same results', async () => {
    await page.goto(`${server.url}search/?q=percent`);
    const newest = Number(/^(\d+)/.exec(await searchSettled(page))?.[1]);
    await page.locator('#search-sort').selectOption('relevance');
    await page.waitForURL((url) => url.search === '?q=percent&sort=relevance');
    const status = await searchSettled(page);
    expect(status).toBe(`${newest} articles match “percent”, best match first.`);
  });
});
