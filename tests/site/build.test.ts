/**
 * The archive site, built with the real CLI from tests/fixtures/site/basic
 * into temporary folders: which pages exist, what they say, how they link.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loaderPhases } from '../../src/commands/build.js';
import { allMatches, FIXTURES, listFiles, read, requireCompiled, runCli, tempDir, type CliResult } from './helpers.js';

const INPUT = path.join(FIXTURES, 'basic');
let out = '';
let result: CliResult;

beforeAll(() => {
  requireCompiled();
  out = path.join(tempDir(), 'site');
  result = runCli(['build', '--input', INPUT, '--output', out, '--title', 'Wire & Archive', '--no-search']);
});

const MEETING = '2024/08/22/li-mishustin-chair-meeting-between-chinese-russian-heads-of-govt/index.html';
const COFFEE = '2024/08/22/brazils-coffee-exports-hit-record-high/index.html';
const HOSTILE = '2024/08/21/officials-quotes-and-script-alert-1-script-are-fine/index.html';
const TRADE = '2023/03/14/chinas-foreign-trade-rises-in-first-two-months/index.html';
const RAIL = '2023/03/14/new-rail-line-opens-between-beijing-and-xiong-an/index.html';

describe('a build of a small corpus with one bad file', () => {
  it('exits 0, reports the bad file on stderr by name and builds the rest', () => {
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/broken\.txt:1:1 {2}error {2}.*missing-date-line/);
    expect(result.stdout).toMatch(/8 input files, 7 articles, \d+ pages \(\d+ rendered\), 0 warnings, 1 errors/);
  });

  it('writes the report beside the output, with counts, diagnostics and phases', () => {
    const report = JSON.parse(readFileSync(`${out}.report.json`, 'utf8'));
    expect(report).toMatchObject({ status: 'built', files: 8, articles: 7, errors: 1, warnings: 0, rejected: ['broken.txt'] });
    expect(report.diagnostics).toHaveLength(1);
    expect(report.diagnostics[0]).toMatchObject({ file: 'broken.txt', severity: 'error', rule: 'missing-date-line' });
    // Every phase the benchmark's table names, in the order the build goes through them (the feeds and sitemaps with the pages).
    expect(Object.keys(report.phases)).toEqual(['discover', 'read', 'parse', 'index', 'render', 'write', 'feeds']);
    for (const ms of Object.values(report.phases)) expect(ms).toBeGreaterThanOrEqual(0);
    const files = listFiles(out);
    expect(report.pages + report.assets).toBe(files.length);
    expect(report.pages).toBe(files.filter((f) => /\.(html|xml|json|txt)$/.test(f)).length);
    expect(existsSync(path.join(out, 'report.json'))).toBe(false);
  });

  it('writes every page the archive has and nothing for the bad file', () => {
    const files = listFiles(out);
    for (const page of [
      'index.html', '404.html', 'about/index.html', 'places/index.html', 'feed.xml', 'feed.json', 'sitemap.xml', 'robots.txt',
      'style.css', 'favicon.svg',
      '2023/index.html', '2024/index.html', '2023/03/index.html', '2023/11/index.html', '2024/01/index.html', '2024/08/index.html',
      '2023/03/14/index.html', '2023/11/02/index.html', '2024/01/09/index.html', '2024/08/21/index.html', '2024/08/22/index.html',
      'places/beijing/index.html', 'places/moscow/index.html', 'places/nairobi/index.html', 'places/sao-paulo/index.html',
      MEETING, COFFEE, HOSTILE, TRADE, RAIL,
    ]) {
      expect(files, page).toContain(page);
    }
    expect(files.filter((f) => /^\d{4}\/\d{2}\/\d{2}\/[^/]+\/index\.html$/.test(f))).toHaveLength(7);
    expect(files.some((f) => f.includes('broken'))).toBe(false);
    expect(files.some((f) => f.includes('.eleventy'))).toBe(false);
  });
});

describe('the article page', () => {
  it('shows headline, date, dateline leading the first paragraph, caption with credit, and the body', () => {
    const page = read(out, MEETING);
    expect(page).toContain('<h1>Li, Mishustin chair meeting between Chinese, Russian heads of gov&#39;t</h1>');
    expect(page).toContain('<time datetime="2024-08-22">August 22, 2024</time>');
    expect(page).toMatch(/<p><span class="dateline">MOSCOW, Aug\. 21 \(Xinhua\) --<\/span> Chinese Premier Li Qiang said here Wednesday/);
    expect(page).toMatch(/<figure class="photo"><figcaption>Chinese Premier Li Qiang co-chairs the 29th regular meeting[^<]*<span class="credit">\(Xinhua\/Rao Aimin\)<\/span><\/figcaption><\/figure>\s*<p><span class="dateline">/);
    expect(page).toContain('<p>Li made the remarks when co-chairing the 29th regular meeting between Chinese and Russian heads of government.</p>');
    expect(page).toContain('<title>Li, Mishustin chair meeting between Chinese, Russian heads of gov&#39;t &#8212; Wire &amp; Archive</title>');
    expect(page.match(/<h1>/g)).toHaveLength(1);
  });

  it('keeps the caption where it stood between paragraphs', () => {
    const page = read(out, TRADE);
    const figure = page.indexOf('<figure');
    expect(figure).toBeGreaterThan(-1);
    expect(figure).toBeLessThan(page.indexOf('class="dateline"'));
  });

  it('shows the byline', () => {
    expect(read(out, RAIL)).toMatch(/<p class="byline">by Zhang Wei<\/p>/i);
  });

  it('has breadcrumbs Home › year › month › day', () => {
    const crumbs = allMatches(read(out, MEETING).split('class="breadcrumbs"')[1] ?? '', /<li><a href="([^"]+)">/g).slice(0, 4);
    expect(crumbs).toEqual(['/', '/2024/', '/2024/08/', '/2024/08/22/']);
    expect(read(out, MEETING)).toMatch(/<a href="\/2024\/08\/">August<\/a><\/li><li><a href="\/2024\/08\/22\/">22<\/a>/);
  });

  it('links the previous and next article in date order', () => {
    const page = read(out, COFFEE);
    // 2024-08-22 holds two articles, ordered by URL: brazils-… then li-mishustin-…
    expect(page).toMatch(/rel="prev" href="\/2024\/08\/21\/officials-quotes-and-script-alert-1-script-are-fine\/"/);
    expect(page).toMatch(/rel="next" href="\/2024\/08\/22\/li-mishustin-chair-meeting-between-chinese-russian-heads-of-govt\/"/);
    const last = read(out, MEETING);
    expect(last).not.toContain('rel="next"');
    const first = read(out, TRADE);
    expect(first).not.toContain('rel="prev"');
  });

  it('lists more from the same place, and links the place', () => {
    const page = read(out, MEETING);
    const more = page.slice(page.indexOf('<h2 id="more-from">'));
    expect(more).toContain('More from MOSCOW');
    expect(allMatches(more, /<li><a href="([^"]+)"/g)).toEqual([
      '/2024/08/21/officials-quotes-and-script-alert-1-script-are-fine/',
      '/2023/11/02/russia-hosts-international-energy-forum-in-moscow/',
    ]);
    expect(page).toContain('<a href="/places/moscow/">MOSCOW</a>');
  });

  it('carries NewsArticle JSON-LD with dateline, place, caption and credit', () => {
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(read(out, MEETING))?.[1];
    const data = JSON.parse(json ?? 'null');
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: "Li, Mishustin chair meeting between Chinese, Russian heads of gov't",
      datePublished: '2024-08-22',
      dateline: 'MOSCOW, Aug. 21 (Xinhua) --',
      locationCreated: { '@type': 'Place', name: 'MOSCOW' },
      publisher: { '@type': 'Organization', name: 'Wire & Archive' },
    });
    expect(data.image[0]).toMatchObject({ '@type': 'ImageObject', creditText: 'Xinhua/Rao Aimin' });
    expect(data.image[0].caption).toMatch(/^Chinese Premier Li Qiang co-chairs/);
  });

  it('has no canonical link or Open Graph without --site-url', () => {
    const page = read(out, MEETING);
    expect(page).not.toContain('rel="canonical"');
    expect(page).not.toContain('og:');
  });
});

describe('the date pages', () => {
  it('home lists the latest articles newest first, the years with counts, and the holdings', () => {
    const home = read(out, 'index.html');
    const latest = allMatches(home, /<h2><a href="(\/\d{4}[^"]+)"/g);
    expect(latest).toEqual([
      '/2024/08/22/li-mishustin-chair-meeting-between-chinese-russian-heads-of-govt/',
      '/2024/08/22/brazils-coffee-exports-hit-record-high/',
      '/2024/08/21/officials-quotes-and-script-alert-1-script-are-fine/',
      '/2024/01/09/kenya-launches-new-solar-power-plant/',
      '/2023/11/02/russia-hosts-international-energy-forum-in-moscow/',
      '/2023/03/14/new-rail-line-opens-between-beijing-and-xiong-an/',
      '/2023/03/14/chinas-foreign-trade-rises-in-first-two-months/',
    ]);
    expect(home).toMatch(/<a href="\/2024\/">2024<\/a> <span class="count">4 articles<\/span>/);
    expect(home).toMatch(/<a href="\/2023\/">2023<\/a> <span class="count">3 articles<\/span>/);
    expect(home).toContain('7 articles published on 5 days from March 14, 2023 to August 22, 2024, datelined in 4 places');
  });

  it('the year lists all months with counts and a calendar linking the days with articles', () => {
    const year = read(out, '2023/index.html');
    expect(year).toMatch(/<a href="\/2023\/03\/">March<\/a> <span class="count">2 articles<\/span>/);
    expect(year).toMatch(/<li class="empty">April <span class="count">0 articles<\/span>/);
    expect(year).toMatch(/<a href="\/2023\/03\/14\/" title="March 14, 2023: 2 articles">14<\/a>/);
    expect(allMatches(year, /<caption><a href="([^"]+)"/g)).toEqual(['/2023/03/', '/2023/11/']);
    expect(year).toMatch(/rel="next" href="\/2024\/"/);
    expect(year).not.toContain('rel="prev"');
  });

  it('the month lists its days with counts and headlines, and skips empty months in its neighbours', () => {
    const month = read(out, '2024/01/index.html');
    expect(month).toContain('<h1>January 2024</h1>');
    expect(month).toMatch(/<a href="\/2024\/01\/09\/">Tuesday, January 9, 2024<\/a> <span class="count">1 article<\/span>/);
    expect(month).toContain('Kenya launches new solar power plant');
    expect(month).toMatch(/rel="prev" href="\/2023\/11\/"/);
    expect(month).toMatch(/rel="next" href="\/2024\/08\/"/);
  });

  it('the day lists every article of the day and skips empty days in its neighbours', () => {
    const day = read(out, '2024/08/21/index.html');
    expect(day).toContain('<h1>Wednesday, August 21, 2024</h1>');
    expect(day).toMatch(/rel="prev" href="\/2024\/01\/09\/"/);
    expect(day).toMatch(/rel="next" href="\/2024\/08\/22\/"/);
    const both = read(out, '2024/08/22/index.html');
    expect(both).toContain('2 articles');
    expect(allMatches(both, /<h2><a href="([^"]+)"/g)).toHaveLength(2);
  });
});

describe('the place pages', () => {
  it('lists places A–Z with counts, accents grouped under their letter', () => {
    const places = read(out, 'places/index.html');
    const names = allMatches(places, /<li><a href="\/places\/[^"]+">([^<]+)<\/a>/g);
    expect(names).toEqual(['BEIJING', 'MOSCOW', 'NAIROBI', 'SÃO PAULO']);
    expect(places).toMatch(/<a href="\/places\/moscow\/">MOSCOW<\/a> <span class="count">3 articles<\/span>/);
    expect(allMatches(places, /<h2 id="letter-[a-z]+">([^<]+)<\/h2>/g)).toEqual(['B', 'M', 'N', 'S']);
  });

  it('lists a place’s articles newest first', () => {
    const moscow = read(out, 'places/moscow/index.html');
    expect(allMatches(moscow, /<h2><a href="([^"]+)"/g)).toEqual([
      '/2024/08/22/li-mishustin-chair-meeting-between-chinese-russian-heads-of-govt/',
      '/2024/08/21/officials-quotes-and-script-alert-1-script-are-fine/',
      '/2023/11/02/russia-hosts-international-energy-forum-in-moscow/',
    ]);
  });
});

describe('the other pages', () => {
  it('about says what the archive holds', () => {
    const about = read(out, 'about/index.html');
    expect(about).toContain('7 articles');
    expect(about).toContain('<time datetime="2023-03-14">March 14, 2023</time>');
    expect(about).toContain('<time datetime="2024-08-22">August 22, 2024</time>');
  });

  it('the 404 page links home with base-path links and claims no canonical URL', () => {
    const page = read(out, '404.html');
    expect(page).toContain('<h1>Page not found</h1>');
    expect(page).toContain('href="/"');
  });

  it('robots.txt allows everything and names no sitemap without --site-url', () => {
    expect(read(out, 'robots.txt')).toBe('User-agent: *\nAllow: /\n');
  });

  it('every page has a lang attribute, a skip link, landmarks and one h1', () => {
    for (const file of listFiles(out).filter((f) => f.endsWith('.html'))) {
      const page = read(out, file);
      expect(page, file).toContain('<html lang="en">');
      expect(page, file).toContain('<a class="skip-link" href="#main">');
      expect(page, file).toContain('<main id="main"');
      expect(page, file).toContain('<header class="masthead">');
      expect(page.match(/<h1[ >]/g), file).toHaveLength(1);
    }
  });
});

describe('loaderPhases', () => {
  it('takes the walk as discover and splits the rest between read and parse as the threads spent it', () => {
    expect(loaderPhases(100, { discover: 10, read: 30, parse: 150 })).toEqual([
      ['discover', 10],
      ['read', 15],
      ['parse', 75],
    ]);
  });

  it('counts all of a load that read nothing as parse (placing the articles), and never more than it took', () => {
    expect(loaderPhases(40, { discover: 0, read: 0, parse: 0 })).toEqual([
      ['discover', 0],
      ['read', 0],
      ['parse', 40],
    ]);
    expect(loaderPhases(5, { discover: 8, read: 1, parse: 1 })).toEqual([
      ['discover', 5],
      ['read', 0],
      ['parse', 0],
    ]);
  });
});
