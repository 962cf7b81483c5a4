/**
 * "No non-blank line lost": every word of every non-blank input line must be
 * found in the parse result — a record field (date, headline, dateline,
 * byline, photo caption or credit, paragraphs, trailers) or a diagnostic's
 * message. A result with an error diagnostic accounts for the whole file: the
 * file is reported as rejected and nothing of it is published.
 *
 * Words are compared with white space and the brackets a parser takes off a
 * credit (`( ) [ ] |`) removed, so `(Xinhua/Rao Aimin)` is found in the
 * credit `Xinhua/Rao Aimin`.
 */
import type { ParseResult } from '../../src/types.js';

const STRIP = /[\s\u200b()[\]|]+/g;

/** Strings quoted in messages are JSON: read them back as written. */
function unquoted(message: string): string[] {
  const out = [message];
  for (const m of message.matchAll(/"(?:[^"\\]|\\.)*"/g)) {
    try {
      out.push(JSON.parse(m[0]) as string);
    } catch {
      // not a JSON string: the message itself is already in `out`
    }
  }
  return out;
}

/** Words of the input that the result does not account for (empty when all are). */
export function lostWords(input: string, result: ParseResult): string[] {
  if (result.diagnostics.some((d) => d.severity === 'error')) return [];
  const a = result.article;
  if (!a) return ['<no article and no error>'];
  const pieces = [
    a.date,
    a.headline,
    a.dateline?.text ?? '',
    a.byline ?? '',
    // A credit written before its caption (`Name / Xinhua | caption`) may touch it with no space between (`A/A|!`).
    ...a.photos.flatMap((p) => [p.caption, p.credit ?? '', `${p.credit ?? ''}${p.caption}`]),
    ...a.paragraphs,
    ...a.trailers,
    ...result.diagnostics.flatMap((d) => unquoted(d.message)),
  ];
  const haystack = pieces.join('\n').replace(STRIP, '');
  const lost: string[] = [];
  const lines = input.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let header = true;
  for (const line of lines) {
    const words = line.split(/[\s\u200b]+/).filter((w) => w.length > 0);
    if (words.length === 0) continue;
    if (header) {
      header = false;
      // The `date` keyword is layout, not content.
      if (/^date:?$/i.test(words[0]!)) words.shift();
    }
    for (const word of words) {
      const bare = word.replace(STRIP, '');
      if (bare.length > 0 && !haystack.includes(bare)) lost.push(word);
    }
  }
  return lost;
}
