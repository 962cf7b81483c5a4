/**
 * Escaping by default. Every value interpolated into an `html` template is
 * escaped for both text and quoted-attribute contexts, unless it is a
 * `SafeHtml` value: the output of another `html` template or of `raw()`,
 * which callers use only for HTML that is safe by construction (remark-html
 * output, which hast-util-sanitize has cleaned).
 */
import { narrowed } from './text.js';

/** A string of HTML that is safe to insert as is. Create it with `html` or `raw`. */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

const UNSAFE = /[&<>"'\u0000-\u0008\u000B\u000E-\u001F\u007F\u2014\u2026]/;

/**
 * Escapes text for HTML element content and for single- or double-quoted
 * attribute values alike, so one function serves both contexts. Control
 * characters that HTML forbids in a document are dropped.
 *
 * The em dash and the ellipsis that titles and list leads carry (leadText's
 * `…`) are written as character references (`&#8212;`, `&#8230;`), which a
 * reader sees as the same characters. Any character above U+00FF makes V8
 * hold the whole page as two bytes a character, and flattening and encoding
 * such a page costs more than one of Latin-1 characters alone. Since every
 * piece cut from a text holding one is two bytes a character too, whatever
 * it holds, the escaped text of such a text is narrowed (src/text.ts) when
 * nothing else in it is above U+00FF. Clean builds of 10,000 articles, 14
 * interleaved rounds, both with pageBytes's blocks: 4,567 → 4,324 ms (CPU
 * 8,550 → 8,070 ms), the references without the narrowing, when every page
 * was still two bytes a character (the layout's title, `Headline — Site`,
 * was escaped into pieces). With the narrowing and the parser's (wire.ts),
 * 9,974 of the bench's 14,016 pages are one byte a character: their
 * rendering and encoding on one thread, 1,049–1,112 → 1,015–1,035 ms, the
 * encoding 196–235 → 157–182 ms (medians of 7 in a process, two runs each).
 *
 * Most values (URLs, dates, labels) need nothing, so one search decides;
 * the rest are copied in runs between the characters replaced.
 */
export function escapeHtml(text: string): string {
  const first = text.search(UNSAFE);
  if (first === -1) return text;
  let out = '';
  let from = 0;
  let wide = false;
  for (let i = first; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let replacement: string;
    if (code === 38) replacement = '&amp;';
    else if (code === 60) replacement = '&lt;';
    else if (code === 62) replacement = '&gt;';
    else if (code === 34) replacement = '&quot;';
    else if (code === 39) replacement = '&#39;';
    else if (code === 0x2014) replacement = '&#8212;';
    else if (code === 0x2026) replacement = '&#8230;';
    else if ((code < 32 && code !== 9 && code !== 10 && code !== 12 && code !== 13) || code === 127) replacement = '';
    else continue;
    if (code > 0xff) wide = true;
    out += text.slice(from, i) + replacement;
    from = i + 1;
  }
  out += text.slice(from);
  // Cut from a text with a dash or an ellipsis, the pieces are two bytes a character whatever they hold (src/text.ts).
  return wide ? narrowed(out) : out;
}

/** Marks trusted HTML. Only for HTML that is safe by construction. */
export function raw(trusted: string): SafeHtml {
  return new SafeHtml(trusted);
}

/** A value `html` accepts: text (escaped), trusted HTML, a list of them, or nothing. */
export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return escapeHtml(value);
  let out = '';
  for (const item of value) out += render(item);
  return out;
}

/**
 * The tagged template every page is written with: `html\`<p>${text}</p>\``.
 * Interpolated strings are escaped; arrays are joined; null, undefined and
 * false print nothing, so `${cond && html\`…\`}` reads naturally.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    out += render(values[i]);
    out += strings[i + 1] ?? '';
  }
  return new SafeHtml(out);
}

/**
 * Serialises a value as JSON that is safe inside `<script type="application/ld+json">`:
 * `<`, `>` and `&` become \u escapes, so no `</script>` or `<!--` can close or
 * confuse the element, and U+2028/U+2029 are escaped for old JavaScript parsers.
 * The result parses back to the same value with JSON.parse.
 */
export function jsonForScript(value: unknown): string {
  // One pass, and none where nothing needs it: the five passes this took before were some 45 ms of a clean build's CPU at 10,000 articles.
  const json = JSON.stringify(value);
  return SCRIPT_UNSAFE.test(json) ? json.replace(SCRIPT_UNSAFE_ALL, (c) => SCRIPT_ESCAPES[c]!) : json;
}

/** What jsonForScript writes as `\u` escapes. */
const SCRIPT_UNSAFE = /[<>&\u2028\u2029]/;
const SCRIPT_UNSAFE_ALL = new RegExp(SCRIPT_UNSAFE.source, 'g');
const SCRIPT_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

const XML_ESCAPES: Record<string, string> = { ...ESCAPES, "'": '&apos;' };

/** Characters escapeXml changes or drops (any surrogate, paired or not, takes the full path). */
const XML_UNSAFE = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/**
 * Escapes text for XML content and attributes, and drops characters XML 1.0
 * cannot carry at all (C0 controls other than tab, LF, CR; lone surrogates; U+FFFE/FFFF).
 * Most values (a sitemap's 14,000 URLs) need nothing, so one search decides.
 */
export function escapeXml(text: string): string {
  if (!XML_UNSAFE.test(text)) return text;
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}
