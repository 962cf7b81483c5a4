/**
 * The build configuration: one typed object, read from the command line once
 * in the build command and passed down. Nothing below it reads argv, the
 * environment, the working directory or the clock.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';

export interface BuildConfig {
  /**
   * Folder of dispatches to read (absolute).
   * @default `<cwd>/seeds`
   */
  input: string;
  /**
   * Folder the site is written to (absolute). Replaced as a whole when the build succeeds.
   * @default `<cwd>/_site`
   */
  output: string;
  /**
   * The URL path the site is served under; starts and ends with `/`.
   * @default '/'
   */
  basePath: string;
  /**
   * The site's origin (and path), e.g. `https://news.example.org`, without a
   * trailing slash. Enables canonical links, Open Graph, absolute feed links
   * and the sitemap line in robots.txt.
   * @default null
   */
  siteUrl: string | null;
  /**
   * The archive's name, shown in the masthead and the feeds.
   * @default 'News Archive'
   */
  title: string;
  /**
   * Fail (exit 1) before writing anything when any input file has an error.
   * @default false
   */
  strict: boolean;
  /**
   * Print nothing but errors.
   * @default false
   */
  quiet: boolean;
  /**
   * Build the search index.
   * @default true (`--no-search` turns it off)
   */
  search: boolean;
  /**
   * Show a live progress line on stderr. Set from `!quiet && stderr is a TTY`.
   * @default false
   */
  progress: boolean;
  /**
   * The folder holding the project's package.json (nearest at or above the
   * working directory); the build refuses to replace it.
   * @default null when there is none
   */
  projectRoot: string | null;
  /**
   * How many articles the home page lists.
   * @default 20
   */
  homeLatest: number;
  /**
   * How many articles the Atom feed and JSON Feed carry.
   * @default 50
   */
  feedSize: number;
  /**
   * How many articles one page of a place lists.
   * @default 50
   */
  placePageSize: number;
  /**
   * How many pages one Eleventy run renders; bounds memory on large archives.
   * @default 2000
   */
  batchSize: number;
  /**
   * How many pages render at once: worker threads, each with its own Eleventy.
   * 1 renders in the build's own thread. The output is the same for any value.
   * @default the number of available cores
   */
  jobs: number;
  /**
   * Reuse the previous build's files whose render input is unchanged (the
   * manifest in `<output>.cache/`). `--no-cache` renders every page.
   * @default true
   */
  cache: boolean;
  /**
   * Which part of the site to build. `all` builds everything; `years` builds
   * only the article, day, month and year pages and the months' sitemaps
   * of those years; `global` builds everything else (home, places, about,
   * 404, search, feeds, the site's sitemap and the sitemap index,
   * robots.txt, public/ and the search index). The parts are
   * disjoint and together make the same site as `all`.
   * @default { kind: 'all' }
   */
  partition: Partition;
  /**
   * At most this many URLs per sitemap file (the site's, and each month's);
   * a sitemap with more goes on in `…-2.xml` and so on, all named by the index `sitemap.xml`.
   * @default 50000 (the sitemap protocol's limit)
   */
  sitemapLimit: number;
}

/** A part of the site to build (see BuildConfig.partition). */
export type Partition = { kind: 'all' } | { kind: 'years'; years: string[] } | { kind: 'global' };

export const BUILD_USAGE = `usage: news-archive build [options]

options:
  --input DIR        folder of dispatches (default: seeds/)
  --output DIR       folder to write the site into (default: _site/)
  --base-path PATH   URL path the site is served under (default: /), e.g. /archive/
  --site-url URL     public origin, e.g. https://news.example.org (enables canonical
                     links, Open Graph and absolute feed/sitemap URLs)
  --title TEXT       archive name (default: "News Archive")
  --strict           fail before writing anything when any file has an error
  --quiet            print only errors
  --no-search        skip the search index
  --jobs N           render with N threads, and index up to N search shards at
                     once (default: the number of cores)
  --no-cache         render every page (default: reuse unchanged pages of the
                     previous build, recorded in OUTPUT.cache/)
  --partition P      build one part of the site: a year (2024), years (2023,2024),
                     or global (home, places, feeds, sitemaps, search); the parts
                     are disjoint and together make the whole site
  -h, --help         show this help
`;

/** The outcome of reading the command line: a config, a request for help, or a usage error. */
export type ParsedBuildArgs =
  | { kind: 'config'; config: BuildConfig }
  | { kind: 'help' }
  | { kind: 'usage-error'; message: string };

/** What the command line entry knows about its surroundings, read once by the caller. */
export interface BuildEnvironment {
  cwd: string;
  stderrIsTTY: boolean;
  projectRoot: string | null;
  /** Cores available to this process: the default for --jobs. @default 1 */
  cores?: number;
}

/** Normalises a base path to `/…/`; returns null when it is not a plain URL path. */
export function normaliseBasePath(value: string): string | null {
  let p = value.trim();
  if (p === '') return null;
  if (!p.startsWith('/')) p = `/${p}`;
  if (!p.endsWith('/')) p = `${p}/`;
  p = p.replace(/\/{2,}/g, '/');
  const segments = p.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..' || !/^[A-Za-z0-9._~!$&'()*+,;=:@%-]+$/.test(s))) return null;
  return p;
}

/** Normalises a site URL to `https://host[/path]` without a trailing slash; null when invalid. */
export function normaliseSiteUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') return null;
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** Reads `build`'s arguments into a BuildConfig, with every default in this one place. */
export function parseBuildArgs(args: string[], env: BuildEnvironment): ParsedBuildArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        input: { type: 'string' },
        output: { type: 'string' },
        'base-path': { type: 'string' },
        'site-url': { type: 'string' },
        title: { type: 'string' },
        strict: { type: 'boolean' },
        quiet: { type: 'boolean' },
        'no-search': { type: 'boolean' },
        jobs: { type: 'string' },
        'no-cache': { type: 'boolean' },
        partition: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { kind: 'usage-error', message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: 'help' };

  const basePath = normaliseBasePath(values['base-path'] ?? '/');
  if (basePath === null) {
    return { kind: 'usage-error', message: `--base-path ${JSON.stringify(values['base-path'])} is not a URL path like /archive/` };
  }
  let siteUrl: string | null = null;
  if (values['site-url'] !== undefined) {
    siteUrl = normaliseSiteUrl(values['site-url']);
    if (siteUrl === null) {
      return { kind: 'usage-error', message: `--site-url ${JSON.stringify(values['site-url'])} is not an http(s) URL like https://news.example.org` };
    }
  }
  const title = (values.title ?? 'News Archive').trim();
  if (title === '') return { kind: 'usage-error', message: '--title must not be empty' };
  if (values.input === '') return { kind: 'usage-error', message: '--input must not be empty' };
  if (values.output === '') return { kind: 'usage-error', message: '--output must not be empty' };

  let jobs = Math.max(1, env.cores ?? 1);
  if (values.jobs !== undefined) {
    if (!/^[1-9]\d{0,2}$/.test(values.jobs)) return { kind: 'usage-error', message: `--jobs ${JSON.stringify(values.jobs)} is not a whole number from 1 to 999` };
    jobs = Number(values.jobs);
  }
  let partition: Partition = { kind: 'all' };
  if (values.partition !== undefined) {
    const spec = values.partition.trim();
    if (spec === 'global') partition = { kind: 'global' };
    else {
      const years = spec.split(',').map((y) => y.trim());
      if (years.length === 0 || years.some((y) => !/^\d{4}$/.test(y))) {
        return { kind: 'usage-error', message: `--partition ${JSON.stringify(values.partition)} is not a year (2024), a list of years (2023,2024) or global` };
      }
      partition = { kind: 'years', years: [...new Set(years)].sort() };
    }
  }

  const quiet = values.quiet ?? false;
  return {
    kind: 'config',
    config: {
      input: path.resolve(env.cwd, values.input ?? 'seeds'),
      output: path.resolve(env.cwd, values.output ?? '_site'),
      basePath,
      siteUrl,
      title,
      strict: values.strict ?? false,
      quiet,
      search: !(values['no-search'] ?? false),
      progress: !quiet && env.stderrIsTTY,
      projectRoot: env.projectRoot,
      homeLatest: 20,
      feedSize: 50,
      placePageSize: 50,
      batchSize: 2000,
      jobs,
      partition,
      cache: !(values['no-cache'] ?? false),
      sitemapLimit: 50_000,
    },
  };
}
