#!/usr/bin/env node
/**
 * The command line entry point. Each command lives in src/commands/ and
 * exports `run(args: string[]): Promise<number>` returning the exit status:
 * 0 done (possibly with warnings), 1 errors under --strict or a failed build,
 * 2 bad usage.
 */
const USAGE = `usage: news-archive <command> [options]

commands:
  parse PATH… [--json] [--strict]   parse dispatches and print records and diagnostics
  build [--input DIR] [--output DIR] [options]   build the static archive
  serve [build options] [--port N]   build, serve with live reload, rebuild on changes
`;
async function main(argv) {
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
main(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
}, (error) => {
    process.stderr.write(`news-archive: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
});
export {};
