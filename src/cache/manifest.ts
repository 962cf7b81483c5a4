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
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../atomic.js';

/** The folder beside the output that holds the build cache and old outputs being deleted. */
export function cacheDirOf(output: string): string {
  return `${output}.cache`;
}

/** What the manifest records about one output file. */
export interface CachedFile {
  /** Key of the render input (see pageKey), or null for files not rendered from a page. */
  key: string | null;
  /** SHA-1 of the file's bytes, base64url. */
  hash: string;
}

/**
 * The manifest as stored: lists of names beside lists of values rather than
 * objects keyed by name, which JSON reads in about a third of the time (the
 * manifest of a 10,000-article site lists some 14,000 files and folders).
 */
interface ManifestFile {
  format: 2;
  /** The code and site version the keys were computed under. */
  version: string;
  /** The output folder this manifest describes. */
  folder: FolderIdentity;
  /** True when `files` lists every file of the output (no search index or other unlisted files). */
  complete: boolean;
  /** What the output's folders looked like when the build finished (see stampFolders): folder paths and their times. */
  stamps: { top: string[]; folders: string[]; times: number[] };
  /** Hash of the build's whole input (files, assets, partition), and its report, for a build that finds nothing changed. */
  input: string | null;
  report: unknown;
  /** What the keys were computed from (see ModelState): article sources and their digests. */
  model: { input: string; sources: string[]; digests: string[] } | null;
  /** Output paths, with each file's key and hash at the same index. */
  files: { paths: string[]; keys: (string | null)[]; hashes: string[] };
}

/**
 * Enough to tell that nobody added, removed or renamed a file in the output
 * since it was built: the modification time of every folder below the top
 * (a folder's time changes when an entry is added, removed or renamed) and
 * the names at the top (whose time the swap itself changes).
 */
export interface FolderStamps {
  folders: Map<string, number>;
  top: string[];
}

/**
 * The model the manifest's keys were computed from: its input digest
 * (modelInputDigest) and the digest of each article's source. A build
 * whose model has the same input digest keeps every key but those of the
 * pages of articles whose source digest changed.
 */
export interface ModelState {
  input: string;
  digests: ReadonlyMap<string, string>;
}

/** What a build records of itself beside its files. */
export interface BuildRecord {
  /** See ManifestFile.input, .report and .model. */
  input: string | null;
  report: unknown;
  model: ModelState | null;
}

/** What a trusted manifest says about the previous output. */
export interface PreviousBuild {
  files: Map<string, CachedFile>;
  /** Whether `files` is every file of the output. */
  complete: boolean;
  stamps: FolderStamps;
  /** See ManifestFile.input, .report and .model. */
  input: string | null;
  report: unknown;
  model: ModelState | null;
}

/** Stamps the folders of a finished output tree holding `files` (relative posix paths). */
export function stampFolders(root: string, files: Iterable<string>): FolderStamps {
  return restampFolders(root, files, noStamps(), new Set());
}

function noStamps(): FolderStamps {
  return { folders: new Map(), top: [] };
}

/**
 * Stamps an output changed in place: like stampFolders, but only the folders
 * in `touched` (and folders the previous stamps lack) are looked at again;
 * every other folder keeps its previous stamp. No entry of an untouched
 * folder was added, removed or renamed, so its time is what it was.
 */
export function restampFolders(root: string, files: Iterable<string>, previous: FolderStamps, touched: ReadonlySet<string>): FolderStamps {
  const folders = new Map<string, number>();
  const top = new Set<string>();
  for (const file of files) {
    const first = file.indexOf('/');
    top.add(first < 0 ? file : file.slice(0, first));
    // Each folder above the file, deepest first, until one already stamped.
    for (let end = file.lastIndexOf('/'); end > 0; end = file.lastIndexOf('/', end - 1)) {
      const dir = file.slice(0, end);
      if (folders.has(dir)) break;
      const before = previous.folders.get(dir);
      folders.set(dir, before !== undefined && !touched.has(dir) ? before : statSync(path.join(root, dir)).mtimeMs);
    }
  }
  return { folders, top: [...top].sort() };
}

/** Whether the folders of `root` are as stamped: no file added, removed or renamed since. */
export function foldersUntouched(root: string, stamps: FolderStamps): boolean {
  try {
    const top = readdirSync(root).sort();
    if (top.length !== stamps.top.length || top.some((name, i) => name !== stamps.top[i])) return false;
    for (const [dir, mtime] of stamps.folders) {
      if (statSync(path.join(root, dir)).mtimeMs !== mtime) return false;
    }
    return true;
  } catch {
    return false;
  }
}

const FORMAT = 2;

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
 * The previous build's files, when its manifest describes the current output
 * folder and was written under the same version; otherwise null.
 */
export function readManifest(output: string, version: string): PreviousBuild | null {
  const folder = folderIdentity(output);
  if (folder === null) return null;
  let data: ManifestFile;
  try {
    data = JSON.parse(readFileSync(manifestPath(output), 'utf8')) as ManifestFile;
  } catch {
    return null;
  }
  if (data.format !== FORMAT || data.version !== version || !sameFolder(data.folder, folder)) return null;
  const { files, stamps, model } = data;
  if (!sameLength(files?.paths, files?.keys, files?.hashes) || !sameLength(stamps?.folders, stamps?.times) || !Array.isArray(stamps.top)) return null;
  if (model !== null && (typeof model?.input !== 'string' || !sameLength(model.sources, model.digests))) return null;
  return {
    files: zip(files.paths, (i) => ({ key: files.keys[i]!, hash: files.hashes[i]! })),
    complete: data.complete === true,
    stamps: { folders: zip(stamps.folders, (i) => stamps.times[i]!), top: stamps.top },
    input: data.input ?? null,
    report: data.report ?? null,
    model: model === null ? null : { input: model.input, digests: zip(model.sources, (i) => model.digests[i]!) },
  };
}

/** Whether every argument is an array, all of one length. */
function sameLength(...lists: unknown[]): boolean {
  return lists.every((list) => Array.isArray(list) && list.length === (lists[0] as unknown[]).length);
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
    const data = JSON.parse(readFileSync(manifestPath(output), 'utf8')) as ManifestFile;
    return data.format === FORMAT && sameFolder(data.folder, folder);
  } catch {
    return false;
  }
}

/**
 * Writes the manifest of the staging folder, before it is swapped in. Sorted
 * by path so it is deterministic.
 */
export function writeManifest(
  output: string,
  stagingDir: string,
  version: string,
  files: Map<string, CachedFile>,
  complete: boolean,
  pid: number,
  about: BuildRecord = { input: null, report: null, model: null },
): void {
  const stamps = complete ? stampFolders(stagingDir, files.keys()) : noStamps();
  writeManifestOf(stagingDir, output, version, files, complete, stamps, pid, about);
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
  about: BuildRecord,
): void {
  writeManifestOf(output, output, version, files, true, stamps, pid, about);
}

/** Writes `output`'s manifest naming `folder` (staging, or the output itself) as the folder it describes. */
function writeManifestOf(
  folder: string,
  output: string,
  version: string,
  files: Map<string, CachedFile>,
  complete: boolean,
  stamps: FolderStamps,
  pid: number,
  { input, report, model }: BuildRecord,
): void {
  const identity = folderIdentity(folder);
  if (identity === null) throw new Error(`writeManifest: ${folder} is not a folder`);
  const paths = [...files.keys()].sort();
  const data: ManifestFile = {
    format: FORMAT,
    version,
    folder: identity,
    complete,
    stamps: { top: stamps.top, folders: [...stamps.folders.keys()], times: [...stamps.folders.values()] },
    input,
    report,
    model: model && { input: model.input, sources: [...model.digests.keys()], digests: [...model.digests.values()] },
    files: { paths, keys: paths.map((rel) => files.get(rel)!.key), hashes: paths.map((rel) => files.get(rel)!.hash) },
  };
  const file = manifestPath(output);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomicSync(file, JSON.stringify(data), pid);
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
  let data: ManifestFile;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as ManifestFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    rmSync(file, { force: true });
    return;
  }
  const forgotten: ManifestFile = { ...data, complete: false, stamps: { top: [], folders: [], times: [] }, input: null, report: null, model: null, files: { paths: [], keys: [], hashes: [] } };
  writeFileAtomicSync(file, JSON.stringify(forgotten), pid);
}
