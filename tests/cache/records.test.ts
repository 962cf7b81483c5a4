/**
 * The record cache file (src/cache/records.ts): every parse result comes
 * back as it was stored, to every way the build reads, copies or writes it,
 * while an article's body is made only when one of its fields is read:
 * decoded for a Markdown article, parsed again from its file (by the
 * function the loader gives) for a wire article, whose body the file does
 * not keep. A damaged meta section leaves the cache empty; a damaged body
 * loses only its own entry.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusDate } from '../../src/bench/corpus.js';
import { generateDispatch } from '../../src/bench/dispatch.js';
import { sha1 } from '../../src/cache/keys.js';
import { readRecordCache, writeRecordCache, type RecordCache } from '../../src/cache/records.js';
import { parseBytes, placeArticles, recordKey } from '../../src/corpus.js';
import { buildArchive } from '../../src/model/archive.js';
import { BODY_FIELDS, firstParagraph, isDeferred, recoverBodyWith, storedResult } from '../../src/parse/lean.js';
import { loadSlugify, slugFor } from '../../src/slug.js';
import type { StoredArticle, StoredResult } from '../../src/types.js';
import { tempDir } from '../site/helpers.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/parse', import.meta.url));
const VERSION = 'records-test-version';
const SEED = 'record-file-tests';
/** Where the header keeps the meta section's offset. */
const META_AT = 12;

/** Parse results as the loader stores them: every parse fixture (Markdown, errors, captions, trailers) and some generated dispatches. */
function parseResults(): Map<string, StoredResult> {
  const results = new Map<string, StoredResult>();
  const add = (bytes: Buffer, display: string): void => {
    const result = parseBytes(bytes, display);
    const stored = result.article === undefined ? storedResult(result) : { ...storedResult(result), slug: slugFor(result.article.headline, display) };
    results.set(recordKey(sha1(bytes), display), stored);
  };
  for (const name of readdirSync(FIXTURES).sort()) {
    const input = readdirSync(path.join(FIXTURES, name)).find((file) => file.startsWith('input.'));
    if (input !== undefined) add(readFileSync(path.join(FIXTURES, name, input)), `${name}/${input}`);
  }
  for (let i = 0; i < 40; i++) {
    const dispatch = generateDispatch(SEED, i, corpusDate(i, 40));
    add(Buffer.from(dispatch.text), `generated/${dispatch.fileName}`);
  }
  return results;
}

/** A value as it reaches a render thread (postMessage). */
function posted(value: unknown): unknown {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(value);
  const received = receiveMessageOnPort(port2);
  port1.close();
  return received?.message;
}

/**
 * A record as v8.deserialize gives it back: what the cache gave before it
 * decoded bodies lazily. Its arrays are HOLEY to V8, which v8.serialize
 * writes in its sparse form, so the bytes differ from a fresh parse's.
 */
function asRead<T>(value: T): T {
  return deserialize(serialize(value)) as T;
}

/** Every way the build copies or writes a record: v8.serialize, structured clone, postMessage, JSON. */
function views(value: unknown): { v8: string; clone: string; posted: string; json: string } {
  const bytes = (copy: unknown): string => serialize(copy).toString('base64');
  return { v8: bytes(value), clone: bytes(structuredClone(value)), posted: bytes(posted(value)), json: JSON.stringify(value) };
}

/**
 * The cache as the loader reads it: a wire article's body is made by parsing
 * its file again (parseAgain in src/corpus.ts), here the parse results written.
 */
async function readCache(from: string): Promise<RecordCache> {
  const cache = await readRecordCache(from, VERSION);
  const bySource = new Map([...results.values()].flatMap((result) => (result.article ? [[result.article.source, result.article] as const] : [])));
  for (const result of cache.values()) {
    if (result.article === undefined) continue;
    recoverBodyWith(result.article, (source, fields) => {
      const parsed = asRead(bySource.get(source)) as unknown as Record<string, unknown>;
      return Object.fromEntries(fields.map((field) => [field, parsed[field]]));
    });
  }
  return cache;
}

function articlesOf(cache: ReadonlyMap<string, StoredResult>): StoredArticle[] {
  return [...cache.values()].flatMap((result) => (result.article === undefined ? [] : [result.article]));
}

/** Whether any body field of `article` has been decoded (or set). */
function decoded(article: StoredArticle): boolean {
  return BODY_FIELDS.some((field) => Object.hasOwn(article, field) && !isDeferred(article, field));
}

let results: Map<string, StoredResult>;
let output: string;
let file: string;

beforeAll(async () => {
  // Some fixtures' headlines are not ASCII.
  await loadSlugify();
  results = parseResults();
  output = path.join(tempDir('news-archive-record-file-'), 'site');
  file = path.join(`${output}.cache`, 'records.bin');
  await writeRecordCache(output, VERSION, results, process.pid);
});

async function writtenCopy(bytes: Buffer): Promise<RecordCache> {
  const other = path.join(tempDir('news-archive-record-file-'), 'site');
  await writeRecordCache(other, VERSION, new Map(), process.pid);
  writeFileSync(path.join(`${other}.cache`, 'records.bin'), bytes);
  return readRecordCache(other, VERSION);
}

/** A copy of the cache file `bytes` with one byte flipped `offset` bytes into the first place `text` stands, which is in the body section. */
function flippedIn(bytes: Buffer, text: string, offset: number): Buffer {
  const at = bytes.indexOf(text, 0, 'latin1');
  expect(at).toBeGreaterThan(0);
  expect(at).toBeLessThan(Number(bytes.readBigUInt64LE(META_AT)));
  const damaged = Buffer.from(bytes);
  damaged[at + offset] = damaged[at + offset]! ^ 0x20;
  return damaged;
}

describe('the record cache file', () => {
  it('holds the variety the tests need: Markdown bodies, captions, trailers, rejected files', () => {
    const articles = [...results.values()].map((result) => result.article);
    expect(articles.some((article) => article?.format === 'markdown' && article.body !== undefined)).toBe(true);
    expect(articles.some((article) => (article?.photos.length ?? 0) > 0)).toBe(true);
    expect(articles.some((article) => (article?.trailers.length ?? 0) > 0)).toBe(true);
    expect(articles.some((article) => article === undefined)).toBe(true);
  });

  it('gives back every parse result as stored, to v8.serialize, structured clone, postMessage and JSON, decoding no body until then', async () => {
    const cache = await readCache(output);
    expect([...cache.keys()]).toEqual([...results.keys()]);
    expect(articlesOf(cache).some(decoded)).toBe(false);
    for (const [key, result] of results) expect(views(cache.get(key)), key).toEqual(views(asRead(result)));
    expect(articlesOf(cache).every((article) => BODY_FIELDS.every((field) => !isDeferred(article, field)))).toBe(true);
    for (const [key, result] of results) expect(cache.get(key), key).toEqual(result);
  });

  it('gives the first paragraph without decoding the body, and decodes a body once, into plain values', async () => {
    const cache = await readCache(output);
    for (const [key, result] of results) {
      const article = cache.get(key)?.article;
      if (article === undefined) continue;
      expect(firstParagraph(article)).toBe(result.article!.paragraphs[0] ?? '');
      expect(decoded(article)).toBe(false);
      const photos = article.photos;
      expect(Object.getOwnPropertyDescriptor(article, 'photos')).toEqual({ value: photos, writable: true, enumerable: true, configurable: true });
      expect(isDeferred(article, 'paragraphs')).toBe(true);
      expect(article.paragraphs).toEqual(result.article!.paragraphs);
      expect(article.photos).toBe(photos);
      expect(firstParagraph(article)).toBe(result.article!.paragraphs[0] ?? '');
    }
  });

  it('places and models lazily read articles as it does parsed ones, decoding no body, and both copies share one decoding', async () => {
    const cache = await readCache(output);
    const slugs = (source: ReadonlyMap<string, StoredResult>): Map<string, string> =>
      new Map([...source.values()].flatMap((result) => (result.article && result.slug ? [[result.article.source, result.slug] as [string, string]] : [])));
    const eagerCache = new Map([...results].map(([key, result]) => [key, asRead(result)]));
    const lazy = placeArticles(articlesOf(cache), slugs(cache));
    const eager = placeArticles(articlesOf(eagerCache), slugs(eagerCache));
    const options = { site: { title: 'T', basePath: '/', siteUrl: null, language: 'en', search: false }, homeLatest: 5, feedSize: 10, placePageSize: 5, sitemapLimit: 50_000 };
    const lazyArchive = buildArchive(lazy.articles, options);
    const eagerArchive = buildArchive(eager.articles, options);
    // The duplicate check compares the text of articles with the same date and headline, and only those.
    const compared = new Set(lazy.diagnostics.filter((d) => d.rule === 'duplicate-article').map((d) => d.file));
    expect(lazy.articles.filter((article) => !compared.has(article.source)).some(decoded)).toBe(false);
    expect(articlesOf(cache).filter((article) => !compared.has(article.source)).some(decoded)).toBe(false);

    expect(JSON.stringify(lazyArchive)).toBe(JSON.stringify(eagerArchive));
    expect(views(lazy)).toEqual(views(eager));
    const stored = new Map(articlesOf(cache).map((article) => [article.source, article]));
    for (const article of lazy.articles) {
      expect(article.paragraphs).toBe(stored.get(article.source)!.paragraphs);
      expect(article.photos).toBe(stored.get(article.source)!.photos);
    }
  });

  it('copies the Markdown bodies not decoded into a new file as they were, writes decoded or changed ones anew, and keeps no wire body', async () => {
    const cache = await readCache(output);
    const keys = [...cache.keys()].filter((key) => cache.get(key)!.article?.format === 'markdown');
    const [read, changed] = [keys[0]!, keys[1]!];
    expect(cache.get(read)!.article!.paragraphs).toEqual(results.get(read)!.article!.paragraphs);
    cache.get(changed)!.article!.trailers = ['Changed after reading.'];
    const other = path.join(tempDir('news-archive-record-file-'), 'site');
    await writeRecordCache(other, VERSION, cache, process.pid);
    // Writing decoded nothing, and parsed no wire article again.
    const untouched = [...cache.keys()].filter((key) => key !== read && key !== changed && cache.get(key)!.article !== undefined);
    expect(untouched.some((key) => decoded(cache.get(key)!.article!))).toBe(false);

    const again = await readCache(other);
    expect([...again.keys()]).toEqual([...results.keys()]);
    for (const [key, result] of results) {
      const expected = key === changed ? { ...result, article: { ...result.article!, trailers: ['Changed after reading.'] } } : result;
      expect(views(again.get(key)), key).toEqual(views(asRead(expected)));
    }
    // No paragraph but the first of a wire article is in the file (the meta section keeps first paragraphs).
    const bytes = readFileSync(path.join(`${other}.cache`, 'records.bin'));
    const later = [...results.values()].flatMap((result) => (result.article?.format === 'wire' ? result.article.paragraphs.slice(1) : []));
    expect(later.filter((p) => p.length > 40).length).toBeGreaterThan(20);
    for (const p of later) if (p.length > 40 && /^[\x20-\x7e]+$/.test(p)) expect(bytes.indexOf(p, 0, 'latin1'), p).toBe(-1);
  });

  it('is empty when the meta section, the header or the version is not what was written', async () => {
    const bytes = readFileSync(file);
    const metaAt = Number(bytes.readBigUInt64LE(META_AT));
    expect(metaAt).toBeGreaterThan(100);
    expect(metaAt).toBeLessThan(bytes.length);
    expect((await writtenCopy(bytes)).size).toBe(results.size);

    for (const at of [metaAt, Math.floor((metaAt + bytes.length) / 2), bytes.length - 1, 0, 9, META_AT, META_AT + 8, 30]) {
      const damaged = Buffer.from(bytes);
      damaged[at] = damaged[at]! ^ 0x20;
      expect((await writtenCopy(damaged)).size, `byte ${at}`).toBe(0);
    }
    expect((await writtenCopy(bytes.subarray(0, bytes.length - 1))).size).toBe(0);
    expect((await writtenCopy(bytes.subarray(0, metaAt))).size).toBe(0);
    expect((await writtenCopy(bytes.subarray(0, 20))).size).toBe(0);
    expect((await writtenCopy(Buffer.from('not a cache'))).size).toBe(0);
    // The first format: v8.serialize behind its SHA-1.
    const payload = serialize({ format: 1, version: VERSION, entries: [...results] });
    expect((await writtenCopy(Buffer.concat([Buffer.from(sha1(payload), 'base64url'), payload]))).size).toBe(0);
    expect((await readRecordCache(output, 'other-version')).size).toBe(0);
    expect((await readRecordCache(path.join(tempDir(), 'none'), VERSION)).size).toBe(0);
  });

  it("makes a wire article's body when a field is first read, by the function the loader gave, or fails clearly without one", async () => {
    const [key, result] = [...results].find(([, r]) => r.article?.format === 'wire' && r.article.photos.length > 0)!;
    const bare = (await readRecordCache(output, VERSION)).get(key)!.article!;
    expect(bare.headline).toBe(result.article!.headline);
    expect(() => bare.paragraphs).toThrow(/record cache's copy of .* cannot be read \(it keeps none\).*--no-cache/);

    const article = (await readRecordCache(output, VERSION)).get(key)!.article!;
    const expected = result.article! as unknown as Record<string, unknown>;
    const asked: string[][] = [];
    recoverBodyWith(article, (source, fields) => {
      expect(source).toBe(result.article!.source);
      asked.push([...fields]);
      return Object.fromEntries(fields.map((field) => [field, expected[field]]));
    });
    expect(asked).toEqual([]);
    expect(article.paragraphs).toEqual(result.article!.paragraphs);
    expect(article.photos).toEqual(result.article!.photos);
    // Once, for every body field in the article's own order.
    expect(asked).toEqual([Object.keys(expected).filter((field) => (BODY_FIELDS as readonly string[]).includes(field))]);
  });

  it('leaves out a Markdown article whose body is damaged: its file is parsed again', async () => {
    const bytes = readFileSync(file);
    const [key, result] = [...results].find(([, r]) => r.article?.format === 'markdown' && r.article.paragraphs.length > 1)!;
    // A later paragraph of its own (the meta section holds first paragraphs only), in no other article.
    const others = [...results].filter(([k]) => k !== key).flatMap(([, r]) => r.article?.paragraphs ?? []);
    const paragraph = result.article!.paragraphs.find((p, i) => i > 0 && /^[\x20-\x7e]{20,}$/.test(p) && !others.some((o) => o.includes(p)))!;
    const cache = await writtenCopy(flippedIn(bytes, paragraph, 5));
    expect([...cache.keys()]).toEqual([...results.keys()].filter((k) => k !== key));
  });

  it('keeps the mdast body of a Markdown article with its body, decoded as it was', async () => {
    const cache = await readRecordCache(output, VERSION);
    const [key, result] = [...results].find(([, r]) => r.article?.format === 'markdown' && r.article.body !== undefined)!;
    const article = cache.get(key)!.article!;
    expect(isDeferred(article, 'body')).toBe(true);
    expect(Object.keys(article)).toEqual(Object.keys(result.article!));
    expect(article.body).toEqual(result.article!.body);
    expect(deserialize(serialize(article))).toEqual(result.article);
  });
});
