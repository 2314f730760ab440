// BoundedMemo: a hit gives the value made before without making it again, a miss makes and keeps
// it, and a full memo starts over exactly when it holds maxEntries values and a new key comes.
import { describe, expect, it } from 'vitest';
import { BoundedMemo } from '../src/boundedMemo';

/** A make that counts its calls. */
function counting(): { make: (key: number) => string; calls: number[] } {
  const calls: number[] = [];
  return { calls, make: (key) => (calls.push(key), `value ${key}`) };
}

describe('BoundedMemo', () => {
  it('makes a value on a miss and hands the same one back on a hit', () => {
    const memo = new BoundedMemo<number, object>(4);
    const made = { n: 1 };
    expect(memo.get(1, () => made)).toBe(made);
    expect(memo.get(1, () => ({ n: 2 }))).toBe(made);
    expect(memo.size).toBe(1);
  });

  it('remembers a falsy value (0, null, the empty string) as a hit', () => {
    const memo = new BoundedMemo<string, number | string | null>(4);
    const { make, calls } = counting();
    for (const [key, value] of [['zero', 0], ['none', null], ['empty', '']] as const) {
      expect(memo.get(key, () => (make(0), value))).toBe(value);
      expect(memo.get(key, () => (make(0), 'again'))).toBe(value);
    }
    expect(calls).toHaveLength(3);
  });

  it('keeps maxEntries values, and clears when a new key comes to a full memo', () => {
    const memo = new BoundedMemo<number, string>(3);
    const { make, calls } = counting();
    for (const k of [1, 2, 3]) memo.get(k, make);
    expect(memo.size).toBe(3);
    // Full: every key is still a hit.
    for (const k of [1, 2, 3]) expect(memo.get(k, make)).toBe(`value ${k}`);
    expect(calls).toEqual([1, 2, 3]);
    // A fourth key starts over: the memo then holds it alone, and the old keys are made again.
    expect(memo.get(4, make)).toBe('value 4');
    expect(memo.size).toBe(1);
    expect(memo.get(1, make)).toBe('value 1');
    expect(calls).toEqual([1, 2, 3, 4, 1]);
    expect(memo.size).toBe(2);
  });

  it('never holds more than maxEntries, over many keys', () => {
    const memo = new BoundedMemo<number, string>(10);
    const { make } = counting();
    for (let k = 0; k < 1000; k++) {
      expect(memo.get(k, make)).toBe(`value ${k}`);
      expect(memo.size).toBeLessThanOrEqual(10);
    }
  });

  it('remembers nothing when make throws, so a bad key throws every time', () => {
    const memo = new BoundedMemo<string, number>(4);
    const bad = (key: string): number => {
      throw new RangeError(`bad ${key}`);
    };
    expect(() => memo.get('x', bad)).toThrow(RangeError);
    expect(memo.size).toBe(0);
    expect(() => memo.get('x', bad)).toThrow(RangeError);
  });

  it('clear forgets every value', () => {
    const memo = new BoundedMemo<number, string>(4);
    const { make, calls } = counting();
    memo.get(1, make);
    memo.clear();
    expect(memo.size).toBe(0);
    memo.get(1, make);
    expect(calls).toEqual([1, 1]);
  });
});
