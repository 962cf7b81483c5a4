/**
 * The synthetic corpus: N dispatches spread evenly over 2015-01-01 to
 * 2024-12-31 (ten years: about 27 a day at 100,000, under one a day at
 * 1,000), written as files into a folder. Same N and seed → byte-identical
 * folder, so benchmark runs on different days and machines compare.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addDays, daysBetween, generateDispatch } from './dispatch.js';
/** The first and last publication date of the corpus. */
export const CORPUS_FIRST_DATE = '2015-01-01';
export const CORPUS_LAST_DATE = '2024-12-31';
/** The seed `npm run bench` uses unless told otherwise. */
export const DEFAULT_SEED = 'news-archive-bench';
/**
 * Bumped whenever the generated text changes, so a cached corpus of an older
 * generator is never reused.
 */
export const GENERATOR_VERSION = 1;
/** The publication date of dispatch `index` of `n`: evenly spread, in order. */
export function corpusDate(index, n) {
    const span = daysBetween(CORPUS_FIRST_DATE, CORPUS_LAST_DATE) + 1;
    return addDays(CORPUS_FIRST_DATE, Math.floor((index * span) / Math.max(n, 1)));
}
/** The path, relative to the corpus folder, of a generated file. */
export function corpusPath(date, fileName, layout) {
    return layout === 'flat' ? fileName : `${date.slice(0, 4)}/${date.slice(5, 7)}/${fileName}`;
}
/**
 * Writes dispatches 0…n-1 into `dir` (created if missing). Existing files
 * with other names are left alone; call on an empty folder.
 */
export async function generateCorpus(dir, n, seed = DEFAULT_SEED, layout = 'nested') {
    if (!Number.isInteger(n) || n < 0)
        throw new Error(`generateCorpus: n must be a non-negative integer, got ${n}`);
    const made = new Set();
    let bytes = 0;
    // Writes go out in batches: one at a time is slow at 100,000 files, all at once exhausts file handles.
    const batch = [];
    for (let i = 0; i < n; i++) {
        const dispatch = generateDispatch(seed, i, corpusDate(i, n));
        const relative = corpusPath(dispatch.date, dispatch.fileName, layout);
        const folder = join(dir, relative, '..');
        if (!made.has(folder)) {
            await mkdir(folder, { recursive: true });
            made.add(folder);
        }
        const data = Buffer.from(dispatch.text, 'utf8');
        bytes += data.length;
        batch.push(writeFile(join(dir, relative), data));
        if (batch.length >= 64)
            await Promise.all(batch.splice(0));
    }
    await Promise.all(batch);
    if (n === 0)
        await mkdir(dir, { recursive: true });
    return { files: n, bytes, firstDate: corpusDate(0, n), lastDate: corpusDate(Math.max(n - 1, 0), n) };
}
