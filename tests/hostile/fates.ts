/**
 * The stated fate of every entry of the hostile corpus: the files written in
 * tests/fixtures/hostile/ and the ones corpus.ts makes at test time (too big,
 * binary or special to commit). README.md's table "Bad input: what happens to
 * each case" says the same, and a test holds the two together.
 */
import type { RuleId } from '../../src/types.js';

export type Fate =
  /** Becomes an article page; `warnings` is the exact set of warning rules the file gets. */
  | { fate: 'rendered'; warnings: RuleId[] }
  /** Yields no article: listed in `rejected` with an error of this rule. */
  | { fate: 'error'; rule: RuleId }
  /** Hidden or not a dispatch: listed in `ignored`, never read. */
  | { fate: 'ignored' };

const rendered = (...warnings: RuleId[]): Fate => ({ fate: 'rendered', warnings });
const error = (rule: RuleId): Fate => ({ fate: 'error', rule });
const ignored: Fate = { fate: 'ignored' };

/** Written files (tests/fixtures/hostile/), by path relative to the corpus folder. */
export const WRITTEN_FATES: Readonly<Record<string, Fate>> = {
  '.gitattributes': ignored,
  '.hidden-dispatch.txt': ignored,
  'notes.html': ignored,
  'nested/.hidden-folder': ignored,
  'empty.txt': error('missing-date-line'),
  'blank-lines-only.txt': error('missing-date-line'),
  'only-date-line.txt': error('empty-body'),
  'no-date-line.txt': error('missing-date-line'),
  'impossible-date.txt': error('invalid-date'),
  'far-past.txt': error('date-out-of-range'),
  'far-future.txt': error('date-out-of-range'),
  'old-but-valid.txt': rendered(),
  'partial-date.txt': rendered('partial-date'),
  'crlf.txt': rendered(),
  'mixed-endings.txt': rendered(),
  'bom.txt': rendered(),
  'latin1.txt': rendered('not-utf8'),
  'cp1252-quotes.txt': rendered('not-utf8'),
  'utf16.txt': rendered('not-utf8'),
  'nul-bytes.txt': error('binary-file'),
  'control-chars.txt': rendered(),
  'hostile-headline.txt': rendered(),
  'breadcrumb-markup.txt': rendered(),
  'hostile-caption.txt': rendered(),
  'hostile-body.txt': rendered(),
  'hostile-byline-trailer.txt': rendered(),
  'hostile-place.txt': rendered(),
  'markdown-looking.txt': rendered(),
  'hostile.md': rendered(),
  'js-front-matter.md': error('invalid-front-matter'),
  'bad-yaml.md': error('invalid-front-matter'),
  'duplicate-a.txt': rendered(),
  'duplicate-b.txt': error('duplicate-article'),
  'same-headline-1.txt': rendered(),
  'same-headline-2.txt': rendered('duplicate-article'),
  'punctuation-headline.txt': rendered(),
  'cjk-headline.txt': rendered(),
  'dotdot-headline.txt': rendered(),
  'path-headline.txt': rendered(),
  'long-headline.txt': rendered(),
  'name with spaces.txt': rendered(),
  'accénted námé ü.txt': rendered(),
  'UPPER CASE.TXT': rendered(),
  'nested/deeper/still/deep.txt': rendered(),
  'junk-lines.txt': rendered('junk-line'),
  'only-captions.txt': rendered('empty-body'),
  'dateline-later.txt': rendered(),
  'no-dateline.txt': rendered('missing-dateline'),
  'site-suffix.txt': rendered('suspect-headline'),
  'deep-nesting.md': error('too-deeply-nested'),
  'nested-quotes.md': rendered('missing-dateline'),
};

/** A file name carrying markup, and one carrying a line break (made at test time). */
export const MARKUP_NAME = 'generated/<img src=x onerror=alert(1)>.txt';
export const NEWLINE_NAME = 'generated/line\nbreak.txt';
/** A file name in Latin-1 bytes, not UTF-8: Node lists it with U+FFFD and cannot open it by that name. */
export const LATIN1_NAME = 'generated/caf\ufffd.txt';

/** Files made at test time by corpus.ts. */
export const GENERATED_FATES: Readonly<Record<string, Fate>> = {
  'generated/multi-megabyte.txt': rendered(),
  'generated/giant-paragraph.txt': rendered(),
  'generated/too-large.txt': error('file-too-large'),
  'generated/random-binary.txt': error('binary-file'),
  'generated/mostly-control.txt': error('binary-file'),
  [MARKUP_NAME]: rendered(),
  [NEWLINE_NAME]: error('missing-date-line'),
  [LATIN1_NAME]: error('unreadable-file'),
  'links/dangling.txt': error('unreadable-file'),
  'links/self-loop.txt': error('unreadable-file'),
  'links/loop': ignored,
  'links/copy-of-bom.txt': error('duplicate-article'),
  'links/outside.txt': rendered(),
  'folder.txt': error('unreadable-file'),
  'folder.txt/inside.txt': rendered(),
  'fifo.txt': error('unreadable-file'),
  /** Made only when not running as root: root reads any file whatever its mode. */
  'no-permission.txt': error('unreadable-file'),
};

export const ALL_FATES: Readonly<Record<string, Fate>> = { ...WRITTEN_FATES, ...GENERATED_FATES };

/** The fate as README.md's table words it. */
export function describeFate(fate: Fate): string {
  switch (fate.fate) {
    case 'rendered':
      return fate.warnings.length === 0 ? 'rendered' : `rendered, warning ${fate.warnings.map((r) => `\`${r}\``).join(', ')}`;
    case 'error':
      return `error \`${fate.rule}\``;
    case 'ignored':
      return 'ignored';
  }
}
