/**
 * White space in a dispatch: every character JavaScript counts as white
 * space, and the zero-width space, collapses with its neighbours into one
 * space inside a paragraph; nothing else does. Held over every code point
 * of the Basic Multilingual Plane that is either, and over those near them.
 */
import { describe, expect, it } from 'vitest';
import { parseWire } from '../../src/parse/wire.js';

const HEADER = ' date 2024-08-22 Officials meet to discuss trade\n\n';

function paragraphWith(inner: string): string | undefined {
  const result = parseWire(`${HEADER}MOSCOW, Aug. 21 (Xinhua) -- First paragraph.\n\nAlpha${inner}beta gamma.\n`, 'a.txt');
  return result.article?.paragraphs[1];
}

describe('white space inside a paragraph', () => {
  const spaces: string[] = [];
  for (let code = 0; code <= 0xffff; code++) {
    const c = String.fromCharCode(code);
    if (code !== 0x0a && code !== 0x0d && /[\s\u200b]/.test(c)) spaces.push(c);
  }

  it('collapses every white-space character, alone or doubled, and a run of spaces, into one space', () => {
    expect(spaces.length).toBeGreaterThan(20);
    for (const c of [...spaces, '  ', '   ']) {
      const name = [...c].map((ch) => `U+${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join(' ');
      expect(paragraphWith(c), name).toBe('Alpha beta gamma.');
      expect(paragraphWith(` ${c}${c} `), name).toBe('Alpha beta gamma.');
    }
  });

  it('keeps every other character near them as it is', () => {
    const others = ['\u0085', '\u180e', '\u200c', '\u200d', '\u2060', '\u1fff', '\u2010', '\u205e', '\u2fff', '\ufefe', '\u00a1', '\u0008', '\u000e', '\u001f', 'x'];
    for (const c of others) {
      expect(paragraphWith(c), `U+${c.charCodeAt(0).toString(16)}`).toBe(`Alpha${c}beta gamma.`);
    }
  });
});
