/**
 * A small seeded pseudo-random generator for the synthetic corpus. The
 * benchmark must produce the same bytes for the same size and seed on every
 * machine and Node version, so nothing here touches Math.random.
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator) seeded through
 * a 32-bit string hash: tiny, fast and with good enough statistics for text.
 */
/** Hashes a string to four 32-bit words (cyrb128), the seed state of sfc32. */
function hashSeed(text) {
    let h1 = 1779033703;
    let h2 = 3144134277;
    let h3 = 1013904242;
    let h4 = 2773480762;
    for (let i = 0; i < text.length; i++) {
        const k = text.charCodeAt(i);
        h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
        h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
        h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
        h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
    }
    h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
    h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
    h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
    h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
    return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}
/** Creates a generator whose whole sequence is fixed by `seed`. */
export function createRandom(seed) {
    let [a, b, c, d] = hashSeed(seed);
    const next = () => {
        a >>>= 0;
        b >>>= 0;
        c >>>= 0;
        d >>>= 0;
        let t = (a + b) | 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) | 0;
        c = (c << 21) | (c >>> 11);
        d = (d + 1) | 0;
        t = (t + d) | 0;
        c = (c + t) | 0;
        return (t >>> 0) / 4294967296;
    };
    // Discard the first outputs: sfc32 mixes its state over the first few rounds.
    for (let i = 0; i < 12; i++)
        next();
    return {
        next,
        int: (min, max) => min + Math.floor(next() * (max - min + 1)),
        pick: (items) => {
            if (items.length === 0)
                throw new Error('Random.pick: called with an empty list');
            return items[Math.floor(next() * items.length)];
        },
        chance: (p) => next() < p,
    };
}
