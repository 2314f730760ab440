// The first character no valid JSON could have, for the errors V8 reports without a position.
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, trailingCommaBefore } from '../../../sim/input/jsonErrorOffset';

describe('jsonErrorOffset', () => {
  it.each([
    ['[1,]', 3],
    ['{"a": [1,\n 2,\n ]\n}', 15],
    ['{"a": x}', 6],
    ['{"a": tru}', 9],
    ['{"a": "ab', null],
    ['{"a": 1}', null],
  ])('%j -> %s', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it('agrees with the position V8 gives where it gives one', () => {
    for (const text of ['{"a": 1 "b": 2}', '{a: 1}', '{"a": 1}}', '[1 2]', '{"a": "b\\x"}']) {
      let at = -1;
      try {
        JSON.parse(text);
      } catch (e) {
        at = Number(/position (\d+)/.exec((e as Error).message)![1]);
      }
      expect(jsonErrorOffset(text), text).toBe(at);
    }
  });

  it('finds the comma before a closing bracket, across whitespace', () => {
    expect(trailingCommaBefore('[1,\n ]', 5)).toBe(2);
    expect(trailingCommaBefore('[1 ]', 3)).toBeNull();
    expect(trailingCommaBefore('{"a": x}', 6)).toBeNull();
  });
});
