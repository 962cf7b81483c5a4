/**
 * One synthetic dispatch in the seed's shape: a ` date YYYY-MM-DD Headline`
 * line, then blank-line separated blocks — photo captions with a credit, an
 * optional byline, the dateline paragraph, 4 to 14 body paragraphs (captions
 * sometimes between them) and sometimes an `Enditem`/`Editor:` trailer.
 *
 * Pure: the text depends only on the seed, the article's index and its date.
 */
import { createRandom } from './random.js';
import { ACTORS, DATELINE_MONTHS, EVENTS, EXPERT_TITLES, FOREIGN_NAMES, GIVEN_NAMES, GROUPS, LEADERS, METRICS, OBJECTS, OFFICIAL_TITLES, PERIODS, PHOTO_ACTIONS, PLACES, PROJECTS, SURNAMES, TOPICS, VERBS_FUTURE, VERBS_PAST, WEEKDAYS, } from './vocabulary.js';
const DAY_MS = 86_400_000;
/** Adds `days` to an ISO date (UTC arithmetic; no clock involved). */
export function addDays(isoDate, days) {
    return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
/** Whole days from `from` to `to` (ISO dates). */
export function daysBetween(from, to) {
    return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
function parts(isoDate) {
    const d = new Date(`${isoDate}T00:00:00Z`);
    return {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth(),
        day: d.getUTCDate(),
        weekday: WEEKDAYS[d.getUTCDay()],
    };
}
function capitalize(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
function chineseName(r) {
    return `${r.pick(SURNAMES)} ${r.pick(GIVEN_NAMES)}`;
}
function percent(r) {
    return `${r.int(1, 39)}.${r.int(0, 9)}`;
}
function official(r) {
    return `${r.pick(OFFICIAL_TITLES)} ${r.pick(LEADERS)}`;
}
/** A clause that can follow "said that". */
function clause(r, year) {
    switch (r.int(0, 5)) {
        case 0:
            return `${r.pick(GROUPS)} will ${r.pick(VERBS_FUTURE)} ${r.pick(OBJECTS)}`;
        case 1:
            return `${r.pick(ACTORS)} has ${r.pick(VERBS_PAST)} ${r.pick(PROJECTS)} to ${r.pick(VERBS_FUTURE)} ${r.pick(OBJECTS)}`;
        case 2:
            return `${r.pick(METRICS)} rose ${percent(r)} percent year on year in ${r.pick(PERIODS)} of ${year}`;
        case 3:
            return `more than ${r.int(2, 950) * 10} people had taken part in the ${r.pick(EVENTS)} on ${r.pick(TOPICS)} since it opened`;
        case 4:
            return `cooperation in ${r.pick(TOPICS)} and ${r.pick(TOPICS)} has brought tangible benefits to ${r.pick(GROUPS)}`;
        default:
            return `the ${r.pick(EVENTS)} would help ${r.pick(GROUPS)} ${r.pick(VERBS_FUTURE)} ${r.pick(OBJECTS)}`;
    }
}
function sentence(r, year, weekday) {
    switch (r.int(0, 7)) {
        case 0:
            return `${capitalize(clause(r, year))}, ${r.pick(ACTORS)} said.`;
        case 1:
            return `"${capitalize(clause(r, year))}," said ${r.pick(FOREIGN_NAMES)}, ${r.pick(EXPERT_TITLES)}.`;
        case 2:
            return `According to ${r.pick(ACTORS)}, ${r.pick(METRICS)} reached ${r.int(2, 980)}.${r.int(1, 9)} billion yuan (about ${r.int(1, 140)}.${r.int(1, 9)} billion U.S. dollars) in ${r.pick(PERIODS)}, up ${percent(r)} percent from a year earlier.`;
        case 3:
            return `${capitalize(r.pick(GROUPS))} also called for efforts to ${r.pick(VERBS_FUTURE)} ${r.pick(OBJECTS)} and ${r.pick(OBJECTS)}.`;
        case 4:
            return `The ${weekday} ${r.pick(EVENTS)} drew ${r.int(3, 99) * 10} participants from ${r.int(5, 120)} countries and regions.`;
        case 5:
            return `"We have seen ${r.pick(['real', 'steady', 'remarkable', 'encouraging'])} progress, and we're confident it will continue," ${chineseName(r)}, ${r.pick(EXPERT_TITLES)}, told Xinhua.`;
        case 6:
            return `${capitalize(r.pick(ACTORS))} ${r.pick(VERBS_PAST)} ${r.pick(PROJECTS)} in ${year - r.int(0, 6)}, and it is expected to ${r.pick(VERBS_FUTURE)} ${r.pick(OBJECTS)}.`;
        default:
            return `Since ${year - r.int(1, 12)}, ${r.pick(GROUPS)} have worked to ${r.pick(VERBS_FUTURE)} ${r.pick(OBJECTS)}, with ${r.int(2, 60)} joint projects under way.`;
    }
}
function paragraph(r, year, weekday) {
    const count = r.int(1, 3);
    const sentences = [];
    for (let i = 0; i < count; i++)
        sentences.push(sentence(r, year, weekday));
    return sentences.join(' ');
}
function headline(r, place, year) {
    switch (r.int(0, 7)) {
        case 0:
            return `${r.pick(LEADERS)}, ${r.pick(LEADERS)} hold talks on ${r.pick(TOPICS)}, ${r.pick(TOPICS)} cooperation`;
        case 1:
            return `${place.city}'s ${r.pick(METRICS)} up ${percent(r)} pct in ${r.pick(PERIODS)} of ${year}`;
        case 2:
            return `Feature: ${capitalize(r.pick(GROUPS))} ${r.pick(VERBS_FUTURE)} ${r.pick(OBJECTS)} in ${place.city}`;
        case 3:
            return `${capitalize(r.pick(ACTORS))} ${r.pick(VERBS_PAST)} ${r.pick(PROJECTS)} near ${place.city}`;
        case 4:
            return `Roundup: ${r.pick(EVENTS)} on ${r.pick(TOPICS)} opens in ${place.city} with ${r.int(2, 90) * 10} exhibitors`;
        case 5:
            return `${place.country.replace(/^the /, '')} to ${r.pick(VERBS_FUTURE)} ${r.pick(OBJECTS)}: gov't`;
        case 6:
            return `Interview: "${capitalize(r.pick(TOPICS))} & ${r.pick(TOPICS)} go hand in hand," says ${r.pick(FOREIGN_NAMES)}`;
        default:
            return `${r.pick(OFFICIAL_TITLES)} ${r.pick(LEADERS)} urges efforts to ${r.pick(VERBS_FUTURE)} ${r.pick(OBJECTS)}`;
    }
}
function credit(r) {
    switch (r.int(0, 9)) {
        case 0:
            return `(Xinhua/${chineseName(r)}/${chineseName(r)})`;
        case 1:
            return `(Photo by ${r.pick(FOREIGN_NAMES)}/Xinhua)`;
        default:
            return `(Xinhua/${chineseName(r)})`;
    }
}
function caption(r, place, datelineDate) {
    const { year, month, day } = parts(datelineDate);
    return `${r.pick(PHOTO_ACTIONS)} the ${r.pick(EVENTS)} on ${r.pick(TOPICS)} in ${place.city}, ${place.country}, ${DATELINE_MONTHS[month]} ${day}, ${year}. ${credit(r)}`;
}
function hex(r, digits) {
    let out = '';
    for (let i = 0; i < digits; i++)
        out += Math.floor(r.next() * 16).toString(16);
    return out;
}
/**
 * Generates dispatch number `index` published on `date` (YYYY-MM-DD).
 * The same (seed, index, date) always gives the same bytes.
 */
export function generateDispatch(seed, index, date) {
    const r = createRandom(`${seed}:${index}`);
    const place = r.pick(PLACES);
    const { year } = parts(date);
    // Dispatches are filed the day they are dated or the day before; a Jan. 1
    // date keeps the same day so the dateline never names the previous year.
    const filedDaysBefore = date.endsWith('-01-01') ? 0 : r.int(0, 1);
    const datelineDate = addDays(date, -filedDaysBefore);
    const filed = parts(datelineDate);
    const title = headline(r, place, year);
    const blocks = [];
    let captionCount = 0;
    const captionsBefore = r.chance(0.45) ? r.int(1, 2) : 0;
    for (let i = 0; i < captionsBefore; i++)
        blocks.push(caption(r, place, datelineDate));
    captionCount += captionsBefore;
    let byline = null;
    if (r.chance(0.15)) {
        byline = r.chance(0.6)
            ? `by Xinhua writer ${chineseName(r)}`
            : `by Xinhua writers ${chineseName(r)}, ${chineseName(r)}`;
        blocks.push(byline);
    }
    const paragraphCount = r.int(4, 14);
    const here = place.dateline === 'UNITED NATIONS' ? '' : ' here';
    const lead = `${official(r)} said${here} on ${filed.weekday} that ${clause(r, year)}.`;
    const rest = r.chance(0.5) ? ` ${sentence(r, year, filed.weekday)}` : '';
    blocks.push(`${place.dateline}, ${DATELINE_MONTHS[filed.month]} ${filed.day} (Xinhua) -- ${lead}${rest}`);
    for (let p = 1; p < paragraphCount; p++) {
        if (p >= 2 && r.chance(0.06)) {
            blocks.push(caption(r, place, datelineDate));
            captionCount++;
        }
        blocks.push(paragraph(r, year, filed.weekday));
    }
    if (r.chance(0.3))
        blocks.push('Enditem');
    else if (r.chance(0.05))
        blocks.push(`Editor: ${chineseName(r)}`);
    const fileName = `${String(index).padStart(6, '0')}_${hex(r, 16)}.txt`;
    const text = ` date ${date} ${title}\n\n${blocks.join('\n\n')}\n`;
    return { fileName, text, date, headline: title, place, paragraphCount, captionCount, byline };
}
