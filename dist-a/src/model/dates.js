/**
 * Calendar arithmetic on YYYY-MM-DD strings, in UTC and in English, so the
 * output does not depend on the machine's time zone or locale.
 */
export const MONTH_NAMES = [
    'January', 'February', 'March', 'April', 'May', 'June',
    'July', 'August', 'September', 'October', 'November', 'December',
];
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/** Splits `2024-08-22`; throws on anything else, since records carry validated dates. */
export function dateParts(date) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    if (!m)
        throw new Error(`dateParts: expected YYYY-MM-DD, got ${JSON.stringify(date)}`);
    return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}
export function monthName(month) {
    const name = MONTH_NAMES[month - 1];
    if (name === undefined)
        throw new Error(`monthName: month ${month} out of range`);
    return name;
}
/** `August 22, 2024` */
export function dateLabel(date) {
    const { year, month, day } = dateParts(date);
    return `${monthName(month)} ${day}, ${year}`;
}
/** 0 = Sunday … 6 = Saturday. */
export function weekday(year, month, day) {
    return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}
/** `Thursday, August 22, 2024` */
export function longDateLabel(date) {
    const { year, month, day } = dateParts(date);
    return `${WEEKDAY_NAMES[weekday(year, month, day)]}, ${dateLabel(date)}`;
}
export function daysInMonth(year, month) {
    return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
/** `August 2024` */
export function monthLabel(yearMonth) {
    const [year, month] = yearMonth.split('-');
    return `${monthName(Number(month))} ${year}`;
}
/** `12,345`: digits grouped by hand, so no locale data is involved. */
export function formatCount(count) {
    return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
/** `1 article`, `12,345 articles` */
export function plural(count, one, many = `${one}s`) {
    return `${formatCount(count)} ${count === 1 ? one : many}`;
}
