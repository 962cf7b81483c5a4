/**
 * Slices (src/cache/slices.ts): made along an earlier list's slices, they are
 * the slices made afresh, whatever was added, removed or changed between the lists.
 */
import { describe, expect, it } from 'vitest';
import { slicesAlong, slicesOf } from '../../src/cache/slices.js';

/** A deterministic generator of numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const sourcesOf = (list: readonly string[], slices: readonly [number, number][]): string[][] => slices.map(([start, end]) => list.slice(start, end));

describe('slices', () => {
  it('made along the slices of an earlier list, are the slices made afresh', () => {
    const next = random(7);
    let serial = 0;
    const name = (): string => `${2015 + Math.floor(next() * 10)}/${String(1 + Math.floor(next() * 12)).padStart(2, '0')}/${String(serial++).padStart(6, '0')}_${Math.floor(next() * 2 ** 32).toString(16)}.txt`;
    let reused = 0;
    for (let round = 0; round < 300; round++) {
      const size = [2, 3, 5, 20][round % 4]!;
      const before = Array.from({ length: Math.floor(next() * 400) }, name);
      const after = [...before];
      // Some articles added, removed or renamed, anywhere; sometimes none, or every one.
      const changes = round % 10 === 0 ? 0 : round % 10 === 1 ? after.length : 1 + Math.floor(next() * 6);
      for (let c = 0; c < changes; c++) {
        const at = Math.floor(next() * (after.length + 1));
        const what = next();
        if (what < 0.4) after.splice(at, 0, name());
        else if (what < 0.7 && after.length > 0) after.splice(Math.min(at, after.length - 1), 1);
        else if (after.length > 0) after[Math.min(at, after.length - 1)] = name();
      }
      const previous = sourcesOf(before, slicesOf(before, size));
      const along = slicesAlong(after, size, previous);
      expect(along, `round ${round}`).toEqual(slicesOf(after, size));
      reused += sourcesOf(after, along).filter((slice) => previous.some((old) => old.join('\0') === slice.join('\0'))).length;
    }
    // Most slices are an earlier one: the point of making them along.
    expect(reused).toBeGreaterThan(1000);
  });

  it('takes an earlier list\'s last slice only where this list ends with it too', () => {
    // With a size no source ends a slice at, every slice but the last is cut at 2 × size.
    const size = 2 ** 30;
    const before = ['a', 'b', 'c'];
    const after = ['a', 'b', 'c', 'd'];
    expect(slicesAlong(after, size, sourcesOf(before, slicesOf(before, size)))).toEqual(slicesOf(after, size));
    expect(slicesAlong(after, size, [['a', 'b', 'c']])).toEqual([[0, 4]]);
    expect(slicesAlong(before, size, [['a', 'b', 'c']])).toEqual([[0, 3]]);
  });
});
