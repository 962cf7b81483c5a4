/**
 * Article bodies: the record's mdast tree rendered with unified + remark-html
 * (sanitised), split where photo captions stood so each caption becomes a
 * figure in place, with the dateline leading the paragraph it led in the input.
 */
import { unified } from 'unified';
import remarkHtml from 'remark-html';
import type { Root, RootContent } from 'mdast';
import type { ArticleRecord, Photo } from '../types.js';
import { raw, type SafeHtml } from '../html.js';
import { bodyOf } from '../parse/lean.js';

export type BodyBlock =
  /** The first paragraph, printed after the dateline; `html` is the paragraph's inner HTML. */
  | { kind: 'lead'; dateline: string; html: SafeHtml }
  /** Block-level HTML of a run of body nodes. */
  | { kind: 'html'; html: SafeHtml }
  | { kind: 'figure'; photo: Photo };

const processor = unified().use(remarkHtml, { sanitize: true });
/**
 * For paragraphs of text alone, as every wire body is: sanitising such a
 * tree changes nothing (the text is escaped as it is written out either way,
 * and there is no element or raw HTML to drop), and it was a fifth of the
 * time remark-html took over a wire body.
 */
const textOnly = unified().use(remarkHtml, { sanitize: false });

function toHtml(children: RootContent[], through = processor): string {
  if (children.length === 0) return '';
  const tree: Root = { type: 'root', children };
  return String(through.stringify(tree)).trim();
}

function isTextParagraph(node: RootContent): boolean {
  return node.type === 'paragraph' && node.children.every((child) => child.type === 'text');
}

/** What remark-html writes between two paragraphs. */
const BETWEEN = '</p>\n<p>';

/**
 * The HTML of each of `nodes` (`<p>…</p>`, each a slice of one string),
 * when every one is a paragraph, from one remark-html run over them all;
 * otherwise null. A body is cut into two to four runs (the dateline's
 * paragraph, the rest, the text between photos), and each run through
 * remark-html has its own set-up and its own walk of the tree for
 * definitions. Paragraphs alone hold no definitions or footnotes that could
 * reach across runs, and remark-html joins them with a line break and
 * escapes every `<` of their text, so `</p>\n<p>` stands only between two of
 * them; a count that does not come out as it should falls back to a run per
 * block.
 */
function paragraphsHtml(nodes: RootContent[]): string[] | null {
  if (nodes.length === 0 || !nodes.every((node) => node.type === 'paragraph')) return null;
  const out = toHtml(nodes, nodes.every(isTextParagraph) ? textOnly : processor);
  if (!out.startsWith('<p>') || !out.endsWith('</p>')) return null;
  const pieces: string[] = [];
  let from = 0;
  for (let at = out.indexOf(BETWEEN); at !== -1; at = out.indexOf(BETWEEN, from)) {
    pieces.push(out.slice(from, at + '</p>'.length));
    from = at + '</p>\n'.length;
  }
  pieces.push(out.slice(from));
  return pieces.length === nodes.length ? pieces : null;
}

/** Renders a record's body into blocks ready for the article template. */
export function articleBody(article: ArticleRecord): BodyBlock[] {
  const nodes = bodyOf(article).children;
  const paragraphs = paragraphsHtml(nodes);
  /** The HTML of nodes[from, to), as remark-html makes of them alone: block-level nodes joined by a line break. */
  const html = (from: number, to: number): string => (paragraphs === null ? toHtml(nodes.slice(from, to)) : paragraphs.slice(from, to).join('\n'));
  const photosAt = new Map<number, Photo[]>();
  for (const photo of article.photos) {
    const at = Math.max(0, Math.min(photo.position, nodes.length));
    const list = photosAt.get(at);
    if (list) list.push(photo);
    else photosAt.set(at, [photo]);
  }

  const blocks: BodyBlock[] = [];
  let start = 0;
  const dateline = article.dateline?.text ?? null;
  // The paragraph the dateline led: usually the first, later when unrecognised paragraphs stood before it.
  const leadAt = Math.min(article.dateline?.paragraph ?? 0, nodes.length);
  let leadDone = dateline === null;

  const flush = (end: number): void => {
    if (!leadDone && (leadAt < end || end === nodes.length)) {
      const before = html(start, leadAt);
      if (before !== '') blocks.push({ kind: 'html', html: raw(before) });
      start = Math.max(start, leadAt);
      const first = nodes[start];
      if (first?.type === 'paragraph' && start < end) {
        // Rendered as the paragraph it is, then unwrapped: inline nodes rendered as a root would be joined by line breaks.
        const paragraph = paragraphs?.[start] ?? toHtml([first]);
        blocks.push({ kind: 'lead', dateline: dateline!, html: raw(paragraph.replace(/^<p>|<\/p>$/g, '')) });
        start++;
      } else {
        blocks.push({ kind: 'lead', dateline: dateline!, html: raw('') });
      }
      leadDone = true;
    }
    const rest = html(start, end);
    if (rest !== '') blocks.push({ kind: 'html', html: raw(rest) });
    start = end;
  };

  for (let at = 0; at <= nodes.length; at++) {
    const photos = photosAt.get(at);
    if (photos === undefined) continue;
    if (at > start) flush(at);
    for (const photo of photos) blocks.push({ kind: 'figure', photo });
  }
  flush(nodes.length);
  return blocks;
}
