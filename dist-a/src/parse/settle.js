/**
 * Settles an article's dates once its dateline is known, for both readers:
 * resolves the dateline's month and day, fills in a partial date line from
 * the dateline when they agree, and warns when the two disagree.
 */
import { diagnostic, quote } from '../diagnostics.js';
import { resolveDatelineDate } from './dateline.js';
import { dayNumber } from './dates.js';
/** A dateline more than this many days from the date line is worth a warning (a day or two is normal). */
export const MAX_DATELINE_DRIFT = 2;
/** Resolves the dateline and returns the article's final date; pushes warnings into `diagnostics`. */
export function settleDates(file, input, match, diagnostics) {
    const warn = (line, rule, message) => {
        diagnostics.push(diagnostic(file, line, 1, 'warning', rule, message));
    };
    let date = input.date;
    let resolved = null;
    if (match?.parts) {
        resolved = resolveDatelineDate(match.parts, date);
        if (resolved === null)
            warn(match.line, 'invalid-date', `the dateline date ${quote(match.date ?? '')} is not a calendar date`);
    }
    if (input.partial !== null) {
        const prefix = input.partial === 'day' ? 7 : 4;
        if (resolved !== null && resolved.slice(0, prefix) === date.slice(0, prefix)) {
            warn(input.line, 'partial-date', `the date gives only ${quote(input.written)}: the dateline's ${resolved} was used; write the full date`);
            date = resolved;
        }
        else {
            warn(input.line, 'partial-date', `the date gives only ${quote(input.written)}: ${date} was assumed; write the full date`);
        }
    }
    else if (resolved !== null && match && Math.abs(dayNumber(resolved) - dayNumber(date)) > MAX_DATELINE_DRIFT) {
        warn(match.line, 'dateline-date-mismatch', `the dateline says ${resolved} but the date is ${date}: check both`);
    }
    const dateline = match
        ? { place: match.place, date: match.date, isoDate: resolved, agency: match.agency, text: match.text, paragraph: match.paragraph }
        : null;
    return { date, dateline };
}
