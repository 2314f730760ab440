// appended (sim/world/appended.ts) replaces `[...list, x]` where the world's state replaces a
// list: the same entries, in a new array, the list it was given left as it was (a snapshot may
// hold it: sim/world/state.ts). A version that pushed onto the given list, or returned it, fails.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appended } from '../../sim/world/appended';

describe('appended', () => {
  it('is [...list, x], as a new array, the list unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.object())), fc.anything(), (list, x) => {
        const before = [...list];
        const out = appended(list, x);
        expect(out).toEqual([...before, x]);
        expect(out).not.toBe(list);
        expect(list).toEqual(before);
        expect(JSON.stringify(out)).toBe(JSON.stringify([...before, x]));
      }),
      { numRuns: 500 },
    );
  });
});
