/**
 * V8 settings for a build, whose own threads keep every core busy. Flags
 * are the process's: render threads started later have them too.
 */
import { setFlagsFromString } from 'node:v8';

/** V8's own `--interrupt-budget` in Node 20 (V8 11.3). */
const V8_INTERRUPT_BUDGET = 66 * 1024;

/**
 * For every command, set as the process starts: no parallel scavenges. V8
 * splits a collection of the young generation into tasks for the
 * platform's threads, as many as it has (four in Node, whatever the cores),
 * and waits for them all; with the build's two threads already on the two
 * cores, each thread's scavenge waited on helpers that had no core to run
 * on. Each thread now collects its own young generation alone: clean builds
 * of 10,000 articles, 6 interleaved pairs, 1.785 → 1.725 s (CPU 3.25 →
 * 3.13 s), 5 faster; added-article rebuilds, 10 pairs, 335 → 322 ms. V8
 * reads the setting at each scavenge, and leaves it out of the flags its
 * code caches are checked against.
 */
export function tuneEngine(): void {
  setFlagsFromString('--no-parallel-scavenge');
}

/** Sixteen times V8's interrupt budget: see tuneForWholeBuild and tuneForRebuild. */
const INTERRUPT_BUDGET = 16 * V8_INTERRUPT_BUDGET;

/**
 * For a build that parses and renders everything (no previous output to
 * reuse), set before any of its code has run often enough to be optimized.
 *
 * No inlining into the code V8 optimizes. Such a build is a batch of a few
 * seconds whose hot code is spread over many small functions (ours,
 * unified's, hast-util-to-html's, Eleventy's), and each thread that renders
 * optimizes them anew: at 10,000 articles V8's optimizing compiler took
 * about a quarter of a clean build's CPU, most of it on threads that share
 * the two cores with the build's own (a Linux `perf` profile). Without
 * inlining each optimization is smaller, and the code it makes runs about
 * as fast: clean builds of 10,000 articles 1.94 → 1.75 s (CPU 3.54 →
 * 3.18 s, 6 interleaved pairs, 6 faster), of 100,000 the same (14.8–15.6 s
 * either way).
 *
 * And a budget of interpreted work sixteen times V8's (`--interrupt-budget`,
 * counted in bytecodes run) before a function is weighed for optimizing:
 * in a batch this short many functions that would reach V8's budget do too
 * little work after it to repay their optimizing, and those that do much
 * still reach the larger one early on. Clean builds of 10,000 articles, 6
 * interleaved pairs: 1.74 → 1.635 s with four times the budget (CPU 3.18 →
 * 3.06 s, 5 faster; twice the budget −15 ms, eight times −115 ms), then
 * 1.655 → 1.590 s with sixteen times (CPU 3.03 → 2.96 s, 5 faster); 100,000
 * articles 16.9 → 14.7 s with four times, and 13.4–14.6 s against 14.0–18.7 s
 * with sixteen (2 pairs).
 *
 * Not for a rebuild that starts from a previous output (but see
 * tuneForRebuild): the flags are among those V8 checks its code caches
 * against, so every part of Node's own library loaded after them (a render
 * thread loads dozens as it starts) is compiled from source instead of from
 * the cache Node carries.
 */
export function tuneForWholeBuild(): void {
  setFlagsFromString('--no-turbo-inlining');
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}

/**
 * For a rebuild whose input gained or lost files, set once its folders are
 * walked and before its render thread starts: the same budget as a whole
 * build's. Such a rebuild is a few hundred milliseconds of passes over every
 * article's listing, each run once, and V8 optimized some 87 functions for
 * it (`--trace-opt`: 146 ms of compiling, on threads sharing the two cores
 * with the build's two). Added-article rebuilds at 10,000 articles, 8
 * interleaved rounds on a RAM disk: 324 → 287 ms; with no optimizing at all
 * (`--no-opt`) the same. Set for every rebuild from the start instead, an
 * edit's rebuild took 234 → 251 ms and one that finds nothing changed 197 →
 * 203 ms (10 rounds each): they have little hot code to gain from it, and
 * pay for Node's library compiled from source (tuneForWholeBuild), an edit
 * on the render thread it waits for.
 */
export function tuneForRebuild(): void {
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}

/**
 * Undoes tuneForWholeBuild and tuneForRebuild: V8's own settings, as a
 * process starts with them. A code cache made after builds have run
 * (src/codecache-train.ts) is then checked against the flags of a process
 * that has not yet run one, which loads it.
 */
export function untuneBuild(): void {
  setFlagsFromString('--turbo-inlining');
  setFlagsFromString(`--interrupt-budget=${V8_INTERRUPT_BUDGET}`);
}
