/**
 * Splitting work between threads (guided scheduling): runs that shrink
 * towards the end, so the threads finish together, without many small runs
 * early on, each of which costs a message and a set-up of its own.
 */
/**
 * Splits `items` into runs for `threads` threads: first one run of `first`
 * items per thread, then runs of what is left divided among the threads,
 * between `least` and `most` items. Every item is in exactly one run, in
 * order.
 */
export function shrinkingRuns(items, threads, sizes) {
    const most = Math.max(1, sizes.most);
    const least = Math.min(sizes.least, most);
    const first = Math.max(1, sizes.first ?? most);
    const share = sizes.share ?? 1;
    const out = [];
    let k = 0;
    for (let t = 0; t < threads && k < items.length; t++, k += first)
        out.push(items.slice(k, k + first));
    while (k < items.length) {
        const left = items.length - k;
        let size = Math.max(least, Math.min(most, Math.ceil(left / (threads * share))));
        // No run under `least` after this one: the rest goes with it.
        if (left - size < least)
            size = left;
        out.push(items.slice(k, k + size));
        k += size;
    }
    return out;
}
