/**
 * The parser's entry points: text or bytes and a path in, a ParseResult out.
 * Pure: no file system, clock or console.
 */
import { decodeBytes } from '../decode.js';
import { parseWire } from './wire.js';
/** True for paths the Markdown reader handles (`.md`, any case). */
export function isMarkdownPath(path) {
    return /\.md$/i.test(path);
}
let markdownReader = null;
/**
 * Loads the Markdown reader (gray-matter, unified, remark-parse: some 90 ms
 * of module loading per thread), which parseText and parseBytes need before
 * they meet a `.md` path. A corpus of dispatches never loads it.
 */
export async function loadMarkdownReader() {
    markdownReader ??= (await import('./markdown.js')).parseMarkdown;
}
/** Parses decoded text: Markdown for `.md` paths (after loadMarkdownReader), wire text for everything else. */
export function parseText(text, path) {
    if (!isMarkdownPath(path))
        return parseWire(text, path);
    if (markdownReader === null)
        throw new Error(`parseText: ${path} is Markdown; await loadMarkdownReader() before parsing it`);
    return markdownReader(text, path);
}
/** Decodes and parses the bytes of one file; decoding diagnostics come first. */
export function parseBytes(bytes, path) {
    const decoded = decodeBytes(bytes, path);
    if (decoded.text === undefined)
        return { diagnostics: decoded.diagnostics };
    const parsed = parseText(decoded.text, path);
    const diagnostics = [...decoded.diagnostics, ...parsed.diagnostics];
    return parsed.article ? { article: parsed.article, diagnostics } : { diagnostics };
}
export { parseWire } from './wire.js';
export { matchDateline, resolveDatelineDate } from './dateline.js';
export { matchCaption, isCredit } from './caption.js';
