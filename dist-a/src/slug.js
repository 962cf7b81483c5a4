/**
 * Slugs and URLs. A slug is transliterated from the headline
 * (@sindresorhus/slugify), cut to at most {@link MAX_SLUG_LENGTH} characters
 * at a word boundary, and always matches `[a-z0-9]+(-[a-z0-9]+)*`: it can never
 * hold `/`, `.` or `..`. A headline that slugs to nothing (only punctuation,
 * only CJK) gets `article-<first 8 hex digits of sha1(source path)>`.
 */
import { createHash } from 'node:crypto';
let slugify;
/**
 * Loads slugify, which slugFor and placeSlug need for text that is not
 * printable ASCII. Its module builds a pattern of some 1,900
 * transliterations when it loads (about 20 ms, in every thread), which
 * builds of wire dispatches, ASCII all, never use.
 */
export async function loadSlugify() {
    slugify ??= (await import('@sindresorhus/slugify')).default;
}
/** Whether slugFor and placeSlug can make the slug of `text` without loadSlugify. */
export function slugReady(text) {
    return slugify !== undefined || PRINTABLE_ASCII.test(text);
}
/** slugify's, for text that is not printable ASCII: loadSlugify first. */
function transliterated(text, options) {
    if (slugify === undefined)
        throw new Error(`the slug of ${JSON.stringify(text)} needs loadSlugify() first`);
    return slugify(text, options);
}
/** Longest slug kept from a headline. */
export const MAX_SLUG_LENGTH = 80;
/** How much of a headline its slug is made from. */
const HEADLINE_CHARS = 4 * MAX_SLUG_LENGTH;
const SAFE_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** The fallback slug for a headline that has nothing to transliterate. */
export function fallbackSlug(source) {
    return `article-${createHash('sha1').update(source).digest('hex').slice(0, 8)}`;
}
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/**
 * What slugify gives a headline of printable ASCII (with `decamelize:
 * false`), without its transliteration pass, which scans the text with a
 * pattern of some 1,900 replacements none of which is ASCII (about 6 µs a
 * headline): `&` becomes ` and ` (its overridable replacement), `^` and
 * `` ` `` go (the ASCII characters Unicode calls diacritics), then slugify's
 * own steps follow: lower case, `'s`/`'t` contractions joined, every run of
 * other characters one `-`, none at either end. A property test holds it to
 * slugify.
 */
export function asciiSlug(text) {
    return slugOfTransliterated(transliteratedAscii(text));
}
/** slugify's transliteration of printable ASCII. */
function transliteratedAscii(text) {
    return text.replaceAll('&', ' and ').replace(/[\^`]/g, '');
}
/**
 * slugify's `decamelize` step (FOO360 → FOO 360, fooBar → foo Bar,
 * APISection → API Section), which its default options take between
 * transliterating and lower-casing.
 */
function decamelized(text) {
    return text
        .replaceAll(/([A-Z]{2})(\d+)/g, '$1 $2')
        .replaceAll(/([a-z\d])([A-Z])/g, '$1 $2')
        .replaceAll(/([A-Z])([A-Z](?!s(?![a-z]))[a-z\d]+)/g, '$1 $2');
}
/** slugify's steps after transliterating: lower case, contractions joined, runs of other characters one `-`, none at either end. */
function slugOfTransliterated(text) {
    return text
        .toLowerCase()
        .replace(/([a-z\d])'([ts])(?![a-z\d])/g, '$1$2')
        .replace(/[^a-z\d]+/g, '-')
        .replace(/^-|-$/g, '');
}
/** The slug a headline asks for, before collisions are resolved; one not of printable ASCII needs loadSlugify first. */
export function slugFor(headline, source) {
    const text = headline.slice(0, HEADLINE_CHARS);
    let slug;
    if (PRINTABLE_ASCII.test(text))
        slug = asciiSlug(text);
    else
        slug = transliterated(text, { decamelize: false });
    if (slug.length > MAX_SLUG_LENGTH) {
        const cut = slug.lastIndexOf('-', MAX_SLUG_LENGTH);
        slug = cut > 0 ? slug.slice(0, cut) : slug.slice(0, MAX_SLUG_LENGTH);
    }
    slug = slug.replace(/-+$/, '');
    return SAFE_SLUG.test(slug) ? slug : fallbackSlug(source);
}
/** Root-relative URL of an article: `/YYYY/MM/DD/slug/`. */
export function articleUrl(date, slug) {
    return `/${date.slice(0, 4)}/${date.slice(5, 7)}/${date.slice(8, 10)}/${slug}/`;
}
/** The date of an article URL (articleUrl's `/YYYY/MM/DD/slug/`). */
export function dateOfArticleUrl(url) {
    return `${url.slice(1, 5)}-${url.slice(6, 8)}-${url.slice(9, 11)}`;
}
/** The slug of an article URL (articleUrl's `/YYYY/MM/DD/slug/`). */
export function slugOfArticleUrl(url) {
    return url.slice('/YYYY/MM/DD/'.length, -1);
}
/**
 * slugify with its default options (decamelizing), as places are slugged:
 * for printable ASCII without slugify's module, held to it by a property test.
 */
export function defaultSlug(text) {
    return PRINTABLE_ASCII.test(text) ? slugOfTransliterated(decamelized(transliteratedAscii(text))) : transliterated(text);
}
