/**
 * Writing the site safely: every file goes into a staging folder beside the
 * output. A full build's staging folder replaces the output only when the
 * build is complete (two renames). A rebuild that changes few files of a
 * trusted output instead renames its new files into the output under a
 * rollback journal (Staging.commitInPlace). A build that fails or is killed
 * before its commit leaves the previous output as it was; one killed during
 * an in-place commit is rolled back by the next build (removeLeftovers).
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import {
  constants,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { sha1 } from './cache/keys.js';
import { cacheDirOf, describedByManifest, forgetManifest } from './cache/manifest.js';

export { cacheDirOf };

/** The marker the layout prints; an existing output folder without it is not ours to replace. */
export const GENERATOR_MARKER = '<meta name="generator" content="news-archive">';

/** Resolves symbolic links in the existing part of a path, so comparisons see real folders. */
function realish(p: string): string {
  const abs = path.resolve(p);
  let head = abs;
  const tail: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync(head), ...tail.reverse());
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
  // `..` itself or a path through it; a name that starts with two dots (`...`, `..foo`) is inside.
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/**
 * Why the output folder must not be used, or null when it may. The output is
 * replaced as a whole, so it must never be the input, a folder holding the
 * input, the project root, the file-system root, or a folder with other content.
 */
export function refuseOutput(output: string, input: string, projectRoot: string | null): string | null {
  const out = realish(output);
  const inp = realish(input);
  if (out === path.parse(out).root) return `refusing to write the site to ${output}: it is the root of the file system`;
  if (out === inp) return `refusing to write the site to ${output}: it is the input folder`;
  if (isInside(inp, out)) return `refusing to write the site to ${output}: it contains the input folder ${input}`;
  if (isInside(out, inp)) return `refusing to write the site to ${output}: it is inside the input folder ${input}, where it would be read as input`;
  if (projectRoot !== null) {
    const root = realish(projectRoot);
    if (out === root || isInside(root, out)) return `refusing to write the site to ${output}: it is (or contains) the project folder ${projectRoot}`;
  }
  let entries: string[];
  try {
    const info = statSync(out);
    if (!info.isDirectory()) return `refusing to write the site to ${output}: it exists and is not a folder`;
    entries = readdirSync(out);
  } catch {
    return null; // does not exist yet
  }
  if (entries.length === 0) return null;
  let index = '';
  try {
    index = readFileSync(path.join(out, 'index.html'), 'utf8');
  } catch {
    // No home page: a partition's output, or not ours.
  }
  // A partition's output has no home page; its manifest says news-archive built it.
  // (Read second: at 10,000 articles the manifest takes some 40 ms to parse.)
  if (!index.includes(GENERATOR_MARKER) && !describedByManifest(out)) {
    return `refusing to replace ${output}: it is not empty and was not built by news-archive; choose a new or empty folder`;
  }
  return null;
}

export interface StagedFile {
  /** Relative to the output folder, posix separators. */
  path: string;
  content: string | Uint8Array;
}

/** An empty, `.` or `..` segment of a relative path. */
const SPECIAL_SEGMENT = /(?:^|\/)\.{0,2}(?:\/|$)/;

/** The last root found absolute and normalised (resolveInside): the build passes one or two roots, thousands of times. */
let normalRoot: string | undefined;

function isNormalRoot(root: string): boolean {
  if (root === normalRoot) return true;
  if (root.endsWith('/') || path.resolve(root) !== root) return false;
  normalRoot = root;
  return true;
}

/** The absolute path of `rel` inside `root`; throws when it would land outside. */
export function resolveInside(root: string, rel: string): string {
  if (rel === '' || rel.includes('\0') || rel.includes('\\') || path.isAbsolute(rel)) {
    throw new Error(`refusing to write ${JSON.stringify(rel)}: not a plain relative path`);
  }
  // Names alone (no empty, `.` or `..` segment) under an absolute, normalised root: joined, they are the path
  // resolved, inside the root. A build writes some 14,000 files at 10,000 articles, and resolving each path and
  // checking it against the root (below) took 130 ms of a thread's CPU for them, joining 9 ms (POSIX paths only).
  if (path.sep === '/' && !SPECIAL_SEGMENT.test(rel) && isNormalRoot(root)) return `${root}/${rel}`;
  const target = path.resolve(root, ...rel.split('/'));
  if (!isInside(target, root)) throw new Error(`refusing to write ${JSON.stringify(rel)}: it resolves outside the output folder`);
  return target;
}

/** The name a file for output path `rel` has at the top of the staging folder in an in-place rebuild. */
export function stagedName(rel: string): string {
  return `${createHash('sha1').update(rel).digest('hex')}.staged`;
}

/**
 * Writes files into a fresh folder tree (the staging folder), creating
 * folders once each. Used by the build and by render workers alike, each
 * with its own instance; `mkdir -p` makes shared folders safe.
 *
 * Files are always new files: never opened for writing in place, so a file
 * hard-linked from the previous output is never changed through its link.
 */
export class FolderWriter {
  private readonly made = new Set<string>();
  constructor(readonly root: string) {}

  private folderFor(target: string): void {
    const dir = path.dirname(target);
    if (this.made.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    for (let d = dir; d !== this.root && !this.made.has(d); d = path.dirname(d)) this.made.add(d);
  }

  /** Writes a new file (fails if it exists). Synchronous: measured faster than many concurrent async writes. */
  write(rel: string, content: string | Uint8Array): void {
    const target = resolveInside(this.root, rel);
    this.folderFor(target);
    writeFileSync(target, content, { flag: 'wx' });
  }

  /**
   * Writes a new file for `rel` at the top of the folder, under its staged
   * name (see stagedName), making no folder: the in-place commit renames it
   * to `rel` in the output.
   */
  writeFlat(rel: string, content: string | Uint8Array): void {
    resolveInside(this.root, rel);
    writeFileSync(path.join(this.root, stagedName(rel)), content, { flag: 'wx' });
  }

  /**
   * Puts `existing` (a file of the previous output, same content) at `rel`
   * as a hard link: no bytes copied. Falls back to a copy when links are
   * not possible (another device, a file system without links).
   */
  link(rel: string, existing: string): void {
    const target = resolveInside(this.root, rel);
    this.folderFor(target);
    linkOrCopy(existing, target);
  }
}

/**
 * Removes staging folders and old outputs left beside `output` by builds
 * that were killed (their process no longer exists), after rolling back any
 * in-place commit such a build left half done (recoverInPlaceCommits).
 */
export function removeLeftovers(output: string, pid: number, isAlive: (pid: number) => boolean): void {
  // Synchronous calls: a few, at the start of every build that writes, while a rebuild's render thread loads on the
  // other core. Each asynchronous one waited for a thread of libuv's to get that core, 10–14 ms in all after an added article.
  const parent = path.dirname(output);
  const base = path.basename(output);
  mkdirSync(parent, { recursive: true });
  // `.report.json.tmp-<pid>`: the report of a build stopped by a signal while it wrote it (writeFileAtomic).
  const leftovers = /^(.*)\.(staging|old|report\.json\.tmp)-(\d+)$/;
  for (const name of readdirSync(parent)) {
    const m = leftovers.exec(name);
    if (!m || m[1] !== base) continue;
    const owner = Number(m[3]);
    if (owner !== pid && isAlive(owner)) continue;
    // A build killed between its two renames left the previous site only as `.old-<pid>`: put it back.
    if (m[2] === 'old' && !existsSync(output)) renameSync(path.join(parent, name), output);
    else rmSync(path.join(parent, name), { recursive: true, force: true });
  }
  // An in-place commit that was killed or failed: put the previous files back first.
  recoverInPlaceCommits(output, pid, isAlive);
  // In the cache folder: `trash-<pid>` is an old output between the swap's two renames,
  // `deleting-<pid>` one the swap has replaced, being deleted in the background (by the process it is named after, once
  // the build has started one: see removeInBackground in src/commands/build.ts), left alone while that process runs.
  const trash = /^(trash|deleting)-(\d+)$/;
  const cache = cacheDirOf(output);
  let names: string[] = [];
  try {
    names = readdirSync(cache);
  } catch {
    // No cache folder: nothing left there.
  }
  for (const name of names) {
    const m = trash.exec(name);
    if (!m) continue;
    const owner = Number(m[2]);
    if (owner !== pid && isAlive(owner)) continue;
    // Killed between the swap's two renames: the previous site is the trash; put it back.
    if (m[1] === 'trash' && !existsSync(output)) renameSync(path.join(cache, name), output);
    else rmSync(path.join(cache, name), { recursive: true, force: true, maxRetries: 3 });
  }
}

/**
 * The rollback journal of an in-place commit (`<output>.cache/journal-<pid>.json`):
 * what the commit is about to change in the output, written before it changes anything.
 */
interface Journal {
  format: 1;
  pid: number;
  /** Output paths the commit creates: absent before it. */
  add: string[];
  /** Output paths the commit replaces or removes; the previous file of `undo[i]` is kept as `undo-<pid>/<i>`. */
  undo: string[];
  /** Folders the commit creates, parents first. */
  made: string[];
}

/** What an in-place commit changes in the output (relative posix paths). */
export interface InPlaceChanges {
  /** New files, written into staging under their staged names. */
  add: string[];
  /** Files whose bytes change, written into staging under their staged names. */
  replace: string[];
  /** Files that go. */
  remove: string[];
}

function journalFile(cache: string, pid: number): string {
  return path.join(cache, `journal-${pid}.json`);
}

function undoFolder(cache: string, pid: number): string {
  return path.join(cache, `undo-${pid}`);
}

function ignoring(codes: readonly string[], action: () => void): void {
  try {
    action();
  } catch (error) {
    if (!codes.includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
}

/**
 * Puts the file at `from` at `to` (which must not exist): a hard link (no
 * bytes copied), or when links are impossible (another device, a file system
 * without them) a copy made under a temporary name and renamed, so `to`
 * exists only once it is whole.
 */
function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK' && code !== 'ENOTSUP') throw error;
    copyFileSync(from, `${to}.tmp`, constants.COPYFILE_EXCL);
    renameSync(`${to}.tmp`, to);
  }
}

/**
 * Puts the output back as it was before the journal's commit: removes the
 * files it added and the folders it made, and renames every kept previous
 * file back into place (a kept file still linked at its place is left
 * there). Safe to run again after being interrupted. The manifest is
 * forgotten first: it may be the new one, and the folders' times changed.
 */
function rollBack(output: string, cache: string, journal: Journal, pid: number): void {
  forgetManifest(output, pid);
  const undo = undoFolder(cache, journal.pid);
  for (const rel of journal.add) ignoring(['ENOENT'], () => unlinkSync(resolveInside(output, rel)));
  for (const dir of [...journal.made].reverse()) ignoring(['ENOENT', 'ENOTEMPTY', 'EEXIST'], () => rmdirSync(resolveInside(output, dir)));
  journal.undo.forEach((rel, i) => {
    const kept = path.join(undo, String(i));
    if (!existsSync(kept)) return; // never touched: the commit keeps every file before changing any
    const target = resolveInside(output, rel);
    mkdirSync(path.dirname(target), { recursive: true });
    renameSync(kept, target);
  });
}

/**
 * Rolls back every in-place commit whose build is gone (its journal is still
 * there), then removes its journal, kept files and staging folder. Kept files
 * and journals being written (no journal yet) changed nothing and just go.
 * Returns how many journals are left: those of builds still running (or of
 * processes that took a dead build's id), whose output may be half changed.
 */
export function recoverInPlaceCommits(output: string, pid: number, isAlive: (pid: number) => boolean): number {
  const cache = cacheDirOf(output);
  let names: string[];
  try {
    names = readdirSync(cache);
  } catch {
    return 0;
  }
  const dead = (owner: number): boolean => owner === pid || !isAlive(owner);
  let left = 0;
  for (const name of names) {
    const m = /^journal-(\d+)\.json$/.exec(name);
    if (!m) continue;
    if (!dead(Number(m[1]))) {
      left++;
      continue;
    }
    const owner = Number(m[1]);
    const file = path.join(cache, name);
    let journal: Journal | null = null;
    try {
      journal = JSON.parse(readFileSync(file, 'utf8')) as Journal;
    } catch {
      journal = null;
    }
    if (journal !== null && journal.format === 1 && Array.isArray(journal.add) && Array.isArray(journal.undo) && Array.isArray(journal.made)) {
      rollBack(output, cache, { ...journal, pid: owner }, pid);
    } else {
      forgetManifest(output, pid); // cannot happen with an atomic write; trust nothing
    }
    unlinkSync(file);
    rmSync(undoFolder(cache, owner), { recursive: true, force: true });
    rmSync(`${output}.staging-${owner}`, { recursive: true, force: true });
  }
  for (const name of readdirSync(cache)) {
    const m = /^(?:undo-(\d+)|journal-(\d+)\.json\.tmp-\d+)$/.exec(name);
    if (!m || !dead(Number(m[1] ?? m[2]))) continue;
    rmSync(path.join(cache, name), { recursive: true, force: true });
  }
  return left;
}

/** A static file copied as-is into the site (from public/). */
export interface Asset {
  /** Relative to the output folder, posix separators. */
  path: string;
  bytes: Uint8Array;
  /** SHA-1 of the bytes, base64url. */
  hash: string;
}

/** Reads every file under `source` (public/), sorted by path. */
export function readAssets(source: string): Asset[] {
  const assets: Asset[] = [];
  walkFiles(source, (rel, file) => {
    const bytes = readFileSync(file);
    assets.push({ path: rel, bytes, hash: sha1(bytes) });
  });
  return assets;
}

/**
 * The SHA-1 of every file under `source`, by path relative to it (posix
 * separators), without keeping the bytes; a file whose hash `known` gives
 * (one linked from an earlier output, whose manifest lists it) is not read.
 */
export function fileHashes(source: string, known: (rel: string) => string | undefined = () => undefined): Map<string, string> {
  const hashes = new Map<string, string>();
  walkFiles(source, (rel, file) => hashes.set(rel, known(rel) ?? sha1(readFileSync(file))));
  return hashes;
}

/** Calls `visit` with every file under `source` (relative path with posix separators, absolute path), in sorted order. */
function walkFiles(source: string, visit: (rel: string, file: string) => void): void {
  const walk = (from: string, rel: string): void => {
    for (const entry of readdirSync(from, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path.join(from, entry.name), childRel);
      else if (entry.isFile()) visit(childRel, path.join(from, entry.name));
    }
  };
  walk(source, '');
}

/** A staging folder beside the output, filled and then swapped in. */
export class Staging {
  readonly output: string;
  readonly dir: string;
  readonly writer: FolderWriter;
  private filesWritten = 0;

  private constructor(output: string, dir: string) {
    this.output = output;
    this.dir = dir;
    this.writer = new FolderWriter(dir);
  }

  /**
   * Creates `<output>.staging-<pid>`, first removing staging folders and old
   * outputs left by builds that were killed (their process no longer exists).
   */
  static create(output: string, pid: number, isAlive: (pid: number) => boolean): Staging {
    removeLeftovers(output, pid, isAlive);
    const dir = Staging.folderOf(output, pid);
    mkdirSync(dir);
    return new Staging(output, dir);
  }

  /** The staging folder `create` makes for `output` and the process `pid`, which a render thread can be told of before it exists. */
  static folderOf(output: string, pid: number): string {
    return path.join(path.dirname(output), `${path.basename(output)}.staging-${pid}`);
  }

  get written(): number {
    return this.filesWritten;
  }

  /** The absolute path of `rel` inside staging; throws when it would land outside. */
  resolve(rel: string): string {
    return resolveInside(this.dir, rel);
  }

  /** Writes files into staging, creating folders as needed. */
  async write(files: readonly StagedFile[]): Promise<void> {
    for (const file of files) this.resolve(file.path);
    for (const file of files) this.writer.write(file.path, file.content);
    this.filesWritten += files.length;
  }

  /** Writes static assets (see readAssets) into the root of the staging folder. */
  writeAssets(assets: readonly Asset[]): void {
    for (const asset of assets) this.writer.write(asset.path, asset.bytes);
    this.filesWritten += assets.length;
  }

  /**
   * Swaps the staging folder in: the old output is renamed into the cache
   * folder (`trash-<pid>`), staging is renamed to the output, and the old
   * output is renamed to `deleting-<pid>` and deleted. If the second rename
   * fails the old output is put back; if the build is killed between the
   * renames, the next build puts it back (removeLeftovers).
   *
   * `deleteOld` decides how the old output goes: the build hands it to a
   * background process, so deleting some 30,000 files and folders is not on
   * the build's critical path; a later build removes any trash left behind.
   */
  async commit(pid: number, deleteOld: (folder: string) => Promise<void> = (folder) => rm(folder, { recursive: true, force: true })): Promise<void> {
    const cache = cacheDirOf(this.output);
    await mkdir(cache, { recursive: true });
    const old = path.join(cache, `trash-${pid}`);
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
    if (hadOld) {
      // Renamed once more, so a later build can tell it from an old output awaiting the second rename.
      const doomed = path.join(cache, `deleting-${pid}`);
      await rename(old, doomed);
      await deleteOld(doomed);
    }
  }

  /** Moves the file at `from` (inside staging) to the staged name of `rel`, for an in-place commit. */
  stageFile(rel: string, from: string): void {
    renameSync(from, path.join(this.dir, stagedName(rel)));
    this.filesWritten++;
  }

  /** Writes static assets into staging under their staged names, for an in-place commit. */
  writeAssetsFlat(assets: readonly Asset[]): void {
    for (const asset of assets) this.writer.writeFlat(asset.path, asset.bytes);
    this.filesWritten += assets.length;
  }

  /**
   * Changes the output in place instead of swapping a new tree in: for a
   * rebuild that changes a few files of a large output.
   *
   * 1. Writes the journal (`<output>.cache/journal-<pid>.json`, atomically,
   *    see writeFileAtomic) listing the files to add, replace and remove and
   *    the folders to make.
   * 2. Keeps every file to replace or remove as a hard link in
   *    `<output>.cache/undo-<pid>/`.
   * 3. Renames each new file from staging into the output (making folders),
   *    unlinks the removed files and removes the folders they leave empty.
   * 4. Calls `finish` with the folders whose entries changed (it writes the
   *    manifest), then deletes the journal: from then on the build is done.
   *    The kept files and the staging folder go last.
   *
   * If any step fails the output is rolled back before the error is thrown;
   * if the build is killed, the next build rolls it back (removeLeftovers).
   * Synchronous throughout: no signal handler runs in the middle.
   */
  commitInPlace(pid: number, changes: InPlaceChanges, finish: (touched: ReadonlySet<string>) => void): void {
    const output = this.output;
    const cache = cacheDirOf(output);
    const touched = new Set<string>();
    for (const rel of [...changes.add, ...changes.replace, ...changes.remove]) {
      resolveInside(output, rel);
      for (let dir = path.posix.dirname(rel); dir !== '.'; dir = path.posix.dirname(dir)) touched.add(dir);
    }
    const staged = (rel: string): string => path.join(this.dir, stagedName(rel));
    if (changes.add.length + changes.replace.length + changes.remove.length === 0) {
      finish(touched);
      rmSync(this.dir, { recursive: true, force: true });
      return;
    }
    const made: string[] = [];
    const seen = new Set<string>();
    for (const rel of changes.add) {
      const chain: string[] = [];
      for (let dir = path.posix.dirname(rel); dir !== '.' && !seen.has(dir); dir = path.posix.dirname(dir)) {
        seen.add(dir);
        chain.push(dir);
      }
      for (const dir of chain.reverse()) if (!existsSync(resolveInside(output, dir))) made.push(dir);
    }
    const journal: Journal = { format: 1, pid, add: changes.add, undo: [...changes.replace, ...changes.remove], made };
    mkdirSync(cache, { recursive: true });
    const file = journalFile(cache, pid);
    writeFileAtomic(file, JSON.stringify(journal), pid);
    const undo = undoFolder(cache, pid);
    try {
      mkdirSync(undo);
      journal.undo.forEach((rel, i) => linkOrCopy(resolveInside(output, rel), path.join(undo, String(i))));
      for (const dir of made) mkdirSync(resolveInside(output, dir));
      for (const rel of changes.add) renameSync(staged(rel), resolveInside(output, rel));
      for (const rel of changes.replace) renameSync(staged(rel), resolveInside(output, rel));
      for (const rel of changes.remove) {
        unlinkSync(resolveInside(output, rel));
        // Remove the folders the file leaves empty, up to (not including) the output folder.
        for (let dir = path.posix.dirname(rel); dir !== '.'; dir = path.posix.dirname(dir)) {
          try {
            rmdirSync(resolveInside(output, dir));
          } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            if (code === 'ENOTEMPTY' || code === 'EEXIST') break;
            throw error;
          }
        }
      }
      finish(touched);
    } catch (error) {
      // Put the previous site back now; if that fails too, the journal stays for the next build.
      rollBack(output, cache, journal, pid);
      unlinkSync(file);
      rmSync(undo, { recursive: true, force: true });
      throw error;
    }
    unlinkSync(file);
    rmSync(undo, { recursive: true, force: true });
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Removes the staging folder, leaving the output untouched. */
  async abort(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
