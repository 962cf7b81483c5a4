/**
 * The reference: the same corpus as a Hugo site of comparable shape —
 * article pages at /YYYY/MM/DD/slug/ with previous/next links and a
 * breadcrumb, a paginated home, one section per year (paginated), the RSS
 * feed and the sitemap. Turning dispatches into Hugo content is setup and
 * is not timed; only `hugo --quiet -s SITE -d OUT` is.
 *
 * The dispatches are read with a small reader that knows only the synthetic
 * corpus's shape (see dispatch.ts), so the setup does not depend on the
 * project's own parser.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
const HEADER = /^\s*date (\d{4}-\d{2}-\d{2}) (.*)$/;
const DATELINE = /^(\p{Lu}[\p{Lu} .'-]*), [A-Z][a-z]+\.? \d{1,2} \(Xinhua\) -- /u;
const CREDIT = /\((?:Xinhua\/[^()]+|Photo by [^()]+\/Xinhua)\)$/;
/** Reads one synthetic dispatch; null when the text is not in that shape. */
export function readDispatch(text) {
    const [first, ...blocks] = text.split(/\n\s*\n/).map((block) => block.trim());
    const header = HEADER.exec(first ?? '');
    if (header === null)
        return null;
    let place = '';
    let byline = null;
    const body = [];
    for (const block of blocks) {
        if (block === '' || block === 'Enditem' || block.startsWith('Editor: '))
            continue;
        if (CREDIT.test(block)) {
            body.push({ kind: 'caption', text: block });
            continue;
        }
        if (place === '' && block.startsWith('by Xinhua writer')) {
            byline = block;
            continue;
        }
        const dateline = place === '' ? DATELINE.exec(block) : null;
        if (dateline !== null)
            place = dateline[1] ?? '';
        body.push({ kind: 'paragraph', text: block });
    }
    return { date: header[1] ?? '', headline: header[2] ?? '', place, byline, blocks: body };
}
/** A lower-case ASCII slug of a headline, at most 60 characters. */
export function slugify(text) {
    const slug = text
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 60)
        .replace(/-+$/, '');
    return slug === '' ? 'article' : slug;
}
/** A YAML double-quoted scalar: JSON strings are valid YAML. */
function yamlString(text) {
    return JSON.stringify(text);
}
/**
 * Markdown that shows `text` as written: escapes the characters Goldmark
 * would read as markup (the synthetic text has almost none; this keeps the
 * comparison honest if it ever does).
 */
function markdownText(text) {
    return text.replace(/([\\`*_[\]<>#|~])/g, '\\$1');
}
/** The Hugo content file of one dispatch. */
export function hugoContent(dispatch) {
    const front = [
        '---',
        `title: ${yamlString(dispatch.headline)}`,
        `date: ${dispatch.date}`,
        `place: ${yamlString(dispatch.place)}`,
        ...(dispatch.byline === null ? [] : [`byline: ${yamlString(dispatch.byline)}`]),
        '---',
    ];
    const body = dispatch.blocks.map((block) => block.kind === 'caption' ? `*Photo:* ${markdownText(block.text)}` : markdownText(block.text));
    return `${front.join('\n')}\n\n${body.join('\n\n')}\n`;
}
const CONFIG = `baseURL = "https://archive.example.org/"
languageCode = "en"
title = "News Archive"
paginate = 20
rssLimit = 20
disableKinds = ["taxonomy", "term"]
enableRobotsTXT = true

[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
page = ["HTML"]
`;
const LAYOUTS = {
    '_default/baseof.html': `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">{{ end }}
</head>
<body>
{{ partialCached "masthead.html" . }}
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
`,
    'partials/masthead.html': `<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav></header>
`,
    '_default/single.html': `{{ define "main" }}
<nav class="breadcrumbs"><a href="{{ "/" | relURL }}">Home</a> › {{ with .Parent }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> › {{ end }}{{ .Date.Format "January 2" }}</nav>
<article>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time> · {{ .Params.place }}</p>
{{ with .Params.byline }}<p class="byline">{{ . }}</p>{{ end }}
{{ .Content }}
</article>
<nav class="neighbours">
{{ with .Prev }}<a href="{{ .RelPermalink }}">← Older: {{ .Title }}</a>{{ end }}
{{ with .Next }}<a href="{{ .RelPermalink }}">Newer: {{ .Title }} →</a>{{ end }}
</nav>
{{ end }}
`,
    '_default/list.html': `{{ define "main" }}
<h1>{{ .Title }}</h1>
<p>{{ len .Pages }} articles</p>
<ul>
{{ range .Paginator.Pages }}<li><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "Jan 2" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a> · {{ .Params.place }}</li>
{{ end }}
</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
`,
    'index.html': `{{ define "main" }}
<h1>Latest dispatches</h1>
<p>{{ len site.RegularPages }} articles in {{ len site.Sections }} years.</p>
{{ $pages := .Paginate site.RegularPages }}
<ul>
{{ range $pages.Pages }}<li><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a> · {{ .Params.place }}</li>
{{ end }}
</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
`,
};
const STYLE = `body{font:1.1rem/1.5 Georgia,serif;max-width:42rem;margin:auto;padding:1rem}
header nav a{margin-right:.5rem}
`;
async function listTextFiles(dir) {
    const names = await readdir(dir, { recursive: true, encoding: 'utf8' });
    return names.filter((name) => name.endsWith('.txt')).sort();
}
/**
 * Writes a Hugo site for the corpus in `corpusDir` into `siteDir` (created):
 * config, layouts, a stylesheet, one `_index.md` per year and one content
 * file per dispatch at `content/YYYY/MM/DD/<slug>.md`. Returns the number of
 * articles written; files not in the synthetic shape are skipped.
 */
export async function writeHugoSite(corpusDir, siteDir) {
    await mkdir(join(siteDir, 'static'), { recursive: true });
    await writeFile(join(siteDir, 'hugo.toml'), CONFIG);
    await writeFile(join(siteDir, 'static', 'style.css'), STYLE);
    for (const [path, text] of Object.entries(LAYOUTS)) {
        await mkdir(join(siteDir, 'layouts', path, '..'), { recursive: true });
        await writeFile(join(siteDir, 'layouts', path), text);
    }
    const slugsByDay = new Map();
    const folders = new Set();
    let written = 0;
    for (const name of await listTextFiles(corpusDir)) {
        const dispatch = readDispatch(await readFile(join(corpusDir, name), 'utf8'));
        if (dispatch === null)
            continue;
        const [year, month, day] = dispatch.date.split('-');
        const used = slugsByDay.get(dispatch.date) ?? new Set();
        slugsByDay.set(dispatch.date, used);
        const base = slugify(dispatch.headline);
        let slug = base;
        for (let k = 2; used.has(slug); k++)
            slug = `${base}-${k}`;
        used.add(slug);
        const folder = join(siteDir, 'content', year, month, day);
        if (!folders.has(folder)) {
            await mkdir(folder, { recursive: true });
            folders.add(folder);
        }
        if (!folders.has(year)) {
            await writeFile(join(siteDir, 'content', year, '_index.md'), `---\ntitle: "${year}"\n---\n`);
            folders.add(year);
        }
        await writeFile(join(folder, `${slug}.md`), hugoContent(dispatch));
        written++;
    }
    return written;
}
/** The output of `hugo version`, or null when Hugo is not on the PATH. */
export function hugoVersion() {
    const result = spawnSync('hugo', ['version'], { encoding: 'utf8' });
    if (result.error !== undefined || result.status !== 0)
        return null;
    return result.stdout.trim();
}
