/**
 * Copies of objects with some fields replaced or added, as the build makes
 * them by the thousand (parse results, records, pages, shells).
 */

/**
 * `{ ...object, ...fields }`, made with Object.assign into an empty object.
 * On Node 20 a spread followed by more keys takes V8's slow path and gives
 * every object it makes a shape of its own (20,000 made in a loop: 8 to 11
 * shared the first one's), so every later read of their fields is slow too;
 * Object.assign copies the same keys in the same order, and the copies
 * share one shape. A wire parser's dateline made so was some 6% of its time.
 */
export function withFields<T extends object, F extends object>(object: T, fields: F): Omit<T, keyof F> & F {
  return Object.assign({}, object, fields);
}
