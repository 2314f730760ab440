// applyRedis answers GET in one pass over the entries, keeping the array itself when nothing
// changes. Every sequence of operations must leave the same entries and replies as the backend's
// full path (applyRedisInFull), which drops the expired keys, then moves the hit to the front.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BackendOp, DjangoCacheEntry } from '../../src/layers/djangoCache';
import { applyRedis, applyRedisInFull } from '../../src/layers/redisCache';
import { cacheSettings, KEYS } from './helpers/djangoCacheCommands';

const madeKey = fc.constantFrom(...KEYS.map((k) => `:1:${k}`));
const op: fc.Arbitrary<BackendOp> = fc.oneof(
  { weight: 4, arbitrary: madeKey.map((k) => ({ op: 'get' as const, madeKey: k, default: null })) },
  { weight: 3, arbitrary: fc.tuple(madeKey, fc.constantFrom<number | null>(null, 1, 2, 5)).map(([k, t]) => ({ op: 'set' as const, madeKey: k, value: [{ id: k }], timeoutS: t })) },
  fc.tuple(madeKey, fc.constantFrom<number | null>(null, 1)).map(([k, t]) => ({ op: 'add' as const, madeKey: k, value: 1, timeoutS: t })),
  madeKey.map((k) => ({ op: 'delete' as const, madeKey: k })),
  madeKey.map((k) => ({ op: 'incr' as const, madeKey: k, delta: 1 })),
);

function runBoth(steps: Array<{ op: BackendOp; advanceMs: number }>): void {
  const settings = cacheSettings('redis', 300);
  let fast: DjangoCacheEntry[] = [];
  let plain: DjangoCacheEntry[] = [];
  let nowMs = 0;
  for (const step of steps) {
    nowMs += step.advanceMs;
    const before = JSON.stringify(fast);
    const a = applyRedis({ ...settings, entries: fast }, step.op, nowMs);
    const b = applyRedisInFull({ ...settings, entries: plain }, step.op, nowMs);
    expect(JSON.stringify(fast), 'the entries given are not changed').toBe(before);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    fast = a.entries;
    plain = b.entries;
  }
}

describe('applyRedis: GET in one pass', () => {
  it('leaves the same entries and replies as the full path on random operation sequences', () => {
    fc.assert(fc.property(fc.array(fc.record({ op, advanceMs: fc.constantFrom(0, 0, 700, 1500) }), { maxLength: 40 }), (steps) => runBoth(steps)), { numRuns: 600 });
  });

  it('keeps the entries array when a hit is already first and nothing has expired', () => {
    const settings = cacheSettings('redis', 300);
    const entries: DjangoCacheEntry[] = [
      { key: ':1:a', value: 1, expiresAtMs: null },
      { key: ':1:b', value: 2, expiresAtMs: 1000 },
    ];
    expect(applyRedis({ ...settings, entries }, { op: 'get', madeKey: ':1:a', default: null }, 0).entries).toBe(entries);
    expect(applyRedis({ ...settings, entries }, { op: 'get', madeKey: ':1:c', default: null }, 0).entries).toBe(entries);
    expect(applyRedis({ ...settings, entries }, { op: 'get', madeKey: ':1:b', default: null }, 0).entries.map((e) => e.key)).toEqual([':1:b', ':1:a']);
    // b expired at 1001 (Redis: now > expiry): dropped, and a miss that knows it had just expired.
    const miss = applyRedis({ ...settings, entries }, { op: 'get', madeKey: ':1:b', default: null }, 1001);
    expect(miss.entries.map((e) => e.key)).toEqual([':1:a']);
    expect(miss.reply).toEqual({ hit: false, value: null, expired: true });
  });
});
