/** Slugs: the ASCII fast paths give exactly what slugify gives. */
import slugify from '@sindresorhus/slugify';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiSlug, loadSlugify, plainSlug, slugFor, slugReady } from '../src/slug.js';

/** Printable ASCII, weighted towards what headlines hold and what slugify treats specially. */
const asciiText = fc
  .array(
    fc.oneof(
      fc.constantFrom("'s", "'t", "n't", "'T", '&', '^', '`', '-', '--', ' ', '\\', '_', 'A1', 'Ph.D.', "gov't", 'U.S.', '20.7 pct'),
      fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 6 }),
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(''));

/** Printable ASCII with what slugify's decamelizing treats specially: case changes, capitals before digits, plurals of acronyms. */
const camelText = fc
  .array(
    fc.oneof(
      asciiText,
      fc.constantFrom('FOO360', 'fooBar', 'APISection', 'APIs', 'APIsX', 'AB1', 'aB', 'A1b', 'McDONALD', 'SAO PAULO', 'Cairo', 'XIONG\'AN', 'G20', 'COP28'),
      fc.string({ unit: fc.constantFrom('A', 'B', 'a', 's', 't', '1', ' ', '-', "'", '&', '^'), maxLength: 8 }),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''));

describe('slugs', () => {
  it('plainSlug equals slugify without decamelizing for any printable ASCII text, camel case included, without loading slugify', () => {
    fc.assert(
      fc.property(camelText, (text) => {
        expect(plainSlug(text)).toBe(slugify(text, { decamelize: false }));
      }),
      { numRuns: 5000 },
    );
  });

  it('asciiSlug equals slugify for any printable ASCII text', () => {
    fc.assert(
      fc.property(asciiText, (text) => {
        expect(asciiSlug(text)).toBe(slugify(text, { decamelize: false }));
      }),
      { numRuns: 5000 },
    );
  });

  it('slugFor gives wire headlines the slugs slugify gives them', async () => {
    expect(slugFor("Li, Mishustin chair meeting between Chinese, Russian heads of gov't", 'a.txt')).toBe(
      'li-mishustin-chair-meeting-between-chinese-russian-heads-of-govt',
    );
    expect(slugFor('Interview: "Digital economy & agriculture go hand in hand," says Kwame Mensah', 'a.txt')).toBe(
      'interview-digital-economy-and-agriculture-go-hand-in-hand-says-kwame-mensah',
    );
    expect(slugFor("China's exports up 20.7 pct -- Xinhua's report", 'a.txt')).toBe('chinas-exports-up-20-7-pct-xinhuas-report');
    // Not ASCII: transliterated by slugify, loaded only for such a headline.
    const accented = 'Café in São Paulo – Müller’s view';
    expect(slugReady(accented)).toBe(false);
    expect(() => slugFor(accented, 'a.txt')).toThrow(/loadSlugify/);
    await loadSlugify();
    expect(slugReady(accented)).toBe(true);
    expect(slugFor(accented, 'a.txt')).toBe('cafe-in-sao-paulo-muellers-view');
    expect(slugFor('^^^ ``` ---', 'a.txt')).toMatch(/^article-[0-9a-f]{8}$/);
  });

  it('slugs a dateline place in capitals whole, whatever its letters become (regression: ZÜRICH was z-ue-rich)', async () => {
    await loadSlugify();
    expect(plainSlug('ZÜRICH')).toBe('zuerich');
    expect(plainSlug('DÜSSELDORF')).toBe('duesseldorf');
    expect(plainSlug('GÖTEBORG')).toBe('goeteborg');
    expect(plainSlug('SÃO PAULO')).toBe('sao-paulo');
    expect(plainSlug('São Paulo')).toBe('sao-paulo');
    expect(plainSlug('McALLEN')).toBe(plainSlug('MCALLEN'));
  });
});
