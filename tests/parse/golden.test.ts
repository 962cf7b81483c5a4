/**
 * Golden fixtures: each folder of tests/fixtures/parse holds `input.txt` or
 * `input.md` and `expected.json` ({ article, diagnostics }, the article without
 * its mdast body for wire text). Regenerate on purpose with
 * `UPDATE_GOLDEN=1 npx vitest run tests/parse/golden.test.ts`, then review the diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../src/decode.js';
import { parseBytes } from '../../src/parse/index.js';
import { paragraphsToMdast } from '../../src/parse/mdast.js';
import type { ParseResult } from '../../src/types.js';
import { lostWords } from './accounting.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/parse');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function snapshot(result: ParseResult): unknown {
  if (!result.article) return { article: null, diagnostics: result.diagnostics };
  const { body, ...rest } = result.article;
  return { article: rest.format === 'markdown' ? { ...rest, body } : rest, diagnostics: result.diagnostics };
}

const cases = readdirSync(FIXTURES).sort();

describe('golden fixtures', () => {
  it('has fixtures', () => {
    expect(cases.length).toBeGreaterThan(30);
  });

  for (const name of cases) {
    const dir = path.join(FIXTURES, name);
    const inputName = existsSync(path.join(dir, 'input.md')) ? 'input.md' : 'input.txt';
    it(name, () => {
      const bytes = readFileSync(path.join(dir, inputName));
      const result = parseBytes(bytes, inputName);
      const expectedPath = path.join(dir, 'expected.json');
      const actual = snapshot(result);
      if (UPDATE) writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
      const expected: unknown = JSON.parse(readFileSync(expectedPath, 'utf8'));
      expect(actual).toEqual(expected);

      if (result.article?.format === 'wire') {
        expect(result.article.body).toEqual(paragraphsToMdast(result.article.paragraphs));
        const text = decodeBytes(bytes, inputName).text ?? '';
        expect(lostWords(text, result)).toEqual([]);
      }
      expect(parseBytes(bytes, inputName)).toEqual(result);
    });
  }
});
