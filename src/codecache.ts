/**
 * The build command loaded with V8's code cache. Node 20 compiles every ES
 * module from its source in each process (it keeps no compile cache for
 * them; `module.enableCompileCache` came with Node 22), and a rebuild of a
 * few pages spends a tenth of its time on it: parsing the build's modules
 * and compiling each function as it first runs.
 *
 * So `npm run compile` also writes the build command as one CommonJS script,
 * `dist/src/chunks/build.cjs` (src/bundle.ts), runs builds with it in a
 * process of its own (src/codecache-train.ts) and keeps V8's code for every
 * function those compiled beside it, in `build.cjs.cache`. The command line
 * (src/cli.ts) runs that script with the cache: V8 then takes the compiled
 * code as it is instead of parsing and compiling it.
 *
 * The cache file starts with the SHA-1 of the script it was made from: V8
 * itself only checks the script's length (and its own version and flags), so
 * a cache of another script of the same length is never handed to it. A
 * cache V8 rejects (another Node, other flags) costs nothing but the time
 * the cache would have saved: the script is compiled from its source.
 *
 * The script runs in this process's own context, as a CommonJS module
 * would. Its modules that import ES-only packages (Eleventy, Pagefind) stay
 * ES modules beside it, and it imports them, and Node's own modules, through
 * the `__import` the bundle step put in place of `import()` (a script run
 * with `vm` may not call `import()` in Node 20 without an experimental flag).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

/** What the cache file starts with: the SHA-1 of the script, 20 bytes. */
const DIGEST_BYTES = 20;

/** How a script was compiled: from its code cache, from its source because there was none (or one of another script), or because V8 rejected it. */
export type CacheUse = 'used' | 'none' | 'stale' | 'rejected';

export interface LoadedScript<T> {
  exports: T;
  /** The compiled script, for `createCachedData`. */
  script: Script;
  cache: CacheUse;
  /** The SHA-1 of the script's bytes. */
  digest: Buffer;
}

/** The code cache file of a script: beside it. */
export function cacheFileOf(file: string): string {
  return `${file}.cache`;
}

/** `file` compiled, with the code in its cache file when `useCache` and that file was made from these bytes. */
function compile(file: string, useCache: boolean): Omit<LoadedScript<unknown>, 'exports'> {
  const bytes = readFileSync(file);
  const digest = createHash('sha1').update(bytes).digest();
  let cachedData: Buffer | undefined;
  let cache: CacheUse = 'none';
  if (useCache) {
    try {
      const stored = readFileSync(cacheFileOf(file));
      if (stored.subarray(0, DIGEST_BYTES).equals(digest)) cachedData = stored.subarray(DIGEST_BYTES);
      else cache = 'stale';
    } catch {
      // No cache: compiled from the source.
    }
  }
  const script = new Script(wrapped(bytes), { filename: file, ...(cachedData === undefined ? {} : { cachedData }) });
  if (cachedData !== undefined) cache = script.cachedDataRejected === true ? 'rejected' : 'used';
  return { script, cache, digest };
}

/**
 * Runs the CommonJS script `file` in this context and answers its exports.
 * With `useCache`, compiled with the code in its cache file when that file
 * was made from these bytes.
 */
export function loadScript<T>(file: string, useCache = true): LoadedScript<T> {
  const compiled = compile(file, useCache);
  const url = pathToFileURL(file);
  const wrapper = compiled.script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as T };
  const importModule = (specifier: string): Promise<unknown> => import(specifier.startsWith('.') ? new URL(specifier, url).href : specifier);
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file), importModule);
  return { ...compiled, exports: module.exports };
}

/** Whether the cache file beside `file` was made from its bytes and V8 accepts it here: compiled, not run. */
export function cacheUse(file: string): CacheUse {
  return compile(file, true).cache;
}

/** As Node wraps a CommonJS module, with one parameter more: the bundle's dynamic imports (src/bundle.ts). */
function wrapped(bytes: Buffer): string {
  return `(function (exports, require, module, __filename, __dirname, __import) {${bytes.toString('utf8')}\n})`;
}

/** The cache file's bytes for a loaded script: its digest, then the code V8 holds for it now (every function compiled so far). */
export function cacheOf(loaded: LoadedScript<unknown>): Buffer {
  return Buffer.concat([loaded.digest, loaded.script.createCachedData()]);
}
