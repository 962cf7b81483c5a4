/** The dateline parser: the forms real dispatches use, and what is not a dateline. */
import { describe, expect, it } from 'vitest';
import { matchDateline, resolveDatelineDate } from '../../src/parse/dateline.js';

describe('matchDateline', () => {
  const cases: [string, { place: string; date: string | null; agency: string | null; text: string; rest: string }][] = [
    ['MOSCOW, Aug. 21 (Xinhua) -- Li said.', { place: 'MOSCOW', date: 'Aug. 21', agency: 'Xinhua', text: 'MOSCOW, Aug. 21 (Xinhua) --', rest: 'Li said.' }],
    ['RIO DE JANEIRO, Sept. 3 (Xinhua) — Text', { place: 'RIO DE JANEIRO', date: 'Sept. 3', agency: 'Xinhua', text: 'RIO DE JANEIRO, Sept. 3 (Xinhua) —', rest: 'Text' }],
    ['SÃO PAULO, June 5 (Xinhua) – Text', { place: 'SÃO PAULO', date: 'June 5', agency: 'Xinhua', text: 'SÃO PAULO, June 5 (Xinhua) –', rest: 'Text' }],
    ['WASHINGTON (Reuters) - Text', { place: 'WASHINGTON', date: null, agency: 'Reuters', text: 'WASHINGTON (Reuters) -', rest: 'Text' }],
    ['PARIS (AP) — Text', { place: 'PARIS', date: null, agency: 'AP', text: 'PARIS (AP) —', rest: 'Text' }],
    ['KYIV, Ukraine (AP) — Text', { place: 'KYIV, Ukraine', date: null, agency: 'AP', text: 'KYIV, Ukraine (AP) —', rest: 'Text' }],
    ['WASHINGTON, D.C., May 5 (Xinhua) -- Text', { place: 'WASHINGTON, D.C.', date: 'May 5', agency: 'Xinhua', text: 'WASHINGTON, D.C., May 5 (Xinhua) --', rest: 'Text' }],
    ['BEIJING, Aug. 21 -- Text', { place: 'BEIJING', date: 'Aug. 21', agency: null, text: 'BEIJING, Aug. 21 --', rest: 'Text' }],
    ['(240413) -- BEIJING, April 13, 2024 (Xinhua) -- Text', { place: 'BEIJING', date: 'April 13, 2024', agency: 'Xinhua', text: '(240413) -- BEIJING, April 13, 2024 (Xinhua) --', rest: 'Text' }],
    ['UNITED NATIONS, September 30 (Xinhua) -- Text', { place: 'UNITED NATIONS', date: 'September 30', agency: 'Xinhua', text: 'UNITED NATIONS, September 30 (Xinhua) --', rest: 'Text' }],
  ];
  for (const [input, expected] of cases) {
    it(input, () => {
      expect(matchDateline(input)).toMatchObject(expected);
    });
  }

  it('rejects ordinary sentences and hyphenated words', () => {
    expect(matchDateline('The U.S.-China talks -- held Monday -- ended.')).toBeNull();
    expect(matchDateline('Li said - and others agreed - that trade grew.')).toBeNull();
    expect(matchDateline('Chinese Premier Li Qiang said here Wednesday that China is ready.')).toBeNull();
    expect(matchDateline('A -- b')).toBeNull();
  });

  it('looks only at the start of a long paragraph', () => {
    const long = `${'word '.repeat(100_000)}MOSCOW, Aug. 21 (Xinhua) -- late`;
    expect(matchDateline(long)).toBeNull();
  });
});

describe('resolveDatelineDate', () => {
  it('takes the year of the date line', () => {
    expect(resolveDatelineDate({ month: 8, day: 21, year: null }, '2024-08-22')).toBe('2024-08-21');
  });
  it('puts Dec. 31 in the year before a Jan. 1 date line', () => {
    expect(resolveDatelineDate({ month: 12, day: 31, year: null }, '2024-01-01')).toBe('2023-12-31');
  });
  it('puts Jan. 1 in the year after a Dec. 31 date line', () => {
    expect(resolveDatelineDate({ month: 1, day: 1, year: null }, '2023-12-31')).toBe('2024-01-01');
  });
  it('keeps a written year and refuses impossible days', () => {
    expect(resolveDatelineDate({ month: 4, day: 13, year: 2024 }, '2030-01-01')).toBe('2024-04-13');
    expect(resolveDatelineDate({ month: 2, day: 30, year: null }, '2024-03-01')).toBeNull();
    expect(resolveDatelineDate({ month: 2, day: 29, year: null }, '2024-03-01')).toBe('2024-02-29');
  });
});
