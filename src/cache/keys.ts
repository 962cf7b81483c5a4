/**
 * Cache keys. A page's key is a hash of everything its file is rendered
 * from: the code version (the compiled source and templates, the package
 * version, Node's version), the site settings, and the page's model. An
 * article's record is represented by the hash of its source file's bytes
 * with its path and URL: the parser is a pure function of bytes and path,
 * and serialising 10,000 records only to hash them costs more than it saves.
 */
import { createHash, hash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ArticleHeadline, ArticlePage, ArticleSummary, Crumb, OutputPage, SiteInfo } from '../model/types.js';

/** SHA-1 as base64url. One-shot `hash` costs half of a `createHash` object for the small inputs most keys hash. */
export function sha1(data: string | Uint8Array): string {
  return hash('sha1', data, 'base64url');
}

/** Every .js/.ts file under `dir`, sorted, skipping the benchmark. */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string): void => {
    let names: string[];
    try {
      names = readdirSync(abs).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const child = path.join(abs, name);
      if (name === 'bench' || name === 'node_modules') continue;
      if (/\.(js|ts)$/.test(name)) out.push(child);
      else if (!name.includes('.')) walk(child);
    }
  };
  walk(dir);
  return out;
}

/**
 * The version of the code: a hash of the code that parses and renders
 * (`<codeRoot>/src` and `<codeRoot>/templates`, compiled or not), the
 * package version and the Node version. Any change to one of them makes
 * every page render again. Where the code runs bundled (src/bundle.ts), that
 * code is the entry point and its chunks, templates and packages included:
 * the modules the compiler wrote beside them are never loaded, and reading
 * them too took half of the 7–10 ms this costs every build. The build
 * command's CommonJS script beside the chunks (`chunks/build.cjs`, which the
 * command line runs with V8's code cache: src/codecache.ts) is made from the
 * same modules in the same step, and is not read again.
 */
export function codeVersion(codeRoot: string, packageVersion: string, nodeVersion: string): string {
  const hash = createHash('sha1');
  hash.update(`news-archive ${packageVersion} node ${nodeVersion}\n`);
  const chunks = path.join(codeRoot, 'src', 'chunks');
  const files = existsSync(chunks)
    ? [path.join(codeRoot, 'src', 'cli.js'), ...sourceFiles(chunks)]
    : ['src', 'templates'].flatMap((dir) => sourceFiles(path.join(codeRoot, dir)));
  for (const file of files) hash.update(path.relative(codeRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('base64url');
}

/** The version every key includes: the code version and the site settings. */
export function buildVersion(code: string, site: SiteInfo): string {
  return sha1(`${code}\n${JSON.stringify(site)}`);
}

/** Every field of an article page, each of which its key reads: the compiler fails when a field is added and not named here. */
const ARTICLE_PAGE_FIELDS = ['kind', 'path', 'url', 'title', 'crumbs', 'article', 'dateLabel', 'place', 'previous', 'next', 'moreFromPlace'] as const satisfies readonly (keyof ArticlePage)[];
const articlePageFieldsNamed: Exclude<keyof ArticlePage, (typeof ARTICLE_PAGE_FIELDS)[number]> extends never ? true : never = true;
void articlePageFieldsNamed;

/**
 * An article's listing digest (listingDigest in src/cache/model.ts), by the
 * article's URL: what a page's key reads of each article its lists show.
 */
export type ListingDigests = (url: string) => string | undefined;

/**
 * Computes page keys: what each page's file is rendered from. `digestOf`
 * gives the hash of an article's source bytes; an article page whose source
 * has none gets no key (it is always rendered).
 *
 * A key hashes the page's JSON, except for the articles its lists show and
 * an article page's crumbs. A list entry (ArticleSummary) is made by
 * buildArchive from the article's listing alone, with its place as the model
 * names it, so it is hashed as the listing's digest (`listingOf`, which the
 * model state holds already: a rebuild takes the previous build's for every
 * unchanged article) and the place's JSON. Headlines (an article page's
 * neighbours) and crumb trails, which the model shares among the pages that
 * show them, are hashed as their JSON once per object: a headline shows less
 * than the listing, so a lead's edit changes no neighbour's key. A summary
 * whose URL has no listing digest is hashed as its JSON, tagged apart. The
 * hashed text is still a faithful encoding of the whole page (every JSON
 * value and digest delimits itself), so any change to anything a page holds
 * changes its key: 10,000 articles' 14,000 pages are keyed in some 0.15 s
 * instead of 0.3 s.
 */
export function pageKeys(
  version: string,
  digestOf: (source: string) => string | undefined,
  listingOf: ListingDigests,
): (page: OutputPage) => string | null {
  const texts = new Map<object, string>();
  const textOf = (value: object | null): string => {
    if (value === null) return 'null';
    let text = texts.get(value);
    if (text === undefined) {
      text = sha1(JSON.stringify(value));
      texts.set(value, text);
    }
    return text;
  };
  // Each entry's text starts with a letter saying what follows, all of fixed length: no two lists of entries read alike.
  // A headline (a neighbour, more from a place) shows less than the listing: hashed as its JSON, a lead's edit changes no neighbour's key.
  const headlineText = (entry: ArticleHeadline | null): string => (entry === null ? 'n' : `j${textOf(entry)}`);
  const summaryText = (entry: ArticleSummary): string => {
    const listing = listingOf(entry.url);
    if (listing === undefined) return `j${textOf(entry)}`;
    return entry.place === null ? `s${listing}n` : `s${listing}p${textOf(entry.place)}`;
  };
  // Each list hashed apart follows the page's JSON in field order, as `\n`, its length and the text of each entry.
  const keyed = (head: string, crumbs: readonly Crumb[] | null, headlines: readonly (ArticleHeadline | null)[], ...summaries: readonly ArticleSummary[][]): string => {
    let text = `${version}\n${head}`;
    if (crumbs !== null) text += `\n${textOf(crumbs)}`;
    text += `\n${headlines.length}`;
    for (const entry of headlines) text += headlineText(entry);
    for (const list of summaries) {
      text += `\n${list.length}`;
      for (const entry of list) text += summaryText(entry);
    }
    return sha1(text);
  };
  return (page) => {
    switch (page.kind) {
      case 'article': {
        const digest = digestOf(page.article.source);
        if (digest === undefined) return null;
        // Field by field (ARTICLE_PAGE_FIELDS names every one): a copy of the page without its lists cost more than the rest of its key.
        const { article } = page;
        const head = JSON.stringify([page.kind, page.path, page.url, page.title, page.dateLabel, digest, article.source, article.slug, article.url]);
        return keyed(`${head}${page.place === null ? 'n' : `p${textOf(page.place)}`}`, page.crumbs, [page.previous, page.next, ...page.moreFromPlace]);
      }
      case 'day':
      case 'place':
      case 'feed-atom':
      case 'feed-json': {
        const { articles, ...rest } = page;
        return keyed(JSON.stringify(rest), null, [], articles);
      }
      case 'home': {
        const { latest, ...rest } = page;
        return keyed(JSON.stringify(rest), null, [], latest);
      }
      case 'month': {
        const { days, ...rest } = page;
        return keyed(JSON.stringify({ ...rest, days: days.map(({ articles, ...day }) => day) }), null, [], ...days.map((day) => day.articles));
      }
      default:
        return keyed(JSON.stringify(page), null, []);
    }
  };
}
