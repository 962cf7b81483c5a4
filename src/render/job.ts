/**
 * One render job: a batch of pages rendered through Eleventy and written
 * into the staging folder. The same function runs in the build's own thread
 * (`--jobs 1`) and in worker threads; a page's bytes never depend on which
 * thread rendered it or in what order, so the output is the same for any
 * number of jobs.
 */
import { sha1 } from '../cache/keys.js';
import type { OutputPage, SiteInfo } from '../model/types.js';
import type { FolderWriter } from '../write.js';
import type { RenderedFile } from './eleventy.js';

/** A file of the previous output that a page may reuse when its bytes come out the same. */
export interface PreviousFile {
  /** Absolute path of the file in the previous output. */
  file: string;
  /** SHA-1 of its bytes, base64url. */
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
    const hash = sha1(bytes);
    const previous = job.previous[file.path];
    if (previous !== undefined && previous.hash === hash) {
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

async function renderInEleventy(pages: OutputPage[], site: SiteInfo, eleventyInput: string): Promise<RenderedFile[]> {
  // Loaded on first use: a rebuild with nothing to render never pays for loading Eleventy (about 0.3 s of CPU).
  const { renderBatch } = await import('./eleventy.js');
  return renderBatch(pages, site, eleventyInput);
}

async function renderEach(pages: OutputPage[], site: SiteInfo): Promise<RenderedFile[]> {
  const { pageBytes } = await import('./pages.js');
  return pages.map((page) => ({ path: page.path, bytes: pageBytes(page, site) }));
}
