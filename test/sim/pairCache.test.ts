// The fingerprint's PairCache keeps hashes (two 32-bit lanes) in typed arrays, with BoundedCache's
// policy: it must answer every lookup as a BoundedCache of [a, b] pairs with the same limit does,
// whichever generation the key is in and however often the generations were swapped (the
// fingerprint's own tests never fill 16,384 entries).
import { describe, expect, it } from 'vitest';
import { BoundedCache, PairCache } from '../../sim/fingerprint';

/** A small deterministic PRNG (mulberry32), so that a failure repeats. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('PairCache', () => {
  for (const limit of [0, 1, 3, 8])
    it(`answers as a BoundedCache of pairs does (limit ${limit}, 5,000 random lookups over 40 keys)`, () => {
      const keys = Array.from({ length: 40 }, (_, k) => ({ k }));
      const pairs = new PairCache<object>(limit);
      const model = new BoundedCache<object, [number, number]>(limit);
      const random = prng(limit + 1);
      for (let n = 0; n < 5000; n++) {
        const key = keys[Math.floor(random() * keys.length)];
        const want = model.get(key);
        expect(pairs.peek(key)).toEqual(want);
        if (want === undefined) {
          // Lanes over the whole 32-bit range, as Hasher.finalA and finalB give.
          const lanes: [number, number] = [Math.floor(random() * 2 ** 32), Math.floor(random() * 2 ** 32)];
          model.set(key, lanes);
          pairs.set(key, lanes[0], lanes[1]);
        }
      }
    });

  it('keeps a key set again in its place, with its new lanes', () => {
    const pairs = new PairCache<object>(4);
    const a = {};
    const b = {};
    pairs.set(a, 1, 2);
    pairs.set(b, 3, 4);
    pairs.set(a, 0xffffffff, 5);
    pairs.set({}, 6, 7);
    expect(pairs.peek(a)).toEqual([0xffffffff, 5]);
    expect(pairs.peek(b)).toEqual([3, 4]);
  });
});
