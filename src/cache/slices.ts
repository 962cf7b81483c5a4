/**
 * Slices of the model's articles, for the caches kept a slice to a file
 * (the article page shells, src/cache/shells.ts; the listings,
 * src/cache/listings.ts): a slice ends at an article whose source's hash
 * says so (one in `size`), or at 2 × `size` articles. An article added or
 * removed moves the ends of its own slice alone, so a build after one
 * writes that slice's file again and keeps the others as they are.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../atomic.js';
import { sha1 } from './keys.js';

/** Whether a slice of about `size` articles ends at the article of `source`: by an FNV-1a hash of its UTF-16 code units. */
function endsSlice(source: string, size: number): boolean {
  let hash = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) hash = Math.imul(hash ^ source.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % size === 0;
}

/** Where the slice of `sources` starting at `start` ends (past its last article): at an article that ends a slice, at 2 × `size` articles, or at the list's end. */
function sliceEnd(sources: readonly string[], start: number, size: number): number {
  let i = start;
  while (i < sources.length && !endsSlice(sources[i]!, size) && i + 1 - start < 2 * size) i++;
  return Math.min(i + 1, sources.length);
}

/** The slices of `sources`, in order, about `size` articles each, as runs of their indexes: [start, end). */
export function slicesOf(sources: readonly string[], size: number): [number, number][] {
  return slicesAlong(sources, size, []);
}

/** A slice's file name: the SHA-1 of its bytes (base64url), and `.bin`. */
export const SLICE_FILE = /^[\w-]{27}\.bin$/;
/** A slice's file being written (writeFileAtomic's temporary name), and the id of the process writing it. */
const HALF_WRITTEN = /^[\w-]{27}\.bin\.tmp-(\d+)$/;

/** Whether the file `name` in `folder` is `bytes` long (a file damaged by hand is written again). */
export function wholeSlice(folder: string, name: string, bytes: number): boolean {
  try {
    return statSync(path.join(folder, name)).size === bytes;
  } catch {
    return false;
  }
}

/**
 * Writes a slice's `bytes` into `folder` under the name its bytes give it,
 * unless a whole file of that name already holds them, and answers the name.
 * Then it yields, so that a build writing slices while its render threads
 * work goes on handing them jobs between slices.
 */
export async function writeSlice(folder: string, bytes: Uint8Array, pid: number): Promise<string> {
  const file = `${sha1(bytes)}.bin`;
  if (!wholeSlice(folder, file, bytes.length)) writeFileAtomic(path.join(folder, file), bytes, pid);
  await new Promise((resolve) => setImmediate(resolve));
  return file;
}

/**
 * Removes from `folder` the slices' files its index no longer names
 * (`named`), once the index is replaced, and slices half written by a build
 * killed before (another process's temporary files: one output is built by
 * one build at a time).
 */
export function removeUnnamedSlices(folder: string, named: ReadonlySet<string>, pid: number): void {
  for (const name of readdirSync(folder)) {
    const half = HALF_WRITTEN.exec(name);
    if ((SLICE_FILE.test(name) && !named.has(name)) || (half !== null && Number(half[1]) !== pid)) rmSync(path.join(folder, name), { force: true });
  }
}

/**
 * The slices slicesOf makes of `sources`, made along the slices of an
 * earlier list (`previous`, each its sources in order): a run of sources
 * that is an earlier slice, standing where a slice of this list starts,
 * ends where that slice ended (the same articles from the same start end
 * alike), so only the sources between such runs are hashed. An earlier
 * list's last slice may have ended with its list rather than by its ends:
 * it is taken only where this list ends with it too.
 */
export function slicesAlong(sources: readonly string[], size: number, previous: readonly (readonly string[])[]): [number, number][] {
  const startsAt = new Map<string, number>();
  previous.forEach((slice, k) => {
    if (slice.length > 0) startsAt.set(slice[0]!, k);
  });
  const slices: [number, number][] = [];
  let start = 0;
  while (start < sources.length) {
    const k = startsAt.get(sources[start]!);
    const old = k === undefined ? undefined : previous[k]!;
    const end = old === undefined ? -1 : start + old.length;
    if (old !== undefined && end <= sources.length && (k! < previous.length - 1 || end === sources.length) && old.every((source, j) => sources[start + j] === source)) {
      slices.push([start, end]);
      start = end;
      continue;
    }
    const next = sliceEnd(sources, start, size);
    slices.push([start, next]);
    start = next;
  }
  return slices;
}
