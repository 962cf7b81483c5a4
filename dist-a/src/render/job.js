/**
 * One render job: a batch of pages rendered through Eleventy and written
 * into the staging folder. The same function runs in the build's own thread
 * (`--jobs 1`) and in worker threads; a page's bytes never depend on which
 * thread rendered it or in what order, so the output is the same for any
 * number of jobs.
 */
import { sha1 } from '../cache/keys.js';
/** Renders a job's pages and writes them through `writer`; returns what was written, in page order, and the links that failed. */
export async function runRenderJob(job, writer) {
    const missing = [];
    for (const [rel, existing] of job.links ?? []) {
        try {
            writer.link(rel, existing);
        }
        catch (error) {
            // Removed from the previous output by hand: the caller renders it instead.
            if (error.code !== 'ENOENT')
                throw error;
            missing.push(rel);
        }
    }
    if (job.pages.length === 0)
        return { written: [], missing };
    const files = job.direct === true ? await renderEach(job.pages, job.site) : await renderInEleventy(job.pages, job.site, job.eleventyInput);
    const written = [];
    for (const file of files) {
        const bytes = file.bytes;
        const hash = sha1(bytes);
        const previous = job.previous[file.path];
        if (previous !== undefined && previous.hash === hash) {
            if (job.inPlace !== true)
                writer.link(file.path, previous.file);
            written.push({ path: file.path, hash, linked: true });
        }
        else {
            if (job.inPlace === true)
                writer.writeFlat(file.path, bytes);
            else
                writer.write(file.path, bytes);
            written.push({ path: file.path, hash, linked: false });
        }
    }
    return { written, missing };
}
async function renderInEleventy(pages, site, eleventyInput) {
    // Loaded on first use: a rebuild with nothing to render never pays for loading Eleventy (about 0.3 s of CPU).
    const { renderBatch } = await import('./eleventy.js');
    return renderBatch(pages, site, eleventyInput);
}
async function renderEach(pages, site) {
    const { pageBytes } = await import('./pages.js');
    return pages.map((page) => ({ path: page.path, bytes: pageBytes(page, site) }));
}
