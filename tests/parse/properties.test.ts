/**
 * Property tests (fast-check): for any input the parser never throws, gives
 * the same answer twice, and loses no word of a non-blank line (see
 * accounting.ts for what "found" means).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUtf8 } from 'node:buffer';
import { decodeBytes, firstInvalidUtf8 } from '../../src/decode.js';
import { parseBytes, parseText } from '../../src/parse/index.js';
import type { ParseResult } from '../../src/types.js';
import { lostWords } from './accounting.js';

/** Pieces real dispatches are made of, to reach deep into the parser. */
const fragment = fc.oneof(
  fc.constantFrom(
    '',
    '   ',
    'MOSCOW, Aug. 21 (Xinhua) -- Li said here Wednesday.',
    '(240413) -- BEIJING, April 13, 2024 (Xinhua) -- Visitors view blossoms.',
    'WASHINGTON (Reuters) - Stocks fell.',
    'PARIS (AP) — A fire broke out.',
    'Li meets Putin. (Xinhua/Rao Aimin)',
    'A panda rests. [Photo/Xinhua]',
    'Li Ming / Xinhua | Visitors take pictures.',
    'Top: Tourists visit the park.',
    'by Xinhua writer Zhang San',
    'Enditem',
    'Editor: Li Yan',
    'Adjust font size:',
    '0 Comment(s) Print E-mail',
    '2021-05-28 09:42:17',
    'Home » World » Asia',
    '1. Not a list',
    '* not a bullet **bold** [x](y)',
    '\tindented line',
    'a lower-case continuation',
    'He said. Enditem',
    '(AFP)',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);
const headerLine = fc.tuple(
  fc.constantFrom(' date ', 'date ', '\uFEFF date ', '\u00a0date\t', ' Date: ', ' date'),
  fc.constantFrom('2024-08-22', '2024-02-30', '2023-05', '2023', '1066-01-01', 'soon', '2024-01-01', ''),
  fc.oneof(fc.constantFrom('', ' Top', ' Xinhuanet', ' Headline -Xinhua', ' MOSCOW, Aug. 21 (Xinhua) -- Text.'), fc.string({ maxLength: 30 })),
).map(([a, b, c]) => a + b + c);
const dispatch = fc
  .tuple(headerLine, fc.array(fragment, { maxLength: 14 }), fc.constantFrom('\n', '\r\n', '\n\n', '\r'))
  .map(([header, lines, eol]) => [header, ...lines].join(eol));

function check(text: string, result: ParseResult, again: ParseResult): void {
  expect(again).toEqual(result);
  expect(lostWords(text, result)).toEqual([]);
  for (const d of result.diagnostics) {
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
  }
  if (result.article) {
    expect(result.article.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(result.article.headline.length).toBeGreaterThan(0);
    for (const p of result.article.photos) expect(p.position).toBeLessThanOrEqual(result.article.paragraphs.length);
  } else {
    expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  }
}

describe('parser properties', () => {
  it('arbitrary strings: never throws, deterministic, nothing lost', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        check(text, parseText(text, 'a.txt'), parseText(text, 'a.txt'));
      }),
      { numRuns: 500 },
    );
  });

  it('dispatch-shaped text: never throws, deterministic, nothing lost', () => {
    fc.assert(
      fc.property(dispatch, (text) => {
        check(text, parseText(text, 'a.txt'), parseText(text, 'a.txt'));
      }),
      { numRuns: 1500 },
    );
  });

  it('arbitrary bytes through parseBytes: never throws, deterministic, nothing lost', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const result = parseBytes(bytes, 'a.txt');
        const text = decodeBytes(bytes, 'a.txt').text;
        if (text === undefined) expect(result.article).toBeUndefined();
        check(text ?? '', result, parseBytes(bytes, 'a.txt'));
      }),
      { numRuns: 500 },
    );
  });

  it('a credit that runs into its caption (`A/A|!`) is found in both', () => {
    const text = ' date 2024-08-22\nA/A|!';
    const result = parseText(text, 'a.txt');
    expect(result.article?.photos).toEqual([{ caption: '!', credit: 'A/A', position: 0 }]);
    check(text, result, parseText(text, 'a.txt'));
  });

  it('dispatch-shaped text as bytes, in UTF-8 and windows-1252 shapes', () => {
    fc.assert(
      fc.property(dispatch, fc.boolean(), (text, latin) => {
        const bytes = latin ? Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff) : new TextEncoder().encode(text);
        const decoded = decodeBytes(bytes, 'a.txt').text;
        const result = parseBytes(bytes, 'a.txt');
        check(decoded ?? '', result, parseBytes(bytes, 'a.txt'));
      }),
      { numRuns: 500 },
    );
  });

  it('the UTF-8 check the decoder takes first agrees with the byte loop that finds where UTF-8 breaks', () => {
    // Valid sequences of every length, overlong forms, surrogates, code points past U+10FFFF and cut-off sequences.
    const piece = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 8 }).map((text) => [...new TextEncoder().encode(text)]),
      fc.constantFrom([0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x9f], [0xe2, 0x82], [0x80], [0xff]),
      fc.array(fc.integer({ min: 0x80, max: 0xff }), { maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const bytes = Uint8Array.from(pieces.flat());
        expect(isUtf8(bytes)).toBe(firstInvalidUtf8(bytes) === -1);
      }),
      { numRuns: 3000 },
    );
  });

  it('Markdown input never throws and is deterministic', () => {
    const md = fc.tuple(fc.constantFrom('---\ndate: 2024-01-02\ntitle: T\n---\n', '---\n: [\n---\n', ''), fc.string({ maxLength: 200 }));
    fc.assert(
      fc.property(md, ([front, body]) => {
        const text = front + body;
        expect(parseText(text, 'a.md')).toEqual(parseText(text, 'a.md'));
      }),
      { numRuns: 300 },
    );
  });
});
