/** Page bytes (encodeText in src/render/pages.ts): each text's UTF-8, as Buffer.from makes it, and each kept as encoded while later texts are. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeText } from '../../src/render/pages.js';

describe('encodeText', () => {
  it('gives every text the bytes Buffer.from gives it, and leaves the bytes of earlier texts as they were', () => {
    // Lengths around a block's share (4 MiB / 8 / 3 bytes a unit) and texts filling a block, with any UTF-16 (lone surrogates included).
    const long = fc.tuple(fc.constantFrom('a', 'é', '—', '\ud83d\ude00', '\ud800'), fc.integer({ min: 150_000, max: 200_000 })).map(([unit, n]) => unit.repeat(n));
    const text = fc.oneof({ weight: 8, arbitrary: fc.string({ unit: 'binary', maxLength: 3000 }) }, { weight: 1, arbitrary: long });
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 60 }), (texts) => {
        const encoded = texts.map((t) => encodeText(t));
        for (let i = 0; i < texts.length; i++) expect(encoded[i]!.equals(Buffer.from(texts[i]!, 'utf8'))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('encodes an empty text as no bytes', () => {
    expect(encodeText('').length).toBe(0);
    expect(encodeText('<p>x</p>').toString('utf8')).toBe('<p>x</p>');
  });
});
