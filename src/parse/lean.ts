/**
 * Records as the build keeps and moves them (StoredArticle): a wire
 * article's mdast `body` is a function of its `paragraphs`
 * (paragraphsToMdast), and keeping it doubles the text and adds some thirty
 * objects per article to every copy between threads and into the record
 * cache, so it is dropped after parsing and rebuilt where a page is
 * rendered. Markdown articles keep theirs: rebuilding it would mean parsing
 * the Markdown again.
 *
 * An article read from the record cache (src/cache/records.ts) decodes its
 * body fields (BODY_FIELDS) only when something reads them: until then each
 * is an enumerable getter that decodes the body once, shared by every object
 * made from the same record (withUrl), and then becomes a plain value. To
 * every reader, structured clone (the render threads), v8.serialize and
 * JSON it is the same article. Its first paragraph, which the model needs
 * of every article, is kept apart under a symbol (firstParagraph), so the
 * model decodes no body.
 */
import type { Root } from 'mdast';
import type { ArticleRecord, ParseResult, StoredArticle, StoredResult } from '../types.js';
import { paragraphsToMdast } from './mdast.js';
import { withFields } from '../objects.js';

/** The article without its body when the body can be rebuilt. */
export function storedArticle(article: StoredArticle): StoredArticle {
  if (article.format !== 'wire' || article.body === undefined) return article;
  const { body: _body, ...rest } = article;
  return rest;
}

/** A parse result as the build keeps it. */
export function storedResult(result: ParseResult | StoredResult): StoredResult {
  return result.article === undefined ? result : withFields(result, { article: storedArticle(result.article) });
}

/** An article's body: its own, or rebuilt from its paragraphs. */
export function bodyOf(article: StoredArticle): Root {
  return article.body ?? paragraphsToMdast(article.paragraphs);
}

/** The fields that make an article's body, as against its metadata: what the record cache decodes on demand. */
export const BODY_FIELDS = ['paragraphs', 'photos', 'trailers', 'body'] as const;
export type BodyField = (typeof BODY_FIELDS)[number];
export type BodyValues = Partial<Pick<StoredArticle, BodyField>>;

/** Makes the named body fields of the article from `source` again. */
export type BodyRecovery = (source: string, fields: readonly string[]) => BodyValues;

/** The body of an article that is decoded on first read. */
export interface DeferredBody {
  /** The first paragraph, or '' when there is none. */
  readonly first: string;
  /** The body fields' values, decoded on the first call and the same objects on every later one. */
  values(): BodyValues;
  /** Makes the named body fields of the article from `source` when no copy is kept or the stored one turns out damaged (see recoverBodyWith). */
  recover: BodyRecovery | undefined;
  /** Whether the record cache keeps a copy of the body (it keeps none of a wire article's). */
  readonly kept: boolean;
  /** Takes the body fields from `parsed`, the article's file parsed again, unless they were made already. */
  supply(parsed: StoredArticle): void;
}

const DEFERRED = Symbol('deferred body');
type Deferring = Record<string, unknown> & { [DEFERRED]?: DeferredBody };

function settle(target: object, field: string, value: unknown): void {
  Object.defineProperty(target, field, { value, writable: true, enumerable: true, configurable: true });
}

const accessors = new Map<string, PropertyDescriptor & { get: () => unknown }>(
  BODY_FIELDS.map((field) => [
    field,
    {
      get(this: Deferring): unknown {
        const values = this[DEFERRED]!.values();
        if (!(field in values)) throw new Error(`the cached record of ${String(this.source)} has no ${field}`);
        const value = values[field];
        settle(this, field, value);
        return value;
      },
      set(this: Deferring, value: unknown): void {
        settle(this, field, value);
      },
      enumerable: true,
      configurable: true,
    },
  ]),
);

const BODY_FIELD_SET: ReadonlySet<string> = new Set(BODY_FIELDS);

/** Whether `key` names a body field. */
export function isBodyField(key: string): boolean {
  return BODY_FIELD_SET.has(key);
}

/**
 * Appends `fields` to `article` as getters that read through `body`, kept
 * under a symbol, which no copy or serialisation sees. Appended rather than
 * redefined in place, which would cost V8 the object's fast shape; the
 * record cache keeps an article's body fields when they are its last
 * properties, as the parsers make them, so the order is the parser's.
 */
export function deferFields(article: object, body: DeferredBody, fields: readonly string[]): void {
  Object.defineProperty(article, DEFERRED, { value: body });
  for (const field of fields) Object.defineProperty(article, field, accessors.get(field)!);
}

/**
 * Has the body of an article read from the record cache made by `recover`
 * when the cache's copy turns out damaged, rather than fail the build.
 * No-op for other articles.
 */
export function recoverBodyWith(article: StoredArticle, recover: BodyRecovery): void {
  const body = deferredBody(article);
  if (body !== undefined) body.recover = recover;
}

/** The deferred body of an article read from the record cache, whether or not it has been decoded. */
export function deferredBody(article: object): DeferredBody | undefined {
  return (article as Deferring)[DEFERRED];
}

/** Whether the body of `article`, read from the record cache, is still to be made by parsing its file again: no copy is kept and nothing has read it. */
export function bodyToParse(article: object): boolean {
  const body = deferredBody(article);
  return body !== undefined && !body.kept && isDeferred(article, 'paragraphs');
}

/** Whether `field` of `article` is still its getter: not read (nor set) yet. */
export function isDeferred(article: object, field: string): boolean {
  const accessor = accessors.get(field);
  return accessor !== undefined && Object.getOwnPropertyDescriptor(article, field)?.get === accessor.get;
}

/** An article's first paragraph, or '': without decoding the body of an article read from the record cache. */
export function firstParagraph(article: StoredArticle): string {
  const body = deferredBody(article);
  if (body !== undefined && isDeferred(article, 'paragraphs')) return body.first;
  return article.paragraphs[0] ?? '';
}

/**
 * The article placed under `slug` and `url`, as `{ ...article, slug, url }`
 * but leaving a body that is not decoded yet so, to be decoded once for both.
 */
export function withUrl(article: StoredArticle, slug: string, url: string): ArticleRecord {
  const listed = listedOf(article);
  if (listed !== undefined) return listedRecord(listed, slug, url);
  const body = deferredBody(article);
  // Not `{ ...article, slug, url }` (withFields).
  if (body === undefined) return withFields(storedArticle(article), { slug, url });
  const from = article as unknown as Deferring;
  const record: Deferring = {};
  Object.defineProperty(record, DEFERRED, { value: body });
  for (const key of Object.keys(from)) {
    if (isBodyField(key) && isDeferred(article, key)) Object.defineProperty(record, key, accessors.get(key)!);
    else record[key] = from[key];
  }
  record.slug = slug;
  record.url = url;
  return record as unknown as ArticleRecord;
}

/**
 * What a build knows of an article from the previous build's listings
 * (src/cache/listings.ts) without its record: the fields the model reads,
 * and how to make the rest, by parsing its file again.
 */
export interface ListedArticle {
  source: string;
  date: string;
  headline: string;
  /** The dateline's place as written, or null (ArticleListing.place). */
  place: string | null;
  /** ArticleListing.lead. */
  lead: string;
  /** Parses the file of the article from `source` again: called at most once, when something first reads a field the listing lacks. */
  recover: (source: string) => StoredArticle;
}

/** A listed article's shared state: its listing, and its record once parsed again. */
interface Listed extends ListedArticle {
  record?: StoredArticle;
}

const LISTED = Symbol('listed article');
type Listing = Record<string, unknown> & { [LISTED]: Listed };

function recordOfListed(listed: Listed): StoredArticle {
  return (listed.record ??= listed.recover(listed.source));
}

/**
 * The prototype of listed records: the fields a listing lacks are read from
 * the record, made (the file parsed again) on the first read; the fields of
 * its listing (the headline, and `place` and `lead`, which make it a listing
 * of its own: ArticleListing) from its listing, which may itself be read
 * when first asked for (src/cache/listings.ts). A listed record's own fields
 * are its source, date, slug and URL, so that the 10,000 of a rebuild share
 * one shape; it must be turned into its record (recordOf) before it is
 * copied to a thread or serialised, which see own fields only.
 */
const listedPrototype: object = Object.create(
  Object.prototype,
  Object.fromEntries([
    ...['format', 'dateline', 'byline', 'photos', 'paragraphs', 'trailers', 'body'].map((field) => [
      field,
      {
        get(this: Listing): unknown {
          return (recordOfListed(this[LISTED]) as unknown as Record<string, unknown>)[field];
        },
      },
    ]),
    ...(['headline', 'place', 'lead'] as const).map((field) => [
      field,
      {
        get(this: Listing): unknown {
          return this[LISTED][field];
        },
      },
    ]),
  ]),
);

/** The record of a listed article under `slug` and `url`, its file parsed again when something first reads a field its listing lacks. */
export function listedRecord(listed: ListedArticle, slug: string, url: string): ArticleRecord {
  const shared: Listed = listedOf(listed) ?? listed;
  const record = Object.create(listedPrototype) as Listing;
  record.source = shared.source;
  record.date = shared.date;
  record.slug = slug;
  record.url = url;
  record[LISTED] = shared;
  return record as unknown as ArticleRecord;
}

function listedOf(article: object): Listed | undefined {
  return (article as Partial<Listing>)[LISTED];
}

/** Whether `article` is a listed record (listedRecord). */
export function isListed(article: object): boolean {
  return listedOf(article) !== undefined;
}

/** Whether `article` is listed and its file still to parse again. */
export function listedToParse(article: object): boolean {
  const listed = listedOf(article);
  return listed !== undefined && listed.record === undefined;
}

/** Gives a listed article the record its file, parsed again elsewhere (a render thread), made. */
export function supplyListed(article: object, record: StoredArticle): void {
  const listed = listedOf(article);
  if (listed !== undefined) listed.record ??= record;
}

/** The record itself of an article that may be listed (parsed again if it must be), as the loader makes it: what a thread is sent. */
export function recordOf(article: ArticleRecord): ArticleRecord {
  const listed = listedOf(article);
  return listed === undefined ? article : withUrl(recordOfListed(listed), article.slug, article.url);
}
