/**
 * The build cache: a manifest beside the output (`<output>.cache/manifest.json`)
 * that records, for every file of the output, the key of what it was
 * rendered from and the hash of its bytes. A later build renders only the
 * pages whose key changed; the rest are left in place (an in-place commit)
 * or hard-linked from the previous output into a new tree (a swap). A
 * re-rendered page whose bytes came out the same is left or linked too.
 *
 * The manifest names the output folder it describes by device, inode and creation time
 * (the staging folder's, which the swap renames into place, or the output's
 * own after an in-place commit), so a manifest written by a build that was
 * killed before its swap, or an output folder replaced by hand, is never
 * trusted: the build then renders everything.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import path from 'node:path';
import { writeCacheFile, writeFileAtomic } from '../atomic.js';
import { firstAfter, modelToken, type ArticleState, type ModelState } from './model.js';
import { fileStat } from './stats.js';

/** The folder beside the output that holds the build cache and old outputs being deleted. */
export function cacheDirOf(output: string): string {
  return `${output}.cache`;
}

/** What the manifest records about one output file. */
export interface CachedFile {
  /** Key of the render input (see pageKey), or null for files not rendered from a page. */
  key: string | null;
  /** Of a rendered page, the length of its bytes (bytesTag, src/render/job.ts); of any other file, the SHA-1 of its bytes, base64url. */
  hash: string;
}

/**
 * The manifest as stored: three lines of JSON, so that a build that finds
 * nothing changed reads only the first (ManifestHead), and one that goes on
 * reads the files and the model when it needs them. Lists of names stand
 * beside lists of values rather than objects keyed by name, which JSON reads
 * in about a third of the time (the manifest of a 10,000-article site lists
 * some 14,000 files and folders).
 */
interface ManifestHead {
  format: 5;
  /** The code and site version the keys were computed under. */
  version: string;
  /** The output folder this manifest describes. */
  folder: FolderIdentity;
  /** True when `files` lists every file of the output; false once forgetManifest has made it describe nothing. */
  complete: boolean;
  /**
   * What the output's folders looked like when the build finished (see FolderStamps): folder paths, and their stamps
   * as runs, each a stamp and how many folders in a row have it (most folders share their build's).
   */
  stamps: { top: string[]; folders: string[]; runs: number[] };
  /** Hash of the build's whole input (files, assets, partition), and its report, for a build that finds nothing changed. */
  input: string | null;
  report: unknown;
}

/** The second line: output paths, with each file's key and hash at the same index. */
interface FilesLine {
  paths: string[];
  keys: (string | null)[];
  hashes: string[];
}

/**
 * The third line: what the keys were computed from (see ModelState): the settings digest, the model's token, per
 * article its source, digest, URL, listing digest and place slug, and per place its slug and name (when known).
 */
type ModelLine = {
  settings: string;
  token: string;
  sources: string[];
  digests: string[];
  urls: string[];
  listings: string[];
  places: string[];
  placeSlugs?: string[];
  placeNames?: string[];
} | null;

/** The model line as stored, with the patches applied to it. */
export type ModelColumns = NonNullable<ModelLine>;

/**
 * A model's changes since the model the lines before them describe: its
 * token, each article added or changed (every field of its entry, as the
 * model line has them), the articles gone, and its places' names.
 */
export type ModelChanges = Omit<ModelColumns, 'settings'> & { gone: string[] };

/**
 * Any later line: what a rebuild that changed the output in place changed,
 * to be applied over the lines before it: files with their new key and
 * hash, files gone, and (after edits, src/cache/edit.ts) sources with their
 * new digest. Such a rebuild writes the head anew and copies the files line
 * as it was, without writing every file's entry again; one whose model
 * changed writes the model line anew too (`model`: the patches before it
 * then say nothing of the digests). The next build that writes the
 * manifest in full folds the patches in.
 */
export interface ManifestPatch {
  files: FilesLine;
  /** Files the output no longer has. */
  removed?: string[];
  digests: { sources: string[]; digests: string[] };
  /** Set when the model line was written with this patch. */
  model?: true;
  /** The model's changes, when this patch records them rather than a model line written anew. */
  articles?: ModelChanges;
}

/** Most patch lines a manifest takes before a build writes it in full. */
export const MAX_PATCHES = 32;

/**
 * Enough to tell that nobody added, removed or renamed a file in the output
 * since it was built. For every folder, the latest change time (ctime) it
 * may have: the file system's time once the build that stamped it had made
 * its last change there. A folder's change time moves on whenever an entry is
 * added, removed or renamed in it, or another renamed over one, and whenever
 * anything sets its times, mode or owner; only the clock can set it back. For
 * the output folder itself, under `''`, its modification time, which the
 * swap's rename leaves as it is (the rename moves its change time on). And
 * the names at the top. A manifest written before the output folder was
 * stamped has no `''`: its names at the top are all that is checked there.
 *
 * A bound rather than each folder's own time, so that a build takes no
 * stamp of each of its folders after its last page is written: 14,000
 * `stat` calls at 10,000 articles, some 50 ms that nothing else overlapped.
 */
export interface FolderStamps {
  /**
   * The folders (relative posix paths, `''` for the output folder), each
   * with its stamp at the same index of `times`: columns, as the manifest's
   * head keeps them and a check goes through them, rather than a map of
   * some 14,000 entries made on every rebuild and copied when restamped.
   */
  dirs: readonly string[];
  times: Float64Array;
  top: string[];
}

/** What a build records of itself beside its files. */
export interface BuildRecord {
  /** See ManifestHead.input and .report, and ModelLine. */
  input: string | null;
  report: unknown;
  model: ModelState | null;
}

/** What the first line of a trusted manifest says about the previous output. */
export interface PreviousOutput {
  /** Whether the manifest's files are every file of the output. */
  complete: boolean;
  stamps: FolderStamps;
  /** See ManifestHead.input and .report. */
  input: string | null;
  report: unknown;
  /** The rest of the manifest, read now: null when it is damaged (then nothing in it is trusted). */
  read(): PreviousBuild | null;
  /** The model line alone, patches applied, or null (none, or damaged). */
  readModel(): ModelColumns | null;
  /** Patch lines the manifest holds. */
  patches: number;
  /**
   * Writes the manifest of the output changed in place by a rebuild after
   * edits: a new head (with `stamps` and `about`'s input and report) and
   * this manifest's other lines as they are, with `patch` after them.
   */
  writePatched(stamps: FolderStamps, about: Pick<BuildRecord, 'input' | 'report'>, patch: ManifestPatch, pid: number): void;
  /**
   * The same for an output changed in place by any rebuild: `draft` gives the
   * input and report, and the model line, written anew when the patch says
   * so (`model`).
   */
  writePatchedDraft(stamps: FolderStamps, draft: ManifestDraft, patch: ManifestPatch, pid: number): void;
}

/** What a trusted manifest says about the previous output. */
export interface PreviousBuild extends Omit<PreviousOutput, 'read' | 'readModel' | 'writePatched' | 'writePatchedDraft' | 'patches'> {
  files: Map<string, CachedFile>;
  model: ModelState | null;
}

/**
 * The file system's time now, on the clock of `folder`'s file system, and
 * `folder`'s own modification time. A file made and removed in `folder`
 * moves the folder's change time on to now: no later than that is every
 * change made before it on that file system. That clock may move in ticks of
 * some milliseconds, and a change made within the same tick would have the
 * same time: so this returns only once a change made in `folder` has a later
 * time, which every change made after it has too (within CLOCK_WAIT_MS).
 */
function folderClock(folder: string, pid: number): { now: number; mtime: number } {
  const marker = path.join(folder, `.news-archive-clock-${pid}`);
  const touch = (): Stats => {
    writeFileSync(marker, '');
    unlinkSync(marker);
    return statSync(folder);
  };
  const first = touch();
  let last = touch();
  for (let waited = 0; waited < CLOCK_WAIT_MS && last.ctimeMs <= first.ctimeMs; waited++) {
    Atomics.wait(pause, 0, 0, 1);
    last = touch();
  }
  return { now: first.ctimeMs, mtime: last.mtimeMs };
}

/** Longest folderClock waits for the file system's clock to move on. */
const CLOCK_WAIT_MS = 100;
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Stamps the folders of a finished output tree holding `files` (relative posix paths). */
export function stampFolders(root: string, files: Iterable<string>, pid: number): FolderStamps {
  // Every folder's change time is at most the time now: each stamp is that bound.
  const { now, mtime } = folderClock(root, pid);
  // The output folder's own time: the swap renames it within its parent, which leaves that time as it is.
  const dirs = [''];
  const seen = new Set<string>(dirs);
  const top = new Set<string>();
  for (const file of files) {
    const first = file.indexOf('/');
    top.add(first < 0 ? file : file.slice(0, first));
    // Each folder above the file, deepest first, until one already stamped.
    for (let end = file.lastIndexOf('/'); end > 0; end = file.lastIndexOf('/', end - 1)) {
      const dir = file.slice(0, end);
      if (seen.has(dir)) break;
      seen.add(dir);
      dirs.push(dir);
    }
  }
  const times = new Float64Array(dirs.length).fill(now);
  times[0] = mtime;
  return { dirs, times, top: [...top].sort() };
}

/**
 * The stamps of an output stamped `previous` and then changed in place:
 * files replaced, and the `added` and `removed` ones (relative posix
 * paths), with `touched` every folder above any of them. Only those folders
 * can have had an entry added or removed, so only they are stamped again
 * (or dropped, when the change removed them); every other folder keeps its
 * stamp. The folders and names stampFolders finds over the files the output
 * now holds, without going over those files (some 14,000 at 10,000 articles).
 */
export function restampTouched(
  root: string,
  previous: FolderStamps,
  touched: ReadonlySet<string>,
  pid: number,
  { added = [], removed = [] }: { added?: readonly string[]; removed?: readonly string[] } = {},
): FolderStamps {
  const inRoot = folderPrefix(root);
  const { now, mtime } = folderClock(root, pid);
  /** Whether a touched folder is still there (asked once of each). */
  const there = (dir: string): boolean => existsSync(inRoot + dir);
  // The stamped folders in their order, each touched one stamped now or dropped; then the touched ones not stamped before, in turn.
  const dirs: string[] = [];
  const times: number[] = [];
  const stamped = new Set<string>();
  previous.dirs.forEach((dir, i) => {
    if (!touched.has(dir)) {
      dirs.push(dir);
      // The output folder's own time changes with any file added, removed or replaced at the top: taken again after every commit.
      times.push(dir === '' ? mtime : previous.times[i]!);
      return;
    }
    stamped.add(dir);
    if (there(dir)) {
      dirs.push(dir);
      times.push(now);
    }
  });
  for (const dir of touched) {
    if (stamped.has(dir) || !there(dir)) continue;
    dirs.push(dir);
    times.push(now);
  }
  const top = new Set(previous.top);
  const first = (rel: string): string => rel.split('/', 1)[0]!;
  for (const rel of added) top.add(first(rel));
  for (const rel of removed) if (!existsSync(path.join(root, first(rel)))) top.delete(first(rel));
  return { dirs, times: Float64Array.from(times), top: [...top].sort() };
}

/**
 * `root` with a separator after it: a stamped folder's path (relative, `/`
 * between its parts, which every platform's file calls take) is appended
 * rather than joined, since path.join costs more than the `stat` at 14,000
 * folders (10,000 articles: 53–60 ms joined, 42–44 ms appended).
 */
function folderPrefix(root: string): string {
  return root.endsWith(path.sep) ? root : root + path.sep;
}

/** Whether the names at the top of `root` are the stamped ones (`''` stands for `root` among the touched folders). */
function topAsStamped(root: string, top: readonly string[]): boolean {
  try {
    const names = readdirSync(root).sort();
    return names.length === top.length && names.every((name, i) => name === top[i]);
  } catch {
    return false;
  }
}

/** Whether the folder `dir` of the root `inRoot` names (folderPrefix) is not as stamped, or cannot be read. */
function folderTouched(inRoot: string, dir: string, stamp: number): boolean {
  const info = fileStat(inRoot + dir);
  return info === undefined || (dir === '' ? info.mtimeMs !== stamp : info.ctimeMs > stamp);
}

/**
 * The folders of `root` that are not as stamped (relative posix paths, `''`
 * for `root` itself, whose time or names at the top changed): in each, a
 * file may have been added, removed or renamed, or replaced by another
 * renamed over it, since the stamps were taken. A folder that cannot be
 * read is among them.
 */
export function touchedFolders(root: string, stamps: FolderStamps): Set<string> {
  const touched = new Set<string>();
  if (!topAsStamped(root, stamps.top)) touched.add('');
  const inRoot = folderPrefix(root);
  stamps.dirs.forEach((dir, i) => {
    if (folderTouched(inRoot, dir, stamps.times[i]!)) touched.add(dir);
  });
  return touched;
}

/** Folders a thread takes at a time from a shared check (FolderCheck). */
const CHECK_RUN = 256;

/**
 * Whether the folders of `root` are as stamped (foldersUntouched), asked of
 * several threads at once: each takes the next run of CHECK_RUN folders
 * (a counter in shared memory) until none is left, and the output is
 * untouched when every thread's answer is yes (checkFolders). A rebuild's
 * render thread starts on it as the rebuild starts, before it loads
 * anything (`first`; a thread started later, once it has loaded the
 * templates), while the build's thread checks the input, reads and plans:
 * an added article's rebuild at 10,000 articles, 10 interleaved rounds on a
 * RAM disk in each of two series, 273 → 264.5 ms and 292 → 279.5 ms with
 * the check before the templates, where an edit's, whose thread then started
 * at the first changed file, took 242 → 253.5 ms (see src/commands/build.ts
 * for the thread started with the rebuild); the build's thread takes
 * what is left when it needs the answer, rather than wait for the other to
 * go through some 14,000 folders alone, or go through them itself while the
 * other waits (an edit's rebuild did). On ext4 two threads `stat` the 14,063
 * folders of a 10,000-article output in 17.5 ms against 28 ms for one (on
 * tmpfs, no faster). 10 interleaved rounds on ext4: an added article's
 * rebuild 286.5 → 281 ms, an edit's 226.5 → 223.5 ms.
 */
export interface FolderCheck {
  root: string;
  top: string[];
  dirs: readonly string[];
  stamps: Float64Array;
  /** The first folder no thread has taken yet (over a SharedArrayBuffer). */
  next: Int32Array;
}

export function folderCheck(root: string, stamps: FolderStamps): FolderCheck {
  return { root, top: stamps.top, dirs: stamps.dirs, stamps: stamps.times, next: new Int32Array(new SharedArrayBuffer(4)) };
}

/**
 * Checks runs of `check`'s folders until no thread has any left to take
 * (the names at the top of the root with the first run): whether every
 * folder this thread checked is as stamped. A thread that finds one touched
 * leaves nothing for the others: the answer is no.
 */
export function checkFolders(check: FolderCheck): boolean {
  const { dirs, stamps, next } = check;
  const inRoot = folderPrefix(check.root);
  const touched = (start: number): boolean => {
    if (start === 0 && !topAsStamped(check.root, check.top)) return true;
    for (let i = start, end = Math.min(start + CHECK_RUN, dirs.length); i < end; i++) if (folderTouched(inRoot, dirs[i]!, stamps[i]!)) return true;
    return false;
  };
  // The first run is taken even with no folder to check: it holds the names at the top.
  for (let start = Atomics.add(next, 0, CHECK_RUN); start === 0 || start < dirs.length; start = Atomics.add(next, 0, CHECK_RUN)) {
    if (touched(start)) {
      Atomics.store(next, 0, dirs.length);
      return false;
    }
  }
  return true;
}

/** The entries of `files` (by relative posix path) whose folder is not among `folders` (touchedFolders). */
export function filesOutside<T>(files: ReadonlyMap<string, T>, folders: ReadonlySet<string>): Map<string, T> {
  const kept = new Map<string, T>();
  for (const [rel, file] of files) {
    const slash = rel.lastIndexOf('/');
    if (!folders.has(slash < 0 ? '' : rel.slice(0, slash))) kept.set(rel, file);
  }
  return kept;
}

/** Whether the folders of `root` are as stamped: no file added, removed or renamed since. */
export function foldersUntouched(root: string, stamps: FolderStamps): boolean {
  return checkFolders(folderCheck(root, stamps));
}

/** 5: folder stamps bound each folder's change time (FolderStamps); 4 held each folder's modification time. */
const FORMAT = 5;

function manifestPath(output: string): string {
  return path.join(cacheDirOf(output), 'manifest.json');
}

/**
 * The identity of a folder: device, inode and creation time, which survive a
 * rename. The creation time tells a new folder that got a freed inode number
 * from the folder that had it before.
 */
export interface FolderIdentity {
  dev: number;
  ino: number;
  born: number;
}

function sameFolder(a: FolderIdentity | undefined, b: FolderIdentity): boolean {
  return a !== undefined && a.dev === b.dev && a.ino === b.ino && a.born === b.born;
}

export function folderIdentity(folder: string): FolderIdentity | null {
  try {
    const info = statSync(folder);
    return info.isDirectory() ? { dev: info.dev, ino: info.ino, born: info.birthtimeMs } : null;
  } catch {
    return null;
  }
}

/** Whether `output` has a manifest (of any version): a cheap guess that a build will find most pages unchanged. */
export function hasManifest(output: string): boolean {
  return existsSync(manifestPath(output));
}

/**
 * The first line of the previous build's manifest, when it describes the
 * current output folder and was written under the same version; otherwise
 * null. The files and the model are read by `read()`.
 */
export function readManifestHead(output: string, version: string): PreviousOutput | null {
  const folder = folderIdentity(output);
  if (folder === null) return null;
  // Bytes, each line decoded as it is needed (a line break is one byte in UTF-8 and never inside a JSON value).
  let bytes: Buffer;
  let head: ManifestHead;
  const ends: number[] = [];
  try {
    bytes = readFileSync(manifestPath(output));
    for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) ends.push(at);
    if (ends.length < 3) return null;
    head = JSON.parse(bytes.toString('utf8', 0, ends[0])) as ManifestHead;
  } catch {
    return null;
  }
  if (head.format !== FORMAT || head.version !== version || !sameFolder(head.folder, folder)) return null;
  const { stamps } = head;
  const times = stamps !== undefined && Array.isArray(stamps.folders) && Array.isArray(stamps.top) ? fromRuns(stamps.folders.length, stamps.runs) : null;
  if (times === null) return null;
  const previous: Omit<PreviousOutput, 'read' | 'readModel' | 'writePatched' | 'writePatchedDraft' | 'patches'> = {
    complete: head.complete === true,
    stamps: { dirs: stamps.folders, times, top: stamps.top },
    input: head.input ?? null,
    report: head.report ?? null,
  };
  const line = (k: number): string => bytes.toString('utf8', ends[k - 1]! + 1, ends[k]);
  const patches = (): ManifestPatch[] | null => {
    const out: ManifestPatch[] = [];
    for (let k = 3; k < ends.length; k++) {
      const patch = JSON.parse(line(k)) as ManifestPatch;
      if (!sameLength(patch?.files?.paths, patch.files.keys, patch.files.hashes) || !sameLength(patch.digests?.sources, patch.digests.digests)) return null;
      if (patch.removed !== undefined && !Array.isArray(patch.removed)) return null;
      if (patch.articles !== undefined && !wholeChanges(patch.articles)) return null;
      out.push(patch);
    }
    return out;
  };
  /** The model line with the patches' changes and digests applied: null when there is none, undefined when it or a patch is damaged. */
  const modelLine = (applied: readonly ManifestPatch[]): ModelLine | undefined => {
    const model = JSON.parse(line(2)) as ModelLine;
    if (model === null) return null;
    if (typeof model?.settings !== 'string' || typeof model.token !== 'string' || !sameLength(model.sources, model.digests, model.urls, model.listings, model.places)) return undefined;
    // The model's changes and the digests of the patches since the model line was last written, in order.
    const since = applied.slice(applied.findLastIndex((patch) => patch.model === true) + 1);
    let at: Map<string, number> | undefined;
    for (const { articles, digests } of since) {
      if (articles !== undefined) {
        applyChanges(model, articles);
        at = undefined;
      }
      if (digests.sources.length === 0) continue;
      const positions = (at ??= new Map(model.sources.map((source, i) => [source, i])));
      digests.sources.forEach((source, k) => {
        const i = positions.get(source);
        if (i !== undefined) model.digests[i] = digests.digests[k]!;
      });
    }
    return model;
  };
  // Read once: an edit, and a build that reports the last one's articles again, ask for it.
  let model: ModelColumns | null | undefined;
  const readModel = (): ModelColumns | null => {
    if (model !== undefined) return model;
    try {
      const applied = patches();
      model = applied === null ? null : (modelLine(applied) ?? null);
    } catch {
      model = null;
    }
    return model;
  };
  const read = (): PreviousBuild | null => {
    let files: FilesLine;
    let model: ModelLine | undefined;
    let applied: ManifestPatch[] | null;
    try {
      applied = patches();
      if (applied === null) return null;
      files = JSON.parse(line(1)) as FilesLine;
      model = modelLine(applied);
    } catch {
      return null;
    }
    if (model === undefined || !sameLength(files?.paths, files?.keys, files?.hashes)) return null;
    // A loop of its own rather than zip's call per entry: some 14,000 files at 10,000 articles.
    const byPath = new Map<string, CachedFile>();
    for (let i = 0; i < files.paths.length; i++) byPath.set(files.paths[i]!, { key: files.keys[i]!, hash: files.hashes[i]! });
    for (const patch of applied) {
      patch.files.paths.forEach((rel, k) => byPath.set(rel, { key: patch.files.keys[k]!, hash: patch.files.hashes[k]! }));
      for (const rel of patch.removed ?? []) byPath.delete(rel);
    }
    return {
      ...previous,
      files: byPath,
      model:
        model === null
          ? null
          : {
              settings: model.settings,
              articles: articleStates(model),
              ...(sameLength(model.placeSlugs, model.placeNames) ? { placeNames: zip(model.placeSlugs!, (i) => model.placeNames![i]!) } : {}),
              token: model.token,
            },
    };
  };
  /** Writes the manifest: a new head (`report` its JSON), this manifest's files line and `model` (its model line when null), the patches, and `patch`. */
  const writeWith = (next: FolderStamps, input: string | null, report: Buffer, model: Buffer | null, patch: ManifestPatch, pid: number): void => {
    const identity = folderIdentity(output);
    if (identity === null) throw new Error(`writeManifest: ${output} is not a folder`);
    const nextHead: Omit<ManifestHead, 'report'> = { format: head.format, version: head.version, folder: identity, complete: true, stamps: stampColumns(next), input };
    const patchLine = Buffer.from(`${JSON.stringify(patch)}\n`, 'utf8');
    const line = headLine(nextHead, report);
    if (model === null && writtenInPlace(manifestPath(output), bytes, ends[0]!, line, patchLine)) return;
    const text = [
      ...withRoom(line),
      // The files line and the model line with its break, or the new model line.
      ...(model === null ? [bytes.subarray(ends[0]! + 1, ends[2]! + 1)] : [bytes.subarray(ends[0]! + 1, ends[1]! + 1), model]),
      bytes.subarray(ends[2]! + 1),
      patchLine,
    ];
    writeCacheFile(manifestPath(output), text, pid);
  };
  const writePatched = (next: FolderStamps, about: Pick<BuildRecord, 'input' | 'report'>, patch: ManifestPatch, pid: number): void =>
    writeWith(next, about.input, Buffer.from(JSON.stringify(about.report), 'utf8'), null, patch, pid);
  const writePatchedDraft = (next: FolderStamps, draft: ManifestDraft, patch: ManifestPatch, pid: number): void => {
    if (patch.model === true && draft.model === null) throw new Error('writeManifest: a patch that writes the model line anew needs it');
    writeWith(next, draft.input, draft.report, patch.model === true ? draft.model : null, patch, pid);
  };
  return { ...previous, read, readModel, patches: ends.length - 3, writePatched, writePatchedDraft };
}

/** The head's line as bytes: `head` with the report (its JSON, `report`) as its last member, and a line break. */
function headLine(head: Omit<ManifestHead, 'report'>, report: Buffer): Buffer[] {
  return [Buffer.from(`${JSON.stringify(head).slice(0, -1)},"report":`, 'utf8'), report, Buffer.from('}\n', 'utf8')];
}

/** The length of a line made of `parts`, its line break included. */
function lengthOf(parts: readonly Buffer[]): number {
  return parts.reduce((n, part) => n + part.length, 0);
}

/**
 * The head's line (headLine) with spaces before its line break (JSON allows
 * them), as a manifest written whole leaves them, so that a later head, a
 * little longer, can be written over it in place (writePatchedDraft): some
 * 4 KB and a hundredth of the head.
 */
function withRoom(line: readonly Buffer[]): Buffer[] {
  const last = line[line.length - 1]!;
  // The line's own break gives way to the spaces, which end with one.
  return [...line.slice(0, -1), last.subarray(0, last.length - 1), Buffer.from(`${' '.repeat(4096 + Math.ceil(lengthOf(line) / 100))}\n`, 'utf8')];
}

/**
 * Adds `patch` to the manifest `file` as it was read (`bytes`, its head
 * `room` bytes long before its line break) and writes `head` over the old
 * one, when the file is still those bytes and the head fits: two writes in
 * place rather than the whole file again (some 4.5 MB at 10,000 articles,
 * and the old one's blocks freed). Not atomic, as a rename is: it is written
 * within an in-place commit, which a build that finds it interrupted rolls
 * back, making the manifest describe nothing (forgetManifest). Whether it did.
 */
function writtenInPlace(file: string, bytes: Buffer, room: number, head: readonly Buffer[], patch: Buffer): boolean {
  const length = lengthOf(head);
  if (length - 1 > room) return false;
  // The head, its line break turned to a space, then spaces to the old one's length, then the break.
  const padded = Buffer.alloc(room + 1, 0x20);
  let at = 0;
  for (const part of head) at += part.copy(padded, at);
  padded[length - 1] = 0x20;
  padded[room] = 0x0a;
  let fd: number;
  try {
    fd = openSync(file, 'r+');
  } catch {
    return false;
  }
  try {
    if (fstatSync(fd).size !== bytes.length) return false;
    for (let done = 0; done < patch.length; ) done += writeSync(fd, patch, done, patch.length - done, bytes.length + done);
    for (let done = 0; done < padded.length; ) done += writeSync(fd, padded, done, padded.length - done, done);
    return true;
  } finally {
    closeSync(fd);
  }
}

/** Folder stamps as the head stores them. */
function stampColumns(stamps: FolderStamps): ManifestHead['stamps'] {
  const runs: number[] = [];
  for (const stamp of stamps.times) {
    if (runs.length > 0 && runs[runs.length - 2] === stamp) runs[runs.length - 1]!++;
    else runs.push(stamp, 1);
  }
  return { top: stamps.top, folders: stamps.dirs as string[], runs };
}

/** The stamps of `count` folders from `runs` (stampColumns), or null when the runs do not cover them exactly. */
function fromRuns(count: number, runs: unknown): Float64Array | null {
  if (!Array.isArray(runs) || runs.length % 2 !== 0) return null;
  const times = new Float64Array(count);
  let at = 0;
  for (let k = 0; k < runs.length; k += 2) {
    const stamp: unknown = runs[k];
    const length: unknown = runs[k + 1];
    if (typeof stamp !== 'number' || typeof length !== 'number' || !Number.isInteger(length) || length < 1 || at + length > count) return null;
    times.fill(stamp, at, (at += length));
  }
  return at === count ? times : null;
}

/** The whole of the previous build's manifest, when readManifestHead trusts it and the rest is whole; otherwise null. */
export function readManifest(output: string, version: string): PreviousBuild | null {
  return readManifestHead(output, version)?.read() ?? null;
}

function modelColumns(model: ModelState): NonNullable<ModelLine> {
  const columns: NonNullable<ModelLine> = { settings: model.settings, token: modelToken(model), sources: [], digests: [], urls: [], listings: [], places: [], ...placeColumns(model) };
  model.articles.forEach((state, source) => addArticle(columns, source, state));
  return columns;
}

/** An article's entry, as a row of the model line's columns (or of a patch's changes). */
function addArticle(columns: Pick<ModelColumns, 'sources' | 'digests' | 'urls' | 'listings' | 'places'>, source: string, { digest, url, listing, place }: ArticleState): void {
  columns.sources.push(source);
  columns.digests.push(digest);
  columns.urls.push(url);
  columns.listings.push(listing);
  columns.places.push(place);
}

/** The model's places' names as the model line's columns, when known. */
function placeColumns(model: ModelState): Pick<ModelColumns, 'placeSlugs' | 'placeNames'> {
  return model.placeNames === undefined ? {} : { placeSlugs: [...model.placeNames.keys()], placeNames: [...model.placeNames.values()] };
}

/** Whether a patch's model changes are whole: every column as long as the others, and a token. */
function wholeChanges(changes: ModelChanges): boolean {
  return (
    typeof changes?.token === 'string' &&
    sameLength(changes.sources, changes.digests, changes.urls, changes.listings, changes.places) &&
    Array.isArray(changes.gone) &&
    (changes.placeSlugs === undefined || sameLength(changes.placeSlugs, changes.placeNames))
  );
}

/**
 * Applies a model's changes to the model line before them: the articles gone
 * and changed leave their places, and those added or changed go in at theirs
 * (the model line is in the model's order: by date, then URL, which is the
 * order of the URLs themselves), each by a search and a splice of the
 * columns, as a rebuild changes few.
 */
function applyChanges(model: ModelColumns, changes: ModelChanges): void {
  const columns = [model.sources, model.digests, model.urls, model.listings, model.places];
  const changed = [changes.sources, changes.digests, changes.urls, changes.listings, changes.places];
  for (const source of [...changes.gone, ...changes.sources]) {
    const i = model.sources.indexOf(source);
    if (i >= 0) for (const column of columns) column.splice(i, 1);
  }
  changes.sources.forEach((_source, k) => {
    const at = firstAfter(model.urls, (url) => url, changes.urls[k]!);
    columns.forEach((column, c) => column.splice(at, 0, changed[c]![k]!));
  });
  model.token = changes.token;
  if (changes.placeSlugs !== undefined) {
    model.placeSlugs = changes.placeSlugs;
    model.placeNames = changes.placeNames!;
  }
}

/** Whether every argument is an array, all of one length. */
function sameLength(...lists: unknown[]): boolean {
  return lists.every((list) => Array.isArray(list) && list.length === (lists[0] as unknown[]).length);
}

/** The model line's articles, by source (a loop of its own rather than zip's call per article). */
function articleStates(model: ModelColumns): Map<string, ArticleState> {
  const articles = new Map<string, ArticleState>();
  const { sources, digests, urls, listings, places } = model;
  for (let i = 0; i < sources.length; i++) articles.set(sources[i]!, { digest: digests[i]!, url: urls[i]!, listing: listings[i]!, place: places[i]! });
  return articles;
}

/** A map from each of `names` to the value for its index. */
function zip<T>(names: readonly string[], valueAt: (index: number) => T): Map<string, T> {
  const map = new Map<string, T>();
  for (let i = 0; i < names.length; i++) map.set(names[i]!, valueAt(i));
  return map;
}

/** Whether `output` is a folder a news-archive manifest describes (a partition's output has no home page). */
export function describedByManifest(output: string): boolean {
  const folder = folderIdentity(output);
  if (folder === null) return false;
  try {
    // Any format: each has begun with its format and folder (one line of JSON before format 3).
    const data = JSON.parse(firstLine(readFileSync(manifestPath(output), 'utf8'))) as ManifestHead;
    return typeof data.format === 'number' && sameFolder(data.folder, folder);
  } catch {
    return false;
  }
}

/**
 * The parts of a manifest known once the site is planned, as the bytes they
 * are written as: the input's hash, the report and the model line. A build
 * makes them while its render threads work (draftManifest), so that its
 * commit has only the files and the folders' stamps left to write (at
 * 10,000 articles, some 2.4 MB of the manifest's 6.2 MB, and about a third
 * of the time writing it took whole).
 */
export interface ManifestDraft {
  input: string | null;
  /** The report as JSON. */
  report: Buffer;
  /** The model line, with its line break; null where the draft holds the model's changes instead. */
  model: Buffer | null;
  /** The model's changes since the model the manifest describes, for a patch (see draftManifest). */
  changes?: ModelChanges;
}

/**
 * The draft of the manifest recording `about`. With `asChanges`, for a
 * manifest that takes a patch line, a model made from the one the manifest
 * describes (ModelState.changes) is drafted as its changes, not as a model
 * line of every article (some 6 ms at 10,000, to write 1.9 MB mostly as it
 * was).
 */
export function draftManifest({ input, report, model }: BuildRecord, asChanges = false): ManifestDraft {
  const reportBytes = Buffer.from(JSON.stringify(report), 'utf8');
  if (asChanges && model !== null && model.changes !== undefined && model.token !== undefined) {
    const changes: ModelChanges = { token: model.token, sources: [], digests: [], urls: [], listings: [], places: [], gone: [...model.changes.gone], ...placeColumns(model) };
    for (const source of model.changes.changed) addArticle(changes, source, model.articles.get(source)!);
    return { input, report: reportBytes, model: null, changes };
  }
  return { input, report: reportBytes, model: Buffer.from(`${JSON.stringify(model && modelColumns(model))}\n`, 'utf8') };
}

/**
 * Writes the manifest of the staging folder, before it is swapped in:
 * `files` is every file it holds. Sorted by path so it is deterministic.
 */
export function writeManifest(
  output: string,
  stagingDir: string,
  version: string,
  files: Map<string, CachedFile>,
  pid: number,
  about: BuildRecord | ManifestDraft = { input: null, report: null, model: null },
): void {
  writeManifestOf(stagingDir, output, version, files, stampFolders(stagingDir, files.keys(), pid), pid, about);
}

/**
 * Writes the manifest of an output changed in place (see Staging.commitInPlace):
 * it names the output folder itself, with the stamps its folders have now.
 * Synchronous, so no signal handler runs between it and the rest of the commit.
 */
export function writeManifestInPlace(
  output: string,
  version: string,
  files: Map<string, CachedFile>,
  stamps: FolderStamps,
  pid: number,
  about: BuildRecord | ManifestDraft,
): void {
  writeManifestOf(output, output, version, files, stamps, pid, about);
}

/** Writes `output`'s manifest naming `folder` (staging, or the output itself) as the folder it describes. */
function writeManifestOf(
  folder: string,
  output: string,
  version: string,
  files: Map<string, CachedFile>,
  stamps: FolderStamps,
  pid: number,
  about: BuildRecord | ManifestDraft,
): void {
  const identity = folderIdentity(folder);
  if (identity === null) throw new Error(`writeManifest: ${folder} is not a folder`);
  const draft = Buffer.isBuffer(about.report) ? (about as ManifestDraft) : draftManifest(about as BuildRecord);
  if (draft.model === null) throw new Error('writeManifest: a manifest written whole needs its model line');
  const paths = [...files.keys()].sort();
  const head: Omit<ManifestHead, 'report'> = {
    format: FORMAT,
    version,
    folder: identity,
    complete: true,
    stamps: stampColumns(stamps),
    input: draft.input,
  };
  const lines: FilesLine = { paths, keys: paths.map((rel) => files.get(rel)!.key), hashes: paths.map((rel) => files.get(rel)!.hash) };
  const text = [...withRoom(headLine(head, draft.report)), Buffer.from(`${JSON.stringify(lines)}\n`, 'utf8'), draft.model];
  const file = manifestPath(output);
  mkdirSync(path.dirname(file), { recursive: true });
  writeCacheFile(file, text, pid);
}

/** The manifest's three lines (JSON.stringify writes no line break inside a value). */
function manifestText(head: ManifestHead, files: FilesLine, model: ModelLine): string {
  return `${JSON.stringify(head)}\n${JSON.stringify(files)}\n${JSON.stringify(model)}\n`;
}

/** The first line of `text`. */
function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return end < 0 ? text : text.slice(0, end);
}

/**
 * Makes the manifest describe nothing: no file, no stamps, not complete, so
 * the next build renders every page and swaps a new tree in. It still names
 * the output folder, so a partition's output (which has no home page) stays
 * recognisably news-archive's. Used after an in-place commit was rolled back:
 * the manifest may be the one the interrupted build wrote, and the folders'
 * times have changed either way. A manifest that cannot be read is removed.
 */
export function forgetManifest(output: string, pid: number): void {
  const file = manifestPath(output);
  let data: ManifestHead;
  try {
    data = JSON.parse(firstLine(readFileSync(file, 'utf8'))) as ManifestHead;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    rmSync(file, { force: true });
    return;
  }
  const forgotten: ManifestHead = { ...data, complete: false, stamps: { top: [], folders: [], runs: [] }, input: null, report: null };
  writeFileAtomic(file, manifestText(forgotten, { paths: [], keys: [], hashes: [] }, null), pid);
}
