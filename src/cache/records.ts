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
 * (StoredArticle, src/parse/lean.ts).
 *
 * The file is `v8.serialize` output behind a SHA-1 of it: a file that is
 * truncated, corrupted or written by other code is ignored, never trusted.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { storedResult } from '../parse/lean.js';
import type { StoredResult } from '../types.js';
import { cacheDirOf } from './manifest.js';

const FORMAT = 1;
const HASH_BYTES = 20;

interface RecordFile {
  format: number;
  version: string;
  /** [key, parse result] pairs, wire bodies left out. */
  entries: [string, StoredResult][];
}

/** The parse results of a previous build, by recordKey (src/corpus.ts). */
export type RecordCache = ReadonlyMap<string, StoredResult>;

function recordsPath(output: string): string {
  return path.join(cacheDirOf(output), 'records.bin');
}

/**
 * The parse results the last build under `version` stored beside `output`,
 * or an empty cache when there are none, they were made by other code, or
 * the file is damaged in any way.
 */
export function readRecordCache(output: string, version: string): RecordCache {
  try {
    const bytes = readFileSync(recordsPath(output));
    if (bytes.length <= HASH_BYTES) return new Map();
    const payload = bytes.subarray(HASH_BYTES);
    if (!createHash('sha1').update(payload).digest().equals(bytes.subarray(0, HASH_BYTES))) return new Map();
    const data = deserialize(payload) as Partial<RecordFile> | null;
    if (data === null || typeof data !== 'object' || data.format !== FORMAT || data.version !== version || !Array.isArray(data.entries)) {
      return new Map();
    }
    const cache = new Map<string, StoredResult>();
    for (const entry of data.entries) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Array.isArray(entry[1]?.diagnostics)) return new Map();
      cache.set(entry[0], entry[1]);
    }
    return cache;
  } catch {
    return new Map();
  }
}

/**
 * Stores `results` (by recordKey) beside `output` under `version`: written to
 * a temporary name, then renamed, so a reader never sees half a file.
 */
export async function writeRecordCache(output: string, version: string, results: ReadonlyMap<string, StoredResult>, pid: number): Promise<void> {
  const data: RecordFile = { format: FORMAT, version, entries: [...results].map(([key, result]) => [key, storedResult(result)]) };
  const payload = serialize(data);
  const hash = createHash('sha1').update(payload).digest();
  const file = recordsPath(output);
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${pid}`;
  // One gathered write, not a concatenated copy: at 100,000 dispatches the payload is some 300 MB.
  try {
    const handle = await open(tmp, 'w');
    try {
      const { bytesWritten } = await handle.writev([hash, payload]);
      if (bytesWritten !== hash.length + payload.length) throw new Error(`writeRecordCache: short write to ${tmp}`);
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
