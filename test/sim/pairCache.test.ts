// The fingerprint's PairCache keeps hashes (two 32-bit lanes) in typed arrays, with BoundedCache's
// policy: it must answer every lookup as a BoundedCache of [a, b] pairs with the same limit does,
// whichever generation the key is in and however often the generations were swapped (the
// fingerprint's own tests never fill 4,096 entries).
import { describe, expect, it } from 'vitest';
import { BoundedCache, PairCache } from '../../sim/fingerprint';
import { createPrng } from '../../sim/prng';

describe('PairCache', () => {
  for (const limit of [0, 1, 3, 8])
    it(`answers as a BoundedCache of pairs does (limit ${limit}, 5,000 random lookups over 40 keys)`, () => {
      const keys = Array.from({ length: 40 }, (_, k) => ({ k }));
      const pairs = new PairCache<object>(limit);
      const model = new BoundedCache<object, [number, number]>(limit);
      const random = createPrng(limit + 1);
      for (let n = 0; n < 5000; n++) {
        const key = keys[random.nextInt(keys.length)];
        const want = model.get(key);
        expect(pairs.peek(key)).toEqual(want);
        if (want === undefined) {
          // Lanes over the whole 32-bit range, as Hasher.finalA and finalB give.
          const lanes: [number, number] = [random.nextU32(), random.nextU32()];
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
