/**
 * The parser's entry points: text or bytes and a path in, a ParseResult out.
 * Pure: no file system, clock or console.
 */
import { decodeBytes } from '../decode.js';
import type { ParseResult } from '../types.js';
import { parseMarkdown } from './markdown.js';
import { parseWire } from './wire.js';

/** True for paths the Markdown reader handles (`.md`, any case). */
export function isMarkdownPath(path: string): boolean {
  return /\.md$/i.test(path);
}

/** Parses decoded text: Markdown for `.md` paths, wire text for everything else. */
export function parseText(text: string, path: string): ParseResult {
  return isMarkdownPath(path) ? parseMarkdown(text, path) : parseWire(text, path);
}

/** Decodes and parses the bytes of one file; decoding diagnostics come first. */
export function parseBytes(bytes: Uint8Array, path: string): ParseResult {
  const decoded = decodeBytes(bytes, path);
  if (decoded.text === undefined) return { diagnostics: decoded.diagnostics };
  const parsed = parseText(decoded.text, path);
  const diagnostics = [...decoded.diagnostics, ...parsed.diagnostics];
  return parsed.article ? { article: parsed.article, diagnostics } : { diagnostics };
}

export { parseWire } from './wire.js';
export { parseMarkdown } from './markdown.js';
export { matchDateline, resolveDatelineDate } from './dateline.js';
export { matchCaption, isCredit } from './caption.js';
