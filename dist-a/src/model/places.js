/**
 * Places are the cities of the datelines. Spellings that slug alike
 * (`SÃO PAULO`, `SAO PAULO`) are one place, shown under its most common spelling.
 */
import { createHash } from 'node:crypto';
import { defaultSlug } from '../slug.js';
/** The slugs placeSlug gave, by name: it is asked once per article, of a few hundred names. */
const slugsOfNames = new Map();
/** A URL-safe slug for a place name; names that slug to nothing get a stable hash slug. One not of printable ASCII needs loadSlugify first. */
export function placeSlug(name) {
    let slug = slugsOfNames.get(name);
    if (slug === undefined)
        slugsOfNames.set(name, (slug = slugOfPlace(name)));
    return slug;
}
function slugOfPlace(name) {
    const slug = defaultSlug(name);
    if (slug !== '')
        return slug.slice(0, 80).replace(/-+$/, '');
    return `place-${createHash('sha256').update(name.normalize('NFC')).digest('hex').slice(0, 10)}`;
}
/** The sort and grouping key of a name: accents dropped, upper case, locale-free. */
export function placeSortKey(name) {
    return name.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
}
/** The A–Z heading a place is listed under; `#` for names not starting with a Latin letter. */
export function placeLetter(name) {
    const first = placeSortKey(name).charAt(0);
    return /^[A-Z]$/.test(first) ? first : '#';
}
/** Compares strings by UTF-16 code units: the same order on every machine and locale. */
export function compareCodeUnits(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
