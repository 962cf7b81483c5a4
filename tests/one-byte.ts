/** A test's view of how V8 holds a string (src/text.ts). */
import { serialize } from 'node:v8';

/**
 * Whether V8 holds `text` at one byte a character: its serializer writes such
 * a string under the tag `"`, and one of two bytes a character under `c`
 * (after a byte of padding where it needs one).
 */
export function oneByteInV8(text: string): boolean {
  const bytes = serialize(text);
  let at = 2;
  while (bytes[at] === 0) at++;
  if (bytes[at] !== 0x22 && bytes[at] !== 0x63) throw new Error(`oneByteInV8: unexpected tag ${bytes[at]}`);
  return bytes[at] === 0x22;
}
