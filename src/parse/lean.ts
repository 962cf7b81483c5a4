/**
 * Records as they cross a thread or a file boundary. A wire record's mdast
 * `body` is a function of its `paragraphs` (paragraphsToMdast), and copying
 * it doubles the text and adds some thirty objects per article, so it is
 * left out on the way (lean) and rebuilt on arrival (full). Markdown records
 * keep theirs: rebuilding it would mean parsing the Markdown again.
 *
 * A lean record is typed as the full one because nothing may read it before
 * it is made full again; only the code that moves records uses these.
 */
import type { ParsedArticle, ParseResult } from '../types.js';
import { paragraphsToMdast } from './mdast.js';

/** The article without its body when the body can be rebuilt. */
export function leanArticle<T extends ParsedArticle>(article: T): T {
  if (article.format !== 'wire') return article;
  const { body: _body, ...rest } = article;
  return rest as unknown as T;
}

/** A lean article made whole again, with its properties in the parser's order (body last). */
export function fullArticle<T extends ParsedArticle>(article: T): T {
  if (article.format !== 'wire' || article.body !== undefined) return article;
  return { ...article, body: paragraphsToMdast(article.paragraphs) };
}

export function leanResult(result: ParseResult): ParseResult {
  return result.article === undefined ? result : { ...result, article: leanArticle(result.article) };
}

export function fullResult(result: ParseResult): ParseResult {
  return result.article === undefined ? result : { ...result, article: fullArticle(result.article) };
}
