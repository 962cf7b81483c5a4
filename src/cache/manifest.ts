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

interface ManifestFile {
  format: 1;
  /** The code and site version the keys were computed under. */
  version: string;
  /** The output folder this manifest describes. */
  folder: FolderIdentity;
  /** True when `files` lists every file of the output (no search index or other unlisted files). */
  complete: boolean;
  /** What the output's folders looked like when the build finished (see stampFolders). */
  stamps: FolderStamps;
  /** Hash of the build's whole input (files, assets, partition), and its report, for a build that finds nothing changed. */
  input: string | null;
  report: unknown;
  /** What the keys were computed from (see ModelState; absent in manifests that predate it). */
  model?: { input: string; digests: Record<string, string> } | null;
  files: Record<string, CachedFile>;
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

/**
 * Enough to tell that nobody added, removed or renamed a file in the output
 * since it was built: the modification time of every folder below the top
 * (a folder's time changes when an entry is added, removed or renamed) and
 * the names at the top (whose time the swap itself changes).
 */
export interface FolderStamps {
  folders: Record<string, number>;
  top: string[];
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
  return restampFolders(root, files, { folders: {}, top: [] }, new Set());
}

/**
 * Stamps an output changed in place: like stampFolders, but only the folders
 * in `touched` (and folders the previous stamps lack) are looked at again;
 * every other folder keeps its previous stamp. No entry of an untouched
 * folder was added, removed or renamed, so its time is what it was.
 */
export function restampFolders(root: string, files: Iterable<string>, previous: FolderStamps, touched: ReadonlySet<string>): FolderStamps {
  const folders: Record<string, number> = {};
  const top = new Set<string>();
  for (const file of files) {
    const parts = file.split('/');
    top.add(parts[0]!);
    for (let k = parts.length - 1; k >= 1; k--) {
      const dir = parts.slice(0, k).join('/');
      if (dir in folders) break;
      const before = previous.folders[dir];
      folders[dir] = before !== undefined && !touched.has(dir) ? before : statSync(path.join(root, dir)).mtimeMs;
    }
  }
  return { folders, top: [...top].sort() };
}

/** Whether the folders of `root` are as stamped: no file added, removed or renamed since. */
export function foldersUntouched(root: string, stamps: FolderStamps): boolean {
  try {
    const top = readdirSync(root).sort();
    if (top.length !== stamps.top.length || top.some((name, i) => name !== stamps.top[i])) return false;
    for (const [dir, mtime] of Object.entries(stamps.folders)) {
      if (statSync(path.join(root, dir)).mtimeMs !== mtime) return false;
    }
    return true;
  } catch {
    return false;
  }
}

const FORMAT = 1;

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
  return {
    files: new Map(Object.entries(data.files ?? {})),
    complete: data.complete === true,
    stamps: data.stamps ?? { folders: {}, top: [] },
    input: data.input ?? null,
    report: data.report ?? null,
    model:
      typeof data.model?.input === 'string' && typeof data.model.digests === 'object' && data.model.digests !== null
        ? { input: data.model.input, digests: new Map(Object.entries(data.model.digests)) }
        : null,
  };
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
  const stamps = complete ? stampFolders(stagingDir, files.keys()) : { folders: {}, top: [] };
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
  const sorted: Record<string, CachedFile> = {};
  for (const key of [...files.keys()].sort()) sorted[key] = files.get(key)!;
  const data: ManifestFile = { format: FORMAT, version, folder: identity, complete, stamps, input, report, model: model && { input: model.input, digests: Object.fromEntries(model.digests) }, files: sorted };
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
  const forgotten: ManifestFile = { ...data, complete: false, stamps: { folders: {}, top: [] }, input: null, report: null, model: null, files: {} };
  writeFileAtomicSync(file, JSON.stringify(forgotten), pid);
}
