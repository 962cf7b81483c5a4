/** src/text.ts: texts narrowed to one byte a character in V8 where their characters allow, and nothing else changed. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasWideCharacter, narrowed } from '../src/text.js';
import { oneByteInV8 } from './one-byte.js';

describe('narrowed', () => {
  it('gives back the same text, whatever it holds', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => narrowed(text) === text));
  });

  it('holds a piece of Latin-1 text cut from a wider text at one byte a character', () => {
    const wide = 'Premier meets the delegation on trade in Zürich \u2014 Istanbul (İstanbul)';
    const piece = wide.slice(0, 40);
    expect(oneByteInV8(piece)).toBe(false);
    expect(oneByteInV8(narrowed(piece))).toBe(true);
    expect(narrowed(piece)).toBe('Premier meets the delegation on trade in');
    // Above U+00FF it stays as it is.
    expect(oneByteInV8(narrowed(wide))).toBe(false);
    expect(narrowed(wide)).toBe(wide);
  });

  it('tells a character above U+00FF', () => {
    expect(hasWideCharacter('Zürich, ÿ, \u00ff')).toBe(false);
    expect(hasWideCharacter('\u0100')).toBe(true);
    expect(hasWideCharacter('a\u2026')).toBe(true);
    expect(hasWideCharacter('\ud83d\ude00')).toBe(true);
  });
});
