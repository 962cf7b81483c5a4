/**
 * The dateline that opens a dispatch: `PLACE, Mon. D (Agency) --`.
 *
 * Handles multi-word and accented places (`RIO DE JANEIRO`, `SÃO PAULO`), a
 * state or country after the city (`SPRINGFIELD, Ill.`, `KYIV, Ukraine`),
 * abbreviated or full months (`Aug. 21`, `Sept. 3`, `June 5`, `April 13, 2024`),
 * an agency or none, the separators `--`, `—`, `–` and a spaced single hyphen,
 * and Xinhua's photo-code prefix `(240413) --`.
 *
 * Linear time: only a bounded window at the start of the paragraph is examined.
 */
import { dayNumber, daysFromCivil, isCalendarDate, isoDate, monthNumber } from './dates.js';

export interface DatelineMatch {
  /** As written, e.g. `MOSCOW`, `WASHINGTON, D.C.` */
  place: string;
  /** Month and day as written, e.g. `Aug. 21`, or null. */
  date: string | null;
  agency: string | null;
  /** The dateline exactly as it stood, separator included. */
  text: string;
  /** The paragraph after the dateline. */
  rest: string;
  /** The month and day (and year, if written), when the dateline has a date. */
  parts: { month: number; day: number; year: number | null } | null;
}

/** How far into a paragraph a dateline may reach. */
const WINDOW = 200;

const PHOTO_CODE = /^\(\d{6}\)\s*(?:--|—|–|-)\s*/;
const SEPARATOR = /\s*(?:-{2,}|—|–|\s-(?=\s))\s*/;
const AGENCY_AT_END = /\s*\(([^()]{1,50})\)$/;
const DATE_AT_END = /(?:^|,?\s+)(\p{L}{3,9})\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?$/u;
/** The city: capitals, with spaces, dots, apostrophes and hyphens. */
const CITY = /^\p{Lu}[\p{Lu}\p{M}\s.'’&-]*$/u;
/** A state or country after the city: `Ill.`, `D.C.`, `Ukraine`, `N.Y.` */
const REGION = /^\p{Lu}[\p{L}\p{M}\s.'’-]*$/u;

/**
 * Finds the dateline at the start of `paragraph`, or returns null when the
 * paragraph does not open with one.
 */
export function matchDateline(paragraph: string): DatelineMatch | null {
  let offset = 0;
  const code = PHOTO_CODE.exec(paragraph.slice(0, 20));
  if (code) offset = code[0].length;
  const window = paragraph.slice(offset, offset + WINDOW);
  const sep = SEPARATOR.exec(window);
  if (!sep) return null;
  let prefix = window.slice(0, sep.index).trim();
  if (prefix.length === 0 || prefix.length > 120) return null;

  let agency: string | null = null;
  const agencyMatch = AGENCY_AT_END.exec(prefix);
  if (agencyMatch) {
    agency = agencyMatch[1]!.trim();
    if (agency.length === 0 || !/^\p{L}/u.test(agency)) return null;
    prefix = prefix.slice(0, agencyMatch.index).trim();
  }

  let date: string | null = null;
  let parts: DatelineMatch['parts'] = null;
  const dateMatch = DATE_AT_END.exec(prefix);
  if (dateMatch) {
    const month = monthNumber(dateMatch[1]!);
    if (month !== undefined) {
      const day = Number(dateMatch[2]);
      const year = dateMatch[3] === undefined ? null : Number(dateMatch[3]);
      date = prefix.slice(dateMatch.index).replace(/^,?\s+/, '');
      parts = { month, day, year };
      prefix = prefix.slice(0, dateMatch.index).trim();
    }
  }

  const place = prefix.replace(/,$/, '').trim();
  if (!isPlace(place)) return null;
  // A bare capitalised word and a hyphen is too weak a signal on its own.
  const strongSeparator = !/^\s*-\s*$/.test(sep[0]);
  if (agency === null && date === null && !strongSeparator) return null;

  const end = offset + sep.index + sep[0].length;
  return {
    place,
    date,
    agency,
    text: paragraph.slice(0, end).trim(),
    rest: paragraph.slice(end).trimStart(),
    parts,
  };
}

function isPlace(place: string): boolean {
  if (place.length === 0 || place.length > 80) return false;
  const segments = place.split(',').map((s) => s.trim());
  const [city, ...regions] = segments;
  if (city === undefined || !CITY.test(city) || regions.length > 2) return false;
  // At least two capital letters: `A` alone is a word, not a city.
  if ((city.match(/\p{Lu}/gu)?.length ?? 0) < 2) return false;
  if (city.split(/\s+/).length > 6) return false;
  return regions.every((r) => REGION.test(r) && r.split(/\s+/).length <= 4);
}

/**
 * Resolves a dateline's month and day to an ISO date, taking the year from the
 * dateline if written, else the year that puts it nearest the date line
 * (a dispatch filed Dec. 31 and published Jan. 1 belongs to the year before).
 * Returns null when the month and day are not a calendar date.
 */
export function resolveDatelineDate(
  parts: { month: number; day: number; year: number | null },
  reference: string,
): string | null {
  if (parts.year !== null) {
    return isCalendarDate(parts.year, parts.month, parts.day) ? isoDate(parts.year, parts.month, parts.day) : null;
  }
  const refYear = Number(reference.slice(0, 4));
  const ref = dayNumber(reference);
  let bestYear = 0;
  let bestDistance = Infinity;
  for (let year = refYear - 1; year <= refYear + 1; year++) {
    if (!isCalendarDate(year, parts.month, parts.day)) continue;
    const distance = Math.abs(daysFromCivil(year, parts.month, parts.day) - ref);
    if (distance < bestDistance) {
      bestYear = year;
      bestDistance = distance;
    }
  }
  return bestDistance === Infinity ? null : isoDate(bestYear, parts.month, parts.day);
}
