/**
 * The wire parser: a pure function from (text, path) to an article record or
 * diagnostics. The layout is that of a crawled news page:
 *
 *      date 2024-08-22 Headline
 *
 *     Caption of a photo. (Xinhua/Rao Aimin)
 *
 *     by Xinhua writer Zhang San
 *
 *     MOSCOW, Aug. 21 (Xinhua) -- First paragraph …
 *
 *     More paragraphs …
 *
 *     Enditem
 *
 * Anything it cannot place stays in the body: no text is dropped silently.
 * Junk lines (font controls, comment counters, timestamps) are left out of the
 * body, each with a `junk-line` warning quoting it.
 */
import { diagnostic, quote } from '../diagnostics.js';
import type { Diagnostic, ParseResult, ParsedArticle, Photo } from '../types.js';
import { matchCaption } from './caption.js';
import { matchDateline, type DatelineMatch } from './dateline.js';
import { isCalendarDate, isoDate, MAX_YEAR, MIN_YEAR } from './dates.js';
import { paragraphsToMdast } from './mdast.js';
import { withFields } from '../objects.js';
import { settleDates } from './settle.js';
import { hasWideCharacter, narrowed } from '../text.js';
import {
  breadcrumbSegments,
  CAPTION_START,
  isByline,
  isJunk,
  isSiteName,
  isTrailer,
  looksLikeHeadline,
  splitSiteSuffix,
  splitTrailingEnditem,
  TERMINAL,
} from './patterns.js';

/** A paragraph of input with the line it starts on. */
interface Block {
  text: string;
  line: number;
}

/** The date line's date, or the diagnostic that refuses it. */
export type HeaderDate =
  | { ok: true; date: string; partial: 'month' | 'day' | null }
  | { ok: false; diagnostic: Diagnostic };

/** How many paragraphs may stand before the dateline before we stop looking for it. */
const DATELINE_SEARCH = 3;

const LINE_BREAK = /\r\n|\r|\n/;
const BLANK = /^[\s\u200b]*$/;
const LEADING_SPACE = /^[\s\u200b]+/;

/** Collapses runs of white space (tabs, no-break spaces) into one space. */
function clean(text: string): string {
  // Most lines need nothing but a trim; testing first avoids rebuilding every string.
  return UNUSUAL_SPACE.test(text) ? text.replace(/[\s\u200b]+/g, ' ').trim() : text.trim();
}

/**
 * White space other than single spaces: tabs, no-break and other Unicode spaces, runs of spaces.
 * The characters of `[^\S ]|\u200b` written out as one class, which V8 scans some 15% faster
 * than the alternation; it is asked of every line (tests/parse/space.test.ts).
 */
const UNUSUAL_SPACE = /[\t-\r\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]| {2}/;

/** Parses a date written `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`), with `file:line:column` for diagnostics. */
export function parseHeaderDate(token: string, file: string, line: number, column: number): HeaderDate {
  const m = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$/.exec(token);
  const fail = (rule: 'invalid-date' | 'date-out-of-range', message: string): HeaderDate => ({
    ok: false,
    diagnostic: diagnostic(file, line, column, 'error', rule, message),
  });
  if (!m) {
    return fail('invalid-date', `${quote(token.slice(0, 40))} is not a date: the first line must be " date YYYY-MM-DD Headline"`);
  }
  const year = Number(m[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) {
    return fail('date-out-of-range', `year ${year} is outside ${MIN_YEAR}–${MAX_YEAR}: fix the date line`);
  }
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  if (!isCalendarDate(year, month, day)) {
    return fail('invalid-date', `${token} is not a calendar date: fix the date line`);
  }
  return { ok: true, date: isoDate(year, month, day), partial: m[2] === undefined ? 'month' : m[3] === undefined ? 'day' : null };
}

/**
 * Splits the lines after the date line into paragraphs. Paragraphs are
 * separated by blank lines or simply by line breaks (each line a paragraph,
 * indented or not); a line that does not end a sentence followed by a line
 * starting in lower case is one paragraph wrapped, and is joined.
 */
function splitBlocks(lines: readonly string[], first: number): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (let i = first; i < lines.length; i++) {
    const raw = lines[i]!;
    if (BLANK.test(raw)) {
      current = null;
      continue;
    }
    const text = clean(raw);
    if (current !== null && !TERMINAL.test(current.text) && /^\p{Ll}/u.test(text) && !LEADING_SPACE.test(raw)) {
      current.text += ` ${text}`;
      continue;
    }
    current = { text, line: i + 1 };
    blocks.push(current);
  }
  return blocks;
}

/** The parser's running state over one dispatch. */
interface State {
  file: string;
  diagnostics: Diagnostic[];
  paragraphs: string[];
  /** Input line of each entry of `paragraphs`. */
  paragraphLines: number[];
  photos: Photo[];
  /** Trailers with their line, put in input order at the end. */
  trailers: Block[];
  byline: string | null;
  /** The dateline, its line, and the index in `paragraphs` of the paragraph it led. */
  dateline: (DatelineMatch & { line: number; paragraph: number }) | null;
  /** A headline-like paragraph found before the dateline, taken when the slot held none. */
  preHeadline?: string;
}

function warn(state: State, line: number, rule: Diagnostic['rule'], message: string): void {
  state.diagnostics.push(diagnostic(state.file, line, 1, 'warning', rule, message));
}

function pushParagraph(state: State, block: Block): void {
  state.paragraphs.push(block.text);
  state.paragraphLines.push(block.line);
}

/** Parses one wire dispatch. Never throws; never reads anything but its arguments. */
export function parseWire(text: string, file: string): ParseResult {
  // A file without a carriage return (nearly every one) split at a string: 10,000 dispatches 50 → 22 ms.
  const lines = text.includes('\r') ? text.split(LINE_BREAK) : text.split('\n');
  const diagnostics: Diagnostic[] = [];
  let headerIndex = 0;
  while (headerIndex < lines.length && BLANK.test(lines[headerIndex]!)) headerIndex++;
  const header = lines[headerIndex];
  if (header === undefined) {
    const what = text.length === 0 ? 'file is empty' : 'file holds only blank lines';
    diagnostics.push(diagnostic(file, 1, 1, 'error', 'missing-date-line', `${what}: expected a first line " date YYYY-MM-DD Headline"`));
    return { diagnostics };
  }
  const headerLine = headerIndex + 1;
  const lead = LEADING_SPACE.exec(header)?.[0].length ?? 0;
  const afterSpace = header.slice(lead);
  if (!/^date(?:[\s:]|$)/i.test(afterSpace)) {
    diagnostics.push(
      diagnostic(file, headerLine, lead + 1, 'error', 'missing-date-line',
        `no date line: the first line must be " date YYYY-MM-DD Headline", found ${quote(afterSpace.slice(0, 60))}`),
    );
    return { diagnostics };
  }
  const afterKeyword = afterSpace.slice(4);
  const gap = /^\s*:?\s*/.exec(afterKeyword)![0].length;
  const tokenStart = lead + 4 + gap;
  const rest = header.slice(tokenStart);
  const tokenEnd = rest.search(/\s/);
  const token = tokenEnd === -1 ? rest : rest.slice(0, tokenEnd);
  const slot = clean(tokenEnd === -1 ? '' : rest.slice(tokenEnd));
  const parsedDate = parseHeaderDate(token, file, headerLine, tokenStart + 1);
  if (!parsedDate.ok) return { diagnostics: [parsedDate.diagnostic] };
  const date = parsedDate.date;

  const state: State = {
    file,
    diagnostics,
    paragraphs: [],
    paragraphLines: [],
    photos: [],
    trailers: [],
    byline: null,
    dateline: null,
  };

  // The headline slot: a headline, nothing, a site name, a breadcrumb, or the dateline itself.
  const blocks = splitBlocks(lines, headerIndex + 1);
  let headline: string | null = null;
  let headlineProblem: string | null = null;
  let headlineRule: 'missing-headline' | 'suspect-headline' = 'missing-headline';
  /** Slot text that, repeated as the first paragraph, is dropped as already accounted for. */
  let repeatedSlot: string | null = slot;
  const slotDateline = slot.length === 0 ? null : matchDateline(slot);
  if (slot.length === 0) {
    headlineProblem = 'the date line has no headline';
  } else if (slotDateline?.parts ?? slotDateline?.agency) {
    // ` date 2020-09-18 WASHINGTON, Sept. 17 (Xinhua) -- …`: the header ran into the body.
    blocks.unshift({ text: slot, line: headerLine });
    repeatedSlot = null;
    headlineProblem = 'the date line runs straight into the dateline and has no headline';
  } else if (isSiteName(slot)) {
    headlineProblem = `the headline slot holds ${quote(slot)}, a site or section name, not a headline`;
    headlineRule = 'suspect-headline';
  } else {
    const crumbs = breadcrumbSegments(slot);
    const lastCrumb = crumbs?.[crumbs.length - 1];
    if (crumbs && lastCrumb !== undefined) {
      if (lastCrumb.split(' ').length >= 5) {
        headline = lastCrumb;
        warn(state, headerLine, 'suspect-headline', `the headline slot holds a breadcrumb ${quote(slot)}: its last part was taken as the headline`);
      } else {
        headlineProblem = `the headline slot holds a breadcrumb ${quote(slot)}, not a headline`;
        headlineRule = 'suspect-headline';
      }
    } else {
      headline = slot;
      const suffix = splitSiteSuffix(slot);
      if (suffix) {
        headline = suffix.headline;
        warn(state, headerLine, 'suspect-headline', `removed the site name ${quote(suffix.suffix)} from the end of the headline`);
      }
    }
  }

  classify(state, blocks, headline, repeatedSlot);

  // Xinhua glues `Enditem` to the last paragraph.
  const lastIndex = state.paragraphs.length - 1;
  const last = state.paragraphs[lastIndex];
  if (last !== undefined) {
    const split = splitTrailingEnditem(last);
    if (split) {
      state.trailers.push({ text: split.trailer, line: state.paragraphLines[lastIndex] ?? 0 });
      if (split.text.length > 0) state.paragraphs[lastIndex] = split.text;
      else {
        state.paragraphs.pop();
        state.paragraphLines.pop();
      }
    }
  }

  if (headline === null) {
    const pre = state.preHeadline;
    if (pre !== undefined) {
      const suffix = splitSiteSuffix(pre);
      headline = suffix?.headline ?? pre;
      warn(state, headerLine, headlineRule, `${headlineProblem ?? 'no headline'}: the first paragraph ${quote(pre)} was taken as the headline${suffix ? `, without the site name ${quote(suffix.suffix)}` : ''}`);
    } else {
      const derived = firstSentence(state.paragraphs[0] ?? state.photos[0]?.caption ?? '');
      if (derived.length > 0) {
        headline = derived;
        warn(state, headerLine, headlineRule, `${headlineProblem ?? 'no headline'}: the first sentence of the body was used; put the headline after the date`);
      }
    }
  }

  if (state.paragraphs.length === 0 && state.photos.length === 0) {
    diagnostics.push(
      diagnostic(file, headerLine, 1, 'error', 'empty-body', 'the dispatch has no body text: add paragraphs after the date line'),
    );
    return { diagnostics };
  }
  if (headline === null || headline.length === 0) {
    diagnostics.push(diagnostic(file, headerLine, 1, 'error', 'missing-headline', `${headlineProblem ?? 'no headline'}: add one after the date`));
    return { diagnostics };
  }
  if (state.paragraphs.length === 0) {
    warn(state, headerLine, 'empty-body', 'the dispatch has photo captions but no body text');
  }

  if (parsedDate.partial === null && token !== date) {
    // `2023-05-1`, `2023/05/01`: a real date, written loosely; the warning keeps what was written.
    warn(state, headerLine, 'invalid-date', `the date ${quote(token)} is not written YYYY-MM-DD: it was read as ${date}; write it in full`);
  }
  const settled = settleDates(
    file,
    { date, partial: parsedDate.partial, written: token, line: headerLine },
    state.dateline,
    diagnostics,
  );
  if (state.dateline === null && state.paragraphs.length > 0) {
    warn(state, state.paragraphLines[0] ?? headerLine, 'missing-dateline', 'no dateline found: expected "CITY, Mon. D (Agency) --" at the start of the first paragraph');
  }

  // Every piece cut from a text with a character above U+00FF is two bytes a character, whatever it holds. What other
  // pages show of the article (its headline, place and lead) is narrowed where it holds none, so that those pages stay
  // one byte a character (src/text.ts). Its own page shows the rest, and nearly always the character too.
  const wide = hasWideCharacter(text);
  const paragraphs = wide && state.paragraphs.length > 0 ? [narrowed(state.paragraphs[0]!), ...state.paragraphs.slice(1)] : state.paragraphs;
  const article: ParsedArticle = {
    source: file,
    format: 'wire',
    date: settled.date,
    headline: wide ? narrowed(headline) : headline,
    dateline: wide && settled.dateline !== null ? withFields(settled.dateline, { place: narrowed(settled.dateline.place) }) : settled.dateline,
    byline: state.byline,
    photos: state.photos,
    paragraphs,
    trailers: state.trailers.sort((a, b) => a.line - b.line).map((t) => t.text),
    body: paragraphsToMdast(paragraphs),
  };
  return { article, diagnostics };
}

/**
 * Walks the paragraphs: captions, byline, trailers and junk are taken out;
 * the dateline is taken off the first body paragraph; the rest is body.
 */
function classify(state: State, blocks: readonly Block[], headline: string | null, slotKey: string | null): void {
  // Exact (white space aside): a looser match could drop words that appear nowhere else. Two comparisons rather than
  // a set of the two, which hashed each paragraph it was asked about.
  const isHeadlineKey = (text: string): boolean => text === headline || text === slotKey;
  let inBody = false;
  /** Paragraphs before the dateline not yet placed. */
  let pending: Block[] = [];
  let lastWasBody = false;

  const flushPending = (): void => {
    for (const block of pending) {
      if (headline === null && state.preHeadline === undefined && state.paragraphs.length === 0 && looksLikeHeadline(block.text)) {
        state.preHeadline = block.text;
        continue;
      }
      pushParagraph(state, block);
    }
    pending = [];
  };

  for (const block of blocks) {
    const text = block.text;
    if (isTrailer(text)) {
      state.trailers.push(block);
      lastWasBody = false;
      continue;
    }
    if (isJunk(text)) {
      warn(state, block.line, 'junk-line', `left out page furniture ${quote(text)}`);
      continue;
    }
    const caption = matchCaption(text);
    if (!inBody) {
      if (isSiteName(text)) {
        // `Xinhua News Agency`, `Top News` standing alone above the dateline: the page's furniture.
        warn(state, block.line, 'junk-line', `left out the site or section name ${quote(text)} above the dateline`);
        continue;
      }
      if (pending.length === 0 && state.photos.length === 0 && state.byline === null && isHeadlineKey(text)) {
        // The headline repeated as the first paragraph (or the slot's text again): already accounted for.
        continue;
      }
      if (caption) {
        // Paragraphs just before a credited one, written as sentences, are the caption's first part.
        const parts: string[] = [];
        while (pending.length > 0 && /[.!?"”]$/.test(pending[pending.length - 1]!.text) && matchDateline(pending[pending.length - 1]!.text) === null) {
          parts.unshift(pending.pop()!.text);
        }
        flushPending();
        state.photos.push({ caption: [...parts, caption.caption].join(' ').trim(), credit: caption.credit, position: state.paragraphs.length });
        continue;
      }
      if (state.byline === null && isByline(text)) {
        flushPending();
        state.byline = text;
        continue;
      }
      const dateline = matchDateline(text);
      if (dateline) {
        flushPending();
        state.dateline = withFields(dateline, { line: block.line, paragraph: state.paragraphs.length });
        inBody = true;
        if (dateline.rest.length > 0) {
          pushParagraph(state, { text: dateline.rest, line: block.line });
          lastWasBody = true;
        }
        continue;
      }
      pending.push(block);
      if (pending.length >= DATELINE_SEARCH) {
        flushPending();
        inBody = true;
        lastWasBody = state.paragraphs.length > 0;
      }
      continue;
    }
    if (caption) {
      const parts = [caption.caption];
      const previous = state.paragraphs[state.paragraphs.length - 1];
      const previousLedByDateline = state.dateline?.paragraph === state.paragraphs.length - 1;
      if (lastWasBody && previous !== undefined && state.paragraphs.length > 1 && !previousLedByDateline && CAPTION_START.test(previous) && matchCaption(previous) === null) {
        parts.unshift(previous);
        state.paragraphs.pop();
        state.paragraphLines.pop();
      }
      state.photos.push({ caption: parts.join(' ').trim(), credit: caption.credit, position: state.paragraphs.length });
      lastWasBody = false;
      continue;
    }
    pushParagraph(state, block);
    lastWasBody = true;
  }
  if (!inBody) flushPending();
}

/** The first sentence of a paragraph, cut at a word boundary to at most 120 characters. */
function firstSentence(text: string): string {
  const head = text.slice(0, 300);
  const end = /[.!?](?=\s|$)/g;
  let m: RegExpExecArray | null;
  let sentence = head;
  while ((m = end.exec(head)) !== null) {
    if (m.index >= 20) {
      sentence = head.slice(0, m.index + 1);
      break;
    }
  }
  if (sentence.length <= 120) return sentence.trim();
  const cut = sentence.lastIndexOf(' ', 120);
  return `${sentence.slice(0, cut > 40 ? cut : 120).trim()}…`;
}
