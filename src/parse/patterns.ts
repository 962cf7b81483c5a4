/**
 * Line-level patterns of crawled dispatch pages: trailers, junk, bylines,
 * site names in the headline slot. Every test first bounds the length of
 * what it looks at, so none of them costs more than a constant per paragraph.
 */

/** `Enditem`, `[Enditem]`, `End Item.` */
const ENDITEM = /^[[(]?\s*end\s?item\s*[\])]?\s*\.?$/i;
/** `Editor: Li Yan`, `Web editor: …`, `(Editor: …)`, `Source: Xinhua`, Reuters' `(Reporting by …; Editing by …)` */
const TRAILER =
  /^[[(]?\s*(?:(?:(?:web|responsible|chief|executive|copy)\s+)?editors?|source|sources|reporting by|writing by|editing by|additional reporting by|compiled by)\b\s*[:：]?/i;

/** True when a paragraph is a trailer: not body text, kept apart. */
export function isTrailer(text: string): boolean {
  if (text.length > 300) return false;
  if (ENDITEM.test(text)) return true;
  const m = TRAILER.exec(text);
  if (!m) return false;
  // `Editor:` needs its colon; `Reporting by` is followed by a name.
  return /[:：]/.test(m[0]) || /\bby$/i.test(m[0].trim());
}

/** The tail `… said. Enditem` that Xinhua glues to the last paragraph. */
export function splitTrailingEnditem(text: string): { text: string; trailer: string } | null {
  const tail = text.slice(-20);
  const m = /\s+([[(]?\s*end\s?item\s*[\])]?\s*\.?)$/i.exec(tail);
  if (!m) return null;
  return { text: text.slice(0, text.length - m[0].length).trimEnd(), trailer: m[1]!.trim() };
}

const JUNK = [
  /^adjust font size\s*:?$/i,
  /^(?:font|text) size\s*:?\s*(?:[a-z+\-]\s*){0,6}$/i,
  /^(?:print|e-?mail|share|share this|share on|comment|comments|close|favorite|bookmark|save|tweet|like|subscribe|go to forum|related news|read more|more news|\||\s)+:?$/i,
  // 2024-08-22 10:15:32, or with a source after a bar
  /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*\|.*)?$/,
  /^(?:updated|published|posted|release time|time)\s*[:：]?\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}.*$/i,
];

// `0 Comment(s) Print E-mail`, sometimes followed by the source and date: `… Xinhua, April 14, 2024`. Asked only of a
// line that starts with a digit and names comments (MAY_COUNT_COMMENTS): compiled, this Unicode pattern of letters
// matched case-insensitively took about a millisecond of a rebuild that parses a few files.
const COMMENT_COUNTER = /^\d+\s*comments?(?:\(s\))?(?:\s+(?:print|e-?mail|share|comment))*(?:\s+[\p{L}.' ]{1,40},\s*\p{L}+\.?\s+\d{1,2},?\s+\d{4})?$/iu;
const MAY_COUNT_COMMENTS = /^\d[\s\S]*comment/iu;

/** True when a line is page furniture: font controls, comment counters, timestamps. */
export function isJunk(text: string): boolean {
  return text.length <= 120 && (JUNK.some((re) => re.test(text)) || (MAY_COUNT_COMMENTS.test(text) && COMMENT_COUNTER.test(text)));
}

const BYLINE = /^by\s+\S/i;

/** `by Xinhua writer Zhang San`, `By Xinhua writers A, B`, `By JOHN LEICESTER Associated Press` */
export function isByline(text: string): boolean {
  return text.length <= 150 && BYLINE.test(text) && !/[.!?]["”]?$/.test(text.replace(/\b(?:[A-Z]|Jr|Sr|Dr)\.$/, ''));
}

const SITE_NAMES = new Set([
  'xinhua', 'xinhua news agency', 'xinhuanet', 'xinhua net', 'xinhua english', 'news.cn', 'english.news.cn', 'china daily',
  'chinadaily.com.cn', 'global times', 'cgtn', "people's daily online", 'people’s daily online', 'ecns', 'ecns.cn',
  'china.org.cn', 'top', 'top news', 'top stories', 'home', 'homepage', 'news', 'latest', 'latest news',
  'breaking news', 'world', 'china', 'photos', 'photo', 'video', 'videos', 'headlines', 'untitled', 'index',
  'business', 'sports', 'opinion', 'culture', 'sci-tech', 'science', 'technology', 'in pictures',
]);

/** The length of the longest of SITE_NAMES. */
const LONGEST_SITE_NAME = Math.max(...[...SITE_NAMES].map((name) => name.length));

/** A headline slot holding a site or section name, or a domain. */
export function isSiteName(text: string): boolean {
  const t = text.trim();
  // Longer than any name (lower case is never shorter) and holding a space, which no domain does: asked of every
  // paragraph above a dateline, captions among them, this spares lower-casing them.
  if (t.length > LONGEST_SITE_NAME && t.includes(' ')) return false;
  const lower = t.toLowerCase();
  return SITE_NAMES.has(lower) || /^(?:www\.)?[\w-]+(?:\.[\w-]+)+$/.test(lower);
}

/** `»` and `›` are breadcrumb marks wherever they stand; `>` only with a space on each side. */
const CRUMB_SEPARATOR = /\s*[»›]\s*|\s+>\s+/;

/** A first crumb that names a site or section home: `Home`, `Xinhua`, `English.news.cn`, `China Daily`. */
function isSiteCrumb(segment: string): boolean {
  return isSiteName(segment) || /^[\p{L}\p{N}.' -]{1,40}?\s?(?:news|net|online|daily|times|post|tribune|herald|agency|english|\.com|\.cn)$/iu.test(segment);
}

/**
 * Splits a breadcrumb `Home » World » Asia` into its segments, or returns null.
 * A breadcrumb has the shape a page's navigation has: it starts at a home or
 * site name, its separators stand apart, and every crumb before the last is a
 * short label. Text holding markup (`<script>…</script>`) is never one: it is a
 * headline to be escaped, not navigation to be dropped.
 */
export function breadcrumbSegments(text: string): string[] | null {
  if (text.length > 400 || !/[»›>]/.test(text) || text.includes('<')) return null;
  const segments = text.split(CRUMB_SEPARATOR).map((s) => s.trim());
  if (segments.length < 2 || segments.some((s) => s.length === 0 || /[>»›]/.test(s))) return null;
  const labels = segments.slice(0, -1);
  if (!labels.every((s) => s.length <= 40 && s.split(' ').length <= 4)) return null;
  return isSiteCrumb(segments[0]!) ? segments : null;
}

/** `… -Xinhua`, `… | Xinhua`, `… - Xinhua | English.news.cn`, `… - Chinadaily.com.cn` */
const SITE_SUFFIX =
  /\s*[-|–—]\s*(?:xinhua(?:net)?|xinhua english|english\.news\.cn|news\.cn|chinadaily\.com\.cn|china daily|global times|cgtn|people['’]s daily online|ecns(?:\.cn)?|china\.org\.cn)(?:\s*[-|–—]\s*[\w. ]{1,40})?\s*$/i;

/** Splits a site-name suffix off a headline, or returns null. */
export function splitSiteSuffix(headline: string): { headline: string; suffix: string } | null {
  const tailStart = Math.max(0, headline.length - 80);
  const m = SITE_SUFFIX.exec(headline.slice(tailStart));
  if (!m) return null;
  const cut = tailStart + m.index;
  const rest = headline.slice(0, cut).trim();
  return rest.length === 0 ? null : { headline: rest, suffix: headline.slice(cut).trim() };
}

/** Words that open a caption written over two paragraphs. */
export const CAPTION_START =
  /^(?:(?:this|the|a|an|file|aerial|undated|combo|combination|drone|top|above|below|left|right|bottom)\s+)*(?:photos?|pictures?|images?|shows?)\b|^(?:top|above|below|left|right|bottom|upper|lower|main|inset)(?:\s+(?:left|right))?\s*:/i;

/** A headline-like paragraph: short, no final full stop. */
export function looksLikeHeadline(text: string): boolean {
  return text.length >= 8 && text.length <= 200 && /\s/.test(text) && !/[.;,:]$/.test(text);
}

/** Whitespace that collapsing changes: a run of two or more, or any but a plain space. */
const UNCOLLAPSED = /[^\S ]| {2}/;
/** What a headline key drops from its end once whitespace is collapsed to plain spaces. */
const KEY_TAIL = ' .!?:;,';

/** Lower-cased, whitespace-collapsed, without final punctuation: for comparing headlines. */
export function headlineKey(text: string): string {
  let key = text.slice(0, 400).toLowerCase();
  // Most headlines hold single plain spaces only: nothing to collapse, and no new string for it.
  if (UNCOLLAPSED.test(key)) key = key.replace(/\s+/g, ' ');
  // Every space left is a plain one, and at most one leads.
  let end = key.length;
  while (end > 0 && KEY_TAIL.includes(key.charAt(end - 1))) end--;
  const start = key.startsWith(' ') ? 1 : 0;
  return start === 0 && end === key.length ? key : key.slice(start, end);
}

/** Sentence punctuation that ends a paragraph; a line without it followed by a lower-case line is wrapped. */
export const TERMINAL = /[.!?:;"”’)\]|]$/;
