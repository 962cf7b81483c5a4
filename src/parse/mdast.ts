/**
 * Builds the mdast body of a wire dispatch directly: one `paragraph` with a
 * single `text` child per body paragraph. Wire text is never sent through a
 * Markdown parser, so `1.`, `*`, `#`, `**` or `[x](y)` stay exactly as
 * written. No `position` objects: they would cost memory at 100,000 articles.
 */
import type { Root } from 'mdast';

export function paragraphsToMdast(paragraphs: readonly string[]): Root {
  return {
    type: 'root',
    children: paragraphs.map((value) => ({ type: 'paragraph', children: [{ type: 'text', value }] })),
  };
}
