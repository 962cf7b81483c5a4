/**
 * Measures the search index on a synthetic corpus of N dispatches (the
 * benchmark's generator): indexing from the records (src/search) against
 * Pagefind's own CLI over the finished pages, each as a separate process
 * measured from outside (wall time, CPU, peak RSS of the whole process tree,
 * Pagefind's binary included), the index size on disk, and what one query
 * downloads in Chromium.
 *
 *   npx tsx tests/search/measure-index.ts --articles 10000 [--work DIR] [--keep] [--skip-cli]
 *
 * `--index-only` runs inside the measured child: load the corpus, index it.
 * `--query-only SITE [--query WORD]` measures one query on a built site.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { generateCorpus } from '../../src/bench/corpus.js';
import { measure, type Measurement } from '../../src/bench/measure.js';
import { loadCorpus } from '../../src/corpus.js';
import { buildSearchIndex } from '../../src/search/index.js';
import { serveStatic } from '../browser/server.js';
import { listFiles } from '../site/helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'dist/src/cli.js');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const PAGEFIND = path.join(ROOT, 'node_modules/.bin/pagefind');

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '10000' },
    work: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'skip-cli': { type: 'boolean', default: false },
    'index-only': { type: 'string' },
    'query-only': { type: 'string' },
    output: { type: 'string' },
    'max-shard': { type: 'string' },
    query: { type: 'string', default: 'guterres' },
  },
});

function bytesIn(dir: string): { files: number; bytes: number } {
  let bytes = 0;
  const files = listFiles(dir);
  for (const file of files) bytes += statSync(path.join(dir, file)).size;
  return { files: files.length, bytes };
}

const mb = (bytes: number) => Math.round(bytes / 1e6);

function summary(m: Measurement) {
  return { wallS: +(m.wallMs / 1000).toFixed(1), cpuS: m.cpuMs === null ? null : +(m.cpuMs / 1000).toFixed(1), peakRssMB: mb(m.peakRssBytes), exit: m.exitCode };
}

/** The child: load and index, printing the index phase's own time. */
async function indexOnly(input: string, output: string): Promise<void> {
  const corpus = await loadCorpus(input);
  const t0 = performance.now();
  const maxShardArticles = values['max-shard'] ? Number(values['max-shard']) : undefined;
  const stats = await buildSearchIndex(corpus.articles, output, { basePath: '/', ...(maxShardArticles ? { maxShardArticles } : {}) });
  // On standard error, where the measuring parent keeps the tail.
  process.stderr.write(`${JSON.stringify({ indexMs: Math.round(performance.now() - t0), shards: stats.shards.length, files: stats.files, bytes: stats.bytes })}\n`);
}

/** One query in Chromium: every response's size, split into the fixed runtime and the index data. */
async function queryBytes(site: string, query: string) {
  const server = await serveStatic(site, '/');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const sizes: Array<{ url: string; bytes: number }> = [];
    page.on('response', (response) => {
      void response.body().then((body) => sizes.push({ url: response.url(), bytes: body.length }), () => undefined);
    });
    await page.goto(`${server.url}search/?q=${encodeURIComponent(query)}`);
    // Results first, then the filter lists for the counts.
    await page.waitForFunction(() => /could not load|No articles/.test(document.querySelector('[data-search-status]')?.textContent ?? '') || (document.querySelector('[data-search-results]')?.children.length ?? 0) > 0, null, { timeout: 120_000 });
    const beforeCounts = sizes.filter((s) => s.url.includes('/pagefind/')).reduce((n, s) => n + s.bytes, 0);
    await page.waitForFunction(() => document.querySelector('[data-search]')?.getAttribute('aria-busy') === 'false', null, { timeout: 120_000 });
    await page.waitForTimeout(500);
    const status = await page.textContent('[data-search-status]');
    const pagefind = sizes.filter((s) => s.url.includes('/pagefind/'));
    const runtime = pagefind.filter((s) => /pagefind(-worker)?\.js$|wasm\.en\.pagefind$/.test(s.url));
    const sum = (list: typeof sizes) => list.reduce((n, s) => n + s.bytes, 0);
    const kind = (re: RegExp) => sum(pagefind.filter((s) => re.test(s.url)));
    return {
      status,
      requests: pagefind.length,
      totalKB: Math.round(sum(pagefind) / 1000),
      untilResultsKB: Math.round(beforeCounts / 1000),
      runtimeKB: Math.round(sum(runtime) / 1000),
      indexDataKB: Math.round((sum(pagefind) - sum(runtime)) / 1000),
      metaKB: Math.round(kind(/\.pf_meta$/) / 1000),
      indexChunksKB: Math.round(kind(/\.pf_index$/) / 1000),
      filterKB: Math.round(kind(/\.pf_filter$/) / 1000),
      fragmentKB: Math.round(kind(/\.pf_fragment$/) / 1000),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

async function main(): Promise<void> {
  if (values['index-only']) return indexOnly(values['index-only'], values.output!);
  if (values['query-only']) {
    process.stdout.write(`${JSON.stringify(await queryBytes(values['query-only'], values.query!), null, 2)}\n`);
    return;
  }
  const n = Number(values.articles);
  const work = values.work ?? path.join(os.tmpdir(), `news-archive-search-measure-${n}`);
  const input = path.join(work, 'corpus');
  const site = path.join(work, 'site');
  if (!existsSync(input)) {
    await mkdir(work, { recursive: true });
    await generateCorpus(input, n);
  }
  const result: Record<string, unknown> = { articles: n, machine: `${os.cpus().length} cores`, node: process.version };

  // The whole build, search index included: its report times the search phase apart.
  await rm(site, { recursive: true, force: true });
  const build = await measure(process.execPath, [CLI, 'build', '--input', input, '--output', site, '--quiet']);
  const report = JSON.parse(await readFile(`${site}.report.json`, 'utf8')) as { phases: Record<string, number>; totalMs: number };
  result.build = { ...summary(build), phases: report.phases, totalMs: report.totalMs };
  result.index = bytesIn(path.join(site, 'pagefind'));

  // Indexing alone, in its own process: load the corpus, index it (the tree includes Pagefind's binary).
  const scratch = path.join(work, 'records-only');
  await rm(scratch, { recursive: true, force: true });
  const records = await measure(TSX, [fileURLToPath(import.meta.url), '--index-only', input, '--output', scratch, ...(values['max-shard'] ? ['--max-shard', values['max-shard']] : [])]);
  result.fromRecords = { ...summary(records), ...JSON.parse(records.stderrTail.trim().split('\n').pop() || '{}') };
  await rm(scratch, { recursive: true, force: true });

  if (!values['skip-cli']) {
    const cliOut = path.join(work, 'cli-bundle');
    await rm(cliOut, { recursive: true, force: true });
    // Pagefind's own command over the finished pages (every HTML page, as it would be run by hand).
    const cli = await measure(PAGEFIND, ['--site', site, '--output-path', cliOut]);
    result.pagefindCli = summary(cli);
    if (existsSync(cliOut)) result.pagefindCliIndex = bytesIn(cliOut);
  }

  result.query = await queryBytes(site, values.query!);
  const text = `${JSON.stringify(result, null, 2)}\n`;
  process.stdout.write(text);
  await writeFile(path.join(work, 'search-measure.json'), text);
  if (!values.keep) await rm(work, { recursive: true, force: true });
}

await main();
