/** Calendar arithmetic on plain dates: held to `Date.UTC` over every day a dispatch may carry. */
import { describe, expect, it } from 'vitest';
import { dayNumber, daysFromCivil, daysInMonth, isCalendarDate, isoDate, MAX_YEAR, MIN_YEAR } from '../../src/parse/dates.js';

describe('daysFromCivil and dayNumber', () => {
  it('count the days since 1970-01-01 as Date.UTC does, for every day from MIN_YEAR to MAX_YEAR', () => {
    let days = 0;
    let mismatches = 0;
    for (let year = MIN_YEAR; year <= MAX_YEAR; year++) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= daysInMonth(year, month); day++) {
          const expected = Date.UTC(year, month - 1, day) / 86_400_000;
          if (daysFromCivil(year, month, day) !== expected || dayNumber(isoDate(year, month, day)) !== expected) mismatches++;
          days++;
        }
      }
    }
    expect(days).toBe(146_097); // 400 years of the Gregorian cycle
    expect(mismatches).toBe(0);
  });

  it('agree with the calendar on its edges', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
    expect(daysFromCivil(2000, 3, 1) - daysFromCivil(2000, 2, 28)).toBe(2); // 2000 is a leap year
    expect(daysFromCivil(1900, 3, 1) - daysFromCivil(1900, 2, 28)).toBe(1); // 1900 is not
    expect(dayNumber('2024-12-31') - dayNumber('2024-01-01')).toBe(365);
  });
});

describe('daysInMonth', () => {
  it('gives each month its length, February by the leap rule', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((month) => daysInMonth(2023, month))).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(isCalendarDate(2024, 4, 31)).toBe(false);
    expect(isCalendarDate(2024, 4, 30)).toBe(true);
  });
});
