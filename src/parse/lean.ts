/**
 * Records as the build keeps and moves them (StoredArticle): a wire
 * article's mdast `body` is a function of its `paragraphs`
 * (paragraphsToMdast), and keeping it doubles the text and adds some thirty
 * objects per article to every copy between threads and into the record
 * cache, so it is dropped after parsing and rebuilt where a page is
 * rendered. Markdown articles keep theirs: rebuilding it would mean parsing
 * the Markdown again.
 */
import type { Root } from 'mdast';
import type { ParseResult, StoredArticle, StoredResult } from '../types.js';
import { paragraphsToMdast } from './mdast.js';

/** The article without its body when the body can be rebuilt. */
export function storedArticle(article: StoredArticle): StoredArticle {
  if (article.format !== 'wire' || article.body === undefined) return article;
  const { body: _body, ...rest } = article;
  return rest;
}

/** A parse result as the build keeps it. */
export function storedResult(result: ParseResult | StoredResult): StoredResult {
  return result.article === undefined ? result : { ...result, article: storedArticle(result.article) };
}

/** An article's body: its own, or rebuilt from its paragraphs. */
export function bodyOf(article: StoredArticle): Root {
  return article.body ?? paragraphsToMdast(article.paragraphs);
}
