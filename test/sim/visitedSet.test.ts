// The explorer's visited set against a plain Set of "a,b" strings: add, has and the one-probe
// visit give the same answers on any sequence, through growth, with (0, 0) and negative lanes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VisitedSet } from '../../sim/explore/visitedSet';

// Lanes from a small pool so that sequences repeat fingerprints; |0 and >>>0 forms both appear.
const lane = fc.constantFrom(0, 1, 2, -1, 0x7fffffff, 0x80000000 | 0, 0xffffffff, 12345, 0x9e3779b1 | 0);
const op = fc.record({ kind: fc.constantFrom('add', 'has', 'visit'), a: lane, b: lane });
// (0, 0) marks an empty slot and is stored as (0, 1): the two are one fingerprint (a 2^-64 merge).
const key = (a: number, b: number) => (a === 0 && b === 0 ? '0,1' : `${a >>> 0},${b >>> 0}`);

describe('VisitedSet', () => {
  it('answers as a Set of fingerprints does, through growth and the (0, 0) slot marker', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), fc.integer({ min: 1, max: 60 }), (ops, maxSize) => {
        const set = new VisitedSet(2);
        const oracle = new Set<string>();
        for (const { kind, a, b } of ops) {
          const k = key(a, b);
          if (kind === 'add') {
            expect(set.add(a, b)).toBe(!oracle.has(k));
            oracle.add(k);
          } else if (kind === 'has') expect(set.has(a, b)).toBe(oracle.has(k));
          else {
            const want = oracle.has(k) ? 'seen' : oracle.size >= maxSize ? 'full' : 'new';
            expect(set.visit(a, b, maxSize)).toBe(want);
            if (want === 'new') oracle.add(k);
          }
          expect(set.size).toBe(oracle.size);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps many distinct fingerprints apart after doubling', () => {
    const set = new VisitedSet(4);
    for (let i = 0; i < 5000; i++) expect(set.visit(i * 7919, i ^ 0x5bd1e995, 10_000)).toBe('new');
    for (let i = 0; i < 5000; i++) expect(set.visit(i * 7919, i ^ 0x5bd1e995, 10_000)).toBe('seen');
    expect(set.visit(-5, -5, 5000)).toBe('full');
    expect(set.size).toBe(5000);
  });
});
