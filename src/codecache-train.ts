/**
 * Makes the code cache of the build command's script (src/codecache.ts):
 * runs the builds a user runs most with it, in this process, then writes
 * V8's code for every function they compiled beside the script. Run by
 * src/bundle.ts, in a process of its own, once it has written the script:
 *
 *   node dist/src/codecache-train.js dist/src/chunks/build.cjs
 *
 * The builds: a clean build of a small generated archive (by the command
 * line, in a process of its own), then, with the script loaded here,
 * rebuilds after an article is added, after one is edited, with nothing
 * changed, and after one is removed, in a temporary folder removed at the
 * end. A cache that is already the script's and that V8 accepts is left as
 * it is.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { corpusDate, corpusPath, DEFAULT_SEED, generateCorpus } from './bench/corpus.js';
import { generateDispatch } from './bench/dispatch.js';
import { cacheFileOf, cacheOf, cacheUse, loadScript, type LoadedScript } from './codecache.js';
import { tuneEngine, untuneBuild } from './engine.js';

interface BuildCommand {
  run(args: string[]): Promise<number>;
}

/** Dispatches in the archive the builds make: a few per year over ten years. */
const ARTICLES = 60;

async function train(script: string): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'news-archive-codecache-'));
  try {
    const loaded: LoadedScript<BuildCommand> = loadScript<BuildCommand>(script, false);
    const input = path.join(work, 'input');
    const args = ['--input', input, '--output', path.join(work, 'site'), '--quiet', '--no-search'];
    const build = async (what: string): Promise<void> => {
      const status = await loaded.exports.run(args);
      if (status !== 0) throw new Error(`the ${what} exited with ${status}`);
    };
    await generateCorpus(input, ARTICLES);
    // The clean build in a process of its own: its code (every page parsed and rendered) is left out of the cache, which
    // a process loads whole, for a few milliseconds of a build of seconds.
    const clean = spawnSync(process.execPath, [path.join(path.dirname(script), '..', 'cli.js'), 'build', ...args], { stdio: 'inherit' });
    if (clean.status !== 0) throw new Error(`the clean build exited with ${clean.status}`);
    const added = generateDispatch(DEFAULT_SEED, ARTICLES, corpusDate(ARTICLES - 1, ARTICLES));
    const addedFile = path.join(input, corpusPath(added.date, added.fileName, 'nested'));
    writeFileSync(addedFile, added.text);
    await build('rebuild after an added article');
    appendFileSync(addedFile, '\nA paragraph added to the body.\n');
    await build('rebuild after an edit');
    await build('rebuild with nothing changed');
    unlinkSync(addedFile);
    await build('rebuild after a removed article');
    // The flags the builds set are among those V8 checks a cache against: back to those a process starts with.
    untuneBuild();
    writeFileAtomic(cacheFileOf(script), cacheOf(loaded), process.pid);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// As the command line does before it loads the script (src/cli.ts).
tuneEngine();
const script = process.argv[2];
if (script === undefined) {
  process.stderr.write('usage: node dist/src/codecache-train.js SCRIPT\n');
  process.exitCode = 2;
} else if (cacheUse(path.resolve(script)) !== 'used') {
  // Made for these bytes already and good here, it stays; else made again.
  train(path.resolve(script)).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`codecache-train: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
