/**
 * One render job: a batch of pages rendered through Eleventy and written
 * into the staging folder. The same function runs in the build's own thread
 * (`--jobs 1`) and in worker threads; a page's bytes never depend on which
 * thread rendered it or in what order, so the output is the same for any
 * number of jobs.
 */
import { readFileSync } from 'node:fs';
import type { OutputPage, SiteInfo } from '../model/types.js';
import type { FolderWriter } from '../write.js';
import type { RenderedFile } from './eleventy.js';

/** A file of the previous output that a page may reuse when its bytes come out the same. */
export interface PreviousFile {
  /** Absolute path of the file in the previous output. */
  file: string;
  /** What the previous manifest records of its bytes (WrittenFile.hash). */
  hash: string;
}

export interface RenderJob {
  pages: OutputPage[];
  site: SiteInfo;
  /** An existing, empty folder Eleventy is pointed at (all templates are virtual). */
  eleventyInput: string;
  /** Previous files by output path, for pages whose key changed. */
  previous: Record<string, PreviousFile>;
  /** Files to hard-link from the previous output unchanged: [output path, previous file]. */
  links?: [string, string][];
  /**
   * For an in-place commit: a page whose bytes equal the previous file's is
   * not written at all (the file stays in the output), and the others are
   * written flat under their staged names (FolderWriter.writeFlat).
   */
  inPlace?: boolean;
  /**
   * Render each page with renderPage, the function an Eleventy run renders
   * every page through (src/render/eleventy.ts), without the run: for the
   * few pages of an edit (src/cache/edit.ts), on a thread that loads the
   * templates and not Eleventy.
   */
  direct?: boolean;
}

export interface WrittenFile {
  path: string;
  /** What the manifest records of the bytes: their length (bytesTag). */
  hash: string;
  /** True when the bytes equalled the previous file's, so it was hard-linked (or, in place, left alone) rather than written. */
  linked: boolean;
}

export interface JobResult {
  written: WrittenFile[];
  /** Links that could not be made because the previous file is gone. */
  missing: string[];
}

/** Renders a job's pages and writes them through `writer`; returns what was written, in page order, and the links that failed. */
export async function runRenderJob(job: RenderJob, writer: FolderWriter): Promise<JobResult> {
  const missing: string[] = [];
  for (const [rel, existing] of job.links ?? []) {
    try {
      writer.link(rel, existing);
    } catch (error) {
      // Removed from the previous output by hand: the caller renders it instead.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      missing.push(rel);
    }
  }
  if (job.pages.length === 0) return { written: [], missing };
  const files = job.direct === true ? await renderEach(job.pages, job.site) : await renderInEleventy(job.pages, job.site, job.eleventyInput);
  const written: WrittenFile[] = [];
  for (const file of files) {
    const bytes = file.bytes;
    const hash = bytesTag(bytes);
    const previous = job.previous[file.path];
    if (previous !== undefined && previous.hash === hash && sameBytes(previous.file, bytes)) {
      if (job.inPlace !== true) writer.link(file.path, previous.file);
      written.push({ path: file.path, hash, linked: true });
    } else {
      if (job.inPlace === true) writer.writeFlat(file.path, bytes);
      else writer.write(file.path, bytes);
      written.push({ path: file.path, hash, linked: false });
    }
  }
  return { written, missing };
}

/**
 * What the manifest records of a rendered page's bytes: their length
 * (`=N`). A rebuild that renders the page again compares its bytes with
 * the file's own when the lengths agree, rather than a build hashing every
 * page it writes for the few a rebuild renders again: some 94 MB of pages
 * at 10,000 articles, 60 ms of a clean build's CPU in SHA-1 (clean builds,
 * two series of interleaved pairs: −5 ms, 4 of 8 faster, and −35 ms, 10 of
 * 10 faster). It also holds a page
 * to what its file holds, which a hash of what the build once wrote did not.
 */
export function bytesTag(bytes: Uint8Array): string {
  return `=${bytes.length}`;
}

/** Whether the file at `file` holds `bytes` (not, when it cannot be read). */
function sameBytes(file: string, bytes: Buffer): boolean {
  try {
    return readFileSync(file).equals(bytes);
  } catch {
    return false;
  }
}

async function renderInEleventy(pages: OutputPage[], site: SiteInfo, eleventyInput: string): Promise<RenderedFile[]> {
  // Loaded on first use: a rebuild with nothing to render never pays for loading Eleventy (about 0.3 s of CPU).
  const { renderBatch } = await import('./eleventy.js');
  return renderBatch(pages, site, eleventyInput);
}

async function renderEach(pages: OutputPage[], site: SiteInfo): Promise<RenderedFile[]> {
  const { pageBytes } = await import('./pages.js');
  return pages.map((page) => ({ path: page.path, bytes: pageBytes(page, site) }));
}
