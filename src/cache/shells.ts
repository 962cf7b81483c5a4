/**
 * Article page shells: every article page of the model without its record
 * (`article: null`), kept beside the output (`<output>.cache/shells/`) so
 * a rebuild whose model is the previous one's can render the page of an
 * edited article from the shell and the article's new record alone, without
 * loading every record and building the model again (src/cache/edit.ts).
 *
 * The model is a function of its settings and of every article's listing
 * (src/cache/model.ts), and a shell is part of the model, so the shells are
 * valid for exactly the model states with its token (modelToken,
 * src/cache/model.ts). A build whose model changed writes them again; one
 * whose model did not leaves them alone.
 *
 *     index.json     the token, and per slice its sources, the name of its file and its length
 *     <name>.bin     `v8.serialize` of the shells of some SLICE articles, named
 *                    by the SHA-1 of its bytes
 *
 * A slice ends at an article whose source's hash says so (one in SLICE), or
 * at 2 × SLICE articles (src/cache/slices.ts): an article added or removed moves the ends of its
 * own slice alone, so a build after one keeps the other slices' files as
 * they are, neither encoding their shells again nor reading and writing
 * their bytes (some 10 MB at 10,000 articles, 100 MB at 100,000, when the
 * shells were one file). The index is replaced after the new slices'
 * files are written, and only then are the files it no longer names
 * removed: a build killed meanwhile leaves the last index whole.
 *
 * A shell shares its neighbours' headline objects and its day's crumbs
 * with the other shells of its slice, as the model does; a reader decodes
 * only the slices holding the articles it asks for.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { writeFileAtomic } from '../atomic.js';
import type { ArticlePage } from '../model/types.js';
import { cacheDirOf } from './manifest.js';
import { removeUnnamedSlices, SLICE_FILE, slicesAlong, slicesOf, wholeSlice, writeSlice } from './slices.js';
import { withFields } from '../objects.js';

/** An article page without its record. */
export type ArticleShell = Omit<ArticlePage, 'article'> & { article: null };

const FORMAT = 2;
/** Articles per slice on average: a reader decodes one slice (some 150 kB) for an edited article, not all of them. */
const SLICE = 200;

interface Index {
  format: typeof FORMAT;
  token: string;
  slices: Slice[];
}

/** A slice as the index names it: its articles, its file, and that file's length. */
interface Slice {
  sources: string[];
  file: string;
  bytes: number;
}

/** The index of the shells beside an output, as readShellsIndex reads it. */
export type ShellsIndex = Readonly<Index>;

/** The folder beside `output` that holds its shells. */
export function shellsFolder(output: string): string {
  return path.join(cacheDirOf(output), 'shells');
}

/** The page of `shell` for `article`, with its fields in the model's order. */
export function pageOf(shell: ArticleShell, article: ArticlePage['article']): ArticlePage {
  const page = { ...shell } as unknown as ArticlePage;
  page.article = article;
  return page;
}

/** The index of the shells beside `output`, or null when there is none that can be read. */
export function readShellsIndex(output: string): ShellsIndex | null {
  try {
    const index = JSON.parse(readFileSync(path.join(shellsFolder(output), 'index.json'), 'utf8')) as Partial<Index> | null;
    if (index?.format !== FORMAT || typeof index.token !== 'string' || !Array.isArray(index.slices)) return null;
    for (const slice of index.slices) {
      if (!Array.isArray(slice?.sources) || typeof slice.file !== 'string' || !SLICE_FILE.test(slice.file) || typeof slice.bytes !== 'number') return null;
    }
    return index as Index;
  } catch {
    return null;
  }
}

/** The shells of `slice` from its file in `folder`, or null when the file is not the slice's (damaged, or of another length). */
function readSlice(folder: string, slice: Slice): ArticleShell[] | null {
  const bytes = readFileSync(path.join(folder, slice.file));
  if (bytes.length !== slice.bytes) return null;
  const shells = deserialize(bytes) as ArticleShell[];
  return Array.isArray(shells) && shells.length === slice.sources.length ? shells : null;
}

/**
 * The shells of `sources` from the shells beside `output`, when they are
 * of the model of `token` and hold a shell for each; otherwise null.
 */
export function readShells(output: string, token: string, sources: readonly string[]): Map<string, ArticleShell> | null {
  try {
    const index = readShellsIndex(output);
    if (index === null || index.token !== token) return null;
    const wanted = new Set(sources);
    const found = new Map<string, ArticleShell>();
    for (const slice of index.slices) {
      if (!slice.sources.some((source) => wanted.has(source))) continue;
      const shells = readSlice(shellsFolder(output), slice);
      if (shells === null) return null;
      slice.sources.forEach((source, i) => {
        const shell = shells[i];
        if (wanted.has(source) && shell?.kind === 'article' && typeof shell.path === 'string') found.set(source, shell);
      });
    }
    return found.size === wanted.size ? found : null;
  } catch {
    return null;
  }
}

/**
 * Every article of the model, in its order: its source, and its page, or
 * undefined for an article the model left out (ArchiveOmission,
 * src/model/archive.ts), whose shell is the one the shells being replaced hold.
 */
export interface ShellArticles {
  sources: readonly string[];
  page: (index: number) => ArticlePage | undefined;
}

/** The articles of `pages`, every article page of a model that left none out. */
export function shellArticlesOf(pages: readonly ArticlePage[]): ShellArticles {
  return { sources: pages.map((page) => page.article.source), page: (index) => pages[index] };
}

/** What a build may take from the shells it replaces. */
export interface ShellsBefore {
  /** The token of the previous build's model: its shells are used only when they carry it. */
  token: string;
  /** Whether a page's shell is the one the previous model had at its path (its key is unchanged, say). */
  same: (page: ArticlePage) => boolean;
}

/**
 * Writes the shells of `articles` (every article of the model) beside
 * `output` under `token`, unless the shells there (`previous`, their index
 * as read before) already carry it. A slice
 * of the same articles as one of the shells it replaces (`before`), each
 * with the same shell, keeps its file; the others are encoded, a slice at a
 * time, yielding between slices, so a build writing them while its render
 * threads work goes on handing them jobs.
 */
export async function writeShells(
  output: string,
  token: string,
  articles: ShellArticles,
  pid: number,
  before?: ShellsBefore,
  previous: ShellsIndex | null = readShellsIndex(output),
): Promise<void> {
  const folder = shellsFolder(output);
  if (previous?.token === token) return;
  // The previous slices' files, by their sources.
  const kept = new Map<string, Slice>();
  if (previous !== null && before !== undefined && previous.token === before.token) {
    for (const slice of previous.slices) kept.set(slice.sources.join('\0'), slice);
  }
  // The shell of an article left out of the model, from the previous slice that holds it: looked for first in the slice
  // that started nearest its position (`near`, in the new order), then in those on either side, a slice's sources indexed
  // only when looked in (a rebuild after an added article asks of the few articles of one slice, not of 10,000).
  const slices = kept.size > 0 ? previous!.slices : [];
  const starts: number[] = [];
  for (let k = 0, start = 0; k < slices.length; start += slices[k]!.sources.length, k++) starts.push(start);
  const holders = new Map<string, { slice: Slice; at: number }>();
  const indexed = new Set<number>();
  const holderOf = (source: string, near: number): { slice: Slice; at: number } | undefined => {
    let nearest = 0;
    while (nearest + 1 < starts.length && starts[nearest + 1]! <= near) nearest++;
    for (let d = 0, holder = holders.get(source); ; d++) {
      if (holder !== undefined || (nearest - d < 0 && nearest + d >= slices.length)) return holder;
      for (const k of d === 0 ? [nearest] : [nearest - d, nearest + d]) {
        if (k < 0 || k >= slices.length || indexed.has(k)) continue;
        indexed.add(k);
        const slice = slices[k]!;
        slice.sources.forEach((held, at) => holders.set(held, { slice, at }));
      }
      holder = holders.get(source);
    }
  };
  const decoded = new Map<Slice, ArticleShell[]>();
  const previousShell = (source: string, near: number): ArticleShell => {
    const holder = holderOf(source, near);
    if (holder === undefined) throw new Error(`no shell of ${source} to keep`);
    const { slice, at } = holder;
    let shells = decoded.get(slice);
    if (shells === undefined) {
      const read = readSlice(folder, slice);
      if (read === null) throw new Error(`the shells of ${source} are damaged`);
      decoded.set(slice, (shells = read));
    }
    return shells[at]!;
  };
  mkdirSync(folder, { recursive: true });
  const index: Index = { format: FORMAT, token, slices: [] };
  // Along the slices being replaced where they can be kept, rather than hashing every source again.
  const runs = kept.size > 0 ? slicesAlong(articles.sources, SLICE, previous!.slices.map((slice) => slice.sources)) : slicesOf(articles.sources, SLICE);
  for (const [start, end] of runs) {
    const sources = articles.sources.slice(start, end);
    const pages = sources.map((_source, k) => articles.page(start + k));
    // The previous index's entry for the same articles, kept as it is when each shell is the same and its file whole.
    const old = kept.size === 0 ? undefined : kept.get(sources.join('\0'));
    if (old !== undefined && pages.every((page) => page === undefined || before!.same(page)) && wholeSlice(folder, old.file, old.bytes)) {
      index.slices.push(old);
      continue;
    }
    const bytes = serialize(pages.map((page, k): ArticleShell => (page === undefined ? previousShell(sources[k]!, start + k) : withFields(page, { article: null }))));
    index.slices.push({ sources, file: await writeSlice(folder, bytes, pid), bytes: bytes.length });
  }
  writeFileAtomic(path.join(folder, 'index.json'), JSON.stringify(index), pid);
  // The files no slice of the index names any more, and the single file of the shells' first format.
  removeUnnamedSlices(folder, new Set(index.slices.map((slice) => slice.file)), pid);
  rmSync(path.join(cacheDirOf(output), 'shells.bin'), { force: true });
}
