/**
 * The Markdown reader: a `.md` file with front matter becomes the same record
 * as a wire dispatch.
 *
 *     ---
 *     date: 2024-08-22
 *     headline: Li, Mishustin chair meeting …     (or `title`)
 *     dateline: MOSCOW, Aug. 21 (Xinhua)          (optional; read by the wire dateline parser)
 *     byline: by Xinhua writer Zhang San          (optional)
 *     photos:                                     (optional)
 *       - caption: Chinese Premier Li Qiang …
 *         credit: Xinhua/Rao Aimin
 *         position: 0
 *     ---
 *     Body in Markdown.
 *
 * Without a `dateline` field, a dateline opening the first paragraph is taken
 * off it, as for wire text. Without a headline, a leading `# Heading` is used.
 * `paragraphs` holds the plain text of each top-level block. Raw HTML is
 * kept as text (shown escaped), and front matter is only ever YAML or JSON.
 */
import matter from 'gray-matter';
import { toString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { diagnostic, quote } from '../diagnostics.js';
import { matchDateline } from './dateline.js';
import { isoDate } from './dates.js';
import { settleDates } from './settle.js';
import { parseHeaderDate } from './wire.js';
const markdownParser = unified().use(remarkParse);
/**
 * gray-matter runs front matter opened with `---js` or `---coffee` as code
 * (it calls eval). An input file must never run code: those languages throw.
 */
function refuseLanguage(language) {
    return {
        parse: () => {
            throw new Error(`front matter in ${language} is never run; write it in YAML`);
        },
    };
}
const FRONT_MATTER_OPTIONS = { engines: { javascript: refuseLanguage('JavaScript'), coffee: refuseLanguage('CoffeeScript') } };
/**
 * The deepest nesting read (quotes in lists in quotes …). remark-parse reads
 * any depth, but every later step walks the tree recursively: thousands of
 * levels would overflow the stack, here or in the renderer, and are no article.
 */
const MAX_DEPTH = 100;
/** How deep a tree is, measured without recursion. */
function depthOf(root) {
    let deepest = 0;
    const stack = [[root, 0]];
    while (stack.length > 0) {
        const [node, depth] = stack.pop();
        if (depth > deepest)
            deepest = depth;
        if (Array.isArray(node.children))
            for (const child of node.children)
                stack.push([child, depth + 1]);
    }
    return deepest;
}
/** Nodes whose children are blocks (flow content): raw HTML there becomes a paragraph of text. */
const FLOW_PARENTS = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);
/**
 * Raw HTML in a Markdown article is shown as the text it is, never as markup
 * (an image with a source no page may load as its alt text, a javascript: link as its text):
 * an archive of exported articles is not trusted to write the page, and text
 * the sanitiser would drop would be lost from the page.
 */
function htmlAsText(node) {
    if (!Array.isArray(node.children))
        return;
    node.children = node.children.flatMap((child) => {
        const c = child;
        // An image the page could not load (javascript:, data:) is shown as its alt text,
        // a link that is not http(s) or mailto as its text.
        if (c.type === 'image' && !IMAGE_URL.test((c.url ?? '').trim()))
            return [{ type: 'text', value: c.alt ?? '' }];
        if (c.type === 'link' && !LINK_URL.test((c.url ?? '').trim())) {
            htmlAsText(c);
            return c.children ?? [];
        }
        if (c.type !== 'html') {
            htmlAsText(c);
            return c;
        }
        const text = { type: 'text', value: c.value ?? '' };
        return FLOW_PARENTS.has(node.type) ? { type: 'paragraph', children: [text] } : text;
    });
}
/** Drops `position` from every node: the records stay small and the same for both readers. */
function stripPositions(node) {
    delete node.position;
    if (Array.isArray(node.children))
        for (const child of node.children)
            stripPositions(child);
}
/** Blocks whose children are blocks: their text is their children's, space-separated (`toString` would glue list items). */
const CONTAINERS = new Set(['list', 'listItem', 'blockquote', 'table', 'tableRow', 'footnoteDefinition']);
/** Plain text of one top-level block. */
function blockText(node) {
    if (CONTAINERS.has(node.type) && 'children' in node) {
        return node.children.map(blockText).filter((t) => t.length > 0).join(' ');
    }
    return plainText(node).replace(/\s+/g, ' ').trim();
}
/** Text of a node as a reader sees it: like mdast-util-to-string, but a hard line break is a space, not nothing. */
function plainText(node) {
    if (node.type === 'break')
        return ' ';
    if ('children' in node)
        return node.children.map(plainText).join('');
    return toString(node);
}
/** Image sources a page may load: http(s) or a relative path; anything else (javascript:, data:) is not an image. */
const IMAGE_URL = /^(?:https?:\/\/|[^:]*$)/i;
/** Link targets a page may carry: http(s), mailto, or a relative path or fragment. */
const LINK_URL = /^(?:https?:\/\/|mailto:|[^:]*$)/i;
function lineOf(text, offset) {
    let line = 1;
    for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1))
        line++;
    return line;
}
function asString(value) {
    if (typeof value === 'string')
        return value.trim();
    if (typeof value === 'number' && Number.isFinite(value))
        return String(value);
    return null;
}
/** Parses one Markdown article. Never throws. */
export function parseMarkdown(text, file) {
    const diagnostics = [];
    const error = (line, rule, message) => ({
        diagnostics: [...diagnostics, diagnostic(file, line, 1, 'error', rule, message)],
    });
    const warn = (line, rule, message) => {
        diagnostics.push(diagnostic(file, line, 1, 'warning', rule, message));
    };
    let data;
    let content;
    try {
        // Options object given on purpose: without one gray-matter caches every file it has seen.
        const parsed = matter(text, FRONT_MATTER_OPTIONS);
        data = parsed.data;
        content = parsed.content;
    }
    catch (cause) {
        const mark = cause.mark;
        const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
        return error((mark?.line ?? 0) + 2, 'invalid-front-matter', `the front matter is not valid YAML: ${reason}`);
    }
    const bodyLine = lineOf(text, text.length - content.length);
    // date
    const rawDate = data.date;
    let date;
    if (rawDate instanceof Date) {
        if (Number.isNaN(rawDate.getTime()))
            return error(1, 'invalid-date', 'the front matter `date` is not a date');
        const written = isoDate(rawDate.getUTCFullYear(), rawDate.getUTCMonth() + 1, rawDate.getUTCDate());
        const checked = parseHeaderDate(written, file, 1, 1);
        if (!checked.ok)
            return { diagnostics: [...diagnostics, checked.diagnostic] };
        date = { date: checked.date, partial: null, written };
    }
    else {
        const written = asString(rawDate);
        if (written === null || written.length === 0) {
            return error(1, 'missing-date-line', 'the front matter has no `date`: add `date: YYYY-MM-DD`');
        }
        const checked = parseHeaderDate(written, file, 1, 1);
        if (!checked.ok)
            return { diagnostics: [...diagnostics, checked.diagnostic] };
        date = { date: checked.date, partial: checked.partial, written };
    }
    const tree = markdownParser.parse(content);
    const depth = depthOf(tree);
    if (depth > MAX_DEPTH) {
        return error(bodyLine, 'too-deeply-nested', `the Markdown is nested ${depth} levels deep (quotes, lists): at most ${MAX_DEPTH} are read; flatten it`);
    }
    stripPositions(tree);
    htmlAsText(tree);
    // headline: front matter, else a leading `# Heading`
    let headline = asString(data.headline) ?? asString(data.title);
    if (headline === null || headline.length === 0) {
        const first = tree.children[0];
        if (first?.type === 'heading' && first.depth === 1) {
            headline = toString(first).trim();
            tree.children.shift();
        }
    }
    if (headline === null || headline.length === 0) {
        return error(1, 'missing-headline', 'the front matter has no `headline` or `title`: add one');
    }
    // The page's one <h1> is the headline: a `# Heading` left in the body is a section heading.
    for (const node of tree.children)
        if (node.type === 'heading' && node.depth === 1)
            node.depth = 2;
    // dateline: front matter string or object, else the start of the first paragraph
    // A Markdown dateline always leads the first paragraph.
    let dateline = null;
    const rawDateline = data.dateline;
    if (typeof rawDateline === 'string' && rawDateline.trim().length > 0) {
        const written = rawDateline.trim();
        const match = matchDateline(written) ?? matchDateline(`${written} --`);
        if (match && match.rest.length === 0) {
            dateline = { ...match, text: written, line: 1, paragraph: 0 };
        }
        else {
            dateline = { place: written, date: null, agency: null, text: written, parts: null, line: 1, paragraph: 0 };
            warn(1, 'missing-dateline', `the front matter dateline ${quote(written)} does not read as "CITY, Mon. D (Agency)": kept as the place`);
        }
    }
    else if (rawDateline !== undefined && rawDateline !== null && typeof rawDateline === 'object') {
        const d = rawDateline;
        const place = asString(d.place);
        if (place === null) {
            warn(1, 'invalid-front-matter', 'the front matter dateline has no `place`: it was left out');
        }
        else {
            const when = asString(d.date);
            const agency = asString(d.agency);
            const text = `${place}${when ? `, ${when}` : ''}${agency ? ` (${agency})` : ''}`;
            const parts = when ? matchDateline(`${place}, ${when} --`)?.parts ?? null : null;
            dateline = { place, date: when, agency, text, parts, line: 1, paragraph: 0 };
        }
    }
    else {
        const first = tree.children[0];
        const lead = first?.type === 'paragraph' ? first.children[0] : undefined;
        if (first?.type === 'paragraph' && lead?.type === 'text') {
            const match = matchDateline(lead.value);
            if (match) {
                dateline = { ...match, line: bodyLine, paragraph: 0 };
                if (match.rest.length > 0)
                    lead.value = match.rest;
                else
                    first.children.shift();
                if (first.children.length === 0)
                    tree.children.shift();
            }
        }
    }
    const byline = asString(data.byline);
    const photos = readPhotos(data.photos, warn);
    const paragraphs = tree.children.map(blockText).filter((p) => p.length > 0);
    if (paragraphs.length === 0 && photos.length === 0) {
        return error(bodyLine, 'empty-body', 'the article has no body text: add Markdown after the front matter');
    }
    if (dateline === null && paragraphs.length > 0) {
        warn(bodyLine, 'missing-dateline', 'no dateline found: add `dateline: CITY, Mon. D (Agency)` to the front matter');
    }
    const settled = settleDates(file, { ...date, line: 1 }, dateline, diagnostics);
    return {
        article: {
            source: file,
            format: 'markdown',
            date: settled.date,
            headline,
            dateline: settled.dateline,
            byline: byline === null || byline.length === 0 ? null : byline,
            photos: photos.map((p) => ({ ...p, position: Math.min(p.position, paragraphs.length) })),
            paragraphs,
            trailers: [],
            body: tree,
        },
        diagnostics,
    };
}
function readPhotos(raw, warn) {
    if (raw === undefined || raw === null)
        return [];
    if (!Array.isArray(raw)) {
        warn(1, 'invalid-front-matter', 'the front matter `photos` is not a list: it was left out');
        return [];
    }
    const photos = [];
    raw.forEach((item, index) => {
        const entry = typeof item === 'string' ? { caption: item } : item;
        const caption = entry === null || typeof entry !== 'object' ? null : asString(entry.caption);
        if (entry === null || caption === null) {
            warn(1, 'invalid-front-matter', `photo ${index + 1} in the front matter has no \`caption\`: it was left out`);
            return;
        }
        const position = Number(entry.position ?? 0);
        photos.push({
            caption,
            credit: asString(entry.credit),
            position: Number.isInteger(position) && position >= 0 ? position : 0,
        });
    });
    return photos;
}
