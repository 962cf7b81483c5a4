/**
 * Rendering through Eleventy's programmatic API. Each batch of pages is one
 * Eleventy run over a single virtual 11ty.js template, paginated over the
 * batch in bundles of PAGES_PER_ENTRY pages: each pagination entry's render
 * function runs renderPage for its pages, and its permalink is its first
 * page's output path. The build writes the pages itself into the staging
 * folder, checking every path.
 *
 * Bundles, not one page per entry: Eleventy's cost per pagination entry
 * (cloning the template, proxying its data, resolving its permalink and
 * output path) grows with the number of entries in a run, and was most of
 * the render time with one page per entry (10,000 articles, 14,000 pages:
 * the whole build's CPU time went from about 8.5 s to 6.2 s with bundles of 25).
 *
 * Each page is encoded to bytes as soon as it is rendered (pageBytes), and
 * the bytes stay beside Eleventy rather than pass through its results, which
 * Eleventy holds until the run ends: rendering 7,000 article pages in
 * batches of 500 took 1.7–1.9 s with each bundle's pages joined into its
 * entry's content, 0.88–0.89 s with each page encoded at once.
 *
 * A batch is plain data in, file bytes out, so batches can run one after
 * another (bounded memory) or in separate worker processes.
 */
import path from 'node:path';
import './eleventy-env.js';
import Eleventy from '@11ty/eleventy';
import './eleventy-paths.js';
import type { OutputPage, SiteInfo } from '../model/types.js';
import { pageBytes } from './pages.js';

export interface RenderedFile {
  /** Output path relative to the output folder, posix separators. */
  path: string;
  /** The page, UTF-8. */
  bytes: Buffer;
}

interface UserConfig {
  addTemplate(path: string, content: unknown, data: Record<string, unknown>): void;
  setDataDeepMerge(deep: boolean): void;
  setQuietMode(quiet: boolean): void;
  benchmarkManager: {
    setVerboseOutput(verbose: boolean): void;
    benchmarkGroups: Record<string, { setIsVerbose(verbose: boolean): void }>;
  };
  setTemplateFormats(formats: string[]): void;
}

interface TemplateData {
  /** The bundle's index in the batch: a number, which Eleventy passes as it is (objects it wraps in proxies). */
  bundle: number;
}

/** Pages rendered by one pagination entry (see above); bundles of 5 to 100 measured alike. */
export const PAGES_PER_ENTRY = 25;

interface JsonResult {
  url: string | false;
  outputPath: string | false;
  content: string;
}

/**
 * Renders one batch. `emptyInputDir` must be an existing, empty folder:
 * Eleventy needs an input folder, and all our templates are virtual.
 */
export async function renderBatch(pages: readonly OutputPage[], site: SiteInfo, emptyInputDir: string): Promise<RenderedFile[]> {
  if (pages.length === 0) return [];
  const bundles: OutputPage[][] = [];
  for (let i = 0; i < pages.length; i += PAGES_PER_ENTRY) bundles.push(pages.slice(i, i + PAGES_PER_ENTRY));
  // Each bundle by its permalink, the output path of its first page.
  const byPermalink = new Map<string, OutputPage[]>();
  for (const bundle of bundles) byPermalink.set(bundle[0]!.path, bundle);
  // Each bundle's pages as bytes, by permalink, once Eleventy has rendered its entry.
  const rendered = new Map<string, Buffer[]>();

  const elev = new Eleventy(emptyInputDir, emptyInputDir, {
    quietMode: true,
    configPath: false,
    config(eleventyConfig: UserConfig) {
      eleventyConfig.setQuietMode(true);
      // Eleventy's "Benchmark … %" warnings come from groups made before quiet
      // mode reaches them; on a loaded machine they would land on our stderr,
      // where every line is meant to be one problem with the input.
      eleventyConfig.benchmarkManager.setVerboseOutput(false);
      for (const group of Object.values(eleventyConfig.benchmarkManager.benchmarkGroups)) group.setIsVerbose(false);
      eleventyConfig.setDataDeepMerge(false);
      eleventyConfig.setTemplateFormats(['11ty.js']);
      eleventyConfig.addTemplate(
        'news-archive-pages.11ty.js',
        {
          data: {
            pagination: { data: 'batch', size: 1, alias: 'bundle', addAllPagesToCollections: false },
            permalink: (data: TemplateData) => bundles[data.bundle]![0]!.path,
            eleventyExcludeFromCollections: true,
            // No eleventyComputed key: even an empty one makes Eleventy resolve
            // computed data for every page (measured: 14,000 pages, 4.2 s → 2.5 s).
          },
          // The entry's content is its permalink, which the results are checked against.
          render: (data: TemplateData) => {
            const bundle = bundles[data.bundle]!;
            rendered.set(bundle[0]!.path, bundle.map((page) => pageBytes(page, site)));
            return bundle[0]!.path;
          },
        },
        { batch: bundles.map((_, i) => i) },
      );
    },
  });

  const results = (await elev.toJSON()) as JsonResult[];
  const files: RenderedFile[] = [];
  for (const result of results) {
    if (typeof result.outputPath !== 'string') continue;
    const rel = path.relative(path.resolve(emptyInputDir), path.resolve(result.outputPath)).split(path.sep).join('/');
    const bundle = byPermalink.get(rel);
    if (bundle === undefined) throw new Error(`renderBatch: Eleventy produced ${result.outputPath}, which is not a page of this batch`);
    const pages = rendered.get(rel);
    if (result.content !== rel || pages === undefined) throw new Error(`renderBatch: Eleventy wrote ${rel} without rendering its pages`);
    for (let i = 0; i < bundle.length; i++) files.push({ path: bundle[i]!.path, bytes: pages[i]! });
    byPermalink.delete(rel);
  }
  if (byPermalink.size > 0) {
    throw new Error(`renderBatch: Eleventy did not render ${[...byPermalink.keys()].slice(0, 3).join(', ')}`);
  }
  return files;
}
