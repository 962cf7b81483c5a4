/**
 * The record cache: what the parser made of each input file, kept beside the
 * output (`<output>.cache/records.bin`) so a rebuild parses only the files
 * whose bytes changed. The parser is a pure function of a file's bytes and
 * path, so an entry is keyed by the SHA-1 of the bytes and the path, and the
 * whole file by the code version: new code parses everything again.
 *
 * An entry holds the parse result as the parser returned it, diagnostics
 * included, so a rebuild reports exactly what a clean build reports. Wire
 * records are kept without their mdast `body`, as the build keeps them
 * (StoredArticle, src/parse/lean.ts), and without their body fields at all:
 * when a rebuild needs one (a page of the article rendered again, its
 * search shard indexed again), the file is parsed again, which costs about
 * what decoding a stored copy did (0.1–0.3 ms a dispatch), while encoding
 * and writing every body was the largest work left on a full build's own
 * thread (some 0.7 s of CPU at 10,000 articles, for 28 MB written). Markdown
 * articles, whose parser loads asynchronously, keep theirs.
 *
 * A rebuild needs every article's metadata (to place it, build the model and
 * key the pages) but the body only of the few articles whose pages it
 * renders, so the file keeps the two apart:
 *
 *     header    MAGIC, FORMAT, offset and length of the meta section,
 *               CRC-32 of the meta section
 *     bodies    each Markdown article's body fields (BODY_FIELDS: paragraphs,
 *               photos, trailers, its mdast), `v8.serialize`d one
 *               article at a time
 *     meta      `v8.serialize` of every key, every parse result without
 *               its article's body fields, the names of those, each
 *               article's first paragraph, and where its body stands with
 *               its CRC-32 (zeros for a wire article: none is kept)
 *
 * Reading decodes the meta section only; each body is read from the file
 * (through the descriptor opened then, so a newer cache file renamed over
 * it does not matter) and decoded when something first reads one of its
 * fields (a page rendered, the search index), through getters that then
 * become plain values (deferFields, src/parse/lean.ts). A rebuild that
 * renders a few pages so reads a few bodies, not the whole section. The
 * body fields kept apart are those that end the article, as both parsers
 * make them, so the getters appended to the meta section's article stand
 * where the fields stood.
 *
 * A meta section that is truncated, corrupted or written by other code
 * leaves the cache empty. A body is checked against its CRC-32 when it is
 * read: a damaged one, like a wire article's that is not kept, is made by
 * the function the loader gives (recoverBodyWith: the file parsed again),
 * or fails the build with a clear message when there is none. Markdown articles, hand-written and few, and
 * whose parser loads asynchronously, have their bodies checked when the
 * cache is read: an entry whose body is damaged is left out, and its file
 * parsed again.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize, Serializer } from 'node:v8';
import { crc32 } from 'node:zlib';
import { deferFields, deferredBody, firstParagraph, isBodyField, isDeferred, storedResult, type BodyRecovery, type BodyValues, type DeferredBody } from '../parse/lean.js';
import type { StoredArticle, StoredResult } from '../types.js';
import { withFields } from '../objects.js';
import { cacheDirOf } from './manifest.js';

const MAGIC = Buffer.from('NARECORD', 'latin1');
const FORMAT = 4;
/** MAGIC, FORMAT (u32), the meta section's offset and length (u64 each), its CRC-32 (u32). */
const HEADER_BYTES = 8 + 4 + 8 + 8 + 4;
const META_AT = 12;
/** A CRC-32 finds the damage a cache file meets (truncation, flipped bytes) at half the cost of a SHA-1. */
const CHECK_AT = HEADER_BYTES - 4;
/** Bodies are written in chunks of about this many bytes, so a write never holds all of them at once. */
const CHUNK_BYTES = 8 << 20;

interface MetaSection {
  format: number;
  version: string;
  /** recordKey (src/corpus.ts) of each entry. */
  keys: string[];
  /** Each entry's parse result, its article without the body fields kept apart. */
  results: StoredResult[];
  /** The body fields kept apart, in order, of each entry with an article (one array for all alike), else null. */
  fields: (string[] | null)[];
  /** Each article's first paragraph ('' for none and for entries without an article). */
  firsts: string[];
  /** Offset in the file, length and CRC-32 of each article's body: three numbers per entry, zeros for none kept. */
  spans: number[];
}

/** The parse results of a previous build, by recordKey (src/corpus.ts). */
export type RecordCache = ReadonlyMap<string, StoredResult>;

function recordsPath(output: string): string {
  return path.join(cacheDirOf(output), 'records.bin');
}

/**
 * The cache file a read came from, open until nothing refers to it: the
 * bodies are read from it as they are needed.
 */
class BodyFile {
  constructor(readonly fd: number) {}
}

const openBodyFiles = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
});

/** One article's body in the cache file, read and decoded on first use. */
class CachedBody implements DeferredBody {
  private decoded: BodyValues | undefined;
  recover: BodyRecovery | undefined;

  constructor(
    private readonly file: BodyFile,
    /** Where the body stands in the file, or null when none is kept (a wire article's): then it is made by `recover`. */
    private readonly at: number | null,
    private readonly length: number,
    /** The body fields it holds. */
    readonly fields: readonly string[],
    readonly first: string,
    readonly crc: number,
    private readonly source: string,
  ) {}

  values(): BodyValues {
    if (this.decoded === undefined) {
      let values: unknown;
      try {
        if (this.at === null) throw new Error('it keeps none');
        const bytes = this.checked();
        if (bytes === null) throw new Error('its CRC-32 fails');
        values = deserialize(bytes);
        if (values === null || typeof values !== 'object') throw new Error('it is not a body');
      } catch (error) {
        if (this.recover === undefined) {
          throw new Error(`the record cache's copy of ${this.source} cannot be read (${error instanceof Error ? error.message : String(error)}); build again with --no-cache`);
        }
        values = this.recover(this.source, this.fields);
      }
      this.decoded = values as BodyValues;
    }
    return this.decoded;
  }

  get kept(): boolean {
    return this.at !== null;
  }

  supply(parsed: StoredArticle): void {
    const from = parsed as unknown as Record<string, unknown>;
    this.decoded ??= Object.fromEntries(this.fields.map((field) => [field, from[field]])) as BodyValues;
  }

  /** Whether the bytes in the file match their CRC-32 (true when none are kept). */
  sound(): boolean {
    return this.at === null || this.checked() !== null;
  }

  /** The body's bytes while it is not decoded: what a new cache file copies as they are. */
  encoded(): Buffer | null {
    return this.decoded === undefined ? this.bytes() : null;
  }

  /** The bytes in the file, or null when the file ends before them or keeps none. */
  private bytes(): Buffer | null {
    if (this.at === null) return null;
    const bytes = Buffer.allocUnsafe(this.length);
    return readFullySync(this.file.fd, bytes, this.at) ? bytes : null;
  }

  /** The bytes in the file when they match their CRC-32, else null. */
  private checked(): Buffer | null {
    const bytes = this.bytes();
    return bytes !== null && crc32(bytes) === this.crc ? bytes : null;
  }
}

function readFullySync(fd: number, buffer: Buffer, position: number): boolean {
  for (let done = 0; done < buffer.length; ) {
    const bytesRead = readSync(fd, buffer, done, buffer.length - done, position + done);
    if (bytesRead === 0) return false;
    done += bytesRead;
  }
  return true;
}

/**
 * The parse results the last build under `version` stored beside `output`,
 * or an empty cache when there are none, they were made by other code, or
 * the meta section is damaged in any way. Bodies are read when first used;
 * a Markdown article whose body is damaged is left out, and its file parsed
 * again.
 */
export async function readRecordCache(output: string, version: string): Promise<RecordCache> {
  let fd: number | undefined;
  try {
    fd = openSync(recordsPath(output), 'r');
    const header = Buffer.alloc(HEADER_BYTES);
    if (!readFullySync(fd, header, 0)) return new Map();
    if (!header.subarray(0, MAGIC.length).equals(MAGIC) || header.readUInt32LE(8) !== FORMAT) return new Map();
    const metaAt = Number(header.readBigUInt64LE(META_AT));
    const metaLength = Number(header.readBigUInt64LE(META_AT + 8));
    // The meta section follows the bodies and ends the file.
    if (metaAt < HEADER_BYTES || metaAt + metaLength !== fstatSync(fd).size) return new Map();
    const file = new BodyFile(fd);
    const entries = readMeta(file, header, metaAt, metaLength, version);
    if (entries === null) return new Map();
    // The bodies are read through `fd` from now on: it is closed once no body refers to it.
    openBodyFiles.register(file, fd);
    fd = undefined;
    const cache = new Map<string, StoredResult>();
    for (const [key, result, body] of entries) {
      if (body === null || result.article?.format !== 'markdown' || body.sound()) cache.set(key, result);
    }
    return cache;
  } catch {
    return new Map();
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The meta section's entries, their articles' body fields reading through
 * `file`, or null when the section is damaged or not this version's.
 */
function readMeta(file: BodyFile, header: Buffer, metaAt: number, metaLength: number, version: string): [string, StoredResult, CachedBody | null][] | null {
  const meta = Buffer.allocUnsafeSlow(metaLength);
  if (!readFullySync(file.fd, meta, metaAt)) return null;
  if (crc32(meta) !== header.readUInt32LE(CHECK_AT)) return null;
  const data = deserialize(meta) as Partial<MetaSection> | null;
  if (data === null || typeof data !== 'object' || data.format !== FORMAT || data.version !== version) return null;
  const { keys, results, fields, firsts, spans } = data;
  if (!Array.isArray(keys) || !Array.isArray(results) || !Array.isArray(fields) || !Array.isArray(firsts) || !Array.isArray(spans)) return null;
  const count = keys.length;
  if (results.length !== count || fields.length !== count || firsts.length !== count || spans.length !== 3 * count) return null;
  const fieldLists = new Set<unknown>();
  const entries: [string, StoredResult, CachedBody | null][] = [];
  for (let i = 0; i < count; i++) {
    const key = keys[i];
    const result = results[i];
    if (typeof key !== 'string' || result === null || typeof result !== 'object' || !Array.isArray(result.diagnostics)) return null;
    const article = result.article;
    if (article === undefined) {
      entries.push([key, result, null]);
      continue;
    }
    const list = fields[i];
    const first = firsts[i];
    const at = spans[3 * i]!;
    const length = spans[3 * i + 1]!;
    const crc = spans[3 * i + 2]!;
    if (article === null || typeof article !== 'object' || typeof article.source !== 'string' || typeof first !== 'string') return null;
    if (!fieldLists.has(list)) {
      if (!Array.isArray(list) || !list.every((field, k) => typeof field === 'string' && isBodyField(field) && list.indexOf(field) === k)) return null;
      fieldLists.add(list);
    }
    // A wire article's body is not kept (three zeros); any other must be, inside the bodies section.
    const kept = !(at === 0 && length === 0 && crc === 0);
    if (!kept && article.format !== 'wire') return null;
    if (kept && (!Number.isSafeInteger(at) || !Number.isSafeInteger(length) || at < HEADER_BYTES || length < 0 || at + length > metaAt)) return null;
    const body = new CachedBody(file, kept ? at : null, length, list as string[], first, crc, article.source);
    deferFields(article, body, list as string[]);
    entries.push([key, result, body]);
  }
  return entries;
}

/**
 * An article as the meta section keeps it, without the body fields that
 * end it, their names, and their values encoded (null for a wire article:
 * none is kept): the bytes they were read from when the article came from
 * the cache and none of them was read, set or deleted since.
 */
function split(article: StoredArticle): { meta: StoredArticle; fields: string[]; body: Buffer | null; crc: number } {
  const from = article as unknown as Record<string, unknown>;
  const keys = Object.keys(from);
  let cut = keys.length;
  while (cut > 0 && isBodyField(keys[cut - 1]!)) cut--;
  const meta: Record<string, unknown> = {};
  for (let k = 0; k < cut; k++) meta[keys[k]!] = from[keys[k]!];
  const fields = keys.slice(cut);
  const stored = meta as unknown as StoredArticle;
  // Literals, not a shared part spread and more keys (src/objects.ts).
  if (article.format === 'wire') return { meta: stored, fields, body: null, crc: 0 };
  const cached = deferredBody(article);
  if (
    cached instanceof CachedBody &&
    cached.fields.length === fields.length &&
    fields.every((field, k) => cached.fields[k] === field && isDeferred(article, field))
  ) {
    const encoded = cached.encoded();
    if (encoded !== null) return { meta: stored, fields, body: encoded, crc: cached.crc };
  }
  const values: Record<string, unknown> = {};
  for (const field of fields) values[field] = from[field];
  // v8.serialize without its per-call set-up, which only changes how Buffers and typed arrays are written: a body has none.
  const serializer = new Serializer();
  serializer.writeHeader();
  serializer.writeValue(values);
  const body = serializer.releaseBuffer();
  return { meta: stored, fields, body, crc: crc32(body) };
}

async function writeAll(handle: FileHandle, buffer: Buffer, position: number): Promise<void> {
  for (let done = 0; done < buffer.length; ) {
    const { bytesWritten } = await handle.write(buffer, done, buffer.length - done, position + done);
    if (bytesWritten === 0) throw new Error('writeRecordCache: nothing written');
    done += bytesWritten;
  }
}

/** The body section as it is written: bodies are copied into a chunk, written when full. */
class BodySection {
  private readonly chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  private used = 0;
  /** Where the chunk starts in the file. */
  private at = HEADER_BYTES;

  constructor(private readonly handle: FileHandle) {}

  /** Adds `body`; returns where it stands in the file. */
  async add(body: Buffer): Promise<number> {
    if (this.used + body.length > this.chunk.length) await this.flush();
    const at = this.at + this.used;
    if (body.length > this.chunk.length) {
      await writeAll(this.handle, body, at);
      this.at += body.length;
    } else {
      body.copy(this.chunk, this.used);
      this.used += body.length;
    }
    return at;
  }

  /** Writes what the chunk holds; returns where the section ends. */
  async flush(): Promise<number> {
    const part = this.chunk.subarray(0, this.used);
    await writeAll(this.handle, part, this.at);
    this.at += this.used;
    this.used = 0;
    return this.at;
  }
}

/**
 * Stores `results` (by recordKey) beside `output` under `version`: written to
 * a temporary name, then renamed, so a reader never sees half a file. The
 * body of a record read from the cache and never decoded is copied as it
 * was read.
 */
export async function writeRecordCache(output: string, version: string, results: ReadonlyMap<string, StoredResult>, pid: number): Promise<void> {
  const file = recordsPath(output);
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${pid}`;
  const data: MetaSection = { format: FORMAT, version, keys: [], results: [], fields: [], firsts: [], spans: [] };
  // One array for all articles with the same body fields: the meta section holds it once.
  const fieldLists = new Map<string, string[]>();
  try {
    const handle = await open(tmp, 'w');
    try {
      // The bodies as they are encoded, a chunk at a time (at 100,000 dispatches they are some 300 MB),
      // then the meta section, then the header.
      const bodies = new BodySection(handle);
      for (const [key, result] of results) {
        const stored = storedResult(result);
        data.keys.push(key);
        if (stored.article === undefined) {
          data.results.push(stored);
          data.fields.push(null);
          data.firsts.push('');
          data.spans.push(0, 0, 0);
          continue;
        }
        const { meta, fields, body, crc } = split(stored.article);
        const name = fields.join(',');
        let list = fieldLists.get(name);
        if (list === undefined) fieldLists.set(name, (list = fields));
        data.results.push(withFields(stored, { article: meta }));
        data.fields.push(list);
        data.firsts.push(firstParagraph(stored.article));
        if (body === null) data.spans.push(0, 0, 0);
        else data.spans.push(await bodies.add(body), body.length, crc);
      }
      const metaAt = await bodies.flush();
      const meta = serialize(data);
      const header = Buffer.alloc(HEADER_BYTES);
      MAGIC.copy(header, 0);
      header.writeUInt32LE(FORMAT, 8);
      header.writeBigUInt64LE(BigInt(metaAt), META_AT);
      header.writeBigUInt64LE(BigInt(meta.length), META_AT + 8);
      header.writeUInt32LE(crc32(meta), CHECK_AT);
      await writeAll(handle, meta, metaAt);
      await writeAll(handle, header, 0);
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
