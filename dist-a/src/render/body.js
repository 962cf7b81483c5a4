/**
 * Article bodies: the record's mdast tree rendered with unified + remark-html
 * (sanitised), split where photo captions stood so each caption becomes a
 * figure in place, with the dateline leading the paragraph it led in the input.
 */
import { unified } from 'unified';
import remarkHtml from 'remark-html';
import { raw } from '../html.js';
import { bodyOf } from '../parse/lean.js';
const processor = unified().use(remarkHtml, { sanitize: true });
function toHtml(children) {
    if (children.length === 0)
        return '';
    const tree = { type: 'root', children };
    return String(processor.stringify(tree)).trim();
}
/** Renders a record's body into blocks ready for the article template. */
export function articleBody(article) {
    const nodes = bodyOf(article).children;
    const photosAt = new Map();
    for (const photo of article.photos) {
        const at = Math.max(0, Math.min(photo.position, nodes.length));
        const list = photosAt.get(at);
        if (list)
            list.push(photo);
        else
            photosAt.set(at, [photo]);
    }
    const blocks = [];
    let start = 0;
    const dateline = article.dateline?.text ?? null;
    // The paragraph the dateline led: usually the first, later when unrecognised paragraphs stood before it.
    const leadAt = Math.min(article.dateline?.paragraph ?? 0, nodes.length);
    let leadDone = dateline === null;
    const flush = (end) => {
        if (!leadDone && (leadAt < end || end === nodes.length)) {
            const before = toHtml(nodes.slice(start, leadAt));
            if (before !== '')
                blocks.push({ kind: 'html', html: raw(before) });
            start = Math.max(start, leadAt);
            const first = nodes[start];
            if (first?.type === 'paragraph' && start < end) {
                // Rendered as the paragraph it is, then unwrapped: inline nodes rendered as a root would be joined by line breaks.
                blocks.push({ kind: 'lead', dateline: dateline, html: raw(toHtml([first]).replace(/^<p>|<\/p>$/g, '')) });
                start++;
            }
            else {
                blocks.push({ kind: 'lead', dateline: dateline, html: raw('') });
            }
            leadDone = true;
        }
        const rest = toHtml(nodes.slice(start, end));
        if (rest !== '')
            blocks.push({ kind: 'html', html: raw(rest) });
        start = end;
    };
    for (let at = 0; at <= nodes.length; at++) {
        const photos = photosAt.get(at);
        if (photos === undefined)
            continue;
        if (at > start)
            flush(at);
        for (const photo of photos)
            blocks.push({ kind: 'figure', photo });
    }
    flush(nodes.length);
    return blocks;
}
