/** Shared helpers for the site tests: run the real CLI and read what it wrote. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'dist/src/cli.js');
export const FIXTURES = path.join(ROOT, 'tests/fixtures/site');

export function requireCompiled(): void {
  if (!existsSync(CLI)) throw new Error('dist/src/cli.js is missing: run `npm run compile` first');
}

const madeDirs: string[] = [];

/** A new empty folder under the system's temporary folder, removed after the test file by tests/setup.ts. */
export function tempDir(prefix = 'news-archive-site-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

/** Removes every folder tempDir made (and its `.cache`/`.report.json` siblings, which live inside it). */
export function removeTempDirs(): void {
  for (const dir of madeDirs.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // A background delete of an old output may still be at work in there; the OS cleans tmp.
    }
  }
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the CLI without waiting, for tests that interrupt it. */
export function startCli(args: string[]): ReturnType<typeof spawn> {
  return spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: 'ignore' });
}

/** Every file under `dir`, as sorted posix paths relative to it. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string): void => {
    for (const name of readdirSync(abs).sort()) {
      const childAbs = path.join(abs, name);
      const childRel = rel === '' ? name : `${rel}/${name}`;
      if (statSync(childAbs).isDirectory()) walk(childAbs, childRel);
      else out.push(childRel);
    }
  };
  walk(dir, '');
  return out;
}

export function read(dir: string, rel: string): string {
  return readFileSync(path.join(dir, rel), 'utf8');
}

/**
 * The sitemaps of the site in `dir`, whose URLs start with `origin` (the
 * site URL and base path, ending in `/`): the index `sitemap.xml`, and each
 * sitemap it names with its text, by path.
 */
export function sitemapsOf(dir: string, origin: string): { index: string; sitemaps: Map<string, string> } {
  const index = read(dir, 'sitemap.xml');
  const sitemaps = new Map<string, string>();
  for (const loc of allMatches(index, /<sitemap><loc>([^<]*)<\/loc>/g)) {
    if (!loc.startsWith(origin)) throw new Error(`${loc} is not under ${origin}`);
    const rel = loc.slice(origin.length);
    sitemaps.set(rel, read(dir, rel));
  }
  return { index, sitemaps };
}

/** The text of every match of the group in `re`. */
export function allMatches(text: string, re: RegExp): string[] {
  return [...text.matchAll(re)].map((m) => m[1] ?? '');
}

/** Decodes the few entities the templates produce, to compare text with the input. */
export function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The inner HTML of the first element matching an opening-tag pattern, up to the first closing tag of that name. */
export function section(html: string, open: RegExp, tag: string): string {
  const m = open.exec(html);
  if (!m) return '';
  const start = m.index + m[0].length;
  const end = html.indexOf(`</${tag}>`, start);
  return html.slice(start, end === -1 ? undefined : end);
}

/** Writes a corpus of simple dispatches, for tests that need many articles. */
const MONTHS = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];

export function dispatch(date: string, headline: string, place: string, text: string): string {
  const month = MONTHS[Number(date.slice(5, 7)) - 1];
  const day = Number(date.slice(8, 10));
  return ` date ${date} ${headline}\n\n${place}, ${month} ${day} (Xinhua) -- ${text}\n\nA second paragraph about ${headline.toLowerCase()}.\n`;
}

/** Every file of a site with its bytes. */
export function tree(dir: string): Map<string, Buffer> {
  return new Map(listFiles(dir).map((f) => [f, readFileSync(path.join(dir, f))]));
}

/** Paths that differ between two trees (changed, missing or extra); empty when byte-identical. */
export function differences(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const out: string[] = [];
  for (const [file, bytes] of a) if (!b.get(file)?.equals(bytes)) out.push(file);
  for (const file of b.keys()) if (!a.has(file)) out.push(file);
  return out;
}
