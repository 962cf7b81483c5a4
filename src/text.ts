/**
 * Strings V8 holds at one byte a character. V8 keeps a string whose
 * characters are all up to U+00FF (Latin-1) at one byte each, and any other
 * at two; a piece cut from a string (a slice, a split, a match) keeps the
 * width of the string it was cut from, whatever it holds. A page built from
 * even one such piece is two bytes a character throughout, and flattening
 * and encoding it costs more: the title's dash, the leads' ellipsis and the
 * headlines of dispatches with a name in another script made every page of
 * the bench's 10,000 articles two bytes a character.
 */

/** A character above U+00FF. */
const ABOVE_LATIN1 = /[^\x00-\xff]/;

/** Whether `text` holds a character above U+00FF. */
export function hasWideCharacter(text: string): boolean {
  return ABOVE_LATIN1.test(text);
}

/**
 * `text` at one byte a character when it holds no character above U+00FF,
 * else `text` itself. For a text that may have been cut from a wider one:
 * a text of Latin-1 characters is copied even when V8 already holds it at
 * one byte a character, as JavaScript cannot ask which it is.
 */
export function narrowed(text: string): string {
  return ABOVE_LATIN1.test(text) ? text : Buffer.from(text, 'latin1').toString('latin1');
}
