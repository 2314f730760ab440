// WeakMemo: a hit gives the value made before for that very object without making it again, a
// miss makes it from the key and keeps it, and a make that throws keeps nothing.
import { describe, expect, it } from 'vitest';
import { WeakMemo } from '../src/weakMemo';

interface Key {
  name: string;
}

/** A make that counts its calls, by the key it was given. */
function counting(): { make: (key: Key) => string; calls: string[] } {
  const calls: string[] = [];
  return { calls, make: (key) => (calls.push(key.name), `value of ${key.name}`) };
}

describe('WeakMemo', () => {
  it('makes a value from its key on a miss and hands the same one back on a hit', () => {
    const memo = new WeakMemo<Key, object>();
    const key = { name: 'a' };
    const made = { n: 1 };
    const given: Key[] = [];
    expect(memo.get(key, (k) => (given.push(k), made))).toBe(made);
    expect(memo.get(key, () => ({ n: 2 }))).toBe(made);
    expect(given).toEqual([key]);
    expect(given[0]).toBe(key);
  });

  it('keeps each key its own value, by identity: an equal object is another key', () => {
    const memo = new WeakMemo<Key, string>();
    const { make, calls } = counting();
    const [a, b, alsoA] = [{ name: 'a' }, { name: 'b' }, { name: 'a' }];
    for (const key of [a, b, a, b]) expect(memo.get(key, make)).toBe(`value of ${key.name}`);
    expect(calls).toEqual(['a', 'b']);
    memo.get(alsoA, make);
    expect(calls).toEqual(['a', 'b', 'a']);
    // Both kept: the old key is still a hit.
    memo.get(a, make);
    memo.get(alsoA, make);
    expect(calls).toEqual(['a', 'b', 'a']);
  });

  it('remembers a falsy value (0, null, the empty string) as a hit', () => {
    const memo = new WeakMemo<Key, number | string | null>();
    let makes = 0;
    for (const value of [0, null, '']) {
      const key = { name: String(value) };
      expect(memo.get(key, () => (makes++, value))).toBe(value);
      expect(memo.get(key, () => (makes++, 'again'))).toBe(value);
    }
    expect(makes).toBe(3);
  });

  it('remembers nothing when make throws, so a bad key throws every time', () => {
    const memo = new WeakMemo<Key, number>();
    const key = { name: 'bad' };
    const bad = (k: Key): number => {
      throw new RangeError(`bad ${k.name}`);
    };
    expect(() => memo.get(key, bad)).toThrow(RangeError);
    expect(() => memo.get(key, bad)).toThrow(RangeError);
    expect(memo.get(key, () => 7)).toBe(7);
  });
});
