/** The year page: months with counts, and a calendar of each month with articles. */
import { html } from '../src/html.js';
import { countLabel, href, pager } from './helpers.js';
const WEEKDAYS = [
    ['Mon', 'Monday'], ['Tue', 'Tuesday'], ['Wed', 'Wednesday'], ['Thu', 'Thursday'],
    ['Fri', 'Friday'], ['Sat', 'Saturday'], ['Sun', 'Sunday'],
];
function calendar(site, month) {
    return html `<table class="calendar">
<caption><a href="${href(site, month.url)}">${month.label}</a></caption>
<thead><tr>${WEEKDAYS.map(([short, long]) => html `<th scope="col"><abbr title="${long}">${short}</abbr></th>`)}</tr></thead>
<tbody>${month.weeks.map((week) => html `
<tr>${week.map((cell) => cell === null
        ? html `<td></td>`
        : cell.url === null
            ? html `<td>${cell.day}</td>`
            : html `<td class="has-articles"><a href="${href(site, cell.url)}" title="${cell.description}">${cell.day}</a></td>`)}</tr>`)}
</tbody>
</table>`;
}
export function yearMain(page, site) {
    return html `<h1>${page.year}</h1>
<p class="holdings">${countLabel(page.count)}</p>
<section aria-labelledby="months">
<h2 id="months">Months</h2>
<ul class="month-list">${page.months.map((m) => m.url === null
        ? html `<li class="empty">${m.label} <span class="count">${countLabel(0)}</span></li>`
        : html `<li><a href="${href(site, m.url)}">${m.label}</a> <span class="count">${countLabel(m.count)}</span></li>`)}</ul>
</section>
<section aria-labelledby="calendar">
<h2 id="calendar">Calendar</h2>
<div class="calendars">
${page.calendars.map((c) => calendar(site, c))}
</div>
</section>
${pager(site, 'Previous and next year', page.previous, page.next)}`;
}
