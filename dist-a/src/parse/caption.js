/**
 * Photo captions: a paragraph that carries a photo credit. Recognised forms:
 *
 *     … Aug. 21, 2024. (Xinhua/Rao Aimin)       agency/photographer(s)
 *     … (Xinhua/Li Ming/Zhang Wei)              several photographers
 *     … (Photo by Wang Wei/Xinhua)              "Photo by"
 *     … (AFP)   … (Xinhua)                      an agency alone
 *     … [Photo/Xinhua]   … [Photo by X/China Daily]   square brackets
 *     Li Ming / Xinhua | …   or   … | Li Ming / Xinhua |   pipe-delimited
 *
 * Only the tail (or head, for the pipe form) of the paragraph is examined, so
 * the cost does not grow with paragraph length.
 */
/** Agencies and picture services whose name alone, in brackets, is a credit. */
const AGENCIES = new Set([
    'xinhua', 'afp', 'ap', 'reuters', 'epa', 'epa-efe', 'efe', 'getty images', 'ic', 'vcg', 'cfp', 'tass', 'sputnik',
    'dpa', 'ansa', 'anadolu', 'anadolu agency', 'kyodo', 'yonhap', 'bernama', 'pti', 'ians', 'upi', 'china daily',
    'cns', 'cgtn', 'global times', 'ap photo', 'xinhua photo', 'afp photo', 'reuters photo', 'imaginechina', 'ria novosti',
].map((s) => s.toLowerCase()));
const PHOTO_WORDS = /^(?:photos?|pictures?|images?|file photos?|screenshots?|video screenshots?|courtesy(?: of)?|provided|handout)(?:\s*[:/]|\s+(?:by|taken by|provided by|courtesy of|from|via|credit)\b|$)/i;
/** One name in a slash credit: starts with a capital, no sentence punctuation. */
const CREDIT_SEGMENT = /^\p{Lu}[\p{L}\p{M}\p{N} .'’&-]{0,49}$/u;
/** True when `text` (the inside of the brackets) reads as a photo credit. */
export function isCredit(text) {
    const t = text.trim();
    if (t.length === 0 || t.length > 120)
        return false;
    if (AGENCIES.has(t.toLowerCase()))
        return true;
    if (PHOTO_WORDS.test(t))
        return true;
    if (!t.includes('/'))
        return false;
    // Markup in a credit (`Xinhua/Bai <b>X</b>`) is a scraping accident, not a sentence:
    // the names are judged without it, and the credit keeps it as written (escaped when shown).
    const segments = t.replace(INLINE_TAG, '').split('/').map((s) => s.trim());
    return segments.length <= 6 && segments.every((s) => CREDIT_SEGMENT.test(s) && !/[.]\s/.test(s));
}
/** An inline HTML tag such as `<b>`, `</b>`, `<br/>`, `<span class="x">`. */
const INLINE_TAG = /<\/?[a-z][a-z0-9]*(?:\s[^<>]{0,60})?\/?>/gi;
/** How far from the end the opening bracket of a credit may stand. */
const TAIL = 130;
/** Splits a caption paragraph into caption and credit, or returns null. */
export function matchCaption(paragraph) {
    const p = paragraph.trimEnd();
    const last = p[p.length - 1];
    if (last === ')' || last === ']') {
        const open = p.lastIndexOf(last === ')' ? '(' : '[', p.length - 1);
        if (open === -1 || p.length - open > TAIL)
            return null;
        const inner = p.slice(open + 1, -1);
        if (/[()[\]]/.test(inner) || !isCredit(inner))
            return null;
        return { caption: p.slice(0, open).trim(), credit: inner.trim() };
    }
    return matchPipeCredit(p);
}
function matchPipeCredit(p) {
    const slashCredit = (s) => s.includes('/') && isCredit(s);
    // `… | Li Ming / Xinhua |`
    if (p.endsWith('|')) {
        const body = p.slice(0, -1);
        const bar = body.lastIndexOf('|');
        const credit = body.slice(bar + 1).trim();
        if (body.length - bar <= TAIL && slashCredit(credit)) {
            const caption = (bar === -1 ? '' : body.slice(0, bar)).trim();
            // Without a leading bar the credit is the text after the caption's last sentence.
            if (bar !== -1)
                return { caption, credit };
        }
        const tail = body.slice(-TAIL);
        const m = /^(.*[.!?”"])\s+([^.!?|]+)$/.exec(tail);
        if (m && slashCredit(m[2])) {
            const captionEnd = body.length - m[2].length;
            return { caption: body.slice(0, captionEnd).trim(), credit: m[2].trim() };
        }
        return null;
    }
    // `Li Ming / Xinhua | …`
    const bar = p.indexOf('|');
    if (bar > 0 && bar <= TAIL) {
        const credit = p.slice(0, bar).trim();
        if (slashCredit(credit))
            return { caption: p.slice(bar + 1).trim(), credit };
    }
    return null;
}
