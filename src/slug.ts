/**
 * Slugs and URLs. A slug is transliterated from the headline
 * (@sindresorhus/slugify), cut to at most {@link MAX_SLUG_LENGTH} characters
 * at a word boundary, and always matches `[a-z0-9]+(-[a-z0-9]+)*`: it can never
 * hold `/`, `.` or `..`. A headline that slugs to nothing (only punctuation,
 * only CJK) gets `article-<first 8 hex digits of sha1(source path)>`.
 */
import { createHash } from 'node:crypto';
import slugify from '@sindresorhus/slugify';

/** Longest slug kept from a headline. */
export const MAX_SLUG_LENGTH = 80;

const SAFE_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The fallback slug for a headline that has nothing to transliterate. */
export function fallbackSlug(source: string): string {
  return `article-${createHash('sha1').update(source).digest('hex').slice(0, 8)}`;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * What slugify gives a headline of printable ASCII, without its
 * transliteration pass, which scans the text with a pattern of some 1,900
 * replacements none of which is ASCII (about 6 µs a headline): `&` becomes
 * ` and ` (its overridable replacement), `^` and `` ` `` go (the ASCII
 * characters Unicode calls diacritics), then slugify's own steps follow:
 * lower case, `'s`/`'t` contractions joined, every run of other characters
 * one `-`, none at either end. A property test holds it to slugify.
 */
export function asciiSlug(text: string): string {
  return text
    .replaceAll('&', ' and ')
    .replace(/[\^`]/g, '')
    .toLowerCase()
    .replace(/([a-z\d])'([ts])(?![a-z\d])/g, '$1$2')
    .replace(/[^a-z\d]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The slug a headline asks for, before collisions are resolved. */
export function slugFor(headline: string, source: string): string {
  const text = headline.slice(0, 4 * MAX_SLUG_LENGTH);
  let slug = PRINTABLE_ASCII.test(text) ? asciiSlug(text) : slugify(text, { decamelize: false });
  if (slug.length > MAX_SLUG_LENGTH) {
    const cut = slug.lastIndexOf('-', MAX_SLUG_LENGTH);
    slug = cut > 0 ? slug.slice(0, cut) : slug.slice(0, MAX_SLUG_LENGTH);
  }
  slug = slug.replace(/-+$/, '');
  return SAFE_SLUG.test(slug) ? slug : fallbackSlug(source);
}

/** Root-relative URL of an article: `/YYYY/MM/DD/slug/`. */
export function articleUrl(date: string, slug: string): string {
  return `/${date.slice(0, 4)}/${date.slice(5, 7)}/${date.slice(8, 10)}/${slug}/`;
}
