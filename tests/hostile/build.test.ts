/**
 * The hostile corpus built with the real CLI: every file's stated fate holds
 * (fates.ts), nothing from the input becomes markup in any output file
 * (HTML, JSON-LD, feeds, sitemap, search index), every input file is in the
 * report and every non-blank line of every rendered dispatch is on its page,
 * and nothing is written outside the output folder.
 *
 * "Exactly what the templates produce" is measured, not listed by hand: a
 * benign corpus (the benchmark's generator plus a Markdown article using every
 * construct) is built with the same options, and every element of every
 * hostile page must look like one of the elements the benign build wrote.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../src/bench/corpus.js';
import type { BuildReport } from '../../src/commands/build.js';
import { decodeBytes } from '../../src/decode.js';
import { parseText } from '../../src/parse/index.js';
import { listFiles, read, requireCompiled, runCli, sitemapsOf, tempDir } from '../site/helpers.js';
import { IS_ROOT, makeHostileCorpus, type HostileCorpus } from './corpus.js';
import { MARKUP_NAME, NEWLINE_NAME } from './fates.js';
import { BENIGN_MARKDOWN, lostLines, lostRecordFields, parsePage, quotedIn, signature, type ParsedPage } from './pages.js';

const BASE = '/archive/';
const SITE_URL = 'https://news.example.org';
const OPTIONS = ['--base-path', BASE, '--site-url', SITE_URL, '--title', 'Hostile & <Archive>'];

/** The fields of the build report these tests read. */
type Report = Pick<BuildReport, 'status' | 'files' | 'articles' | 'warnings' | 'errors' | 'rendered' | 'rejected' | 'ignored' | 'diagnostics'>;

interface Built {
  dir: string;
  input: string;
  out: string;
  report: Report;
  stderr: string;
  stdout: string;
  status: number | null;
  /** Every file of the output, relative, sorted. */
  files: string[];
  /** Every HTML page, parsed. */
  pages: Map<string, ParsedPage>;
}

function build(dir: string, input: string): Built {
  const out = path.join(dir, 'site');
  const result = runCli(['build', '--input', input, '--output', out, ...OPTIONS]);
  const report = JSON.parse(readFileSync(`${out}.report.json`, 'utf8')) as Report;
  const files = listFiles(out);
  const pages = new Map<string, ParsedPage>();
  for (const f of files.filter((x) => x.endsWith('.html'))) pages.set(f, parsePage(read(out, f)));
  return { dir, input, out, report, stderr: result.stderr, stdout: result.stdout, status: result.status, files, pages };
}

/** The output file of an article URL. */
function pageOf(url: string): string {
  return `${url.replace(/^\//, '')}index.html`;
}

let hostile: HostileCorpus;
let bad: Built;
let good: Built;
let parentBefore: string[];
let inputBefore: Map<string, string>;

/** Entries of the input folder (links not followed), with their type and size, to show it was not touched. */
function inputState(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  // Names read as bytes: one of them is not UTF-8, and a string would not find it again.
  const walk = (abs: Buffer, rel: string): void => {
    for (const name of readdirSync(abs, { encoding: 'buffer' }).sort(Buffer.compare)) {
      const child = Buffer.concat([abs, Buffer.from('/'), name]);
      const childRel = rel === '' ? name.toString() : `${rel}/${name.toString()}`;
      const info = lstatSync(child);
      out.set(childRel, `${info.mode} ${info.size} ${info.mtimeMs}`);
      if (info.isDirectory()) walk(child, childRel);
    }
  };
  walk(Buffer.from(dir), '');
  return out;
}

beforeAll(async () => {
  requireCompiled();
  const dir = tempDir('news-archive-hostile-');
  hostile = makeHostileCorpus(path.join(dir, 'input'));
  parentBefore = readdirSync(dir).sort();
  inputBefore = inputState(hostile.dir);
  bad = build(dir, hostile.dir);

  const goodDir = tempDir('news-archive-benign-');
  const goodInput = path.join(goodDir, 'input');
  await generateCorpus(goodInput, 120, 'hostile-reference');
  writeFileSync(path.join(goodInput, 'benign.md'), BENIGN_MARKDOWN);
  good = build(goodDir, goodInput);
}, 300_000);

afterAll(() => {
  if (!IS_ROOT && hostile) rmSync(path.join(hostile.dir, 'no-permission.txt'), { force: true });
});

describe('the hostile corpus builds', () => {
  it('with exit 0 and a built report', () => {
    expect(bad.status, bad.stderr).toBe(0);
    expect(bad.report.status).toBe('built');
    expect(good.status, good.stderr).toBe(0);
  });
});

describe('every case has its stated fate', () => {
  it('the report lists exactly the entries the corpus holds', () => {
    const listed = [...Object.keys(bad.report.rendered), ...bad.report.rejected, ...bad.report.ignored.map((f) => f.replace(/\/$/, ''))];
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(Object.keys(hostile.fates).sort());
    // Every candidate file is rendered or rejected; nothing falls between.
    expect([...Object.keys(bad.report.rendered), ...bad.report.rejected].sort()).toEqual(
      Object.keys(hostile.fates).filter((f) => hostile.fates[f]!.fate !== 'ignored').sort(),
    );
    expect(bad.report.files).toBe(Object.keys(bad.report.rendered).length + bad.report.rejected.length);
  });

  it('for each file', () => {
    const problems: string[] = [];
    for (const [file, fate] of Object.entries(hostile.fates)) {
      const mine = bad.report.diagnostics.filter((d) => d.file === file);
      const errors = mine.filter((d) => d.severity === 'error').map((d) => d.rule);
      const warnings = [...new Set(mine.filter((d) => d.severity === 'warning').map((d) => d.rule))].sort();
      const url = bad.report.rendered[file];
      const said = `${JSON.stringify(file)}: expected ${JSON.stringify(fate)}, got url=${url} errors=${errors} warnings=${warnings}`;
      switch (fate.fate) {
        case 'rendered':
          if (url === undefined || errors.length > 0 || JSON.stringify(warnings) !== JSON.stringify([...fate.warnings].sort())) problems.push(said);
          else if (!bad.pages.has(pageOf(url))) problems.push(`${said}: no page at ${url}`);
          break;
        case 'error':
          if (url !== undefined || !bad.report.rejected.includes(file) || !errors.includes(fate.rule)) problems.push(said);
          break;
        case 'ignored':
          if (url !== undefined || mine.length > 0 || !bad.report.ignored.some((f) => f.replace(/\/$/, '') === file)) problems.push(said);
          break;
      }
    }
    expect(problems).toEqual([]);
  });

  it.skipIf(!IS_ROOT)('a file with mode 000 is readable by root, so that case runs only when not root', () => {
    expect(hostile.fates['no-permission.txt']).toBeUndefined();
  });

  it('counts in the report agree with its lists', () => {
    const r = bad.report;
    expect(r.articles).toBe(Object.keys(r.rendered).length);
    expect(r.errors).toBe(r.diagnostics.filter((d) => d.severity === 'error').length);
    expect(r.warnings).toBe(r.diagnostics.filter((d) => d.severity === 'warning').length);
  });
});

describe('problems on stderr', () => {
  it('every error is one line, file:line:column  error  message  rule-id, relative to the working directory', () => {
    const lines = bad.stderr.split('\n').filter((l) => l !== '');
    const errors = lines.filter((l) => /:\d+:\d+ {2}error {2}/.test(l));
    expect(errors).toHaveLength(bad.report.errors);
    const input = path.relative(path.resolve('.'), hostile.dir);
    for (const line of errors) expect(line).toMatch(new RegExp(`^${input.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/.+:\\d+:\\d+ {2}error {2}.+ {2}[a-z-]+$`));
    // A file name with a line break still gives one line, with the break shown as `?`.
    expect(errors.filter((l) => l.includes('generated/line?break.txt:1:1  error'))).toHaveLength(1);
    expect(NEWLINE_NAME).toContain('\n');
    // Nothing from the input reaches the terminal as a control sequence.
    expect(bad.stderr).not.toContain('\u001b');
  });
});

/** URL schemes that run code or smuggle content. */
const DANGEROUS_URL = /^(?:javascript|vbscript|data|file):/i;

function checkUrl(value: string, where: string, problems: string[]): void {
  const squeezed = value.replace(/[\s\u0000-\u001f]+/g, '');
  if (DANGEROUS_URL.test(squeezed)) problems.push(`${where}: dangerous URL ${value}`);
  const internal = squeezed.startsWith(BASE) || squeezed.startsWith(`${SITE_URL}${BASE}`) || squeezed.startsWith('#');
  if (!internal && !/^https:\/\/example\.org\//.test(squeezed)) problems.push(`${where}: unexpected URL ${value}`);
}

describe('nothing injected', () => {
  it('every element of every hostile page is one the templates (or benign Markdown) write', () => {
    const allowed = new Set<string>();
    for (const page of good.pages.values()) for (const el of page.elements) allowed.add(signature(el));
    const problems: string[] = [];
    for (const [file, page] of bad.pages) {
      for (const el of page.elements) {
        if (!allowed.has(signature(el))) problems.push(`${file}: <${signature(el)}>`);
        for (const [name, value] of Object.entries(el.attrs)) {
          if (/^on/i.test(name)) problems.push(`${file}: event handler ${name}`);
          if (name === 'href' || name === 'src' || name === 'action' || name === 'xlink:href') checkUrl(value, `${file} <${el.tag} ${name}>`, problems);
        }
      }
      if (page.comments.length > 0) problems.push(`${file}: comment ${page.comments[0]}`);
      for (const s of page.scripts) {
        const ok = (s.attrs.type === 'application/ld+json' && s.attrs.src === undefined) || (s.attrs.type === 'module' && s.attrs.src === `${BASE}search.js`);
        if (!ok) problems.push(`${file}: script ${JSON.stringify(s.attrs)}`);
      }
      if (page.textOf('h1').length !== 1) problems.push(`${file}: ${page.textOf('h1').length} h1 elements`);
    }
    expect(problems).toEqual([]);
  });

  it('hostile headlines print as the text they are, in the page, its title and its JSON-LD', () => {
    for (const file of ['hostile-headline.txt', 'breadcrumb-markup.txt', 'hostile.md', 'path-headline.txt']) {
      const text = decodeBytes(readFileSync(path.join(hostile.dir, file)), file).text!;
      const headline = parseText(text, file).article!.headline;
      const page = bad.pages.get(pageOf(bad.report.rendered[file]!))!;
      expect(page.textOf('h1')).toEqual([headline]);
      expect(page.title).toBe(`${headline} — Hostile & <Archive>`);
      const ld = page.scripts.find((s) => s.attrs.type === 'application/ld+json')!;
      expect(JSON.parse(ld.text).headline).toBe(headline);
    }
    const h = bad.pages.get(pageOf(bad.report.rendered['hostile-headline.txt']!))!;
    expect(h.textOf('h1')[0]).toContain('<script>alert(1)</script>');
  });

  it('JSON-LD can neither close its script nor open a comment, and parses as JSON', () => {
    let count = 0;
    for (const [file, page] of bad.pages) {
      for (const s of page.scripts.filter((x) => x.attrs.type === 'application/ld+json')) {
        count++;
        expect(s.text, file).not.toMatch(/<\/script|<!--|<script/i);
        expect(() => JSON.parse(s.text), file).not.toThrow();
      }
    }
    expect(count).toBe(Object.keys(bad.report.rendered).length);
  });

  it('the dateline leads the paragraph it led in the input', () => {
    const url = bad.report.rendered['dateline-later.txt']!;
    const paragraphs = bad.pages.get(pageOf(url))!.textOf('p');
    const expected = [
      'Smoke rises over the city. (witnesses/local <b>radio</b>)',
      'Residents were told to stay indoors, local radio said.',
      'BEIJING, March 23 (Xinhua) -- The paragraph the dateline led.',
      'The last paragraph.',
    ];
    const at = paragraphs.indexOf(expected[0]!);
    expect(paragraphs.slice(at, at + 4)).toEqual(expected);
    expect(read(bad.out, pageOf(url))).toContain('<p><span class="dateline">BEIJING, March 23 (Xinhua) --</span> The paragraph the dateline led.</p>');
  });

  it('feeds and sitemap parse as XML/JSON and hold only the elements a benign build has', () => {
    const names = (xml: string): Set<string> => {
      const out = new Set<string>();
      const walk = (v: unknown, name: string): void => {
        if (Array.isArray(v)) return v.forEach((x) => walk(x, name));
        out.add(name);
        if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (!k.startsWith('@_') && k !== '#text') walk(x, k);
      };
      walk(new XMLParser({ ignoreAttributes: false }).parse(xml), '#document');
      return out;
    };
    for (const file of ['feed.xml', 'sitemap.xml']) {
      const xml = read(bad.out, file);
      expect(XMLValidator.validate(xml), file).toBe(true);
      const allowed = names(read(good.out, file));
      expect([...names(xml)].filter((n) => !allowed.has(n)), file).toEqual([]);
    }
    // Atom titles and summaries are type="html": once decoded they must hold no element but <p>.
    const atom = new XMLParser({ ignoreAttributes: false, processEntities: true, htmlEntities: true }).parse(read(bad.out, 'feed.xml'));
    for (const entry of atom.feed.entry as Record<string, { '#text'?: string } | string>[]) {
      for (const key of ['title', 'summary', 'content']) {
        const v = entry[key];
        if (v === undefined) continue;
        const html = typeof v === 'string' ? v : (v['#text'] ?? '');
        const tags = parsePage(`<body>${html}`).elements.map((e) => e.tag).filter((t) => !['html', 'head', 'body', 'p'].includes(t));
        expect(tags, `${key}: ${html}`).toEqual([]);
      }
    }
    const json = JSON.parse(read(bad.out, 'feed.json')) as { items: { content_html?: string; url: string }[] };
    for (const item of json.items) {
      const tags = parsePage(`<body>${item.content_html ?? ''}`).elements.map((e) => e.tag).filter((t) => !['html', 'head', 'body', 'p'].includes(t));
      expect(tags, item.url).toEqual([]);
    }
    const { sitemaps } = sitemapsOf(bad.out, 'https://news.example.org/archive/');
    expect(sitemaps.size).toBeGreaterThan(1);
    for (const [rel, xml] of sitemaps) {
      expect(XMLValidator.validate(xml), rel).toBe(true);
      const sitemap = new XMLParser().parse(xml) as { urlset: { url: { loc: string } | { loc: string }[] } };
      for (const u of [sitemap.urlset.url].flat()) expect(u.loc).toMatch(/^https:\/\/news\.example\.org\/archive\/[a-z0-9/.-]*$/);
    }
  });

  it('search index records are data: article URLs, the record headline as title, no field that is markup', () => {
    const bundle = path.join(bad.out, 'pagefind');
    const urls = new Set(Object.values(bad.report.rendered));
    const headlines = new Map<string, string>();
    for (const [file, url] of Object.entries(bad.report.rendered)) {
      const bytes = file === 'links/outside.txt' ? readFileSync(hostile.outside) : readFileSync(path.join(hostile.dir, file));
      headlines.set(url, parseText(decodeBytes(bytes, file).text!, file).article!.headline);
    }
    let count = 0;
    for (const f of listFiles(bundle).filter((x) => x.endsWith('.pf_fragment'))) {
      const bytes = gunzipSync(readFileSync(path.join(bundle, f)));
      const fragment = JSON.parse(bytes.subarray(12).toString('utf8')) as { url: string; meta: Record<string, string> };
      count++;
      expect(urls.has(fragment.url), fragment.url).toBe(true);
      expect(fragment.meta.title).toBe(headlines.get(fragment.url));
      if (fragment.meta.placeUrl !== undefined) expect(fragment.meta.placeUrl).toMatch(/^\/places\/[a-z0-9-]+\/$/);
    }
    expect(count).toBe(urls.size);
  });
});

describe('nothing lost', () => {
  /** Every non-blank line of every rendered wire file of a build, checked against its page. */
  function lost(b: Built, source: (file: string) => Buffer): string[] {
    const out: string[] = [];
    for (const [file, url] of Object.entries(b.report.rendered)) {
      const text = decodeBytes(source(file), file).text!;
      const page = b.pages.get(pageOf(url))!;
      const quoted = b.report.diagnostics.filter((d) => d.file === file).flatMap((d) => quotedIn(d.message));
      if (/\.md$/i.test(file)) {
        // Markdown lines are markup; the parser's own tests account for them in the record. Here: record → page.
        for (const field of lostRecordFields(text, file, page.text)) out.push(`${file}: ${field}`);
        continue;
      }
      for (const line of lostLines(text, page.text, quoted)) out.push(`${file}: ${line.slice(0, 200)}`);
    }
    return out;
  }

  it('over the hostile corpus', () => {
    const lostHere = lost(bad, (f) => (f === 'links/outside.txt' ? readFileSync(hostile.outside) : readFileSync(path.join(hostile.dir, f))));
    expect(lostHere).toEqual([]);
  });

  it('over a generated corpus', () => {
    expect(Object.keys(good.report.rendered)).toHaveLength(121);
    expect(lost(good, (f) => readFileSync(path.join(good.input, f)))).toEqual([]);
  });

  it('a markup-named file is published, and its name appears in no page', () => {
    const url = bad.report.rendered[MARKUP_NAME]!;
    expect(bad.pages.has(pageOf(url))).toBe(true);
    for (const f of bad.files) if (/\.(html|xml|json)$/.test(f)) expect(read(bad.out, f), f).not.toContain('onerror=alert(1)>.txt');
  });
});

describe('nothing written outside the output folder', () => {
  it('the input is untouched and beside it only the site and its report appeared', () => {
    expect(inputState(hostile.dir)).toEqual(inputBefore);
    // Beside the input: the site, its report, and the build's cache folder when it keeps one.
    const added = readdirSync(path.dirname(hostile.dir)).filter((n) => !parentBefore.includes(n));
    expect(added.sort()).toEqual(['site', 'site.report.json', ...(added.includes('site.cache') ? ['site.cache'] : [])].sort());
  });

  it('headlines made of paths land in a safe folder under the output', () => {
    for (const file of ['path-headline.txt', 'dotdot-headline.txt', 'punctuation-headline.txt', 'cjk-headline.txt']) {
      expect(bad.report.rendered[file]).toMatch(/^\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9]+(?:-[a-z0-9]+)*\/$/);
    }
    for (const f of bad.files) expect(f.split('/').every((part) => part !== '..' && part !== '.' && part !== ''), f).toBe(true);
  });
});

describe('valid HTML', () => {
  it('every hostile page under 1 MB passes html-validate (the multi-megabyte pages are checked by parse5 above)', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'long-title': 'off' } });
    const problems: string[] = [];
    for (const f of bad.files.filter((x) => x.endsWith('.html'))) {
      const html = read(bad.out, f);
      if (html.length > 1_000_000) continue;
      const report = await validator.validateString(html, f);
      problems.push(...report.results.flatMap((r) => r.messages.map((m) => `${f}:${m.line}:${m.column} ${m.ruleId} ${m.message}`)));
    }
    expect(problems).toEqual([]);
  });
});

