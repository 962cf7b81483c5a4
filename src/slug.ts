/**
 * Slugs and URLs. A slug is transliterated from the headline
 * (@sindresorhus/slugify), cut to at most {@link MAX_SLUG_LENGTH} characters
 * at a word boundary, and always matches `[a-z0-9]+(-[a-z0-9]+)*`: it can never
 * hold `/`, `.` or `..`. A headline that slugs to nothing (only punctuation,
 * only CJK) gets `article-<first 8 hex digits of sha1(source path)>`.
 */
import { createHash } from 'node:crypto';

type Slugify = typeof import('@sindresorhus/slugify').default;
let slugify: Slugify | undefined;

/**
 * Loads slugify, which slugFor and placeSlug need for text that is not
 * printable ASCII. Its module builds a pattern of some 1,900
 * transliterations when it loads (about 20 ms, in every thread), which
 * builds of wire dispatches, ASCII all, never use.
 */
export async function loadSlugify(): Promise<void> {
  slugify ??= (await import('@sindresorhus/slugify')).default;
}

/** Whether slugFor and placeSlug can make the slug of `text` without loadSlugify. */
export function slugReady(text: string): boolean {
  return slugify !== undefined || PRINTABLE_ASCII.test(text);
}

/** slugify's slug without decamelizing (plainSlug), for text that is not printable ASCII: loadSlugify first. */
function transliterated(text: string): string {
  if (slugify === undefined) throw new Error(`the slug of ${JSON.stringify(text)} needs loadSlugify() first`);
  return slugify(text, { decamelize: false });
}

/** Longest slug kept from a headline. */
export const MAX_SLUG_LENGTH = 80;
/** How much of a headline its slug is made from. */
const HEADLINE_CHARS = 4 * MAX_SLUG_LENGTH;

const SAFE_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The fallback slug for a headline that has nothing to transliterate. */
export function fallbackSlug(source: string): string {
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
export function asciiSlug(text: string): string {
  return slugOfTransliterated(transliteratedAscii(text));
}

/** slugify's transliteration of printable ASCII. */
function transliteratedAscii(text: string): string {
  return text.replaceAll('&', ' and ').replace(/[\^`]/g, '');
}

/** slugify's steps after transliterating: lower case, contractions joined, runs of other characters one `-`, none at either end. */
function slugOfTransliterated(text: string): string {
  return text
    .toLowerCase()
    .replace(/([a-z\d])'([ts])(?![a-z\d])/g, '$1$2')
    .replace(/[^a-z\d]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The slug a headline asks for, before collisions are resolved; one not of printable ASCII needs loadSlugify first. */
export function slugFor(headline: string, source: string): string {
  const text = headline.slice(0, HEADLINE_CHARS);
  let slug = plainSlug(text);
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

/** The date of an article URL (articleUrl's `/YYYY/MM/DD/slug/`). */
export function dateOfArticleUrl(url: string): string {
  return `${url.slice(1, 5)}-${url.slice(6, 8)}-${url.slice(9, 11)}`;
}

/** The slug of an article URL (articleUrl's `/YYYY/MM/DD/slug/`). */
export function slugOfArticleUrl(url: string): string {
  return url.slice('/YYYY/MM/DD/'.length, -1);
}

/**
 * slugify's slug of `text` without its `decamelize` step, as headlines and
 * places are slugged: decamelizing split the `Ue` that `Ü` becomes
 * (`ZÜRICH` → `z-ue-rich`, `DÜSSELDORF` → `d-ue-sseldorf`) and made
 * `McALLEN` and `MCALLEN` two places. One not of printable ASCII needs
 * loadSlugify first.
 */
export function plainSlug(text: string): string {
  return PRINTABLE_ASCII.test(text) ? asciiSlug(text) : transliterated(text);
}
