#!/usr/bin/env node
/**
 * The command line entry point. Each command lives in src/commands/ and
 * exports `run(args: string[]): Promise<number>` returning the exit status:
 * 0 done (possibly with warnings), 1 errors under --strict or a failed build,
 * 2 bad usage.
 */
import { setFlagsFromString } from 'node:v8';

const USAGE = `usage: news-archive <command> [options]

commands:
  parse PATH… [--json] [--strict]   parse dispatches and print records and diagnostics
  build [--input DIR] [--output DIR] [options]   build the static archive
  serve [build options] [--port N]   build, serve with live reload, rebuild on changes
`;

/**
 * V8 settings for a build, whose own threads keep every core busy.
 *
 * No inlining into the code V8 optimizes. A build is a
 * batch of a few seconds whose hot code is spread over many small functions
 * (ours, unified's, hast-util-to-html's, Eleventy's), and each thread that
 * renders optimizes them anew: at 10,000 articles V8's optimizing compiler
 * took about a quarter of a clean build's CPU, most of it on the threads
 * that share the machine's cores with the build's two (a Linux `perf`
 * profile of a clean build). Without inlining each optimization is smaller,
 * and the code it makes runs about as fast: clean builds of 10,000 articles
 * 1.94 → 1.75 s (CPU 3.54 → 3.18 s, 6 interleaved pairs, 6 faster), of
 * 100,000 the same (14.8–15.6 s either way). Flags are the process's, so
 * the render threads started later have it too; it is set before any of
 * the build's code has run often enough to be optimized.
 *
 * No parallel scavenges. V8 splits a collection of the young generation
 * into tasks for the platform's threads, as many as it has (four in Node,
 * whatever the cores), and waits for them all; with the build's two threads
 * already on the two cores, each thread's scavenge waited on helpers that
 * had no core to run on. Each thread now collects its own young generation
 * alone: clean builds of 10,000 articles, 6 interleaved pairs, 1.785 →
 * 1.725 s (CPU 3.25 → 3.13 s), 6 faster. V8 reads the setting at each
 * scavenge.
 */
function tuneEngine(): void {
  setFlagsFromString('--no-turbo-inlining');
  setFlagsFromString('--no-parallel-scavenge');
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'parse':
      return (await import('./commands/parse.js')).run(rest);
    case 'build':
      return (await import('./commands/build.js')).run(rest);
    case 'serve':
      return (await import('./commands/serve.js')).run(rest);
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`news-archive: unknown command ${JSON.stringify(command ?? '')}\n${USAGE}`);
      return 2;
  }
}

/**
 * Ends the process as soon as the command is done: letting Node take down a
 * build's heap first (tens of MB at 10,000 articles) took some 10 ms more
 * (an added article's rebuild at 10,000 articles, 12 interleaved pairs on a
 * RAM disk: 387.5 → 377.5 ms). Every command has awaited its own work by
 * then (a swap's old tree goes in a detached process). Output still queued
 * for stdout or stderr (where writes to a pipe are asynchronous, as on some
 * systems) drains first: the process then ends as Node ends it by itself.
 */
function exitWith(status: number): void {
  process.exitCode = status;
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(status);
}

tuneEngine();
main(process.argv.slice(2)).then(exitWith, (error: unknown) => {
  process.stderr.write(`news-archive: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  exitWith(1);
});
