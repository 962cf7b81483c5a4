/** Article bodies (src/render/body.ts): each block is the HTML remark-html, sanitising, makes of that block's nodes alone. */
import fc from 'fast-check';
import type { PhrasingContent, Root, RootContent } from 'mdast';
import remarkHtml from 'remark-html';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { raw } from '../../src/html.js';
import { articleBody, type BodyBlock } from '../../src/render/body.js';
import { paragraphsToMdast } from '../../src/parse/mdast.js';
import type { ArticleRecord, Photo } from '../../src/types.js';

const sanitised = unified().use(remarkHtml, { sanitize: true });

/** remark-html over `nodes` as a root of their own, as every block was once rendered. */
function alone(nodes: RootContent[]): string {
  return nodes.length === 0 ? '' : String(sanitised.stringify({ type: 'root', children: nodes } satisfies Root)).trim();
}

/**
 * The reference: the body cut where photos stand and at the dateline's
 * paragraph, each run of nodes through remark-html on its own.
 */
function reference(nodes: RootContent[], photos: Photo[], dateline: { text: string; paragraph: number } | null): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  const leadAt = Math.min(dateline?.paragraph ?? 0, nodes.length);
  const html = (from: number, to: number): void => {
    const out = alone(nodes.slice(from, to));
    if (out !== '') blocks.push({ kind: 'html', html: raw(out) });
  };
  const cuts = [...new Set(photos.map((photo) => Math.max(0, Math.min(photo.position, nodes.length))))].sort((a, b) => a - b);
  let start = 0;
  let leadDone = dateline === null;
  const upTo = (end: number): void => {
    if (!leadDone && (leadAt < end || end === nodes.length)) {
      html(start, leadAt);
      start = Math.max(start, leadAt);
      const first = nodes[start];
      const lead = first?.type === 'paragraph' && start < end ? alone([first]).replace(/^<p>|<\/p>$/g, '') : '';
      if (first?.type === 'paragraph' && start < end) start++;
      blocks.push({ kind: 'lead', dateline: dateline!.text, html: raw(lead) });
      leadDone = true;
    }
    html(start, end);
    start = end;
  };
  for (const at of cuts) {
    if (at > start) upTo(at);
    for (const photo of photos) if (Math.max(0, Math.min(photo.position, nodes.length)) === at) blocks.push({ kind: 'figure', photo });
  }
  upTo(nodes.length);
  return blocks;
}

/** Blocks as plain data, their HTML as strings. */
function plain(blocks: BodyBlock[]): unknown[] {
  return blocks.map((block) => (block.kind === 'figure' ? block : { ...block, html: String(block.html) }));
}

/** Text that HTML treats specially, and text that looks like the markup between two paragraphs. */
const text = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', ' ', '<', '>', '&', '"', "'", '\n', '\u0000', '\u0007', '\u007f', '\u00e9', '\u2028', '\ud83d', '\ude00', 'p', '/') }),
  fc.constantFrom('</p>\n<p>', '<p>', '</p>', '&amp;', '<script>alert(1)</script>', ''),
);

const phrasing: fc.Arbitrary<PhrasingContent> = fc.oneof(
  text.map((value): PhrasingContent => ({ type: 'text', value })),
  text.map((value): PhrasingContent => ({ type: 'emphasis', children: [{ type: 'text', value }] })),
  text.map((value): PhrasingContent => ({ type: 'inlineCode', value })),
  text.map((value): PhrasingContent => ({ type: 'html', value: `<b>${value}</b>` })),
  text.map((value): PhrasingContent => ({ type: 'link', url: `javascript:${value}`, children: [{ type: 'text', value }] })),
  fc.constant<PhrasingContent>({ type: 'linkReference', identifier: 'ref', label: 'ref', referenceType: 'full', children: [{ type: 'text', value: 'a reference' }] }),
);

const block: fc.Arbitrary<RootContent> = fc.oneof(
  fc.array(phrasing, { maxLength: 4 }).map((children): RootContent => ({ type: 'paragraph', children })),
  text.map((value): RootContent => ({ type: 'code', value })),
  text.map((value): RootContent => ({ type: 'heading', depth: 2, children: [{ type: 'text', value }] })),
  fc.constant<RootContent>({ type: 'definition', identifier: 'ref', label: 'ref', url: 'https://example.com/' }),
  fc.constant<RootContent>({ type: 'thematicBreak' }),
);

function record(body: Root | undefined, paragraphs: string[], photos: Photo[], dateline: { text: string; paragraph: number } | null): ArticleRecord {
  const { text: datelineText, paragraph } = dateline ?? { text: '', paragraph: 0 };
  return {
    paragraphs,
    photos,
    body,
    dateline: dateline === null ? null : { text: datelineText, paragraph },
  } as unknown as ArticleRecord;
}

const photosFor = (length: number): fc.Arbitrary<Photo[]> =>
  fc.array(
    fc.record({ caption: text, credit: fc.constantFrom(null, 'Xinhua/Rao Aimin'), position: fc.integer({ min: -1, max: length + 1 }) }),
    { maxLength: 4 },
  );
const datelineFor = (length: number) => fc.option(fc.record({ text: fc.constantFrom('MOSCOW, Aug. 21 (Xinhua) --', 'A & B <C> --'), paragraph: fc.integer({ min: 0, max: length + 1 }) }));

describe('articleBody', () => {
  it('gives a wire body the blocks remark-html makes of each run of its paragraphs alone', () => {
    const wire = fc.array(text, { maxLength: 12 }).chain((paragraphs) =>
      fc.tuple(fc.constant(paragraphs), photosFor(paragraphs.length), datelineFor(paragraphs.length)),
    );
    fc.assert(
      fc.property(wire, ([paragraphs, photos, dateline]) => {
        const blocks = articleBody(record(undefined, paragraphs, photos, dateline));
        expect(plain(blocks)).toEqual(plain(reference(paragraphsToMdast(paragraphs).children, photos, dateline)));
      }),
      { numRuns: 400 },
    );
  });

  it('gives a Markdown body (links, raw HTML, code, definitions) the blocks remark-html makes of each run alone', () => {
    const markdown = fc.array(block, { maxLength: 8 }).chain((children) =>
      fc.tuple(fc.constant(children), photosFor(children.length), datelineFor(children.length)),
    );
    fc.assert(
      fc.property(markdown, ([children, photos, dateline]) => {
        const body: Root = { type: 'root', children };
        const blocks = articleBody(record(structuredClone(body), [], photos, dateline));
        expect(plain(blocks)).toEqual(plain(reference(structuredClone(body).children, photos, dateline)));
      }),
      { numRuns: 400 },
    );
  });

  it('escapes a wire paragraph that reads like the markup between two paragraphs, and leaves it one paragraph', () => {
    const blocks = articleBody(record(undefined, ['first </p>\n<p> still first', 'second & <last>'], [], { text: 'MOSCOW, Aug. 21 (Xinhua) --', paragraph: 0 }));
    expect(plain(blocks)).toEqual([
      { kind: 'lead', dateline: 'MOSCOW, Aug. 21 (Xinhua) --', html: 'first &#x3C;/p>\n&#x3C;p> still first' },
      { kind: 'html', html: '<p>second &#x26; &#x3C;last></p>' },
    ]);
  });
});
