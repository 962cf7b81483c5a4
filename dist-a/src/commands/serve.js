/**
 * `news-archive serve`: builds the site, serves the output folder with
 * Eleventy's dev server (under the base path), and on any change to the input
 * folder or public/ rebuilds and reloads the browser.
 *
 * Takes every `build` option plus `--port N` (default 8080).
 */
import { watch } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import EleventyDevServer from '@11ty/eleventy-dev-server';
import { BUILD_USAGE, parseBuildArgs } from '../config.js';
import { build, buildContext, findProjectRoot } from './build.js';
export async function run(args) {
    let port = 8080;
    const rest = [];
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === '--port' || arg.startsWith('--port=')) {
            const value = arg === '--port' ? args[++i] : arg.slice('--port='.length);
            port = Number(value);
            if (!Number.isInteger(port) || port < 0 || port > 65535) {
                process.stderr.write(`news-archive serve: --port ${JSON.stringify(value ?? '')} is not a port number\n`);
                return 2;
            }
        }
        else
            rest.push(arg);
    }
    const cwd = process.cwd();
    const parsed = parseBuildArgs(rest, { cwd, stderrIsTTY: process.stderr.isTTY === true, projectRoot: findProjectRoot(cwd) });
    if (parsed.kind === 'help') {
        process.stdout.write(`${BUILD_USAGE}  --port N           port for serve (default: 8080)\n`);
        return 0;
    }
    if (parsed.kind === 'usage-error') {
        process.stderr.write(`news-archive serve: ${parsed.message}\n${BUILD_USAGE}`);
        return 2;
    }
    const config = parsed.config;
    const ctx = buildContext(cwd, path.dirname(fileURLToPath(import.meta.url)));
    const first = await build(config, ctx);
    if (first === 2)
        return first;
    const server = EleventyDevServer.getServer('news-archive', config.output, {
        pathPrefix: config.basePath,
        liveReload: true,
        domDiff: false,
    });
    server.serve(port);
    // Rebuild on changes, one build at a time; changes during a build queue one more.
    let building = false;
    let again = false;
    let timer;
    const rebuild = async () => {
        if (building) {
            again = true;
            return;
        }
        building = true;
        do {
            again = false;
            await build(config, ctx);
            server.reload({ subtype: 'full' });
        } while (again);
        building = false;
    };
    const schedule = () => {
        clearTimeout(timer);
        timer = setTimeout(() => void rebuild(), 150);
    };
    watch(config.input, { recursive: true }, schedule);
    watch(path.join(ctx.packageRoot, 'public'), { recursive: true }, schedule);
    await new Promise(() => {
        // Serve until interrupted.
    });
    return 0;
}
