/**
 * Bundles the compiled command line: `dist/src/cli.js` and the render
 * worker become a few ES modules (`dist/src/cli.js`, `dist/src/chunks/`)
 * instead of some forty. Node 20 loads every ES module on its own (resolve,
 * read, compile, link, evaluate, with asynchronous hops between) and keeps
 * no compile cache: importing the build took 25–27 ms, and 16 ms bundled (a
 * new process, nothing else). A rebuild after an added article, 10,000
 * dispatches on a RAM disk, three sets of interleaved pairs: 0.467 → 0.438,
 * 0.471 → 0.461 and 0.491 → 0.475 s; a clean build the same (2.75 and
 * 2.72 s).
 *
 * The packages the pages are made with, unified and remark-html with their
 * some hundred small modules (and remark-parse for Markdown, feed), are
 * bundled too: each render thread loaded them in some 50 ms (the pages'
 * chunk imported in 72 ms, 21 ms bundled), before it could render its first
 * page. Interleaved at 10,000 dispatches: a clean build 3.127 → 3.046 s (CPU
 * 5.81 → 5.65 s, 6 pairs), an added article's rebuild 0.494 → 0.475 s (10),
 * an edit's 0.314 → 0.305 s (10), outputs identical. So is slugify, a chunk
 * loaded by each thread that meets a name not in ASCII (most wire corpora
 * have such places): its import took 17–22 ms (clean builds, 8 pairs: 3.097
 * → 3.058 s, CPU 5.76 → 5.68 s, within the noise). The rest stay where npm
 * put them: Eleventy (a framework that loads its own files by path), its dev
 * server, and what only some builds load (gray-matter for Markdown, Pagefind).
 * The code version the cache keys hold (src/cache/keys.ts) hashes the
 * bundle, so it now changes with those bundled packages too.
 *
 *   node dist/src/bundle.js      (the last step of `npm run compile`, after tsc)
 *
 * What the bundle keeps of the layout: the worker sits beside the chunks
 * (pool.ts finds `./worker.js` next to its own module), and the chunks are
 * two folders below `dist/`, as `src/commands/` is (the build hashes
 * `dist/src/cli.js` and the chunks for its cache keys, and finds the package
 * folder above). `eleventy-env.js` is kept a module of its own,
 * imported before Eleventy: bundled, its one line would run after Eleventy
 * had loaded (a module's imports are evaluated before its body).
 */
import { copyFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const chunks = path.join(dist, 'src', 'chunks');

// Chunks are named by their content: those of an earlier compile go first.
rmSync(chunks, { recursive: true, force: true });
await build({
  absWorkingDir: dist,
  entryPoints: [
    { in: 'src/cli.js', out: 'src/cli' },
    { in: 'src/render/worker.js', out: 'src/chunks/worker' },
  ],
  outdir: dist,
  chunkNames: 'src/chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // Every other package is bundled (see above).
  external: ['./eleventy-env.js', '@11ty/eleventy', '@11ty/eleventy-dev-server', 'gray-matter', 'pagefind'],
  // The entry replaces tsc's dist/src/cli.js, which it is made from.
  allowOverwrite: true,
  logLevel: 'warning',
});
copyFileSync(path.join(dist, 'src', 'render', 'eleventy-env.js'), path.join(chunks, 'eleventy-env.js'));
