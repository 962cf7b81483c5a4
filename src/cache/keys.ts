/**
 * Cache keys. A page's key is a hash of everything its file is rendered
 * from: the code version (the compiled source and templates, the package
 * version, Node's version), the site settings, and the page's model. An
 * article's record is represented by the hash of its source file's bytes
 * with its path and URL: the parser is a pure function of bytes and path,
 * and serialising 10,000 records only to hash them costs more than it saves.
 */
import { createHash, hash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { OutputPage, SiteInfo } from '../model/types.js';

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
 * every page render again.
 */
export function codeVersion(codeRoot: string, packageVersion: string, nodeVersion: string): string {
  const hash = createHash('sha1');
  hash.update(`news-archive ${packageVersion} node ${nodeVersion}\n`);
  for (const dir of ['src', 'templates']) {
    for (const file of sourceFiles(path.join(codeRoot, dir))) {
      hash.update(path.relative(codeRoot, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('base64url');
}

/** The version every key includes: the code version and the site settings. */
export function buildVersion(code: string, site: SiteInfo): string {
  return sha1(`${code}\n${JSON.stringify(site)}`);
}

/**
 * Computes page keys: what each page's file is rendered from. `digestOf`
 * gives the hash of an article's source bytes; an article page whose source
 * has none gets no key (it is always rendered).
 *
 * A key hashes the page's JSON, except that the article summaries and
 * headlines the lists hold, and an article page's crumbs, are hashed as the
 * JSON of each object, serialised once per object: the model shares one
 * summary and one headline object per article among every list that shows
 * it (and one crumb trail among a day's articles), so at 10,000 articles this hashes
 * some 20,000 small strings once instead of serialising 39 MB of lists. The
 * hashed text is still a faithful encoding of the whole page (every JSON
 * value delimits itself), so any change to anything a page holds changes
 * its key.
 */
export function pageKeys(version: string, digestOf: (source: string) => string | undefined): (page: OutputPage) => string | null {
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
  // Each list hashed apart follows the page's JSON in field order, as `\n`, its length and the JSON of each entry.
  const keyed = (head: string, ...values: readonly (object | null)[][]): string => {
    let text = `${version}\n${head}`;
    for (const list of values) {
      text += `\n${list.length}`;
      for (const value of list) text += textOf(value);
    }
    return sha1(text);
  };
  return (page) => {
    switch (page.kind) {
      case 'article': {
        const digest = digestOf(page.article.source);
        if (digest === undefined) return null;
        const { article, previous, next, moreFromPlace, crumbs, ...rest } = page;
        return keyed(JSON.stringify({ ...rest, article: [digest, article.source, article.slug, article.url] }), [crumbs, previous, next], moreFromPlace);
      }
      case 'day':
      case 'place':
      case 'feed-atom':
      case 'feed-json': {
        const { articles, ...rest } = page;
        return keyed(JSON.stringify(rest), articles);
      }
      case 'home': {
        const { latest, ...rest } = page;
        return keyed(JSON.stringify(rest), latest);
      }
      case 'month': {
        const { days, ...rest } = page;
        return keyed(JSON.stringify({ ...rest, days: days.map(({ articles, ...day }) => day) }), ...days.map((day) => day.articles));
      }
      default:
        return keyed(JSON.stringify(page));
    }
  };
}
