// copyJson stands in for the JSON round trip that models Django's pickling of cache values: it
// must give exactly what the round trip gives, and share nothing with its input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyJson, type JsonValue } from '../../src/json';
import { applyLocMem } from '../../src/layers/locMemCache';
import { initialDjangoCacheContext } from '../../src/layers/djangoCache';

const roundTrip = (v: unknown): unknown => (v === null || typeof v !== 'object' ? v : JSON.parse(JSON.stringify(v)));

/** Same text and same structure, and -0/0 told apart (toEqual would not). */
function sameAsRoundTrip(v: unknown): void {
  const want = roundTrip(v);
  const got = copyJson(v as JsonValue);
  expect(JSON.stringify(got)).toBe(JSON.stringify(want));
  expect(got).toStrictEqual(want);
  const zeros = (x: unknown): string[] => JSON.stringify(x, (_k, val) => (Object.is(val, -0) ? '-0' : val)).match(/"-0"/g) ?? [];
  expect(zeros(got)).toEqual(zeros(want));
}

describe('copyJson', () => {
  it('equals the JSON round trip on arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => sameAsRoundTrip(v)), { numRuns: 500 });
  });

  it('equals the round trip on what JSON papers over: -0, non-finite numbers, undefined, functions, __proto__, dates', () => {
    sameAsRoundTrip([-0, 0, Number.NaN, Infinity, -Infinity, undefined, () => 1, { a: undefined, b: -0, c: Number.NaN, f: () => 1 }]);
    sameAsRoundTrip(JSON.parse('{"__proto__": {"x": 1}, "y": [1, {"__proto__": null}]}'));
    sameAsRoundTrip({ when: new Date(0), nested: [new Date(86_400_000)] });
    sameAsRoundTrip({ 2: 'b', 1: 'a', z: 1, a: 2 });
    expect(() => copyJson({ n: 1n } as never)).toThrow(TypeError);
  });

  it('returns primitives as they are and shares no object or array with its input', () => {
    for (const v of ['x', 1, true, null]) expect(copyJson(v)).toBe(v);
    const v = { events: [{ id: 'a', extendedProps: { tags: ['t'] } }] };
    const c = copyJson(v) as typeof v;
    expect(c).not.toBe(v);
    expect(c.events).not.toBe(v.events);
    expect(c.events[0]).not.toBe(v.events[0]);
    expect(c.events[0].extendedProps.tags).not.toBe(v.events[0].extendedProps.tags);
  });

  it('keeps LocMem values isolated: mutating what was set or got does not change the cache', () => {
    const settings = initialDjangoCacheContext({ backend: 'locmem', maxEntries: 300, cullFrequency: 3, defaultTimeoutS: 300, keyPrefix: '', version: 1 });
    const value = [{ id: 'a', title: 'Budget review' }];
    const set = applyLocMem(settings, { op: 'set', madeKey: ':1:k', value, timeoutS: null }, 0);
    value[0].title = 'changed by the caller';
    const got = applyLocMem({ ...settings, entries: set.entries }, { op: 'get', madeKey: ':1:k', default: null }, 0);
    const reply = got.reply as unknown as { value: Array<{ title: string }> };
    expect(reply.value[0].title).toBe('Budget review');
    reply.value[0].title = 'changed by the reader';
    const again = applyLocMem({ ...settings, entries: got.entries }, { op: 'get', madeKey: ':1:k', default: null }, 0);
    expect((again.reply as unknown as { value: Array<{ title: string }> }).value[0].title).toBe('Budget review');
  });
});
