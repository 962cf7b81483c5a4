/**
 * `news-archive parse PATH… [--json] [--strict]`: parses dispatches and
 * reports what became of them.
 *
 * Human mode prints one line per article on stdout, one formatted diagnostic
 * per line on stderr and a summary. `--json` prints one document on stdout:
 * `{ "articles": [...], "diagnostics": [...] }` (articles without the mdast body).
 *
 * Exit status: 0 done (even with errors in files); 1 with `--strict` when any
 * diagnostic is an error; 2 for bad usage or a path that does not exist.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadPaths } from '../corpus.js';
import { formatDiagnostic } from '../diagnostics.js';
const USAGE = `usage: news-archive parse PATH… [--json] [--strict]

  PATH       dispatch files (.txt wire text, .md Markdown) or folders of them
  --json     print { "articles": [...], "diagnostics": [...] } on stdout
  --strict   exit 1 when any diagnostic is an error
`;
/** The public JSON shape of an article: every record field but the mdast body. */
export function articleJson(a) {
    return {
        source: a.source,
        date: a.date,
        headline: a.headline,
        dateline: a.dateline,
        byline: a.byline,
        photos: a.photos,
        paragraphs: a.paragraphs,
        trailers: a.trailers,
        format: a.format,
        slug: a.slug,
        url: a.url,
    };
}
export async function run(args) {
    let values;
    let positionals;
    try {
        ({ values, positionals } = parseArgs({
            args,
            allowPositionals: true,
            options: { json: { type: 'boolean' }, strict: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
        }));
    }
    catch (error) {
        process.stderr.write(`news-archive parse: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
        return 2;
    }
    if (values.help) {
        process.stdout.write(USAGE);
        return 0;
    }
    if (positionals.length === 0) {
        process.stderr.write(`news-archive parse: no PATH given\n${USAGE}`);
        return 2;
    }
    const missing = positionals.filter((p) => !existsSync(p));
    const corpus = await loadPaths(positionals);
    const warnings = corpus.diagnostics.filter((d) => d.severity === 'warning').length;
    const errors = corpus.diagnostics.length - warnings;
    if (values.json) {
        const doc = { articles: corpus.articles.map(articleJson), diagnostics: corpus.diagnostics };
        process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    }
    else {
        const lines = corpus.articles.map((a) => `${a.source}  ${a.url}`);
        if (lines.length > 0)
            process.stdout.write(`${lines.join('\n')}\n`);
    }
    const report = corpus.diagnostics.map(formatDiagnostic);
    const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
    report.push(`${plural(corpus.files.length, 'file')}, ${plural(corpus.articles.length, 'article')}, ${plural(warnings, 'warning')}, ${plural(errors, 'error')}`);
    process.stderr.write(`${report.join('\n')}\n`);
    if (missing.length > 0)
        return 2;
    if (values.strict && errors > 0)
        return 1;
    return 0;
}
