/**
 * Places are the cities of the datelines. Spellings that slug alike
 * (`SÃO PAULO`, `SAO PAULO`) are one place, shown under its most common spelling.
 */
import { createHash } from 'node:crypto';
import { plainSlug } from '../slug.js';

/** The slugs placeSlug gave, by name: it is asked once per article, of a few hundred names. */
const slugsOfNames = new Map<string, string>();

/** A URL-safe slug for a place name; names that slug to nothing get a stable hash slug. One not of printable ASCII needs loadSlugify first. */
export function placeSlug(name: string): string {
  let slug = slugsOfNames.get(name);
  if (slug === undefined) slugsOfNames.set(name, (slug = slugOfPlace(name)));
  return slug;
}

/** Remembers the slug of a place name as an earlier build under the same code made it (placeSlug would make the same), so it needs no slugify. */
export function knownPlaceSlug(name: string, slug: string): void {
  slugsOfNames.set(name, slug);
}

function slugOfPlace(name: string): string {
  const slug = plainSlug(name);
  if (slug !== '') return slug.slice(0, 80).replace(/-+$/, '');
  return `place-${createHash('sha256').update(name.normalize('NFC')).digest('hex').slice(0, 10)}`;
}

/** The sort and grouping key of a name: accents dropped, upper case, locale-free. */
export function placeSortKey(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
}

/** The A–Z heading a place is listed under; `#` for names not starting with a Latin letter. */
export function placeLetter(name: string): string {
  const first = placeSortKey(name).charAt(0);
  return /^[A-Z]$/.test(first) ? first : '#';
}

/** Compares strings by UTF-16 code units: the same order on every machine and locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
