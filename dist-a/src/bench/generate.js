/**
 * Command line for the synthetic corpus:
 *   tsx src/bench/generate.ts DIR [--articles N] [--seed S] [--layout nested|flat]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, generateCorpus } from './corpus.js';
const USAGE = 'usage: tsx src/bench/generate.ts DIR [--articles N (default 1000)] [--seed S] [--layout nested|flat]\n';
async function main(argv) {
    const { values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
            articles: { type: 'string', default: '1000' },
            seed: { type: 'string', default: DEFAULT_SEED },
            layout: { type: 'string', default: 'nested' },
            help: { type: 'boolean', short: 'h', default: false },
        },
    });
    const dir = positionals[0];
    const n = Number(values.articles);
    if (values.help || dir === undefined || positionals.length > 1 || !Number.isInteger(n) || n < 0) {
        process.stderr.write(USAGE);
        return values.help ? 0 : 2;
    }
    if (values.layout !== 'nested' && values.layout !== 'flat') {
        process.stderr.write(`--layout must be nested or flat\n${USAGE}`);
        return 2;
    }
    const layout = values.layout;
    const summary = await generateCorpus(dir, n, values.seed, layout);
    process.stdout.write(`wrote ${summary.files} dispatches (${(summary.bytes / 1e6).toFixed(1)} MB, ${summary.firstDate} to ${summary.lastDate}) to ${dir}\n`);
    return 0;
}
main(process.argv.slice(2)).then((status) => (process.exitCode = status), (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
});
