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
import { modelToken } from './model.js';
/** The folder beside the output that holds the build cache and old outputs being deleted. */
export function cacheDirOf(output) {
    return `${output}.cache`;
}
/** Most patch lines a manifest takes before a build writes it in full. */
export const MAX_PATCHES = 32;
/** Stamps the folders of a finished output tree holding `files` (relative posix paths). */
export function stampFolders(root, files) {
    const folders = new Map();
    const top = new Set();
    for (const file of files) {
        const first = file.indexOf('/');
        top.add(first < 0 ? file : file.slice(0, first));
        // Each folder above the file, deepest first, until one already stamped.
        for (let end = file.lastIndexOf('/'); end > 0; end = file.lastIndexOf('/', end - 1)) {
            const dir = file.slice(0, end);
            if (folders.has(dir))
                break;
            folders.set(dir, statSync(path.join(root, dir)).mtimeMs);
        }
    }
    return { folders, top: [...top].sort() };
}
/**
 * The stamps of an output stamped `previous` and then changed in place:
 * files replaced, and the `added` and `removed` ones (relative posix
 * paths), with `touched` every folder above any of them. Only those folders
 * can have had an entry added or removed, so only they are stamped again
 * (or dropped, when the change removed them); every other folder keeps its
 * stamp. The same stamps as stampFolders over the files the output now
 * holds, without going over those files (some 14,000 at 10,000 articles).
 */
export function restampTouched(root, previous, touched, { added = [], removed = [] } = {}) {
    const folders = new Map(previous.folders);
    for (const dir of touched) {
        try {
            folders.set(dir, statSync(path.join(root, dir)).mtimeMs);
        }
        catch (error) {
            if (error.code !== 'ENOENT')
                throw error;
            folders.delete(dir);
        }
    }
    const top = new Set(previous.top);
    const first = (rel) => rel.split('/', 1)[0];
    for (const rel of added)
        top.add(first(rel));
    for (const rel of removed)
        if (!existsSync(path.join(root, first(rel))))
            top.delete(first(rel));
    return { folders, top: [...top].sort() };
}
/** Whether the folders of `root` are as stamped: no file added, removed or renamed since. */
export function foldersUntouched(root, stamps) {
    try {
        const top = readdirSync(root).sort();
        if (top.length !== stamps.top.length || top.some((name, i) => name !== stamps.top[i]))
            return false;
        for (const [dir, mtime] of stamps.folders) {
            if (statSync(path.join(root, dir)).mtimeMs !== mtime)
                return false;
        }
        return true;
    }
    catch {
        return false;
    }
}
const FORMAT = 4;
function manifestPath(output) {
    return path.join(cacheDirOf(output), 'manifest.json');
}
function sameFolder(a, b) {
    return a !== undefined && a.dev === b.dev && a.ino === b.ino && a.born === b.born;
}
export function folderIdentity(folder) {
    try {
        const info = statSync(folder);
        return info.isDirectory() ? { dev: info.dev, ino: info.ino, born: info.birthtimeMs } : null;
    }
    catch {
        return null;
    }
}
/** Whether `output` has a manifest (of any version): a cheap guess that a build will find most pages unchanged. */
export function hasManifest(output) {
    return existsSync(manifestPath(output));
}
/**
 * The first line of the previous build's manifest, when it describes the
 * current output folder and was written under the same version; otherwise
 * null. The files and the model are read by `read()`.
 */
export function readManifestHead(output, version) {
    const folder = folderIdentity(output);
    if (folder === null)
        return null;
    // Bytes, each line decoded as it is needed (a line break is one byte in UTF-8 and never inside a JSON value).
    let bytes;
    let head;
    const ends = [];
    try {
        bytes = readFileSync(manifestPath(output));
        for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1))
            ends.push(at);
        if (ends.length < 3)
            return null;
        head = JSON.parse(bytes.toString('utf8', 0, ends[0]));
    }
    catch {
        return null;
    }
    if (head.format !== FORMAT || head.version !== version || !sameFolder(head.folder, folder))
        return null;
    const { stamps } = head;
    if (!sameLength(stamps?.folders, stamps?.times) || !Array.isArray(stamps.top))
        return null;
    const previous = {
        complete: head.complete === true,
        stamps: { folders: zip(stamps.folders, (i) => stamps.times[i]), top: stamps.top },
        input: head.input ?? null,
        report: head.report ?? null,
    };
    const line = (k) => bytes.toString('utf8', ends[k - 1] + 1, ends[k]);
    const patches = () => {
        const out = [];
        for (let k = 3; k < ends.length; k++) {
            const patch = JSON.parse(line(k));
            if (!sameLength(patch?.files?.paths, patch.files.keys, patch.files.hashes) || !sameLength(patch.digests?.sources, patch.digests.digests))
                return null;
            out.push(patch);
        }
        return out;
    };
    /** The model line with the patches' digests applied: null when there is none, undefined when it or a patch is damaged. */
    const modelLine = (applied) => {
        const model = JSON.parse(line(2));
        if (model === null)
            return null;
        if (typeof model?.settings !== 'string' || typeof model.token !== 'string' || !sameLength(model.sources, model.digests, model.urls, model.listings, model.places))
            return undefined;
        if (applied.some((patch) => patch.digests.sources.length > 0)) {
            const at = new Map(model.sources.map((source, i) => [source, i]));
            for (const { digests } of applied) {
                digests.sources.forEach((source, k) => {
                    const i = at.get(source);
                    if (i !== undefined)
                        model.digests[i] = digests.digests[k];
                });
            }
        }
        return model;
    };
    const readModel = () => {
        try {
            const applied = patches();
            return applied === null ? null : (modelLine(applied) ?? null);
        }
        catch {
            return null;
        }
    };
    const read = () => {
        let files;
        let model;
        let applied;
        try {
            applied = patches();
            if (applied === null)
                return null;
            files = JSON.parse(line(1));
            model = modelLine(applied);
        }
        catch {
            return null;
        }
        if (model === undefined || !sameLength(files?.paths, files?.keys, files?.hashes))
            return null;
        const byPath = zip(files.paths, (i) => ({ key: files.keys[i], hash: files.hashes[i] }));
        for (const patch of applied)
            patch.files.paths.forEach((rel, k) => byPath.set(rel, { key: patch.files.keys[k], hash: patch.files.hashes[k] }));
        return {
            ...previous,
            files: byPath,
            model: model === null
                ? null
                : {
                    settings: model.settings,
                    articles: zip(model.sources, (i) => ({ digest: model.digests[i], url: model.urls[i], listing: model.listings[i], place: model.places[i] })),
                    ...(sameLength(model.placeSlugs, model.placeNames) ? { placeNames: zip(model.placeSlugs, (i) => model.placeNames[i]) } : {}),
                    token: model.token,
                },
        };
    };
    const writePatched = (next, about, patch, pid) => {
        const identity = folderIdentity(output);
        if (identity === null)
            throw new Error(`writeManifest: ${output} is not a folder`);
        const nextHead = { ...head, folder: identity, complete: true, stamps: stampColumns(next), input: about.input, report: about.report };
        const text = Buffer.concat([Buffer.from(`${JSON.stringify(nextHead)}\n`, 'utf8'), bytes.subarray(ends[0] + 1), Buffer.from(`${JSON.stringify(patch)}\n`, 'utf8')]);
        writeFileAtomicSync(manifestPath(output), text, pid);
    };
    return { ...previous, read, readModel, patches: ends.length - 3, writePatched };
}
/** Folder stamps as the head stores them. */
function stampColumns(stamps) {
    return { top: stamps.top, folders: [...stamps.folders.keys()], times: [...stamps.folders.values()] };
}
/** The whole of the previous build's manifest, when readManifestHead trusts it and the rest is whole; otherwise null. */
export function readManifest(output, version) {
    return readManifestHead(output, version)?.read() ?? null;
}
function modelColumns(model) {
    const columns = { settings: model.settings, token: modelToken(model), sources: [], digests: [], urls: [], listings: [], places: [] };
    for (const [source, { digest, url, listing, place }] of model.articles) {
        columns.sources.push(source);
        columns.digests.push(digest);
        columns.urls.push(url);
        columns.listings.push(listing);
        columns.places.push(place);
    }
    if (model.placeNames !== undefined) {
        columns.placeSlugs = [...model.placeNames.keys()];
        columns.placeNames = [...model.placeNames.values()];
    }
    return columns;
}
/** Whether every argument is an array, all of one length. */
function sameLength(...lists) {
    return lists.every((list) => Array.isArray(list) && list.length === lists[0].length);
}
/** A map from each of `names` to the value for its index. */
function zip(names, valueAt) {
    const map = new Map();
    for (let i = 0; i < names.length; i++)
        map.set(names[i], valueAt(i));
    return map;
}
/** Whether `output` is a folder a news-archive manifest describes (a partition's output has no home page). */
export function describedByManifest(output) {
    const folder = folderIdentity(output);
    if (folder === null)
        return false;
    try {
        // Any format: each has begun with its format and folder (one line of JSON before format 3).
        const data = JSON.parse(firstLine(readFileSync(manifestPath(output), 'utf8')));
        return typeof data.format === 'number' && sameFolder(data.folder, folder);
    }
    catch {
        return false;
    }
}
/**
 * Writes the manifest of the staging folder, before it is swapped in:
 * `files` is every file it holds. Sorted by path so it is deterministic.
 */
export function writeManifest(output, stagingDir, version, files, pid, about = { input: null, report: null, model: null }) {
    writeManifestOf(stagingDir, output, version, files, stampFolders(stagingDir, files.keys()), pid, about);
}
/**
 * Writes the manifest of an output changed in place (see Staging.commitInPlace):
 * it names the output folder itself, with the stamps its folders have now.
 * Synchronous, so no signal handler runs between it and the rest of the commit.
 */
export function writeManifestInPlace(output, version, files, stamps, pid, about) {
    writeManifestOf(output, output, version, files, stamps, pid, about);
}
/** Writes `output`'s manifest naming `folder` (staging, or the output itself) as the folder it describes. */
function writeManifestOf(folder, output, version, files, stamps, pid, { input, report, model }) {
    const identity = folderIdentity(folder);
    if (identity === null)
        throw new Error(`writeManifest: ${folder} is not a folder`);
    const paths = [...files.keys()].sort();
    const head = {
        format: FORMAT,
        version,
        folder: identity,
        complete: true,
        stamps: stampColumns(stamps),
        input,
        report,
    };
    const lines = { paths, keys: paths.map((rel) => files.get(rel).key), hashes: paths.map((rel) => files.get(rel).hash) };
    const file = manifestPath(output);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomicSync(file, manifestText(head, lines, model && modelColumns(model)), pid);
}
/** The manifest's three lines (JSON.stringify writes no line break inside a value). */
function manifestText(head, files, model) {
    return `${JSON.stringify(head)}\n${JSON.stringify(files)}\n${JSON.stringify(model)}\n`;
}
/** The first line of `text`. */
function firstLine(text) {
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
export function forgetManifest(output, pid) {
    const file = manifestPath(output);
    let data;
    try {
        data = JSON.parse(firstLine(readFileSync(file, 'utf8')));
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return;
        rmSync(file, { force: true });
        return;
    }
    const forgotten = { ...data, complete: false, stamps: { top: [], folders: [], times: [] }, input: null, report: null };
    writeFileAtomicSync(file, manifestText(forgotten, { paths: [], keys: [], hashes: [] }, null), pid);
}
