/**
 * Set before Eleventy loads (imported ahead of it by eleventy.ts). Eleventy
 * registers an ESM resolver hook that re-imports changed template files in
 * watch mode; it costs a loader thread and a synchronous round trip to it
 * for every module import in every thread that loads Eleventy. Our templates
 * are virtual and never re-imported, so the hook is turned off with
 * Eleventy's own switch (11ty/eleventy#3371).
 */
process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= '1';
export {};
