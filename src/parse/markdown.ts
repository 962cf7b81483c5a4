import type { ParseResult } from '../types.js';
import { diagnostic } from '../diagnostics.js';

/** Placeholder until the Markdown reader lands: reports the file as not yet readable. */
export function parseMarkdown(_text: string, file: string): ParseResult {
  return { diagnostics: [diagnostic(file, 1, 1, 'error', 'invalid-front-matter', 'Markdown input is not read yet')] };
}
