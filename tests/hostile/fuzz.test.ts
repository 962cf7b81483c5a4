/**
 * Property-based tests of the whole build (fast-check): small random corpora
 * of dispatch-shaped text full of markup, odd bytes and odd names, built with
 * the real CLI (wire text and Markdown). For every corpus: exit 0, every file accounted for, every page
 * valid HTML, nothing injected, nothing lost, and the same bytes when built
 * again in another time zone and locale. Six corpora per run by default
 * (each is built twice); `FUZZ_SEED=n FUZZ_RUNS=m` explores more. The parser
 * alone is fuzzed far harder in tests/parse/properties.test.ts.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { HtmlValidate } from 'html-validate';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../src/bench/corpus.js';
import { decodeBytes } from '../../src/decode.js';
import type { Diagnostic } from '../../src/types.js';
import { listFiles, read, requireCompiled, runCli, tempDir } from '../site/helpers.js';
import { BENIGN_MARKDOWN, lostLines, lostRecordFields, parsePage, quotedIn, signature } from './pages.js';

const HOSTILE = [
  '<script>alert(1)</script>',
  '</p><p onclick="x">',
  '<!-- comment -->',
  ']]>',
  '[click](javascript:alert(1))',
  '<a href="javascript:alert(1)">x</a>',
  '&amp; & &lt; "quoted" \'single\'',
  'Home > <b>World</b> > News',
  'Smoke rises. (Xinhua/Bai <b>X</b>)',
  '{{ site.title }} {% raw %} ${x}',
  '</script><style>*{}</style>',
  '\u2028\u2029',
];
const PIECES = [
  '',
  'BEIJING, Aug. 22 (Xinhua) -- The talks went on.',
  'WASHINGTON (Reuters) - Stocks fell.',
  'A panda rests. (Xinhua/Li Ming)',
  'by Xinhua writer Zhang San',
  'Enditem',
  'Editor: Li Yan',
  'Adjust font size:',
  '1. Not a list',
  '* not a bullet **bold**',
  '\tindented line',
  'a lower-case continuation',
];
const fragment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 20 })).map(([h, s]) => `${s} ${h} ${s}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
);
const header = fc
  .tuple(fc.constantFrom('2024-08-22', '2024-08-23', '2024-02-30', '2023-05', '1999-12-31'), fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 30 }), fc.constant('Talks go on')))
  .map(([date, headline]) => ` date ${date} ${headline}`);
const wireText = fc
  .tuple(header, fc.array(fragment, { maxLength: 8 }), fc.constantFrom('\n\n', '\n', '\r\n\r\n'))
  .map(([h, lines, eol]) => [h, ...lines].join(eol));
const fileBytes = fc.oneof(
  { weight: 8, arbitrary: wireText.map((t) => new TextEncoder().encode(t)) },
  { weight: 1, arbitrary: wireText.map((t) => Uint8Array.from(t, (c) => c.charCodeAt(0) & 0xff)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
);
const MARKDOWN_PIECES = [
  '*em* **strong** `code` ~~struck~~',
  '# A heading',
  '## A section',
  '- one\n- two',
  '1. first\n2. second',
  '> a quotation',
  '```\ncode\n```',
  '[a link](https://example.org/x)',
  '![an image](https://example.org/a.png)',
  '[a js link](javascript:alert(1))',
  '![a js image](javascript:alert(1))',
  '![a data image](data:image/png;base64,AAAA)',
  '<b>raw</b> and <img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<iframe src="https://evil.example"></iframe>',
  '---',
  'Line one\\\nline two',
  'BEIJING, Aug. 22 (Xinhua) -- A dateline in Markdown.',
];
const markdownText = fc
  .tuple(
    fc.constantFrom('2024-08-22', '2024-08-23', '2024-02-30'),
    fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 20 }), fc.constant('A Markdown article')),
    fc.array(fc.oneof(fc.constantFrom(...MARKDOWN_PIECES), fc.constantFrom(...HOSTILE), fc.string({ maxLength: 30 })), { maxLength: 6 }),
  )
  .map(([date, title, blocks]) => `---\ndate: ${date}\ntitle: ${JSON.stringify(title)}\n---\n\n${blocks.join('\n\n')}\n`);
const wireFile = fc.tuple(fc.constantFrom('a.txt', 'b c.txt', 'é ü.txt', 'deep/x.txt', '.hidden.txt', 'n<b>.txt', 'Z.TXT', 'notes.html'), fileBytes);
const markdownFile = fc.tuple(fc.constantFrom('m.md', 'deep/n.md', 'O.MD'), markdownText.map((t) => new TextEncoder().encode(t)));
const corpus = fc.uniqueArray(fc.oneof({ weight: 3, arbitrary: wireFile }, { weight: 1, arbitrary: markdownFile }), {
  minLength: 1,
  maxLength: 5,
  selector: ([name]) => name,
});

interface Report {
  rendered: Record<string, string>;
  rejected: string[];
  ignored: string[];
  files: number;
  diagnostics: Diagnostic[];
}

let allowed: Set<string>;
const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'long-title': 'off' } });

beforeAll(async () => {
  requireCompiled();
  // The elements a benign build writes: anything else on a fuzzed page came from input.
  const dir = tempDir('news-archive-fuzz-ref-');
  await generateCorpus(path.join(dir, 'in'), 40, 'fuzz-reference');
  writeFileSync(path.join(dir, 'in', 'benign.md'), BENIGN_MARKDOWN);
  expect(runCli(['build', '--input', path.join(dir, 'in'), '--output', path.join(dir, 'site'), '--quiet', '--no-search']).status).toBe(0);
  allowed = new Set();
  for (const f of listFiles(path.join(dir, 'site')).filter((x) => x.endsWith('.html'))) {
    for (const el of parsePage(read(path.join(dir, 'site'), f)).elements) allowed.add(signature(el));
  }
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

function hashes(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex')]));
}

async function check(files: [string, Uint8Array][]): Promise<void> {
  const dir = tempDir('news-archive-fuzz-');
  try {
    const input = path.join(dir, 'in');
    mkdirSync(input);
    for (const [name, bytes] of files) {
      mkdirSync(path.dirname(path.join(input, name)), { recursive: true });
      writeFileSync(path.join(input, name), bytes);
    }
    const out = path.join(dir, 'site');
    const run = runCli(['build', '--input', input, '--output', out, '--quiet', '--no-search'], { env: { TZ: 'UTC', LC_ALL: 'C' } });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/failed|Error:|at .+:\d+:\d+\)/);
    const report = JSON.parse(readFileSync(`${out}.report.json`, 'utf8')) as Report;

    // Every file is accounted for.
    const listed = [...Object.keys(report.rendered), ...report.rejected, ...report.ignored];
    expect(listed.sort()).toEqual(files.map(([n]) => n).sort());
    for (const f of report.rejected) expect(report.diagnostics.some((d) => d.file === f && d.severity === 'error'), f).toBe(true);

    for (const page of listFiles(out).filter((f) => f.endsWith('.html'))) {
      const html = read(out, page);
      const result = await validator.validateString(html, page);
      expect(result.results.flatMap((r) => r.messages.map((m) => `${page}:${m.line} ${m.ruleId} ${m.message}`))).toEqual([]);
      const parsed = parsePage(html);
      for (const el of parsed.elements) {
        expect(allowed.has(signature(el)), `${page}: <${signature(el)}>`).toBe(true);
        for (const [name, value] of Object.entries(el.attrs)) {
          expect(name, page).not.toMatch(/^on/i);
          expect(value.replace(/\s+/g, ''), page).not.toMatch(/^(?:javascript|data|vbscript):/i);
        }
      }
      expect(parsed.comments, page).toEqual([]);
      for (const s of parsed.scripts) {
        expect(s.attrs.type, page).toBe('application/ld+json');
        expect(s.text, page).not.toMatch(/<\/script|<!--/i);
        JSON.parse(s.text);
      }
    }

    // Nothing lost.
    for (const [file, url] of Object.entries(report.rendered)) {
      const bytes = files.find(([n]) => n === file)![1];
      const text = decodeBytes(bytes, file).text!;
      const page = parsePage(read(out, `${url.slice(1)}index.html`));
      if (/\.md$/i.test(file)) {
        expect(lostRecordFields(text, file, page.text), file).toEqual([]);
        continue;
      }
      const quoted = report.diagnostics.filter((d) => d.file === file).flatMap((d) => quotedIn(d.message));
      expect(lostLines(text, page.text, quoted), file).toEqual([]);
    }

    // The same bytes in another time zone and locale.
    const again = path.join(dir, 'again');
    expect(runCli(['build', '--input', input, '--output', again, '--quiet', '--no-search'], { env: { TZ: 'Pacific/Kiritimati', LC_ALL: 'tr_TR.UTF-8', LANG: 'tr_TR.UTF-8' } }).status).toBe(0);
    expect(hashes(again)).toEqual(hashes(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the whole build on random corpora', () => {
  it('exit 0, every file accounted for, valid HTML, nothing injected or lost, deterministic', async () => {
    // A fixed seed keeps CI stable; FUZZ_SEED and FUZZ_RUNS explore further by hand.
    const seed = Number(process.env.FUZZ_SEED ?? 20240822);
    const numRuns = Number(process.env.FUZZ_RUNS ?? 6);
    await fc.assert(fc.asyncProperty(corpus, check), { numRuns, seed, endOnFailure: true });
  }, 300_000);
});
