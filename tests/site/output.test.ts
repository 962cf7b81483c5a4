/**
 * Properties of the whole output: valid HTML, no injected markup, links that
 * resolve at / and under a base path, well-formed feeds and sitemaps, canonical
 * URLs with --site-url, and byte-identical rebuilds.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { HtmlValidate } from 'html-validate';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { allMatches, FIXTURES, listFiles, read, requireCompiled, runCli, sitemapsOf, tempDir } from './helpers.js';

const INPUT = path.join(FIXTURES, 'basic');
const HOSTILE = '2024/08/21/officials-quotes-and-script-alert-1-script-are-fine/index.html';
const HOSTILE_HEADLINE = `Officials' "quotes" & <!-- <script>alert(1)</script are fine`;

let atRoot = '';
let underBase = '';

beforeAll(() => {
  requireCompiled();
  const dir = tempDir();
  atRoot = path.join(dir, 'root');
  underBase = path.join(dir, 'base');
  expect(runCli(['build', '--input', INPUT, '--output', atRoot, '--no-search', '--quiet']).status).toBe(0);
  expect(
    runCli(['build', '--input', INPUT, '--output', underBase, '--no-search', '--quiet', '--base-path', '/archive/', '--site-url', 'https://news.example.org']).status,
  ).toBe(0);
});

/** The elements and attributes the templates write; anything else in the output came from input. */
const ELEMENTS = new Set([
  'html', 'head', 'meta', 'title', 'link', 'script', 'body', 'a', 'header', 'div', 'p', 'nav', 'ul', 'ol', 'li', 'span', 'main',
  'footer', 'article', 'h1', 'h2', 'h3', 'time', 'figure', 'figcaption', 'aside', 'section', 'table', 'caption', 'thead', 'tbody',
  'tr', 'th', 'td', 'abbr', 'dl', 'dt', 'dd', 'form', 'label', 'input', 'button', 'strong', 'em',
]);

describe('nothing from the input becomes markup', () => {
  it('every tag in every HTML page is one the templates write, with no event handlers or comments', () => {
    for (const file of listFiles(atRoot).filter((f) => f.endsWith('.html'))) {
      const page = read(atRoot, file);
      for (const tag of allMatches(page, /<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)) expect(ELEMENTS, `${file}: <${tag}>`).toContain(tag.toLowerCase());
      // Text never holds a raw `<`, so every `<name …>` is a real tag: check its attributes.
      for (const tag of allMatches(page, /(<[a-zA-Z][^>]*>)/g)) {
        for (const [, name, value] of tag.matchAll(/\s([^\s=>"']+)(?:="([^"]*)")?/g)) {
          expect(name, `${file}: ${tag}`).not.toMatch(/^on/i);
          expect(value ?? '', `${file}: ${tag}`).not.toMatch(/^\s*javascript:/i);
        }
      }
      expect(page, file).not.toContain('<!--');
      const scripts = allMatches(page, /<script([^>]*)>/g);
      for (const attrs of scripts) expect(attrs, file).toBe(' type="application/ld+json"');
    }
  });

  it('the hostile headline and body print as text', () => {
    const page = read(atRoot, HOSTILE);
    expect(page).toContain('<h1>Officials&#39; &quot;quotes&quot; &amp; &lt;!-- &lt;script&gt;alert(1)&lt;/script are fine</h1>');
    const body = page.slice(page.indexOf('<div class="article-body">'));
    expect(body).toContain('<figcaption>Delegates pose for a photo &lt;img src=x onerror=alert(1)&gt; in Moscow');
    // remark-html escapes `<` and `&` in text (as &#x3C; and &#x26;), which is all HTML needs.
    expect(body).toContain('The text says &#x3C;script>alert(\'body\')&#x3C;/script> and &#x3C;/p>&#x3C;p onclick="x"> and &#x3C;!-- comment --> and ]]> and &#x26; ampersands.');
  });

  it('JSON-LD cannot close its script element and parses back to the headline', () => {
    const page = read(atRoot, HOSTILE);
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)?.[1] ?? '';
    expect(json).not.toMatch(/[<>]/);
    expect(JSON.parse(json).headline).toBe(HOSTILE_HEADLINE);
  });

  it('feeds carry the headline as escaped text', () => {
    const atom = read(atRoot, 'feed.xml');
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(atom);
    const entries = parsed.feed.entry as { title: { '#text': string }; link: { '@_href': string } }[];
    const hostile = entries.find((e) => e.link['@_href'].includes('officials'));
    // type="html": the text is HTML, so the markup must arrive escaped.
    expect(hostile?.title['#text']).toBe('Officials&#39; &quot;quotes&quot; &amp; &lt;!-- &lt;script&gt;alert(1)&lt;/script are fine');
    const json = JSON.parse(read(atRoot, 'feed.json'));
    const item = json.items.find((i: { url: string }) => i.url.includes('officials'));
    expect(item.title).toBe(HOSTILE_HEADLINE);
    expect(item.content_html).not.toMatch(/<(?!\/?p>)/);
  });
});

describe('valid documents', () => {
  it('every HTML page passes html-validate (recommended, long-title off)', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'long-title': 'off' } });
    for (const dir of [atRoot, underBase]) {
      for (const file of listFiles(dir).filter((f) => f.endsWith('.html'))) {
        const report = await validator.validateString(read(dir, file), file);
        const problems = report.results.flatMap((r) => r.messages.map((m) => `${file}:${m.line}:${m.column} ${m.ruleId} ${m.message}`));
        expect(problems).toEqual([]);
      }
    }
  });

  it('feeds and sitemap are well-formed XML and JSON with the expected roots', () => {
    for (const dir of [atRoot, underBase]) {
      for (const file of ['feed.xml', 'sitemap.xml']) expect(XMLValidator.validate(read(dir, file)), `${dir}/${file}`).toBe(true);
      const atom = new XMLParser({ ignoreAttributes: false }).parse(read(dir, 'feed.xml'));
      expect(atom.feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
      expect(atom.feed.updated).toBe('2024-08-22T00:00:00.000Z');
      expect(atom.feed.entry).toHaveLength(7);
      const json = JSON.parse(read(dir, 'feed.json'));
      expect(json.version).toMatch(/^https:\/\/jsonfeed\.org\/version\/1/);
      expect(json.items).toHaveLength(7);
    }
  });

  it('the sitemaps list every HTML page but the 404, the pages of each month in its own, under an index of them all', () => {
    const origin = 'https://news.example.org/archive/';
    const { index, sitemaps } = sitemapsOf(underBase, origin);
    expect(XMLValidator.validate(index)).toBe(true);
    expect(new XMLParser().parse(index).sitemapindex.sitemap).toHaveLength(sitemaps.size);
    const months = new Set(listFiles(underBase).flatMap((f) => (/^\d{4}\/\d{2}\/index\.html$/.test(f) ? [f.slice(0, 8)] : [])));
    expect([...sitemaps.keys()].sort()).toEqual(['sitemap-pages.xml', ...[...months].map((m) => `${m}sitemap.xml`)].sort());
    const locs: string[] = [];
    for (const [rel, text] of sitemaps) {
      expect(XMLValidator.validate(text), rel).toBe(true);
      const urls = [new XMLParser().parse(text).urlset.url].flat() as { loc: string }[];
      // A month's sitemap holds its own pages alone; the site's, none of a month's.
      const month = rel === 'sitemap-pages.xml' ? null : rel.slice(0, 8);
      for (const { loc } of urls) expect(/^\d{4}\/\d{2}\//.test(loc.slice(origin.length)) ? loc.slice(origin.length, origin.length + 8) : null, loc).toBe(month);
      locs.push(...urls.map((u) => u.loc));
    }
    const pages = listFiles(underBase)
      .filter((f) => f.endsWith('.html') && f !== '404.html')
      .map((f) => `${origin}${f.replace(/index\.html$/, '')}`)
      .sort();
    expect(locs.sort()).toEqual(pages);
  });
});

/** Every internal href/src of every HTML page, resolved against the output folder. */
function brokenLinks(dir: string, basePath: string): string[] {
  const broken: string[] = [];
  for (const file of listFiles(dir).filter((f) => f.endsWith('.html'))) {
    const page = read(dir, file);
    for (const raw of allMatches(page, /\s(?:href|src)="([^"]*)"/g)) {
      const url = raw.replace(/&amp;/g, '&');
      if (/^(https?:|mailto:)/.test(url) && !url.startsWith('https://news.example.org/')) continue;
      if (url.startsWith('#')) {
        if (!page.includes(`id="${url.slice(1)}"`)) broken.push(`${file}: ${url}`);
        continue;
      }
      const local = url.replace(/^https:\/\/news\.example\.org/, '').replace(/[?#].*$/, '');
      if (!local.startsWith(basePath)) {
        broken.push(`${file}: ${url} is outside ${basePath}`);
        continue;
      }
      const rel = decodeURIComponent(local.slice(basePath.length));
      const target = rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel;
      if (!existsSync(path.join(dir, target))) broken.push(`${file}: ${url}`);
    }
  }
  return broken;
}

describe('links', () => {
  it('every internal link and asset resolves when served at /', () => {
    expect(brokenLinks(atRoot, '/')).toEqual([]);
  });

  it('every internal link and asset resolves under --base-path /archive/', () => {
    expect(brokenLinks(underBase, '/archive/')).toEqual([]);
    const home = read(underBase, 'index.html');
    expect(home).toContain('href="/archive/style.css"');
    expect(home).not.toMatch(/(?:href|src)="\/(?!archive\/)/);
  });

  it('feeds link under the base path', () => {
    expect(read(atRoot, 'feed.xml')).toContain('<link rel="self" href="/feed.xml"/>');
    expect(read(underBase, 'feed.xml')).toContain('<link rel="self" href="https://news.example.org/archive/feed.xml"/>');
  });
});

describe('with --site-url', () => {
  it('pages have canonical links and Open Graph', () => {
    const page = read(underBase, HOSTILE);
    const url = `https://news.example.org/archive/${HOSTILE.replace(/index\.html$/, '')}`;
    expect(page).toContain(`<link rel="canonical" href="${url}">`);
    expect(page).toContain('<meta property="og:type" content="article">');
    expect(page).toContain(`<meta property="og:url" content="${url}">`);
    expect(page).toContain('<meta property="og:title" content="Officials&#39; &quot;quotes&quot; &amp; &lt;!-- &lt;script&gt;alert(1)&lt;/script are fine">');
    expect(read(underBase, '404.html')).not.toContain('rel="canonical"');
  });

  it('robots.txt points at the sitemap', () => {
    expect(read(underBase, 'robots.txt')).toBe('User-agent: *\nAllow: /\n\nSitemap: https://news.example.org/archive/sitemap.xml\n');
  });
});

describe('determinism', () => {
  it('building twice, in another time zone and locale, gives byte-identical output', () => {
    const again = path.join(tempDir(), 'again');
    const result = runCli(['build', '--input', INPUT, '--output', again, '--no-search', '--quiet'], {
      env: { TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' },
    });
    expect(result.status).toBe(0);
    const files = listFiles(atRoot);
    expect(listFiles(again)).toEqual(files);
    for (const file of files) expect(readFileSync(path.join(again, file)).equals(readFileSync(path.join(atRoot, file))), file).toBe(true);
  });
});
