/**
 * The search index as written: what Pagefind stores for each article (read
 * back from its fragment files), the shards and their manifest, and the site
 * a build writes around it.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../src/cache/manifest.js';
import { loadCorpus } from '../../src/corpus.js';
import { buildSearchIndex, searchLanes, type ShardManifest } from '../../src/search/index.js';
import type { ArticleRecord } from '../../src/types.js';
import { dispatch, listFiles, read, requireCompiled, runCli, tempDir } from '../site/helpers.js';

const FIXTURE = path.resolve(import.meta.dirname, 'fixtures/archive');

interface Fragment {
  url: string;
  content: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}

/** Checks that the index under `b` has the files of the one under `a`, with their bytes. */
function sameIndex(a: string, b: string): void {
  const files = listFiles(path.join(a, 'pagefind'));
  expect(listFiles(path.join(b, 'pagefind'))).toEqual(files);
  for (const file of files) expect(readFileSync(path.join(b, 'pagefind', file)).equals(readFileSync(path.join(a, 'pagefind', file))), file).toBe(true);
}

/** The articles with a paragraph added to those of `date`. */
function withParagraph(articles: ArticleRecord[], date: string, paragraph: string): ArticleRecord[] {
  return articles.map((a) => (a.date === date ? { ...a, paragraphs: [...a.paragraphs, paragraph] } : a));
}

/** The articles with one more on the newest day, `/2024/09/02/late-news/`. */
function withLateNews(articles: ArticleRecord[]): ArticleRecord[] {
  return [...articles, { ...articles[articles.length - 1]!, slug: 'late-news', url: '/2024/09/02/late-news/', headline: 'Late news from Beijing' }];
}

/** Every fragment under a Pagefind bundle folder (nested shards included), by URL. */
function fragments(bundle: string): Map<string, Fragment> {
  const out = new Map<string, Fragment>();
  for (const file of listFiles(bundle).filter((f) => f.endsWith('.pf_fragment'))) {
    const bytes = gunzipSync(readFileSync(path.join(bundle, file)));
    expect(bytes.subarray(0, 12).toString()).toBe('pagefind_dcd');
    const fragment = JSON.parse(bytes.subarray(12).toString('utf8')) as Fragment;
    out.set(fragment.url, fragment);
  }
  return out;
}

/**
 * Checks that the manifest beside `output` lists every file of its index,
 * each with the SHA-1 of its bytes: a rebuild takes the hashes of the files
 * of shards it links from the previous output's manifest.
 */
function expectIndexListedAsItIs(output: string): void {
  // Read as a build reads it, patches (from changes made in place) applied, under the version it was written with.
  const { version } = JSON.parse(readFileSync(path.join(`${output}.cache`, 'manifest.json'), 'utf8').split('\n')[0]!) as { version: string };
  const listed = readManifest(output, version)!.files;
  const held = listFiles(path.join(output, 'pagefind'));
  expect([...listed.keys()].filter((rel) => rel.startsWith('pagefind/')).sort()).toEqual(held.map((file) => `pagefind/${file}`).sort());
  for (const file of held) {
    expect(listed.get(`pagefind/${file}`)?.hash, file).toBe(createHash('sha1').update(readFileSync(path.join(output, 'pagefind', file))).digest('base64url'));
  }
}

describe('a site built with search', () => {
  let dir: string;
  let site: string;
  let indexed: Map<string, Fragment>;

  beforeAll(() => {
    requireCompiled();
    dir = tempDir('news-archive-search-');
    site = path.join(dir, 'site');
    const result = runCli(['build', '--input', FIXTURE, '--output', site, '--quiet']);
    expect(result.status, result.stderr).toBe(0);
    indexed = fragments(path.join(site, 'pagefind'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the Pagefind bundle, a manifest and the search page', () => {
    for (const file of ['pagefind/pagefind.js', 'pagefind/pagefind-entry.json', 'pagefind/pagefind-worker.js', 'pagefind/wasm.en.pagefind', 'search/index.html', 'search.js', 'search.css']) {
      expect(existsSync(path.join(site, file)), file).toBe(true);
    }
    // Pagefind's ready-made interfaces are not shipped: public/search.js is the interface.
    expect(readdirSync(path.join(site, 'pagefind')).filter((f) => /^pagefind-(ui|component-ui|modular-ui|highlight)\./.test(f))).toEqual([]);
    const manifest = JSON.parse(read(site, 'pagefind/shards.json')) as ShardManifest;
    expect(manifest).toMatchObject({ version: 1, basePath: '/', articles: 8 });
    // What each shard's folder holds, the manifest (and, in the primary, the older shards) aside: a later build reuses a shard only while it holds that.
    const held = (folder: string, skip: (file: string) => boolean) => {
      const files = listFiles(path.join(site, folder)).filter((file) => !skip(file));
      return { files: files.length, bytes: files.reduce((sum, file) => sum + statSync(path.join(site, folder, file)).size, 0) };
    };
    const hash = expect.stringMatching(/^[0-9a-f]{20}$/);
    // The newest month is a shard of its own, the primary; the older articles are packed into another.
    expect(manifest.shards).toEqual([
      { name: '2024-09', path: 'pagefind/', from: '2024-09-02', to: '2024-09-02', articles: 1, hash, ...held('pagefind', (file) => file === 'shards.json' || file.startsWith('2023_2024-08/')) },
      { name: '2023_2024-08', path: 'pagefind/2023_2024-08/', from: '2023-03-14', to: '2024-08-23', articles: 7, hash, ...held('pagefind/2023_2024-08', () => false) },
    ]);
  });

  it('indexes one record per article, at the article URL', async () => {
    const corpus = await loadCorpus(FIXTURE);
    expect([...indexed.keys()].sort()).toEqual(corpus.articles.map((a) => a.url).sort());
  });

  it('stores headline, date, place, place page and agency for the result line', () => {
    const okapi = indexed.get('/2024/01/09/okapi-calves-born-at-kenyan-sanctuary/');
    expect(okapi?.meta).toEqual({
      title: 'Okapi calves born at Kenyan sanctuary',
      date: '2024-01-09',
      place: 'NAIROBI',
      placeUrl: '/places/nairobi/',
      agency: 'AP',
    });
    expect(existsSync(path.join(site, 'places/nairobi/index.html'))).toBe(true);
  });

  it('files each article under its year, month, place and agency', () => {
    const grain = indexed.get('/2023/11/02/russia-expects-record-grain-harvest-minister-says/');
    expect(grain?.filters).toEqual({ year: ['2023'], month: ['2023-11'], place: ['MOSCOW'], agency: ['Reuters'] });
    const coffee = indexed.get('/2024/08/23/brazilian-coffee-exports-climb-in-july/');
    expect(coffee?.filters).toEqual({ year: ['2024'], month: ['2024-08'], place: ['SÃO PAULO'], agency: ['Xinhua'] });
  });

  it('indexes the headline, dateline, body and captions', () => {
    const tea = indexed.get('/2024/08/21/moscow-tea-festival-draws-record-crowds/')!;
    expect(tea.content).toContain('Moscow tea festival draws record crowds');
    expect(tea.content).toContain('MOSCOW, Aug. 21 (Xinhua) -- A tea festival');
    expect(tea.content).toContain('brass samovar');
    expect(tea.content).toContain('200 tea makers');
  });

  it('indexes no navigation, lists, footers or trailers', () => {
    const all = [...indexed.values()].map((f) => f.content).join('\n');
    for (const chrome of ['Skip to content', 'Latest', 'About this archive', 'Atom feed', 'Previous', 'More from', 'Wombatson', 'Enditem']) {
      expect(all, chrome).not.toContain(chrome);
    }
    // The rail article's own words are there, its trailers are not.
    expect(indexed.get('/2024/08/22/china-opens-high-speed-rail-link-to-xiong-an/')?.content).toContain('four stations');
  });

  it('keeps markup in an article as the text it is', () => {
    const hostile = [...indexed.values()].find((f) => f.content.includes('quokka'))!;
    expect(hostile.content).toContain("<script>alert('body')</script>");
    expect(hostile.content).toContain('<mark>fake mark</mark>');
  });

  it('links the search page and masthead form under the base path', () => {
    const home = read(site, 'index.html');
    expect(home).toMatch(/<form class="masthead-search" role="search" action="\/search\/" method="get">/);
    expect(home).toMatch(/<input id="masthead-q" type="search" name="q"/);
    const search = read(site, 'search/index.html');
    expect(search).toContain('data-base-path="/"');
    expect(search).toContain('<script type="module" src="/search.js"></script>');
    expect(search).toMatch(/<noscript>.*href="\/places\/".*<\/noscript>/s);
  });

  it('under --base-path, pages point into the base path and the index stays root-relative', () => {
    const archived = path.join(dir, 'archived');
    const result = runCli(['build', '--input', FIXTURE, '--output', archived, '--base-path', '/archive/', '--quiet']);
    expect(result.status, result.stderr).toBe(0);
    expect(read(archived, 'index.html')).toContain('action="/archive/search/"');
    const search = read(archived, 'search/index.html');
    expect(search).toContain('data-base-path="/archive/"');
    expect(search).toContain('src="/archive/search.js"');
    // public/search.js passes the base path to Pagefind as its baseUrl.
    expect([...fragments(path.join(archived, 'pagefind')).keys()].every((url) => /^\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/$/.test(url))).toBe(true);
  });

  it('a rebuild with nothing changed leaves the whole output alone, the index with it', () => {
    const again = path.join(dir, 'unchanged');
    expect(runCli(['build', '--input', FIXTURE, '--output', again, '--quiet']).status).toBe(0);
    const files = listFiles(again);
    const inodes = files.map((file) => statSync(path.join(again, file)).ino);
    expect(files.filter((file) => file.startsWith('pagefind/')).length).toBeGreaterThan(3);
    // The manifest lists every file of the output, the index's too.
    const manifest = readFileSync(path.join(`${again}.cache`, 'manifest.json'), 'utf8').split('\n');
    expect((JSON.parse(manifest[0]!) as { complete: boolean }).complete).toBe(true);
    expect((JSON.parse(manifest[1]!) as { paths: string[] }).paths.sort()).toEqual([...files].sort());

    expect(runCli(['build', '--input', FIXTURE, '--output', again, '--quiet']).status).toBe(0);
    const report = JSON.parse(readFileSync(`${again}.report.json`, 'utf8')) as { cache: { rendered: number; reused: number }; phases: Record<string, number>; pages: number };
    expect(report.cache).toEqual({ rendered: 0, reused: report.pages, unchanged: 0 });
    expect(report.phases.search).toBeUndefined();
    expect(listFiles(again)).toEqual(files);
    expect(files.map((file) => statSync(path.join(again, file)).ino)).toEqual(inodes);

    // A file of the index removed by hand: the next build notices and writes it again.
    const removed = files.find((file) => file.endsWith('.pf_fragment'))!;
    rmSync(path.join(again, 'pagefind', removed.slice('pagefind/'.length)));
    expect(runCli(['build', '--input', FIXTURE, '--output', again, '--quiet']).status).toBe(0);
    expect(listFiles(again)).toEqual(files);
  });

  it('a rebuild that renders every page again links the unchanged index from the previous output instead of indexing again', () => {
    const again = path.join(dir, 'again');
    expect(runCli(['build', '--input', FIXTURE, '--output', again, '--quiet']).status).toBe(0);
    // Keep the first index's files reachable (as links) after the rebuild deletes the old output.
    const kept = path.join(dir, 'kept');
    mkdirSync(kept);
    const files = listFiles(path.join(again, 'pagefind'));
    for (const file of files) {
      mkdirSync(path.dirname(path.join(kept, file)), { recursive: true });
      linkSync(path.join(again, 'pagefind', file), path.join(kept, file));
    }
    // Another title: every page changes, and no search record does.
    expect(runCli(['build', '--input', FIXTURE, '--output', again, '--quiet', '--title', 'Another Archive']).status).toBe(0);
    expect(JSON.parse(readFileSync(`${again}.report.json`, 'utf8')).cache.rendered).toBeGreaterThan(0);
    expect(listFiles(path.join(again, 'pagefind'))).toEqual(files);
    for (const file of files) {
      if (file === 'shards.json') expect(readFileSync(path.join(again, 'pagefind', file)).equals(readFileSync(path.join(kept, file)))).toBe(true);
      else expect(statSync(path.join(again, 'pagefind', file)).ino, file).toBe(statSync(path.join(kept, file)).ino);
    }
    expectIndexListedAsItIs(again);
    // With --no-cache the index is written afresh: same bytes, new files.
    expect(runCli(['build', '--input', FIXTURE, '--output', again, '--quiet', '--no-cache']).status).toBe(0);
    const meta = files.find((f) => f.endsWith('.pf_meta'))!;
    expect(statSync(path.join(again, 'pagefind', meta)).ino).not.toBe(statSync(path.join(kept, meta)).ino);
    expect(readFileSync(path.join(again, 'pagefind', meta)).equals(readFileSync(path.join(kept, meta)))).toBe(true);
  });

  it('a rebuild after an article was edited indexes its new text, and the index is what a clean build writes', () => {
    const input = path.join(dir, 'edited-input');
    cpSync(FIXTURE, input, { recursive: true });
    const output = path.join(dir, 'edited');
    expect(runCli(['build', '--input', input, '--output', output, '--quiet']).status).toBe(0);
    const file = path.join(input, '2023-11-02-moscow-grain.txt');
    writeFileSync(file, `${readFileSync(file, 'utf8').trimEnd()}\n\nBarley prices rose in the spring.\n`);
    expect(runCli(['build', '--input', input, '--output', output, '--quiet']).status).toBe(0);
    expect([...fragments(path.join(output, 'pagefind')).values()].some((f) => f.content.includes('Barley prices rose in the spring.'))).toBe(true);
    // The newest month's shard was linked, the older one indexed again: the manifest lists both as they are.
    expectIndexListedAsItIs(output);
    const clean = path.join(dir, 'edited-clean');
    expect(runCli(['build', '--input', input, '--output', clean, '--quiet']).status).toBe(0);
    const files = listFiles(clean);
    expect(listFiles(output)).toEqual(files);
    for (const name of files) expect(readFileSync(path.join(output, name)).equals(readFileSync(path.join(clean, name))), name).toBe(true);
  });

  it('a rebuild after articles were added changes the output in place, the index with it, as a clean build writes it', () => {
    const input = path.join(dir, 'grown-input');
    cpSync(FIXTURE, input, { recursive: true });
    const output = path.join(dir, 'grown');
    const build = (out: string): void => {
      const result = runCli(['build', '--input', input, '--output', out, '--quiet']);
      expect(result.status, result.stderr).toBe(0);
    };
    const asCleanBuild = (name: string): void => {
      const clean = path.join(dir, name);
      build(clean);
      const files = listFiles(clean);
      expect(listFiles(output)).toEqual(files);
      for (const file of files) expect(readFileSync(path.join(output, file)).equals(readFileSync(path.join(clean, file))), file).toBe(true);
      expectIndexListedAsItIs(output);
    };
    const inodes = (folder: string): number[] => listFiles(folder).map((file) => statSync(path.join(folder, file)).ino);
    build(output);
    const folder = statSync(output).ino;
    const olderShard = path.join(output, 'pagefind', '2023_2024-08');
    const olderFiles = inodes(olderShard);

    // An article on the newest day: the newest month's shard, the primary, is indexed again; the older shard stays as it is.
    writeFileSync(path.join(input, '2024-09-02-beijing-late.txt'), dispatch('2024-09-02', 'Beijing rail link opens late', 'BEIJING', 'The link opened late on Monday.'));
    build(output);
    expect(statSync(output).ino, 'changed in place, not swapped').toBe(folder);
    expect(inodes(olderShard)).toEqual(olderFiles);
    expect([...fragments(path.join(output, 'pagefind')).keys()]).toContain('/2024/09/02/beijing-rail-link-opens-late/');
    asCleanBuild('grown-clean');

    // A new month: the month before joins the older shard, which is indexed again, and the new month is the primary.
    writeFileSync(path.join(input, '2024-10-01-nairobi-rain.txt'), dispatch('2024-10-01', 'Rains return to Nairobi', 'NAIROBI', 'Rain fell on Tuesday.'));
    build(output);
    expect(statSync(output).ino, 'changed in place, not swapped').toBe(folder);
    const manifest = JSON.parse(read(output, 'pagefind/shards.json')) as ShardManifest;
    expect(manifest.shards.map((shard) => [shard.name, shard.path, shard.articles])).toEqual([
      ['2024-10', 'pagefind/', 1],
      ['2023_2024-09', 'pagefind/2023_2024-09/', 9],
    ]);
    asCleanBuild('turned-clean');

    // A fragment in `shard` (a folder under pagefind/) cut short by hand, in place (its folder's time unchanged), and an article added; then the rebuild.
    const cutShortWith = (shard: string, day: string, headline: string): void => {
      const fragments = path.join(output, 'pagefind', shard);
      const fragment = listFiles(fragments).find((file) => file.endsWith('.pf_fragment'))!;
      writeFileSync(path.join(fragments, fragment), 'cut');
      writeFileSync(path.join(input, `${day}-${headline.toLowerCase().replaceAll(' ', '-')}.txt`), dispatch(day, headline, 'NAIROBI', 'It happened on the day.'));
      build(output);
      expect(statSync(output).ino, 'changed in place, not swapped').toBe(folder);
    };

    // In the older shard, whose records are unchanged: that shard is indexed again and written in whole.
    cutShortWith('2023_2024-09', '2024-10-01', 'Nairobi rain eases');
    asCleanBuild('mended-clean');

    // In the primary, which the new article joins, so it is indexed again anyway: the output's copy of that file is
    // replaced, though the bytes written again are those the manifest lists for it.
    cutShortWith('fragment', '2024-10-02', 'Sun returns to Nairobi');
    asCleanBuild('primary-mended-clean');
  });

  it('writes the same index with --no-cache as with the cache, its shards\' hashes among it', () => {
    const trees = ['cached', 'uncached'].map((name, i) => {
      const out = path.join(dir, name);
      const result = runCli(['build', '--input', FIXTURE, '--output', out, '--quiet', ...(i === 1 ? ['--no-cache'] : [])]);
      expect(result.status, result.stderr).toBe(0);
      return out;
    });
    const files = listFiles(trees[0]!);
    expect(files).toContain('pagefind/shards.json');
    expect(listFiles(trees[1]!)).toEqual(files);
    for (const file of files) expect(readFileSync(path.join(trees[1]!, file)).equals(readFileSync(path.join(trees[0]!, file))), file).toBe(true);
  });

  it('with --no-search writes no index, no search page and no search box', () => {
    const plain = path.join(dir, 'plain');
    const result = runCli(['build', '--input', FIXTURE, '--output', plain, '--no-search', '--quiet']);
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(path.join(plain, 'pagefind'))).toBe(false);
    expect(existsSync(path.join(plain, 'search/index.html'))).toBe(false);
    expect(read(plain, 'index.html')).not.toContain('masthead-search');
  });
});

describe('buildSearchIndex in shards', () => {
  let dir: string;

  beforeAll(() => {
    dir = tempDir('news-archive-shards-');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the newest shard as the primary bundle and older shards beside it, newest first', async () => {
    const { articles } = await loadCorpus(FIXTURE);
    const out = path.join(dir, 'a');
    const stats = await buildSearchIndex(articles, out, { basePath: '/', maxShardArticles: 3 });
    expect(stats.shards.map((s) => [s.name, s.path, s.articles])).toEqual([
      ['2024-09', 'pagefind/', 1],
      ['2024-08-23', 'pagefind/2024-08-23/', 1],
      ['2024-08-21_2024-08-22', 'pagefind/2024-08-21_2024-08-22/', 3],
      ['2023_2024-01', 'pagefind/2023_2024-01/', 3],
    ]);
    const manifest = JSON.parse(readFileSync(path.join(out, 'pagefind/shards.json'), 'utf8')) as ShardManifest;
    expect(manifest.shards.map((s) => s.path)).toEqual(stats.shards.map((s) => s.path));
    // Older shards hold only index data; the browser loads pagefind.js and WebAssembly from the primary.
    const older = path.join(out, 'pagefind/2023_2024-01');
    expect(readdirSync(older).sort()).toEqual(expect.arrayContaining(['fragment', 'index', 'pagefind-entry.json']));
    expect(readdirSync(older).some((f) => f.endsWith('.js') || f.startsWith('wasm.'))).toBe(false);
    expect([...fragments(older).keys()].sort()).toEqual([
      '/2023/03/14/kenya-opens-first-okapi-sanctuary-in-western-forest/',
      '/2023/11/02/russia-expects-record-grain-harvest-minister-says/',
      '/2024/01/09/okapi-calves-born-at-kenyan-sanctuary/',
    ]);
    expect(fragments(path.join(out, 'pagefind')).size).toBe(8);
    expect(stats.files).toBe(listFiles(path.join(out, 'pagefind')).length);
  });

  it('writes byte-identical files from the same articles', async () => {
    const { articles } = await loadCorpus(FIXTURE);
    const first = path.join(dir, 'b1');
    const second = path.join(dir, 'b2');
    await buildSearchIndex(articles, first, { basePath: '/', maxShardArticles: 3 });
    await buildSearchIndex(articles, second, { basePath: '/', maxShardArticles: 3 });
    const files = listFiles(path.join(first, 'pagefind'));
    expect(listFiles(path.join(second, 'pagefind'))).toEqual(files);
    for (const file of files) {
      expect(readFileSync(path.join(second, 'pagefind', file)).equals(readFileSync(path.join(first, 'pagefind', file))), file).toBe(true);
    }
  });

  it('indexing shards two at a time in two Pagefind processes writes what one at a time writes', async () => {
    const { articles } = await loadCorpus(FIXTURE);
    const one = path.join(dir, 'l1');
    const two = path.join(dir, 'l2');
    const alone = await buildSearchIndex(articles, one, { basePath: '/', maxShardArticles: 3 });
    const together = await buildSearchIndex(articles, two, { basePath: '/', maxShardArticles: 3, lanes: 2 });
    sameIndex(one, two);
    // The primary's size leaves out the older shards written into its folder meanwhile, as the stats of the whole count them once.
    expect(together.shards).toEqual(alone.shards);
    expect([together.files, together.bytes]).toEqual([alone.files, alone.bytes]);
    const held = listFiles(path.join(two, 'pagefind'));
    expect(together.files).toBe(held.length);

    // An edit in the oldest shard and an article on the newest day: those two shards are indexed at once, the rest copied.
    const added = withLateNews(withParagraph(articles, '2023-11-02', 'Barley prices rose.'));
    const grown = path.join(dir, 'l3');
    const partly = await buildSearchIndex(added, grown, { basePath: '/', maxShardArticles: 3, lanes: 2, reuseFrom: two });
    expect(partly.shards.map((s) => [s.name, s.reused])).toEqual([
      ['2024-09', false],
      ['2024-08-23', true],
      ['2024-08-21_2024-08-22', true],
      ['2023_2024-01', false],
    ]);
    const fresh = path.join(dir, 'l4');
    await buildSearchIndex(added, fresh, { basePath: '/', maxShardArticles: 3 });
    sameIndex(fresh, grown);
    // Its sizes are what the folders hold: a build from it finds every shard whole and copies each.
    const again = await buildSearchIndex(added, path.join(dir, 'l5'), { basePath: '/', maxShardArticles: 3, lanes: 2, reuseFrom: grown });
    expect(again.shards.map((s) => s.reused)).toEqual([true, true, true, true]);
  });

  it('when a shard fails while another is being indexed, fails once that one is done, leaving no Pagefind process writing', async () => {
    const { articles } = await loadCorpus(FIXTURE);
    // The one article of the shard after the primary has no body to make a record of: it fails while the primary is indexed.
    const broken = articles.map((a) => (a.date === '2024-08-23' ? ({ ...a, paragraphs: undefined } as unknown as ArticleRecord) : a));
    const out = path.join(dir, 'fail');
    await expect(buildSearchIndex(broken, out, { basePath: '/', maxShardArticles: 3, lanes: 2, recordKeyOf: (a) => a.url })).rejects.toThrow();
    const held = listFiles(path.join(out, 'pagefind'));
    // The primary, indexed meanwhile, was written whole before the failure was reported; nothing is written after it.
    expect(held).toContain('pagefind-entry.json');
    await new Promise((done) => setTimeout(done, 500));
    expect(listFiles(path.join(out, 'pagefind'))).toEqual(held);
    expect(execFileSync('ps', ['-o', 'comm=', '--ppid', String(process.pid)], { encoding: 'utf8' }).includes('pagefind')).toBe(false);
  });

  it('a build indexes a shard at once per render thread, while the memory available leaves 1 GB for each', () => {
    const GB = 2 ** 30;
    expect(searchLanes(2, 21 * GB)).toBe(2);
    expect(searchLanes(1, 21 * GB)).toBe(1);
    expect(searchLanes(8, 3.5 * GB)).toBe(3);
    expect(searchLanes(4, 0.5 * GB)).toBe(1);
  });

  it('writes an empty manifest and no bundle for an archive with no articles', async () => {
    const out = path.join(dir, 'empty');
    const stats = await buildSearchIndex([], out, { basePath: '/archive/' });
    expect(stats.shards).toEqual([]);
    expect(JSON.parse(readFileSync(path.join(out, 'pagefind/shards.json'), 'utf8'))).toEqual({ version: 1, basePath: '/archive/', articles: 0, shards: [] });
  });

  it('copies unchanged older shards from an earlier output, and the result is what a fresh build writes', async () => {
    const { articles } = await loadCorpus(FIXTURE);
    const first = path.join(dir, 'r1');
    await buildSearchIndex(articles, first, { basePath: '/', maxShardArticles: 3 });

    const again = path.join(dir, 'r2');
    const unchanged = await buildSearchIndex(articles, again, { basePath: '/', maxShardArticles: 3, reuseFrom: first });
    expect(unchanged.shards.map((s) => s.reused)).toEqual([true, true, true, true]);
    expect(unchanged.reused).toBe(4);
    sameIndex(first, again);
    // What a reused shard holds is taken from the check made before linking it: the totals are still what the folder holds.
    const held = listFiles(path.join(again, 'pagefind'));
    expect([unchanged.files, unchanged.bytes]).toEqual([held.length, held.reduce((sum, file) => sum + statSync(path.join(again, 'pagefind', file)).size, 0)]);

    // An article of the oldest shard changes: that shard is indexed again, the others are copied.
    const edited = withParagraph(articles, '2023-11-02', 'Wheat prices fell.');
    const changed = path.join(dir, 'r3');
    const partly = await buildSearchIndex(edited, changed, { basePath: '/', maxShardArticles: 3, reuseFrom: again });
    expect(partly.shards.map((s) => [s.name, s.reused])).toEqual([
      ['2024-09', true],
      ['2024-08-23', true],
      ['2024-08-21_2024-08-22', true],
      ['2023_2024-01', false],
    ]);
    const fresh = path.join(dir, 'r4');
    await buildSearchIndex(edited, fresh, { basePath: '/', maxShardArticles: 3 });
    sameIndex(fresh, changed);

    // An article added on the newest day: only the newest month's shard, the primary, is indexed again.
    const added = withLateNews(edited);
    const grown = await buildSearchIndex(added, path.join(dir, 'r5'), { basePath: '/', maxShardArticles: 3, reuseFrom: changed });
    expect(grown.shards.map((s) => [s.name, s.articles, s.reused])).toEqual([
      ['2024-09', 2, false],
      ['2024-08-23', 1, true],
      ['2024-08-21_2024-08-22', 3, true],
      ['2023_2024-01', 3, true],
    ]);
    expect(fragments(path.join(dir, 'r5', 'pagefind')).has('/2024/09/02/late-news/')).toBe(true);
    expect([...fragments(path.join(changed, 'pagefind')).values()].some((f) => f.content.includes('Wheat prices fell.'))).toBe(true);
  });

  it('copies the earlier primary as an older shard when a new day of the newest month begins a part of its own', async () => {
    const { articles } = await loadCorpus(FIXTURE);
    const newest = articles[articles.length - 1]!;
    const on = (date: string, slug: string) => ({ ...newest, date, slug, url: `/${date.replaceAll('-', '/')}/${slug}/`, headline: `Trade news of ${date}` });
    // Shards of at most 8 articles: the newest month's last run in parts of at most 2, whole days each.
    const options = { basePath: '/', maxShardArticles: 8 };
    const twoDays = [...articles, on('2024-09-10', 'first'), on('2024-09-10', 'second')];
    const first = path.join(dir, 'd1');
    const before = await buildSearchIndex(twoDays, first, options);
    expect(before.shards.map((s) => s.name).slice(0, 2)).toEqual(['2024-09-10', '2024-09-02']);

    // A new day: the part of 2024-09-10, the primary until now, is an older shard, copied, not indexed again.
    const threeDays = [...twoDays, on('2024-09-11', 'third')];
    const grown = path.join(dir, 'd2');
    const after = await buildSearchIndex(threeDays, grown, { ...options, reuseFrom: first });
    expect(after.shards.map((s) => [s.name, s.path, s.reused])).toEqual([
      ['2024-09-11', 'pagefind/', false],
      ['2024-09-10', 'pagefind/2024-09-10/', true],
      ['2024-09-02', 'pagefind/2024-09-02/', true],
      ['2024-08', 'pagefind/2024-08/', true],
      ['2024-01', 'pagefind/2024-01/', true],
      ['2023', 'pagefind/2023/', true],
    ]);
    const fresh = path.join(dir, 'd3');
    const clean = await buildSearchIndex(threeDays, fresh, options);
    sameIndex(fresh, grown);
    expect(after.shards.map(({ files, bytes }) => [files, bytes])).toEqual(clean.shards.map(({ files, bytes }) => [files, bytes]));

    // In place (the reused shards stay where they are), the copied primary is written into its new folder all the same.
    const inPlace = path.join(dir, 'd4');
    await buildSearchIndex(threeDays, inPlace, { ...options, reuseFrom: first, linkReused: false });
    expect(listFiles(path.join(inPlace, 'pagefind', '2024-09-10'))).toEqual(listFiles(path.join(fresh, 'pagefind', '2024-09-10')));
    expect(existsSync(path.join(inPlace, 'pagefind', '2024-09-02'))).toBe(false);
  });

  it('given record keys, compares shards by them and reads no article of a shard it copies', async () => {
    const { articles } = await loadCorpus(FIXTURE);
    const keyOf = (edited: ReadonlySet<string>) => (article: ArticleRecord) => `${article.url} ${edited.has(article.url) ? 'edited' : 'as first written'}`;
    const first = path.join(dir, 'k1');
    await buildSearchIndex(articles, first, { basePath: '/', maxShardArticles: 3, recordKeyOf: keyOf(new Set()) });
    // Articles whose bodies cannot be read: a shard whose keys are unchanged never reads one.
    const unreadable = articles.map((article) => {
      const copy = { ...article };
      Object.defineProperty(copy, 'paragraphs', { get: () => { throw new Error(`read ${article.url}`); }, enumerable: true });
      return copy;
    });
    const again = await buildSearchIndex(unreadable, path.join(dir, 'k2'), { basePath: '/', maxShardArticles: 3, reuseFrom: first, recordKeyOf: keyOf(new Set()) });
    expect(again.shards.map((s) => s.reused)).toEqual([true, true, true, true]);

    // One article's key changes: its shard, and only it, is indexed again, as a fresh build writes it.
    const oldest = articles.find((a) => a.date === '2023-11-02')!;
    const edited = articles.map((a) => (a === oldest ? { ...a, paragraphs: [...a.paragraphs, 'Barley prices rose.'] } : a));
    const changed = path.join(dir, 'k3');
    const partly = await buildSearchIndex(edited, changed, { basePath: '/', maxShardArticles: 3, reuseFrom: first, recordKeyOf: keyOf(new Set([oldest.url])) });
    expect(partly.shards.map((s) => [s.name, s.reused])).toEqual([
      ['2024-09', true],
      ['2024-08-23', true],
      ['2024-08-21_2024-08-22', true],
      ['2023_2024-01', false],
    ]);
    expect(fragments(path.join(changed, 'pagefind')).get(oldest.url)!.content).toContain('Barley prices rose.');
    const fresh = path.join(dir, 'k4');
    await buildSearchIndex(edited, fresh, { basePath: '/', maxShardArticles: 3 });
    const files = listFiles(path.join(fresh, 'pagefind')).filter((file) => file !== 'shards.json');
    expect(listFiles(path.join(changed, 'pagefind')).filter((file) => file !== 'shards.json')).toEqual(files);
    for (const file of files) expect(readFileSync(path.join(changed, 'pagefind', file)).equals(readFileSync(path.join(fresh, 'pagefind', file))), file).toBe(true);

    // An article without a key: its shard is compared by its records, which differ from keys, and indexed again.
    const unkeyed = await buildSearchIndex(articles, path.join(dir, 'k5'), {
      basePath: '/',
      maxShardArticles: 3,
      reuseFrom: first,
      recordKeyOf: (article) => (article === oldest ? undefined : keyOf(new Set())(article)),
    });
    expect(unkeyed.shards.map((s) => s.reused)).toEqual([true, true, true, false]);
  });

  it('refuses to reuse from the folder it is writing', async () => {
    await expect(buildSearchIndex([], path.join(dir, 'self'), { basePath: '/', reuseFrom: path.join(dir, 'self') })).rejects.toThrow(/reuseFrom must be an earlier output folder/);
  });
});
