#!/usr/bin/env node
/**
 * The command line entry point. Each command lives in src/commands/ and
 * exports `run(args: string[]): Promise<number>` returning the exit status:
 * 0 done (possibly with warnings), 1 errors under --strict or a failed build,
 * 2 bad usage.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadScript } from './codecache.js';
import { tuneEngine } from './engine.js';

const USAGE = `usage: news-archive <command> [options]

commands:
  parse PATH… [--json] [--strict]   parse dispatches and print records and diagnostics
  build [--input DIR] [--output DIR] [options]   build the static archive
  serve [build options] [--port N]   build, serve with live reload, rebuild on changes
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'parse':
      return (await import('./commands/parse.js')).run(rest);
    case 'build':
      return (await buildCommand()).run(rest);
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
 * The build command: compiled and bundled, the CommonJS script that runs
 * with V8's code cache (src/codecache.ts); else (run from the sources, or
 * compiled and not bundled) its module.
 */
async function buildCommand(): Promise<{ run(args: string[]): Promise<number> }> {
  const script = fileURLToPath(new URL('./chunks/build.cjs', import.meta.url));
  if (!existsSync(script)) return import('./commands/build.js');
  return loadScript<{ run(args: string[]): Promise<number> }>(script).exports;
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
