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
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { cacheFileOf } from './codecache.js';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const chunks = path.join(dist, 'src', 'chunks');
/** Packages left where npm put them (see above). */
const EXTERNAL = ['./eleventy-env.js', '@11ty/eleventy', '@11ty/eleventy-dev-server', 'gray-matter', 'pagefind'];
/**
 * The modules that import packages which are ES modules only (Eleventy,
 * Pagefind), by their compiled path: entry points of their own among the
 * chunks, which the build command's CommonJS script (below) imports.
 */
const ES_ONLY = new Map([
  ['src/render/eleventy.js', 'eleventy'],
  ['src/search/index.js', 'search'],
]);

/**
 * unist-util-visit-parents names the function it makes for each node it
 * visits (`Object.defineProperty(visit, 'name', …)`, a name such as
 * `node (paragraph)` for stack traces), and remark-html visits every node of
 * every body it is given, looking for definitions (mdast-util-to-hast's
 * `createState`). Redefining a function's name costs far more than the
 * visit itself: left out of the bundle, remark-html took 331–355 ms rather
 * than 559–563 ms over the bench's 10,000 wire bodies (in a process, three
 * rounds each), the same HTML. Nothing else in the package changes, and no
 * caller reads those names; the bundle fails if the statement is not there
 * as written, so an update of the package is looked at again.
 */
const unnamedVisits: Plugin = {
  name: 'unnamed-visits',
  setup(bundle) {
    bundle.onLoad({ filter: /[\\/]unist-util-visit-parents[\\/]lib[\\/]index\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const naming = /\n( *)Object\.defineProperty\(visit, 'name', \{\n\1  value:\n\1    'node \(' \+ color\(node\.type \+ \(name \? '<' \+ name \+ '>' : ''\)\) \+ '\)'\n\1\}\)\n/;
      if (!naming.test(text)) throw new Error(`bundle: ${args.path} no longer names its visits as src/bundle.ts expects: look at it again`);
      return { contents: text.replace(naming, '\n'), loader: 'js' };
    });
  },
};

// Chunks are named by their content: those of an earlier compile go first. The code cache of the build
// command's script (below) is kept aside: made for the same script, it needs no making again.
const script = path.join(chunks, 'build.cjs');
const cacheBefore = existsSync(cacheFileOf(script)) ? readFileSync(cacheFileOf(script)) : null;
rmSync(chunks, { recursive: true, force: true });
await build({
  absWorkingDir: dist,
  entryPoints: [
    { in: 'src/cli.js', out: 'src/cli' },
    { in: 'src/render/worker.js', out: 'src/chunks/worker' },
    ...[...ES_ONLY].map(([module, name]) => ({ in: module, out: `src/chunks/${name}` })),
  ],
  outdir: dist,
  chunkNames: 'src/chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // Every other package is bundled (see above).
  external: EXTERNAL,
  plugins: [unnamedVisits],
  // The entry replaces tsc's dist/src/cli.js, which it is made from.
  allowOverwrite: true,
  logLevel: 'warning',
});
copyFileSync(path.join(dist, 'src', 'render', 'eleventy-env.js'), path.join(chunks, 'eleventy-env.js'));

/**
 * The command line's first lines, in place of `#!/usr/bin/env node`: read by
 * `/bin/sh` (the file run as `news-archive`, or as `dist/src/cli.js`), they
 * start Node on the same file without `NODE_EXTRA_CA_CERTS`; read by Node,
 * they are a string and a comment. Node 20 reads the certificates that
 * variable names as it starts, before any script, whether or not the program
 * ever opens a TLS connection, and no flag defers it; environments behind a
 * proxy that inspects TLS often set it for every process (a corporate
 * network, a build sandbox). The build and its commands make no TLS
 * connection, nor do the processes they start. With the 144 certificates of
 * Debian's bundle: `node -e 0` 80 ms with the variable and 30 ms without; a
 * clean build of 10,000 dispatches (RAM disk, 14 interleaved pairs, this
 * entry run with `node` and run as a file) 2,947 → 2,741 ms, CPU 5,485 →
 * 5,145 ms. `node dist/src/cli.js …` still works, the variable then kept.
 */
const LAUNCHER = `#!/bin/sh\n':' //; unset NODE_EXTRA_CA_CERTS; exec node "$0" "$@"\n`;
const SHEBANG = '#!/usr/bin/env node\n';
const entry = path.join(dist, 'src', 'cli.js');
const entryText = readFileSync(entry, 'utf8');
if (!entryText.startsWith(SHEBANG)) throw new Error(`bundle: ${entry} does not start with ${SHEBANG.trim()}`);
writeFileSync(entry, LAUNCHER + entryText.slice(SHEBANG.length));

/** In the CommonJS script, an import of one of ES_ONLY's modules is one of its entry point among the chunks. */
const esOnly: Plugin = {
  name: 'es-only',
  setup(bundle) {
    bundle.onResolve({ filter: /\.js$/ }, (args) => {
      const name = args.resolveDir === '' ? undefined : ES_ONLY.get(path.relative(dist, path.resolve(args.resolveDir, args.path)).split(path.sep).join('/'));
      return name === undefined ? undefined : { path: `./${name}.js`, external: true };
    });
  },
};

/**
 * The build command as one CommonJS script (`chunks/build.cjs`), which the
 * command line runs with V8's code cache (src/codecache.ts). Its
 * `import.meta.url` is the script's own URL, and its dynamic imports (those
 * of ES_ONLY's modules, and of Node's modules it loads late) call the
 * `__import` the loader passes in: each must name a chunk or a Node module.
 */
const bundled = await build({
  absWorkingDir: dist,
  entryPoints: ['src/commands/build.js'],
  outfile: script,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  external: EXTERNAL,
  plugins: [esOnly, unnamedVisits],
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: 'var __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  write: false,
  logLevel: 'warning',
});
const text = bundled.outputFiles[0]!.text.replace(/(?<![\w$.])import\(/g, (call, at: number, whole: string) => {
  const specifier = /^import\("([^"\\]+)"\)/.exec(whole.slice(at))?.[1];
  const known = specifier !== undefined && (specifier.startsWith('node:') || (specifier.startsWith('./') && existsSync(path.join(chunks, specifier))));
  if (!known) throw new Error(`bundle: chunks/build.cjs would import ${whole.slice(at, at + 60)}…, neither a chunk nor a Node module`);
  return `__${call}`;
});
// ASCII only, as esbuild writes the chunks but for regular expressions' literals: read as such, the script's text is
// decoded at once into one byte a character.
writeFileSync(script, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
if (cacheBefore !== null) writeFileSync(cacheFileOf(script), cacheBefore);

// Its code cache, made by running builds with it in a process of its own (the command line's V8 flags, none of a build's).
const trained = spawnSync(process.execPath, [path.join(dist, 'src', 'codecache-train.js'), script], { stdio: 'inherit' });
if (trained.status !== 0) process.stderr.write('bundle: no code cache was made for chunks/build.cjs; the build command compiles it from its source\n');
