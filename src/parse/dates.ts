/**
 * Calendar arithmetic on plain YYYY-MM-DD strings. No Date objects built from
 * local time and no clock: the result never depends on TZ or when it runs.
 */

/** Years a dispatch may carry; anything outside is taken for a typo. */
export const MIN_YEAR = 1800;
export const MAX_YEAR = 2199;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True when year-month-day exists on the (proleptic Gregorian) calendar. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) &&
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
  );
}

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Days since 1970-01-01 of a date on the proleptic Gregorian calendar, as
 * `Date.UTC` counts them for the years a dispatch may carry, in integer
 * arithmetic (H. Hinnant's `days_from_civil`): years counted from March, so
 * that a leap day ends its year, in eras of 400 years of 146,097 days. Every
 * dispatch asks for three or four of these; `Date.UTC` and the ISO strings it
 * was given were some tenth of the wire parser's time.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Days since 1970-01-01 of an ISO date (no time zone enters). */
export function dayNumber(iso: string): number {
  return daysFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5,
  jun: 6, june: 6, jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9,
  oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};

/** Month number of an English month name or its abbreviation (`Aug`, `Sept`, `June`), or undefined. */
export function monthNumber(name: string): number | undefined {
  return MONTHS[name.toLowerCase()];
}
