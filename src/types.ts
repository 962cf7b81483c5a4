/**
 * The shared types of news-archive: the article record every stage reads,
 * and the diagnostics the parser and loader report. Kept in one file so the
 * shape of the data is written down once.
 *
 * The JSON names of `ArticleRecord` (source, date, headline, dateline, byline,
 * photos, paragraphs, url) are a public interface: `news-archive parse --json`
 * prints them and other tools read them. Add fields; never rename these.
 */
import type { Root } from 'mdast';

/** How bad a problem is: an `error` means the file yields no article. */
export type Severity = 'error' | 'warning';

/**
 * The closed set of rule ids. Each names one kind of problem in the input;
 * README.md lists them with their severity and meaning.
 */
export type RuleId =
  // the header line
  | 'missing-date-line'
  | 'invalid-date'
  | 'partial-date'
  | 'date-out-of-range'
  | 'missing-headline'
  | 'suspect-headline'
  // the body
  | 'empty-body'
  | 'missing-dateline'
  | 'dateline-date-mismatch'
  | 'junk-line'
  // the bytes and the file
  | 'not-utf8'
  | 'binary-file'
  | 'file-too-large'
  | 'unreadable-file'
  | 'duplicate-article'
  | 'invalid-front-matter'
  | 'too-deeply-nested';

/** One problem found in one input file, with where it stands. */
export interface Diagnostic {
  /** The input file's path as given on the command line or relative to the input folder. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  severity: Severity;
  rule: RuleId;
  /** What is wrong and what to do, in one sentence. */
  message: string;
}

/** The `PLACE, Mon. D (Agency) --` that opens a dispatch. */
export interface Dateline {
  /** As written, e.g. `MOSCOW`, `RIO DE JANEIRO`, `SÃO PAULO`, `WASHINGTON, D.C.` */
  place: string;
  /** The month and day as written (`Aug. 21`), or null when the dateline has none. */
  date: string | null;
  /** `date` resolved to YYYY-MM-DD with the date line's year, or null. */
  isoDate: string | null;
  /** `Xinhua`, `Reuters`, `AP`…, or null when the dateline names no agency. */
  agency: string | null;
  /** The dateline text exactly as it stood, separator included (`MOSCOW, Aug. 21 (Xinhua) --`). */
  text: string;
  /**
   * The index in `paragraphs` of the paragraph the dateline led: 0 in the usual
   * case; more when unrecognised paragraphs stood before it. Equal to
   * `paragraphs.length` when no body text followed the dateline.
   */
  paragraph: number;
}

/** A photo caption block with its credit kept apart. */
export interface Photo {
  /** Caption text without the credit. */
  caption: string;
  /** The credit without its brackets, e.g. `Xinhua/Rao Aimin`, or null. */
  credit: string | null;
  /**
   * Where the caption stood: the index in `paragraphs` of the body paragraph
   * it came before (0 = before the first paragraph; `paragraphs.length` = after the last).
   */
  position: number;
}

/** Which reader produced the record. */
export type SourceFormat = 'wire' | 'markdown';

/** What the parser makes of one file: everything but the corpus-level slug and URL. */
export interface ParsedArticle {
  /** The file's path, as passed to the parser. */
  source: string;
  format: SourceFormat;
  /** Publication date, YYYY-MM-DD, a real calendar date. */
  date: string;
  headline: string;
  dateline: Dateline | null;
  byline: string | null;
  photos: Photo[];
  /** The body as plain text paragraphs, dateline removed from the first. */
  paragraphs: string[];
  /** Lines that are not body text (`Enditem`, `Editor: …`), kept but not shown as body. */
  trailers: string[];
  /** The body as an mdast tree (one paragraph node per entry of `paragraphs` for wire text). */
  body: Root;
}

/**
 * A parsed article as the build keeps and moves it between threads and
 * files: a wire article without its mdast `body`, which is a function of its
 * `paragraphs` and is rebuilt where a page is rendered (bodyOf in
 * src/parse/lean.ts). Markdown articles keep theirs.
 */
export type StoredArticle = Omit<ParsedArticle, 'body'> & { body?: Root };

/** A parse result as the build keeps it (see StoredArticle). */
export interface StoredResult {
  article?: StoredArticle;
  diagnostics: Diagnostic[];
  /** The slug the article's headline asks for (slugFor), worked out once where it was parsed. */
  slug?: string;
}

/** A parsed article placed in the corpus: it has its unique slug and URL. */
export interface ArticleRecord extends StoredArticle {
  /** URL-safe, unique within its day. */
  slug: string;
  /** Root-relative URL `/YYYY/MM/DD/slug/` (without any base path). */
  url: string;
}

/** The parser's answer for one file. */
export interface ParseResult {
  article?: ParsedArticle;
  diagnostics: Diagnostic[];
}
