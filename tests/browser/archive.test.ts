/**
 * The built archive in a real browser (Debian's Chromium), served by a plain
 * static file server, once at `/` and once built with `--base-path /archive/`
 * and served under /archive/: a reader's path through the dates and places,
 * search with filters and URLs that reproduce a search, accessibility with
 * axe-core and the keyboard, and screenshots at phone and desktop sizes.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureSite, launchChromium, screenshotPath, searchSettled, seriousViolations } from './helpers.js';
import { serveStatic, type StaticServer } from './server.js';

const MOUNTS = ['/', '/archive/'] as const;

for (const mount of MOUNTS) {
  describe(`the archive served at ${mount}`, () => {
    let site: string;
    let server: StaticServer;
    let browser: Browser;
    let context: BrowserContext;
    /** Requests that failed or answered 4xx/5xx, other than the deliberate 404 probes. */
    let broken: string[];
    /** An absolute URL for a root-relative path under the mount. */
    const at = (url: string) => `${server.url}${url.replace(/^\//, '')}`;
    const pathOf = (page: Page) => new URL(page.url()).pathname;

    async function open(url: string): Promise<Page> {
      const page = await context.newPage();
      page.on('dialog', (dialog) => {
        broken.push(`dialog opened: ${dialog.message()}`);
        void dialog.dismiss();
      });
      page.on('pageerror', (error) => broken.push(`page error: ${error.message}`));
      await page.goto(at(url));
      return page;
    }

    beforeAll(async () => {
      site = buildFixtureSite(mount);
      server = await serveStatic(site, mount);
      browser = await launchChromium();
      context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      broken = [];
      context.on('response', (response) => {
        if (response.status() >= 400 && !response.url().includes('no-such-page')) broken.push(`${response.status()} ${response.url()}`);
      });
      // A fetch cut short by leaving the page (net::ERR_ABORTED) is not a broken link.
      context.on('requestfailed', (request) => {
        if (request.failure()?.errorText !== 'net::ERR_ABORTED') broken.push(`failed ${request.url()}: ${request.failure()?.errorText}`);
      });
    });

    afterAll(async () => {
      await context?.close();
      await browser?.close();
      await server?.close();
      if (site) await rm(path.dirname(site), { recursive: true, force: true });
    });

    it("follows a reader's path: home, year, month, day, article, previous/next, place, home", async () => {
      const page = await open('/');
      const main = page.locator('main');
      await expect.poll(() => page.title()).toContain('Fixture Wire Archive');
      expect(await main.locator('.holdings').textContent()).toContain('8 articles');
      expect(await main.locator('.article-list li h2').first().textContent()).toBe('China, Kenya sign trade deal on avocados');

      await main.getByRole('link', { name: '2024', exact: true }).click();
      expect(pathOf(page)).toBe(`${mount}2024/`);
      expect(await page.locator('h1').textContent()).toBe('2024');
      expect(await main.locator('.holdings').textContent()).toContain('6 articles');

      await main.locator('.month-list').getByRole('link', { name: 'August' }).click();
      expect(pathOf(page)).toBe(`${mount}2024/08/`);
      expect(await page.locator('h1').textContent()).toBe('August 2024');
      expect(await main.locator('.holdings').textContent()).toContain('4 articles');

      await main.getByRole('link', { name: 'Thursday, August 22, 2024' }).click();
      expect(pathOf(page)).toBe(`${mount}2024/08/22/`);
      expect(await page.locator('h1').textContent()).toBe('Thursday, August 22, 2024');

      await main.getByRole('link', { name: "China opens high-speed rail link to Xiong'an" }).click();
      expect(pathOf(page)).toBe(`${mount}2024/08/22/china-opens-high-speed-rail-link-to-xiong-an/`);
      expect(await page.locator('h1').textContent()).toBe("China opens high-speed rail link to Xiong'an");
      expect(await page.locator('article time').getAttribute('datetime')).toBe('2024-08-22');
      expect(await page.locator('.article-body .dateline').textContent()).toBe('BEIJING, Aug. 22 (Xinhua) --');

      await page.locator('a[rel="next"]').click();
      expect(await page.locator('h1').textContent()).toBe('Brazilian coffee exports climb in July');
      await page.locator('a[rel="prev"]').click();
      expect(await page.locator('h1').textContent()).toBe("China opens high-speed rail link to Xiong'an");

      await page.locator('article header').getByRole('link', { name: 'BEIJING' }).click();
      expect(pathOf(page)).toBe(`${mount}places/beijing/`);
      expect(await page.locator('h1').textContent()).toBe('BEIJING');
      expect(await main.locator('.article-list h2').allTextContents()).toEqual(['China, Kenya sign trade deal on avocados', "China opens high-speed rail link to Xiong'an"]);

      await page.locator('.site-title a').click();
      expect(pathOf(page)).toBe(mount);
      expect(await main.locator('.article-list li').count()).toBe(8);
      expect(broken).toEqual([]);
      await page.close();
    });

    it('searches from the masthead, filters by year, follows a result and comes back', async () => {
      const page = await open('/2023/');
      await page.locator('#masthead-q').fill('okapi');
      await page.locator('#masthead-q').press('Enter');
      await page.waitForURL((url) => url.pathname === `${mount}search/`);
      expect(new URL(page.url()).search).toBe('?q=okapi');
      expect(await searchSettled(page)).toBe('2 articles match “okapi”, newest first.');
      const results = page.locator('[data-search-results] > li');
      expect(await results.locator('h2').allTextContents()).toEqual(['Okapi calves born at Kenyan sanctuary', 'Kenya opens first okapi sanctuary in western forest']);
      expect(await results.first().locator('time').textContent()).toBe('January 9, 2024');
      expect(await results.first().locator('.place').textContent()).toBe('NAIROBI');
      expect((await results.first().locator('mark').allTextContents()).map((t) => t.toLowerCase())).toContain('okapi');
      expect(await page.locator('#search-year option').allTextContents()).toEqual(['All years', '2024 (1)', '2023 (1)']);
      expect(await page.locator('#search-place option').allTextContents()).toEqual(['All places', 'NAIROBI (2)']);
      expect(await page.locator('#search-agency option').allTextContents()).toEqual(['All agencies', 'AP (1)', 'Xinhua (1)']);

      await page.locator('#search-year').selectOption('2023');
      await page.waitForURL((url) => url.search === '?q=okapi&year=2023');
      expect(await searchSettled(page)).toBe('1 article matches “okapi” in 2023, newest first.');
      expect(await results.locator('h2').allTextContents()).toEqual(['Kenya opens first okapi sanctuary in western forest']);

      await results.first().locator('h2 a').click();
      expect(pathOf(page)).toBe(`${mount}2023/03/14/kenya-opens-first-okapi-sanctuary-in-western-forest/`);
      expect(await page.locator('h1').textContent()).toBe('Kenya opens first okapi sanctuary in western forest');

      await page.goBack();
      expect(await searchSettled(page)).toBe('1 article matches “okapi” in 2023, newest first.');
      expect(await page.locator('#search-q').inputValue()).toBe('okapi');
      await page.goBack();
      expect(await searchSettled(page)).toBe('2 articles match “okapi”, newest first.');
      expect(await page.locator('#search-year').inputValue()).toBe('');
      expect(broken).toEqual([]);
      await page.close();
    });

    it('says so when nothing matches', async () => {
      const page = await open('/search/');
      await page.locator('#search-q').fill('zyzzyva');
      await page.locator('#search-q').press('Enter');
      expect(await searchSettled(page)).toBe('No articles match “zyzzyva”.');
      expect(await page.locator('[data-search-results] > li').count()).toBe(0);
      // Navigation words are not article text.
      await page.locator('#search-q').fill('skip');
      await page.locator('#search-q').press('Enter');
      expect(await searchSettled(page)).toBe('No articles match “skip”.');
      await page.close();
    });

    it('reproduces a search from its URL, filters and order included', async () => {
      const page = await open('/search/?q=okapi&year=2024');
      expect(await searchSettled(page)).toBe('1 article matches “okapi” in 2024, newest first.');
      expect(await page.locator('#search-q').inputValue()).toBe('okapi');
      expect(await page.locator('#search-year').inputValue()).toBe('2024');
      expect(await page.locator('[data-search-results] h2').allTextContents()).toEqual(['Okapi calves born at Kenyan sanctuary']);
      expect(await page.locator('[data-search-results] h2 a').getAttribute('href')).toBe(`${mount}2024/01/09/okapi-calves-born-at-kenyan-sanctuary/`);

      await page.goto(at('/search/?q=moscow&place=MOSCOW&month=2024-08&sort=relevance'));
      expect(await searchSettled(page)).toMatch(/^\d articles? match “moscow” from MOSCOW in August 2024, best match first\.$/);
      expect(await page.locator('#search-sort').inputValue()).toBe('relevance');
      expect(await page.locator('#search-month').inputValue()).toBe('2024-08');
      expect(await page.locator('[data-search-results] h2').allTextContents()).toContain('Moscow tea festival draws record crowds');
      await page.close();
    });

    it('finds words in captions and shows markup in articles as text', async () => {
      const page = await open('/search/?q=samovar');
      expect(await searchSettled(page)).toBe('1 article matches “samovar”, newest first.');
      expect(await page.locator('[data-search-results] h2').allTextContents()).toEqual(['Moscow tea festival draws record crowds']);

      await page.goto(at('/search/?q=quokka'));
      expect(await searchSettled(page)).toBe('1 article matches “quokka”, newest first.');
      const result = page.locator('[data-search-results] > li');
      expect(await result.locator('h2').textContent()).toMatch(/<script>alert\((1|'body')\)<\/script>/);
      const excerpt = (await result.locator('.excerpt').textContent()) ?? '';
      expect(excerpt).toContain("<script>alert('body')</script>");
      expect(excerpt).toContain('<mark>fake mark</mark>');
      expect(excerpt).toContain('and & ampersands');
      expect(await page.locator('[data-search-results] script, [data-search-results] img, [data-search-results] b').count()).toBe(0);
      // Only Pagefind's marks become elements (it marks the word with its punctuation: "quokka").
      const marks = await result.locator('mark').allTextContents();
      expect(marks.length).toBeGreaterThan(0);
      for (const marked of marks) expect(marked.toLowerCase()).toMatch(/^\W*quokka\W*$/);
      expect(broken).toEqual([]);
      await page.close();
    });

    it('without JavaScript, the search page says so and points to the date and place indexes', async () => {
      const noScript = await browser.newContext({ javaScriptEnabled: false });
      const page = await noScript.newPage();
      await page.goto(at('/search/?q=okapi'));
      const notice = page.locator('.search-noscript');
      expect(await notice.isVisible()).toBe(true);
      expect(await notice.textContent()).toContain('Search needs JavaScript');
      expect(await notice.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([mount, `${mount}places/`]);
      expect(await page.locator('.search-options').isVisible()).toBe(false);
      await noScript.close();
    });

    it('has no serious or critical axe-core violations on any kind of page', async () => {
      const pages = [
        '/',
        '/2024/',
        '/2024/08/',
        '/2024/08/22/',
        '/2024/08/22/china-opens-high-speed-rail-link-to-xiong-an/',
        '/2024/08/21/moscow-tea-festival-draws-record-crowds/',
        '/places/',
        '/places/beijing/',
        '/about/',
        '/no-such-page/',
        '/search/',
        '/search/?q=okapi',
        '/search/?q=zyzzyva',
      ];
      const found: Record<string, unknown> = {};
      for (const url of pages) {
        const page = await open(url);
        if (url.startsWith('/search/?')) await searchSettled(page);
        const violations = await seriousViolations(page);
        if (violations.length > 0) found[url] = violations;
        await page.close();
      }
      expect(found).toEqual({});
    });

    it('reaches the search box and the article links with the keyboard alone, with a visible focus', async () => {
      const page = await open('/');
      const reached: Array<{ id: string; inList: boolean; outline: string; shadow: string }> = [];
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press('Tab');
        reached.push(
          await page.evaluate(() => {
            const el = document.activeElement as HTMLElement;
            const style = getComputedStyle(el);
            return {
              id: el.id || `${el.tagName.toLowerCase()}:${(el.textContent ?? '').trim().slice(0, 40)}`,
              inList: el.closest('main .article-list') !== null,
              outline: `${style.outlineStyle} ${style.outlineWidth}`,
              shadow: style.boxShadow,
            };
          }),
        );
      }
      const searchBox = reached.find((r) => r.id === 'masthead-q');
      const articleLink = reached.find((r) => r.inList);
      expect(searchBox, JSON.stringify(reached)).toBeDefined();
      expect(articleLink, JSON.stringify(reached)).toBeDefined();
      const visible = (r: { outline: string; shadow: string }) => (!r.outline.startsWith('none') && !r.outline.endsWith(' 0px')) || r.shadow !== 'none';
      expect(visible(searchBox!), JSON.stringify(searchBox)).toBe(true);
      expect(visible(articleLink!), JSON.stringify(articleLink)).toBe(true);
      expect(reached.indexOf(searchBox!)).toBeLessThan(reached.indexOf(articleLink!));

      // On the search page, Tab goes from the query to the results.
      await page.goto(at('/search/?q=okapi'));
      await searchSettled(page);
      await page.locator('#search-q').focus();
      let onResult = false;
      for (let i = 0; i < 15 && !onResult; i++) {
        await page.keyboard.press('Tab');
        onResult = await page.evaluate(() => document.activeElement?.closest('[data-search-results]') !== null);
      }
      expect(onResult).toBe(true);
      await page.close();
    });

    if (mount === '/') {
      it('is photographed at phone and desktop sizes, light and dark', async () => {
        const shots = [
          ['home', '/'],
          ['article', '/2024/08/21/moscow-tea-festival-draws-record-crowds/'],
          ['search', '/search/?q=okapi'],
        ] as const;
        const sizes = [
          ['phone', { width: 390, height: 844 }],
          ['desktop', { width: 1280, height: 900 }],
        ] as const;
        for (const scheme of ['light', 'dark'] as const) {
          for (const [size, viewport] of sizes) {
            const shooting = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: 1 });
            const page = await shooting.newPage();
            for (const [name, url] of shots) {
              await page.goto(at(url));
              if (name === 'search') await searchSettled(page);
              expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(scheme === 'dark');
              // Nothing wider than the screen: no sideways scrolling on a phone.
              expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} ${size}`).toBeLessThanOrEqual(viewport.width);
              await page.screenshot({ path: screenshotPath(`${name}-${size}-${scheme}`), fullPage: true });
            }
            await shooting.close();
          }
        }
      });
    }
  });
}
