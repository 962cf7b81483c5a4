/**
 * Cache keys. A page's key is a hash of everything its file is rendered
 * from: the code version (the compiled source and templates, the package
 * version, Node's version), the site settings, and the page's model. An
 * article's record is represented by the hash of its source file's bytes
 * with its path and URL: the parser is a pure function of bytes and path,
 * and serialising 10,000 records only to hash them costs more than it saves.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { OutputPage, SiteInfo } from '../model/types.js';

export function sha1(data: string | Uint8Array): string {
  return createHash('sha1').update(data).digest('base64url');
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
 * The key of one page: what its file is rendered from. `digestOf` gives the
 * hash of an article's source bytes; without one the page gets no key (it
 * is always rendered).
 */
export function pageKey(version: string, page: OutputPage, digestOf: (source: string) => string | undefined): string | null {
  let value: unknown = page;
  if (page.kind === 'article') {
    const digest = digestOf(page.article.source);
    if (digest === undefined) return null;
    value = { ...page, article: [digest, page.article.source, page.article.slug, page.article.url] };
  }
  return sha1(`${version}\n${JSON.stringify(value)}`);
}
