/** The archive model and the escaping helpers, on hand-built records. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildArchive, isArticleUrlOf } from '../../src/model/archive.js';
import type { ArchiveOptions, SitemapFile, SitemapIndexFile } from '../../src/model/types.js';
import { escapeHtml, escapeXml, html, jsonForScript, raw } from '../../src/html.js';
import { renderSitemapIndex } from '../../src/render/machine.js';
import { loadSlugify } from '../../src/slug.js';
import { record } from './records.js';

// Some places here are not ASCII: slugging them needs slugify, which a corpus load loads when it does.
await loadSlugify();

const site = { title: 'T', basePath: '/', siteUrl: null, language: 'en', search: false };
const options = (over: Partial<ArchiveOptions> = {}): ArchiveOptions => ({
  site, homeLatest: 20, feedSize: 50, placePageSize: 50, sitemapLimit: 50_000, ...over,
});

describe('html', () => {
  it('escapes every interpolation for text and attributes, and keeps SafeHtml as is', () => {
    const evil = `<script>"x" & 'y'</script>`;
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(
      '<p title="&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;">&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;</p>',
    );
    expect(html`<div>${raw('<b>ok</b>')}${[html`<i>${'<'}</i>`, null, false]}</div>`.value).toBe('<div><b>ok</b><i>&lt;</i></div>');
    expect(escapeHtml('a\u0000b\u0007c')).toBe('abc');
  });

  it('escapes exactly & < > " \' (and writes the em dash and the ellipsis as references), and drops the control characters HTML forbids, in any string', () => {
    const named: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '\u2014': '&#8212;', '\u2026': '&#8230;' };
    const spec = (text: string): string =>
      [...text].map((c) => named[c] ?? (/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/.test(c) ? '' : c)).join('');
    const tricky = fc.constantFrom('a', 'é', '&', '<', '>', '"', "'", '\u0000', '\t', '\n', '\u000b', '\u000c', '\r', '\u001f', '\u007f', '\u0080', '\u2013', '\u2014', '\u2026', '\ud83d\ude00');
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.array(tricky).map((parts) => parts.join(''))), (text) => escapeHtml(text) === spec(text)));
  });

  it('escapes exactly & < > " \' for XML and drops what XML cannot carry (controls, lone surrogates, U+FFFE/FFFF), in any string', () => {
    const named: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
    // By code point: a surrogate pair is one character and stays; a lone surrogate goes.
    const spec = (text: string): string =>
      [...text].map((c) => named[c] ?? (/^(?:[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF])$/.test(c) ? '' : c)).join('');
    const tricky = fc.constantFrom('a', '/', 'é', '&', '<', '>', '"', "'", '\u0000', '\t', '\n', '\u000b', '\r', '\u001f', '\u007f', '\ufffe', '\uffff', '\ud83d', '\ude00', '\ud83d\ude00');
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.array(tricky).map((parts) => parts.join(''))), (text) => escapeXml(text) === spec(text)));
    expect(escapeXml('/2024/08/21/a-b/')).toBe('/2024/08/21/a-b/');
  });

  it('serialises JSON for a script element without <, >, & or line separators', () => {
    const value = { a: '</script><!-- & \u2028\u2029' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('escapes JSON for a script element exactly as one pass per character escaped would', () => {
    const spec = (value: unknown): string =>
      JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
    const tricky = fc.array(fc.constantFrom('a', '<', '>', '&', '\u2028', '\u2029', '"', '\\', 'é')).map((parts) => parts.join(''));
    fc.assert(fc.property(fc.jsonValue(), fc.dictionary(tricky, fc.oneof(tricky, fc.string({ unit: 'binary' }))), (a, b) => jsonForScript([a, b]) === spec([a, b])));
  });
});

describe('buildArchive', () => {
  const articles = [
    record({ date: '2024-08-22', slug: 'b' }),
    record({ date: '2023-01-05', slug: 'c', place: 'SAO PAULO' }),
    record({ date: '2024-08-22', slug: 'a', place: 'SÃO PAULO' }),
    record({ date: '2024-08-22', slug: 'z', place: 'SÃO PAULO' }),
    record({ date: '2024-02-29', slug: 'leap', place: null }),
  ];
  const archive = buildArchive(articles, options());
  const byUrl = new Map(archive.pages.map((p) => [p.url, p]));

  it('orders articles by date then URL, whatever the input order', () => {
    const order = archive.pages.filter((p) => p.kind === 'article').map((p) => p.url);
    expect(order).toEqual(['/2023/01/05/c/', '/2024/02/29/leap/', '/2024/08/22/a/', '/2024/08/22/b/', '/2024/08/22/z/']);
    const shuffled = buildArchive([...articles].reverse(), options());
    expect(JSON.stringify(shuffled)).toBe(JSON.stringify(archive));
  });

  it('merges spellings of a place under the most common one', () => {
    const places = byUrl.get('/places/');
    expect(places?.kind === 'places' && places.letters.flatMap((l) => l.places.map((p) => [p.name, p.count]))).toEqual([
      ['MOSCOW', 1],
      ['SÃO PAULO', 3],
    ]);
  });

  it('links neighbours across gaps and computes more-from-place', () => {
    const a = byUrl.get('/2024/08/22/a/');
    if (a?.kind !== 'article') throw new Error('no article page');
    expect(a.previous?.url).toBe('/2024/02/29/leap/');
    expect(a.next?.url).toBe('/2024/08/22/b/');
    expect(a.moreFromPlace.map((s) => s.url)).toEqual(['/2024/08/22/z/', '/2023/01/05/c/']);
    const leapDay = byUrl.get('/2024/02/29/');
    expect(leapDay?.kind === 'day' && [leapDay.previous?.url, leapDay.next?.url]).toEqual(['/2023/01/05/', '/2024/08/22/']);
    expect(leapDay?.title).toBe('Thursday, February 29, 2024');
  });

  it('builds a Monday-first calendar with blanks', () => {
    const year = byUrl.get('/2024/');
    if (year?.kind !== 'year') throw new Error('no year page');
    const feb = year.calendars[0]!;
    expect(feb.label).toBe('February 2024');
    // February 1, 2024 was a Thursday: three blanks first.
    expect(feb.weeks[0]!.slice(0, 4).map((c) => c?.day ?? null)).toEqual([null, null, null, 1]);
    expect(feb.weeks.flat().find((c) => c?.day === 29)?.url).toBe('/2024/02/29/');
    expect(year.months.map((m) => m.count)).toEqual([0, 1, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0]);
  });

  it('files the pages of each month in a sitemap of its own and the rest in the site sitemap, under an index, split above the limit', () => {
    const sitemapsAt = (limit: number) => {
      const archive = buildArchive(articles, options({ sitemapLimit: limit }));
      const index = archive.machineFiles.find((f): f is SitemapIndexFile => f.kind === 'sitemap-index');
      const parts = archive.machineFiles.filter((f): f is SitemapFile => f.kind === 'sitemap');
      expect(index?.path).toBe('sitemap.xml');
      // The index names every part, in order, each with the newest date its month (or the site's sitemap) lists.
      const groupOf = (url: string): string => /^\/\d{4}\/\d{2}\//.exec(url)?.[0] ?? 'site';
      const newest = new Map<string, string>();
      for (const part of parts) for (const e of part.entries) if (e.lastmod !== null && !(e.lastmod <= (newest.get(groupOf(part.url)) ?? ''))) newest.set(groupOf(part.url), e.lastmod);
      expect(index!.sitemaps).toEqual(parts.map((p) => ({ url: p.url, lastmod: newest.get(groupOf(p.url)) ?? null })));
      const htmlPages = archive.pages.filter((p) => p.kind !== 'not-found');
      expect(parts.flatMap((p) => p.entries.map((e) => e.url)).sort()).toEqual(htmlPages.map((p) => p.url).sort());
      for (const part of parts) {
        expect(part.entries.length).toBeLessThanOrEqual(limit);
        const month = /^\/(\d{4}\/\d{2})\//.exec(part.url)?.[1] ?? null;
        for (const e of part.entries) expect(/^\/(\d{4}\/\d{2})\//.exec(e.url)?.[1] ?? null).toBe(month);
      }
      return { index: index!, parts };
    };
    const whole = sitemapsAt(50_000);
    expect(whole.parts.map((p) => p.path)).toEqual(['sitemap-pages.xml', '2023/01/sitemap.xml', '2024/02/sitemap.xml', '2024/08/sitemap.xml']);
    const split = sitemapsAt(2);
    expect(split.parts.length).toBeGreaterThan(whole.parts.length);
    expect(split.parts.map((p) => p.path)).toContain('sitemap-pages-2.xml');
    expect(split.parts.map((p) => p.path)).toContain('2024/08/sitemap-2.xml');
    expect(renderSitemapIndex(split.index, site)).toContain('<sitemap><loc>/sitemap-pages-2.xml</loc>');
  });

  it('rejects a record whose URL does not match its date', () => {
    const bad = { ...record({ date: '2024-01-01', slug: 'x' }), url: '/2024/01/02/x/' };
    expect(() => buildArchive([bad], options())).toThrow(/expected \/YYYY\/MM\/DD\/slug\//);
    const traversal = { ...record({ date: '2024-01-01', slug: 'x' }), url: '/2024/01/01/../' };
    expect(() => buildArchive([traversal], options())).toThrow();
  });

  it('tells an article URL for a date as the pattern /YYYY/MM/DD/slug/ does', () => {
    const pattern = /^\/(\d{4})\/(\d{2})\/(\d{2})\/([^/?#\\]+)\/$/;
    const byPattern = (url: string, date: string): boolean => {
      const m = pattern.exec(url);
      return m !== null && `${m[1]}-${m[2]}-${m[3]}` === date && m[4] !== '.' && m[4] !== '..';
    };
    const char = fc.constantFrom('0', '1', '2', '9', 'a', '-', '/', '.', '?', '#', '\\', '٣', 'é');
    const text = (max: number): fc.Arbitrary<string> => fc.array(char, { maxLength: max }).map((chars) => chars.join(''));
    const shaped = fc.array(char, { minLength: 8, maxLength: 8 }).map((c) => `${c.slice(0, 4).join('')}-${c[4]}${c[5]}-${c[6]}${c[7]}`);
    const date = fc.oneof(fc.constantFrom('2024-01-02', '1999-12-31'), shaped, text(11));
    // URLs near the shape: a date's URL with a slug, then cut, grown or with a character changed.
    const url = fc.tuple(date, text(4), fc.nat(16), char, fc.boolean()).map(([d, slug, at, c, change]) => {
      const whole = `/${d.replaceAll('-', '/')}/${slug}/`;
      return change ? whole.slice(0, at) + c + whole.slice(at + 1) : whole.slice(0, whole.length - (at % 3));
    });
    fc.assert(fc.property(url, date, (u, d) => isArticleUrlOf(u, d) === byPattern(u, d)));
    fc.assert(fc.property(date, text(4), (d, slug) => {
      const u = `/${d.replaceAll('-', '/')}/${slug}/`;
      return isArticleUrlOf(u, d) === byPattern(u, d);
    }), { numRuns: 2000 });
    expect(isArticleUrlOf('/2024/01/02/a/', '2024-01-02')).toBe(true);
    for (const bad of ['/2024/01/02/./', '/2024/01/02/../', '/2024/01/02//', '/2024/01/02/a?b/', '/2024/01/02/a', '/2024/1/02/a/', '/2024/01/03/a/']) {
      expect(isArticleUrlOf(bad, '2024-01-02')).toBe(false);
    }
  });
});
