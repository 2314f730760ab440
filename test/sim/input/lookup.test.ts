import { describe, expect, it } from 'vitest';
import { byName, hasOwnKey, ownValue } from '../../../sim/input/lookup';

const BUILTINS = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf'];

describe('prototype-safe lookups', () => {
  it('find only the table\'s own entries', () => {
    const table: Record<string, number> = { broken: 1 };
    expect(ownValue(table, 'broken')).toBe(1);
    for (const k of BUILTINS) {
      expect(ownValue(table, k), k).toBeUndefined();
      expect(hasOwnKey(table, k), k).toBe(false);
    }
  });
  it('byName maps names to items', () => {
    const m = byName([{ n: 'a' }, { n: 'b' }], (x) => x.n);
    expect(m.get('b')).toEqual({ n: 'b' });
    for (const k of BUILTINS) expect(m.get(k)).toBeUndefined();
  });
});
