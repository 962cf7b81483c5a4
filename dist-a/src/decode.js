/**
 * Bytes to text. Decides what counts as a text file:
 *
 * - UTF-8 (with or without a byte order mark) is read as is.
 * - Bytes that are not valid UTF-8 are read as windows-1252, the encoding
 *   most scraped and exported Western text really is in, with a `not-utf8`
 *   warning: the article is kept, and the warning says where the first
 *   invalid byte stood.
 * - UTF-16 with a byte order mark is decoded, with a `not-utf8` warning.
 * - NUL bytes, or more than 10% control characters, make a `binary-file` error.
 * - More than {@link MAX_FILE_BYTES} bytes make a `file-too-large` error.
 *
 * Remaining control characters (other than tab and line breaks) become spaces:
 * they are not text, and XML outputs such as feeds cannot carry them.
 */
import { isUtf8 } from 'node:buffer';
import { diagnostic } from './diagnostics.js';
/** Files larger than this are refused: 8 MiB. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;
/** Share of control characters above which a file is taken for binary. */
const MAX_CONTROL_SHARE = 0.1;
/** windows-1252 code points for bytes 0x80–0x9F (undefined bytes keep their C1 value). */
const CP1252_HIGH = [
    0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d,
    0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d,
    0x017e, 0x0178,
];
/**
 * Decodes windows-1252 by table. (Node's TextDecoder('windows-1252') treats
 * the label as Latin-1 and maps 0x80–0x9F to C1 controls instead of € “ ” …)
 */
export function decodeWindows1252(bytes) {
    const parts = [];
    const CHUNK = 8192;
    const codes = new Array(CHUNK);
    for (let start = 0; start < bytes.length; start += CHUNK) {
        const end = Math.min(start + CHUNK, bytes.length);
        codes.length = end - start;
        for (let i = start; i < end; i++) {
            const b = bytes[i];
            codes[i - start] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b;
        }
        parts.push(String.fromCharCode(...codes));
    }
    return parts.join('');
}
/** Offset of the first byte that breaks UTF-8, or -1 when all of it is valid. */
export function firstInvalidUtf8(bytes) {
    let i = 0;
    const n = bytes.length;
    while (i < n) {
        const b = bytes[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        let need;
        let min;
        if (b >= 0xc2 && b <= 0xdf) {
            need = 1;
            min = 0x80;
        }
        else if (b >= 0xe0 && b <= 0xef) {
            need = 2;
            min = 0x800;
        }
        else if (b >= 0xf0 && b <= 0xf4) {
            need = 3;
            min = 0x10000;
        }
        else
            return i;
        let cp = b & (0x3f >> need);
        for (let k = 1; k <= need; k++) {
            const c = bytes[i + k];
            if (c === undefined || (c & 0xc0) !== 0x80)
                return i;
            cp = (cp << 6) | (c & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return i;
        i += need + 1;
    }
    return -1;
}
function lineColumnAt(bytes, offset) {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
        if (bytes[i] === 0x0a) {
            line++;
            lineStart = i + 1;
        }
    }
    return { line, column: offset - lineStart + 1 };
}
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const CONTROL_PRESENT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** One decoder for every file: it drops a byte order mark, as the text below expects. */
const UTF8 = new TextDecoder('utf-8');
/** Turns the bytes of one file into text, or refuses them with an error. */
export function decodeBytes(bytes, file) {
    const diagnostics = [];
    if (bytes.length > MAX_FILE_BYTES) {
        diagnostics.push(diagnostic(file, 1, 1, 'error', 'file-too-large', `file is ${bytes.length} bytes, over the ${MAX_FILE_BYTES}-byte limit: split it into one dispatch per file`));
        return { diagnostics };
    }
    let text;
    if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
        const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
        text = new TextDecoder(encoding).decode(bytes.subarray(2));
        diagnostics.push(diagnostic(file, 1, 1, 'warning', 'not-utf8', `file is ${encoding.toUpperCase()}, not UTF-8: it was decoded, but save it as UTF-8`));
    }
    else {
        const nul = bytes.indexOf(0);
        if (nul !== -1) {
            const at = lineColumnAt(bytes, nul);
            diagnostics.push(diagnostic(file, at.line, at.column, 'error', 'binary-file', `file contains a NUL byte at offset ${nul}: it is not a text dispatch`));
            return { diagnostics };
        }
        // isUtf8 (simdutf) checks the common case many times faster than the byte loop, which then finds where it breaks.
        const invalid = isUtf8(bytes) ? -1 : firstInvalidUtf8(bytes);
        if (invalid === -1) {
            text = UTF8.decode(bytes);
        }
        else {
            text = decodeWindows1252(bytes);
            const at = lineColumnAt(bytes, invalid);
            diagnostics.push(diagnostic(file, at.line, at.column, 'warning', 'not-utf8', `byte 0x${bytes[invalid].toString(16).padStart(2, '0')} at offset ${invalid} is not UTF-8: the file was read as windows-1252; save it as UTF-8`));
        }
    }
    if (text.charCodeAt(0) === 0xfeff)
        text = text.slice(1);
    const controls = CONTROL_PRESENT.test(text) ? (text.match(CONTROL)?.length ?? 0) : 0;
    if (controls > 0) {
        if (controls > text.length * MAX_CONTROL_SHARE) {
            diagnostics.push(diagnostic(file, 1, 1, 'error', 'binary-file', `${controls} of ${text.length} characters are control characters: it is not a text dispatch`));
            return { diagnostics };
        }
        text = text.replace(CONTROL, ' ');
    }
    return { text, diagnostics };
}
