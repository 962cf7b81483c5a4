/**
 * Writing the site safely: every file goes into a staging folder beside the
 * output, and the staging folder replaces the output only when the build is
 * complete. A failed or killed build leaves the previous output as it was.
 */
import { mkdir, readdir, readFile, rename, rm, cp, writeFile, stat, realpath } from 'node:fs/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The marker the layout prints; an existing output folder without it is not ours to replace. */
export const GENERATOR_MARKER = '<meta name="generator" content="news-archive">';

/** Resolves symbolic links in the existing part of a path, so comparisons see real folders. */
async function realish(p: string): Promise<string> {
  const abs = path.resolve(p);
  let head = abs;
  const tail: string[] = [];
  for (;;) {
    try {
      return path.join(await realpath(head), ...tail.reverse());
    } catch {
      const parent = path.dirname(head);
      if (parent === head) return abs;
      tail.push(path.basename(head));
      head = parent;
    }
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Why the output folder must not be used, or null when it may. The output is
 * replaced as a whole, so it must never be the input, a folder holding the
 * input, the project root, the file-system root, or a folder with other content.
 */
export async function refuseOutput(output: string, input: string, projectRoot: string | null): Promise<string | null> {
  const out = await realish(output);
  const inp = await realish(input);
  if (out === path.parse(out).root) return `refusing to write the site to ${output}: it is the root of the file system`;
  if (out === inp) return `refusing to write the site to ${output}: it is the input folder`;
  if (isInside(inp, out)) return `refusing to write the site to ${output}: it contains the input folder ${input}`;
  if (isInside(out, inp)) return `refusing to write the site to ${output}: it is inside the input folder ${input}, where it would be read as input`;
  if (projectRoot !== null) {
    const root = await realish(projectRoot);
    if (out === root || isInside(root, out)) return `refusing to write the site to ${output}: it is (or contains) the project folder ${projectRoot}`;
  }
  let entries: string[];
  try {
    const info = await stat(out);
    if (!info.isDirectory()) return `refusing to write the site to ${output}: it exists and is not a folder`;
    entries = await readdir(out);
  } catch {
    return null; // does not exist yet
  }
  if (entries.length === 0) return null;
  const index = await readFile(path.join(out, 'index.html'), 'utf8').catch(() => '');
  if (!index.includes(GENERATOR_MARKER)) {
    return `refusing to replace ${output}: it is not empty and was not built by news-archive; choose a new or empty folder`;
  }
  return null;
}

export interface StagedFile {
  /** Relative to the output folder, posix separators. */
  path: string;
  content: string | Uint8Array;
}

/** A staging folder beside the output, filled and then swapped in. */
export class Staging {
  readonly output: string;
  readonly dir: string;
  private readonly made = new Set<string>();
  private filesWritten = 0;

  private constructor(output: string, dir: string) {
    this.output = output;
    this.dir = dir;
  }

  /**
   * Creates `<output>.staging-<pid>`, first removing staging folders left by
   * builds that were killed (their process no longer exists).
   */
  static async create(output: string, pid: number, isAlive: (pid: number) => boolean): Promise<Staging> {
    const parent = path.dirname(output);
    const base = path.basename(output);
    await mkdir(parent, { recursive: true });
    const leftovers = /^(.*)\.(staging|old)-(\d+)$/;
    for (const name of await readdir(parent)) {
      const m = leftovers.exec(name);
      if (!m || m[1] !== base) continue;
      const owner = Number(m[3]);
      if (owner !== pid && isAlive(owner)) continue;
      // A build killed between its two renames left the previous site only as `.old-<pid>`: put it back.
      const outputExists = await stat(output).then(() => true, () => false);
      if (m[2] === 'old' && !outputExists) await rename(path.join(parent, name), output);
      else await rm(path.join(parent, name), { recursive: true, force: true });
    }
    const dir = path.join(parent, `${base}.staging-${pid}`);
    await mkdir(dir);
    return new Staging(output, dir);
  }

  get written(): number {
    return this.filesWritten;
  }

  /** The absolute path of `rel` inside staging; throws when it would land outside. */
  resolve(rel: string): string {
    if (rel === '' || rel.includes('\0') || rel.includes('\\') || path.isAbsolute(rel)) {
      throw new Error(`refusing to write ${JSON.stringify(rel)}: not a plain relative path`);
    }
    const target = path.resolve(this.dir, ...rel.split('/'));
    if (!isInside(target, this.dir)) throw new Error(`refusing to write ${JSON.stringify(rel)}: it resolves outside the output folder`);
    return target;
  }

  /** Writes files into staging, creating folders as needed. */
  async write(files: readonly StagedFile[]): Promise<void> {
    const targets = files.map((f) => ({ target: this.resolve(f.path), content: f.content }));
    for (const { target } of targets) {
      const dir = path.dirname(target);
      if (!this.made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        for (let d = dir; d !== this.dir && !this.made.has(d); d = path.dirname(d)) this.made.add(d);
      }
    }
    // Synchronous writes: measured faster than many concurrent async writes
    // (no file-handle promises, less garbage), and a build has nothing else to do meanwhile.
    for (const { target, content } of targets) writeFileSync(target, content, { flag: 'wx' });
    this.filesWritten += files.length;
  }

  /** Copies a folder of static assets (public/) into the root of the staging folder. */
  async copyFolder(source: string): Promise<number> {
    let count = 0;
    const walk = async (from: string, rel: string): Promise<void> => {
      for (const entry of (await readdir(from, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
        if (entry.isDirectory()) await walk(path.join(from, entry.name), childRel);
        else if (entry.isFile()) {
          const target = this.resolve(childRel);
          await mkdir(path.dirname(target), { recursive: true });
          await cp(path.join(from, entry.name), target, { errorOnExist: true, force: false });
          count++;
        }
      }
    };
    await walk(source, '');
    this.filesWritten += count;
    return count;
  }

  /**
   * Swaps the staging folder in: the old output is renamed away, staging is
   * renamed to the output, and the old output is deleted. If the second
   * rename fails the old output is put back.
   */
  async commit(pid: number): Promise<void> {
    const old = `${this.output}.old-${pid}`;
    let hadOld = true;
    try {
      await rename(this.output, old);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      hadOld = false;
    }
    try {
      await rename(this.dir, this.output);
    } catch (error) {
      if (hadOld) await rename(old, this.output);
      throw error;
    }
    if (hadOld) await rm(old, { recursive: true, force: true });
  }

  /** Removes the staging folder, leaving the output untouched. */
  async abort(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Writes a file beside the output atomically (temporary name, then rename). */
export async function writeFileAtomic(file: string, content: string, pid: number): Promise<void> {
  const tmp = `${file}.tmp-${pid}`;
  await writeFile(tmp, content);
  await rename(tmp, file);
}
