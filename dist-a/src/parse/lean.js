import { paragraphsToMdast } from './mdast.js';
/** The article without its body when the body can be rebuilt. */
export function storedArticle(article) {
    if (article.format !== 'wire' || article.body === undefined)
        return article;
    const { body: _body, ...rest } = article;
    return rest;
}
/** A parse result as the build keeps it. */
export function storedResult(result) {
    return result.article === undefined ? result : { ...result, article: storedArticle(result.article) };
}
/** An article's body: its own, or rebuilt from its paragraphs. */
export function bodyOf(article) {
    return article.body ?? paragraphsToMdast(article.paragraphs);
}
/** The fields that make an article's body, as against its metadata: what the record cache decodes on demand. */
export const BODY_FIELDS = ['paragraphs', 'photos', 'trailers', 'body'];
const DEFERRED = Symbol('deferred body');
function settle(target, field, value) {
    Object.defineProperty(target, field, { value, writable: true, enumerable: true, configurable: true });
}
const accessors = new Map(BODY_FIELDS.map((field) => [
    field,
    {
        get() {
            const values = this[DEFERRED].values();
            if (!(field in values))
                throw new Error(`the cached record of ${String(this.source)} has no ${field}`);
            const value = values[field];
            settle(this, field, value);
            return value;
        },
        set(value) {
            settle(this, field, value);
        },
        enumerable: true,
        configurable: true,
    },
]));
const BODY_FIELD_SET = new Set(BODY_FIELDS);
/** Whether `key` names a body field. */
export function isBodyField(key) {
    return BODY_FIELD_SET.has(key);
}
/**
 * Appends `fields` to `article` as getters that read through `body`, kept
 * under a symbol, which no copy or serialisation sees. Appended rather than
 * redefined in place, which would cost V8 the object's fast shape; the
 * record cache keeps an article's body fields when they are its last
 * properties, as the parsers make them, so the order is the parser's.
 */
export function deferFields(article, body, fields) {
    Object.defineProperty(article, DEFERRED, { value: body });
    for (const field of fields)
        Object.defineProperty(article, field, accessors.get(field));
}
/**
 * Has the body of an article read from the record cache made by `recover`
 * when the cache's copy turns out damaged, rather than fail the build.
 * No-op for other articles.
 */
export function recoverBodyWith(article, recover) {
    const body = deferredBody(article);
    if (body !== undefined)
        body.recover = recover;
}
/** The deferred body of an article read from the record cache, whether or not it has been decoded. */
export function deferredBody(article) {
    return article[DEFERRED];
}
/** Whether the body of `article`, read from the record cache, is still to be made by parsing its file again: no copy is kept and nothing has read it. */
export function bodyToParse(article) {
    const body = deferredBody(article);
    return body !== undefined && !body.kept && isDeferred(article, 'paragraphs');
}
/** Whether `field` of `article` is still its getter: not read (nor set) yet. */
export function isDeferred(article, field) {
    const accessor = accessors.get(field);
    return accessor !== undefined && Object.getOwnPropertyDescriptor(article, field)?.get === accessor.get;
}
/** An article's first paragraph, or '': without decoding the body of an article read from the record cache. */
export function firstParagraph(article) {
    const body = deferredBody(article);
    if (body !== undefined && isDeferred(article, 'paragraphs'))
        return body.first;
    return article.paragraphs[0] ?? '';
}
/**
 * The article placed under `slug` and `url`, as `{ ...article, slug, url }`
 * but leaving a body that is not decoded yet so, to be decoded once for both.
 */
export function withUrl(article, slug, url) {
    const body = deferredBody(article);
    // Not `{ ...article, slug, url }`: on Node 20 a spread followed by more keys gives every object
    // a shape of its own (some 2 µs each, and every later read of a record's fields is slow);
    // Object.assign copies the same keys in the same order, and the records share one shape.
    if (body === undefined)
        return Object.assign({}, storedArticle(article), { slug, url });
    const from = article;
    const record = {};
    Object.defineProperty(record, DEFERRED, { value: body });
    for (const key of Object.keys(from)) {
        if (isBodyField(key) && isDeferred(article, key))
            Object.defineProperty(record, key, accessors.get(key));
        else
            record[key] = from[key];
    }
    record.slug = slug;
    record.url = url;
    return record;
}
