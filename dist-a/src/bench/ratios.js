/**
 * The statistics the benchmark reports: medians over runs, and ratios of
 * two steps both as the ratio of their medians and run by run (each run
 * times both steps one after the other, so a run's ratio is the one least
 * moved by the machine's slower and faster spells).
 */
/** The median of `values`, or null for none. */
export function median(values) {
    if (values.length === 0)
        return null;
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
/** a / b to three decimals, or null when either is missing or b is 0. */
export function ratio(a, b) {
    return a === null || a === undefined || b === null || b === undefined || b === 0 ? null : Math.round((a / b) * 1000) / 1000;
}
/** The ratio a / b in each run where both steps succeeded, in run order, and the median of those ratios. */
export function ratiosByRun(a, b) {
    const byRun = [];
    for (const first of a) {
        const second = b.find((timing) => timing.run === first.run);
        if (first.exitCode !== 0 || second === undefined || second.exitCode !== 0)
            continue;
        const value = ratio(first.wallMs, second.wallMs);
        if (value !== null)
            byRun.push(value);
    }
    const middle = median(byRun);
    return { byRun, median: middle === null ? null : Math.round(middle * 1000) / 1000 };
}
