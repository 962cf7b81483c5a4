/**
 * Article page shells: every article page of the model without its record
 * (`article: null`), kept beside the output (`<output>.cache/shells.bin`) so
 * a rebuild whose model is the previous one's can render the page of an
 * edited article from the shell and the article's new record alone, without
 * loading every record and building the model again (src/cache/edit.ts).
 *
 * The model is a function of its settings and of every article's listing
 * (src/cache/model.ts), and a shell is part of the model, so the file is
 * valid for exactly the model states with its token (modelToken,
 * src/cache/model.ts). A build whose model changed writes it again; one
 * whose model did not leaves it alone.
 *
 *     MAGIC, FORMAT (u32), length of the header (u32)
 *     header    JSON: the token, and per slice its sources and byte length
 *     slices    `v8.serialize` of the shells of some SLICE articles each
 *
 * A slice ends at an article whose source's hash says so (one in SLICE), or
 * at 2 × SLICE articles: an article added or removed moves the ends of its
 * own slice alone, so a build after one writes the other slices' bytes
 * again as the previous file holds them rather than encoding their shells.
 *
 * A shell shares its neighbours' headline objects and its day's crumbs
 * with the other shells of its slice, as the model does; a reader decodes
 * only the slices holding the articles it asks for.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { writeFileAtomic } from '../atomic.js';
import { cacheDirOf } from './manifest.js';
const MAGIC = Buffer.from('NASHELLS', 'latin1');
const FORMAT = 1;
const PREFIX_BYTES = 8 + 4 + 4;
/** Articles per slice on average: a reader decodes one slice (some 150 kB) for an edited article, not the whole file. */
const SLICE = 200;
/** Where the shells of the output `output` are kept. */
export function shellsPath(output) {
    return path.join(cacheDirOf(output), 'shells.bin');
}
/** The page of `shell` for `article`, with its fields in the model's order. */
export function pageOf(shell, article) {
    const page = { ...shell };
    page.article = article;
    return page;
}
/** Reads the prefix and header of the shells file beside `output`, or null. */
function readHeader(fd) {
    const prefix = Buffer.alloc(PREFIX_BYTES);
    if (readSync(fd, prefix, 0, PREFIX_BYTES, 0) !== PREFIX_BYTES)
        return null;
    if (!prefix.subarray(0, 8).equals(MAGIC) || prefix.readUInt32LE(8) !== FORMAT)
        return null;
    const length = prefix.readUInt32LE(12);
    const text = Buffer.alloc(length);
    if (readSync(fd, text, 0, length, PREFIX_BYTES) !== length)
        return null;
    const header = JSON.parse(text.toString('utf8'));
    if (typeof header?.token !== 'string' || !Array.isArray(header.slices))
        return null;
    return { header, at: PREFIX_BYTES + length };
}
/**
 * The shells of `sources` from the file beside `output`, when it carries
 * `token` and holds a shell for each; otherwise null.
 */
export function readShells(output, token, sources) {
    let fd = null;
    try {
        fd = openSync(shellsPath(output), 'r');
        const read = readHeader(fd);
        if (read === null || read.header.token !== token)
            return null;
        const wanted = new Set(sources);
        const found = new Map();
        let at = read.at;
        for (const slice of read.header.slices) {
            if (slice.sources.some((source) => wanted.has(source))) {
                const bytes = Buffer.alloc(slice.bytes);
                if (readSync(fd, bytes, 0, slice.bytes, at) !== slice.bytes)
                    return null;
                const shells = deserialize(bytes);
                if (!Array.isArray(shells) || shells.length !== slice.sources.length)
                    return null;
                slice.sources.forEach((source, i) => {
                    const shell = shells[i];
                    if (wanted.has(source) && shell?.kind === 'article' && typeof shell.path === 'string')
                        found.set(source, shell);
                });
            }
            at += slice.bytes;
        }
        return found.size === wanted.size ? found : null;
    }
    catch {
        return null;
    }
    finally {
        if (fd !== null)
            closeSync(fd);
    }
}
/** Whether a slice ends at the article of `source`: one source in SLICE, by an FNV-1a hash of its UTF-16 code units. */
function endsSlice(source) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < source.length; i++)
        hash = Math.imul(hash ^ source.charCodeAt(i), 0x01000193);
    return (hash >>> 0) % SLICE === 0;
}
/** The slices of `pages`, in order (see endsSlice). */
function slicesOf(pages) {
    const slices = [];
    let slice = [];
    for (const page of pages) {
        slice.push(page);
        if (endsSlice(page.article.source) || slice.length === 2 * SLICE) {
            slices.push(slice);
            slice = [];
        }
    }
    if (slice.length > 0)
        slices.push(slice);
    return slices;
}
/**
 * Writes the shells of `pages` (every article page of the model) beside
 * `output` under `token`, unless the file there already carries it. A slice
 * at a time, yielding between slices, so a build writing it while its
 * render threads work goes on handing them jobs. A slice of the same
 * articles as one of the file it replaces (`before`), each with the same
 * shell, is copied from that file rather than encoded again.
 */
export async function writeShells(output, token, pages, pid, before) {
    const header = { token, slices: [] };
    const parts = [];
    let fd = null;
    try {
        // The previous file's slices, by their sources, where they stand in it.
        const previous = new Map();
        let read = null;
        try {
            fd = openSync(shellsPath(output), 'r');
            read = readHeader(fd);
        }
        catch {
            // None there, or none that can be read: every slice is encoded.
        }
        if (read?.header.token === token)
            return;
        if (read !== null && before !== undefined && read.header.token === before.token) {
            let at = read.at;
            for (const slice of read.header.slices) {
                previous.set(slice.sources.join('\0'), { at, bytes: slice.bytes });
                at += slice.bytes;
            }
        }
        for (const slice of slicesOf(pages)) {
            const sources = slice.map((page) => page.article.source);
            const old = previous.get(sources.join('\0'));
            let bytes = null;
            if (old !== undefined && fd !== null && slice.every((page) => before.same(page))) {
                const copy = Buffer.allocUnsafe(old.bytes);
                if (readSync(fd, copy, 0, old.bytes, old.at) === old.bytes)
                    bytes = copy;
            }
            if (bytes === null) {
                bytes = serialize(slice.map((page) => ({ ...page, article: null })));
                await new Promise((resolve) => setImmediate(resolve));
            }
            header.slices.push({ sources, bytes: bytes.length });
            parts.push(bytes);
        }
    }
    finally {
        if (fd !== null)
            closeSync(fd);
    }
    const text = Buffer.from(JSON.stringify(header), 'utf8');
    const prefix = Buffer.alloc(PREFIX_BYTES);
    MAGIC.copy(prefix, 0);
    prefix.writeUInt32LE(FORMAT, 8);
    prefix.writeUInt32LE(text.length, 12);
    await mkdir(cacheDirOf(output), { recursive: true });
    // The slices as they are, not joined into one more buffer the size of the file (some 100 MB at 100,000 articles).
    await writeFileAtomic(shellsPath(output), [prefix, text, ...parts], pid);
}
