/**
 * The floor: the least work any generator must do for this corpus — read
 * every file, split it into paragraphs, HTML-escape them and write one page
 * per article. Nothing else: no parsing of datelines, no lists, no links.
 * Single process and synchronous on purpose, so it measures the file system
 * and the language rather than cleverness. Run compiled (node
 * dist/src/bench/floor.js IN OUT) so a TypeScript loader is not timed.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}
/** Builds the floor site from `input` into `output`; returns the number of pages written. */
export function buildFloor(input, output) {
    const files = readdirSync(input, { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.txt'))
        .sort();
    const made = new Set();
    for (const name of files) {
        const text = readFileSync(join(input, name), 'utf8');
        const blocks = text.split(/\r?\n\s*\r?\n/);
        const title = escapeHtml((blocks[0] ?? '').trim());
        const body = blocks
            .slice(1)
            .map((block) => block.trim())
            .filter((block) => block !== '')
            .map((block) => `<p>${escapeHtml(block)}</p>`)
            .join('\n');
        const target = join(output, name.replace(/\.txt$/, ''), 'index.html');
        const folder = dirname(target);
        if (!made.has(folder)) {
            mkdirSync(folder, { recursive: true });
            made.add(folder);
        }
        writeFileSync(target, `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>\n<body><h1>${title}</h1>\n${body}\n</body></html>\n`);
    }
    return files.length;
}
const [input, output] = process.argv.slice(2);
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
    if (input === undefined || output === undefined) {
        process.stderr.write('usage: node dist/src/bench/floor.js INPUT_DIR OUTPUT_DIR\n');
        process.exitCode = 2;
    }
    else {
        buildFloor(input, output);
    }
}
