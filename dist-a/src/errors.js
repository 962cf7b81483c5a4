/**
 * An error's message followed by those of its causes, joined with `: `.
 * Eleventy wraps the original error in its own (`originalError`), so both
 * chains are followed, five levels at most.
 */
export function describeError(error) {
    const messages = [];
    for (let e = error, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
        if (!(e instanceof Error)) {
            messages.push(String(e));
            break;
        }
        if (!messages.includes(e.message))
            messages.push(e.message);
        e = e.originalError ?? e.cause;
    }
    return messages.join(': ');
}
