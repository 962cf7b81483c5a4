/**
 * Calendar arithmetic on plain YYYY-MM-DD strings. No Date objects built from
 * local time and no clock: the result never depends on TZ or when it runs.
 */
/** Years a dispatch may carry; anything outside is taken for a typo. */
export const MIN_YEAR = 1800;
export const MAX_YEAR = 2199;
export function isLeapYear(year) {
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
export function daysInMonth(year, month) {
    return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}
/** True when year-month-day exists on the (proleptic Gregorian) calendar. */
export function isCalendarDate(year, month, day) {
    return (Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) &&
        month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month));
}
export function isoDate(year, month, day) {
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
/** Days since 1970-01-01 of an ISO date (UTC, so no time zone enters). */
export function dayNumber(iso) {
    return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
}
const MONTHS = {
    jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5,
    jun: 6, june: 6, jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9,
    oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};
/** Month number of an English month name or its abbreviation (`Aug`, `Sept`, `June`), or undefined. */
export function monthNumber(name) {
    return MONTHS[name.toLowerCase()];
}
