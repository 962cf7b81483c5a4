/** Builds one diagnostic; `line` and `column` are 1-based. */
export function diagnostic(file, line, column, severity, rule, message) {
    return { file, line, column, severity, rule, message };
}
/** Control characters and line breaks would let a message forge extra output lines. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
/** Prints `file:line:column  severity  message  rule-id` on one line. */
export function formatDiagnostic(d) {
    const message = d.message.replace(UNPRINTABLE, ' ');
    const file = d.file.replace(UNPRINTABLE, '?');
    return `${file}:${d.line}:${d.column}  ${d.severity}  ${message}  ${d.rule}`;
}
/** Orders diagnostics by file, line and column (then rule and message, so the order is total). */
export function compareDiagnostics(a, b) {
    return (compareStrings(a.file, b.file) ||
        a.line - b.line ||
        a.column - b.column ||
        compareStrings(a.rule, b.rule) ||
        compareStrings(a.message, b.message));
}
/** Code-unit order: the same on every machine and locale, unlike localeCompare. */
export function compareStrings(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/** True when any diagnostic is an error. */
export function hasError(diagnostics) {
    return diagnostics.some((d) => d.severity === 'error');
}
/**
 * Quotes input text for a message: JSON-style quotes, control characters
 * escaped, so a quoted line can never break the one-line format.
 */
export function quote(text) {
    return JSON.stringify(text);
}
