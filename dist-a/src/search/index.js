/**
 * The search index: the articles' records handed to Pagefind's Node API
 * (`addCustomRecord`), written shard by shard under `<output>/pagefind/`.
 *
 * Indexing from the records rather than from the written HTML means only
 * article text is ever indexed (no navigation, lists or footers to exclude),
 * no page is parsed a second time, and the search step does not have to wait
 * for the pages to be on disk.
 *
 * Layout: the newest shard is written at `pagefind/` itself (it carries
 * pagefind.js and the WebAssembly the browser loads once); older shards go to
 * `pagefind/<name>/` with only their index data, and `pagefind/shards.json`
 * lists them all newest first for public/search.js, which merges them with
 * Pagefind's multisite `mergeIndex`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';
import { datelinePlace, searchRecord } from './records.js';
import { planShards } from './shards.js';
/**
 * Whether an earlier shard's folder holds what it held when it was written
 * (`files` and `bytes`, without the older shards and the manifest inside the
 * primary): a shard with a file removed or cut short by hand is indexed again,
 * not copied.
 */
async function wholeShard(folder, skip, shard) {
    if (typeof shard.files !== 'number' || typeof shard.bytes !== 'number')
        return false;
    try {
        const size = await sizeOf(folder, skip);
        return size.files === shard.files && size.bytes === shard.bytes;
    }
    catch {
        return false;
    }
}
/** The Pagefind version writing the index: part of each shard's hash. */
const PAGEFIND_VERSION = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.resolve('pagefind'))), '..', 'package.json'), 'utf8')).version;
export const DEFAULT_MAX_SHARD_ARTICLES = 4000;
/** Files a merged (non-primary) shard does not need: the browser loads them from the primary only. */
const PRIMARY_ONLY = /^(pagefind[^/]*\.(js|css)|wasm\..*\.pagefind)$/;
/** Pagefind's ready-made interfaces, which the site does not use (public/search.js is its own). */
const UNUSED_UI = /^pagefind-(ui|component-ui|modular-ui|highlight)\.(js|css)$/;
const BATCH = 128;
async function sizeOf(dir, skip) {
    let files = 0;
    let bytes = 0;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (skip.has(path))
            continue;
        if (entry.isDirectory()) {
            const inner = await sizeOf(path, skip);
            files += inner.files;
            bytes += inner.bytes;
        }
        else {
            files += 1;
            bytes += (await stat(path)).size;
        }
    }
    return { files, bytes };
}
function failed(call, errors) {
    return new Error(`buildSearchIndex: Pagefind ${call} failed: ${errors.join('; ')}`);
}
function shardHash(records) {
    const hash = createHash('sha256').update(`pagefind ${PAGEFIND_VERSION}\n`);
    for (const record of records)
        hash.update(JSON.stringify(record)).update('\n');
    return hash.digest('hex').slice(0, 20);
}
/** A shard's hash from its articles' record keys (SearchIndexOptions.recordKeyOf), never equal to a hash of records. */
function shardKeyHash(keys) {
    const hash = createHash('sha256').update(`pagefind ${PAGEFIND_VERSION} keys\n`);
    for (const key of keys)
        hash.update(key).update('\n');
    return hash.digest('hex').slice(0, 20);
}
/** The previous build's manifest, or null when there is none to reuse. */
async function previousManifest(folder) {
    if (folder === undefined)
        return null;
    try {
        const manifest = JSON.parse(await readFile(join(folder, 'pagefind', 'shards.json'), 'utf8'));
        return manifest.version === 1 && Array.isArray(manifest.shards) ? manifest : null;
    }
    catch {
        return null;
    }
}
/**
 * Puts the files of `from` at `to` as hard links (an output file is only ever
 * replaced, never changed in place), copying where linking is not possible.
 */
async function linkTree(from, to, skip) {
    await mkdir(to, { recursive: true });
    for (const entry of await readdir(from, { withFileTypes: true })) {
        const source = join(from, entry.name);
        if (skip.has(source))
            continue;
        const target = join(to, entry.name);
        if (entry.isDirectory())
            await linkTree(source, target, skip);
        else
            await link(source, target).catch(() => copyFile(source, target));
    }
}
/** Indexes one shard in a fresh Pagefind process and writes it to `dir`. */
async function writeShard(records, dir) {
    const created = await pagefind.createIndex({ forceLanguage: 'en' });
    const index = created.index;
    if (!index)
        throw failed('createIndex', created.errors);
    try {
        for (let i = 0; i < records.length; i += BATCH) {
            const responses = await Promise.all(records.slice(i, i + BATCH).map((record) => index.addCustomRecord(record)));
            for (const response of responses)
                if (response.errors.length > 0)
                    throw failed('addCustomRecord', response.errors);
        }
        const written = await index.writeFiles({ outputPath: dir });
        if (written.errors.length > 0)
            throw failed('writeFiles', written.errors);
    }
    finally {
        // Closing ends the Pagefind process, so each shard's memory is returned before the next starts.
        await pagefind.close();
    }
}
/**
 * Writes the search index of `articles` (sorted by date, then URL, as the
 * corpus loader returns them) into `<outputDir>/pagefind/`, replacing any
 * index already there. With no articles, writes only an empty manifest.
 */
export async function buildSearchIndex(articles, outputDir, options) {
    const root = resolve(outputDir, 'pagefind');
    if (options.reuseFrom !== undefined && resolve(options.reuseFrom) === resolve(outputDir)) {
        throw new Error('buildSearchIndex: reuseFrom must be an earlier output folder, not the one being written');
    }
    const previous = await previousManifest(options.reuseFrom);
    const placeOf = options.placeOf ?? datelinePlace;
    await rm(root, { recursive: true, force: true });
    await mkdir(root, { recursive: true });
    const plans = planShards(articles, options.maxShardArticles ?? DEFAULT_MAX_SHARD_ARTICLES).reverse();
    const shards = [];
    const nested = new Set();
    const hashes = [];
    for (const [position, plan] of plans.entries()) {
        const primary = position === 0;
        const dir = primary ? root : join(root, plan.name);
        // Made for the hash when the articles have no record keys, else only when the shard is indexed.
        let made;
        const records = () => (made ??= plan.articles.map((article) => searchRecord(article, placeOf(article))));
        const keys = options.recordKeyOf === undefined ? undefined : plan.articles.map(options.recordKeyOf);
        const hash = keys !== undefined && keys.every((key) => key !== undefined) ? shardKeyHash(keys) : shardHash(records());
        // The primary carries Pagefind's runtime, so it is reused only from the earlier primary; older shards from anywhere.
        const match = previous?.shards.find((s) => s.name === plan.name && s.hash === hash && (s.path === 'pagefind/') === primary);
        const from = match && options.reuseFrom !== undefined ? resolve(options.reuseFrom, match.path) : null;
        // The earlier primary holds the older shards and the manifest too; those are not part of it.
        const skip = from !== null && primary ? new Set([...(previous?.shards ?? []).filter((s) => s.path !== 'pagefind/').map((s) => resolve(options.reuseFrom, s.path)), join(from, 'shards.json')]) : new Set();
        const reused = from !== null && match !== undefined && (await wholeShard(from, skip, match));
        if (reused) {
            await linkTree(from, dir, skip);
        }
        else {
            await writeShard(records(), dir);
        }
        const unused = primary ? UNUSED_UI : PRIMARY_ONLY;
        for (const name of await readdir(dir))
            if (unused.test(name))
                await rm(join(dir, name));
        if (!primary)
            nested.add(dir);
        const size = await sizeOf(dir, primary ? nested : new Set());
        const stats = {
            name: plan.name,
            path: primary ? 'pagefind/' : `pagefind/${plan.name}/`,
            from: plan.from,
            to: plan.to,
            articles: plan.articles.length,
            ...size,
            reused,
        };
        hashes.push(hash);
        shards.push(stats);
        options.onShard?.(stats, position + 1, plans.length);
    }
    // The primary was measured before the older shards were nested inside it.
    const manifest = {
        version: 1,
        basePath: options.basePath,
        articles: articles.length,
        shards: shards.map(({ name, path, from, to, articles: count, files, bytes }, i) => ({ name, path, from, to, articles: count, hash: hashes[i], files, bytes })),
    };
    await writeFile(join(root, 'shards.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const total = await sizeOf(root, new Set());
    return { articles: articles.length, shards, files: total.files, bytes: total.bytes, reused: shards.filter((s) => s.reused).length };
}
