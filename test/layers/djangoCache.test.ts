import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { JsonValue } from '../../src/json';
import {
  DJANGO_CACHE_DEFAULTS,
  djangoCacheMachine,
  initialDjangoCacheContext,
  makeKey,
  reduceDjangoCache,
  viewDjangoCache,
  type DjangoCacheContext,
  type DjangoCacheEvent,
  type DjangoCacheInput,
} from '../../src/layers/djangoCache';

type EventWithoutTime = DjangoCacheEvent extends infer E ? (E extends DjangoCacheEvent ? Omit<E, 'nowMs'> : never) : never;

function cache(overrides: Partial<DjangoCacheInput> = {}): DjangoCacheContext {
  return initialDjangoCacheContext({ backend: 'locmem', ...DJANGO_CACHE_DEFAULTS, ...overrides });
}

/** Applies events at one instant and returns the context after the last. */
function run(context: DjangoCacheContext, nowMs: number, ...events: EventWithoutTime[]): DjangoCacheContext {
  return events.reduce((ctx, e) => reduceDjangoCache(ctx, { ...e, nowMs } as DjangoCacheEvent), context);
}

const keys = (ctx: DjangoCacheContext) => ctx.entries.map((e) => e.key);
const set = (key: string, value: JsonValue = key, timeoutS?: number | null): EventWithoutTime =>
  timeoutS === undefined ? { type: 'cache.set', key, value } : { type: 'cache.set', key, value, timeoutS };
const fill = (ctx: DjangoCacheContext, n: number, nowMs = 0) =>
  run(ctx, nowMs, ...Array.from({ length: n }, (_, i) => set(`k${i}`)));

describe('makeKey', () => {
  it('is default_key_func: KEY_PREFIX:VERSION:key', () => {
    expect(makeKey('calendar_feed:1:None:None:2025-09-28:2025-11-09', '', 1)).toBe(
      ':1:calendar_feed:1:None:None:2025-09-28:2025-11-09',
    );
    expect(makeKey('k', 'obcms_cache', 3)).toBe('obcms_cache:3:k');
  });

  it('uses the per-call version when given', () => {
    const ctx = run(cache({ keyPrefix: 'p' }), 0, { type: 'cache.set', key: 'k', value: 1, version: 2 });
    expect(keys(ctx)).toEqual(['p:2:k']);
    expect(run(ctx, 0, { type: 'cache.get', key: 'k' }).reply).toEqual({ hit: false, value: null, expired: false });
    expect(run(ctx, 0, { type: 'cache.get', key: 'k', version: 2 }).reply).toEqual({ hit: true, value: 1, expired: false });
  });
});

describe('LocMemCache', () => {
  it('culls the least recently used: MAX_ENTRIES 6, get(k0), get(k1), set(k6) evicts k2, k3 (docs/facts.md, Django cache)', () => {
    let ctx = fill(cache({ maxEntries: 6 }), 6);
    ctx = run(ctx, 0, { type: 'cache.get', key: 'k0' }, { type: 'cache.get', key: 'k1' });
    expect(keys(ctx)).toEqual([':1:k1', ':1:k0', ':1:k5', ':1:k4', ':1:k3', ':1:k2']);
    ctx = run(ctx, 0, set('k6'));
    expect(ctx.reply).toEqual({ culled: [':1:k2', ':1:k3'] });
    expect(keys(ctx)).toEqual([':1:k6', ':1:k1', ':1:k0', ':1:k5', ':1:k4']);
  });

  it('culls even when the key being set already exists', () => {
    let ctx = fill(cache({ maxEntries: 6 }), 6);
    ctx = run(ctx, 0, set('k5', 'new'));
    expect(ctx.reply).toEqual({ culled: [':1:k0', ':1:k1'] });
    expect(keys(ctx)).toEqual([':1:k5', ':1:k4', ':1:k3', ':1:k2']);
    expect(ctx.entries[0].value).toBe('new');
  });

  it('does not cull below MAX_ENTRIES', () => {
    const ctx = run(fill(cache({ maxEntries: 6 }), 5), 0, set('k5'));
    expect(ctx.reply).toEqual({ culled: [] });
    expect(ctx.entries).toHaveLength(6);
  });

  it('MAX_ENTRIES is a soft limit: with len // CULL_FREQUENCY == 0 nothing is culled', () => {
    const ctx = fill(cache({ maxEntries: 2, cullFrequency: 3 }), 3);
    expect(ctx.reply).toEqual({ culled: [] });
    expect(ctx.entries).toHaveLength(3);
    expect(run(ctx, 0, set('k3')).reply).toEqual({ culled: [':1:k0'] });
  });

  it('CULL_FREQUENCY 0 clears everything, the key being set included, then stores it', () => {
    let ctx = fill(cache({ maxEntries: 4, cullFrequency: 0 }), 4);
    ctx = run(ctx, 0, set('k2', 'again'));
    expect(ctx.reply).toEqual({ culled: [':1:k0', ':1:k1', ':1:k2', ':1:k3'] });
    expect(keys(ctx)).toEqual([':1:k2']);
  });

  it('a timeout=None key is culled like any other', () => {
    let ctx = run(cache({ maxEntries: 3, cullFrequency: 3 }), 0, set('version', 5, null), set('a'), set('b'));
    ctx = run(ctx, 0, set('c'));
    expect(ctx.reply).toEqual({ culled: [':1:version'] });
    expect(run(ctx, 0, { type: 'cache.get', key: 'version', default: 0 }).reply).toEqual({ hit: false, value: 0, expired: false });
  });

  it('expires lazily: the entry stays (and is shown expired) until read, then get deletes it', () => {
    let ctx = run(cache(), 0, set('k', 'v', 2));
    expect(ctx.entries[0].expiresAtMs).toBe(2000);
    expect(run(ctx, 1999, { type: 'cache.get', key: 'k' }).reply).toEqual({ hit: true, value: 'v', expired: false });
    expect(viewDjangoCache(ctx, 2000).entries).toEqual([{ key: ':1:k', value: 'v', expiresAtMs: 2000, expired: true }]);
    ctx = run(ctx, 2000, { type: 'cache.get', key: 'k', default: 'dflt' });
    expect(ctx.reply).toEqual({ hit: false, value: 'dflt', expired: true });
    expect(ctx.entries).toEqual([]);
  });

  it('an expired entry still takes a slot and counts toward MAX_ENTRIES', () => {
    let ctx = run(cache({ maxEntries: 2, cullFrequency: 2 }), 0, set('old', 1, 1), set('live'));
    ctx = run(ctx, 5000, set('new'));
    expect(ctx.reply).toEqual({ culled: [':1:old'] });
  });

  it('timeout None never expires; omitted uses TIMEOUT; TIMEOUT None never expires', () => {
    let ctx = run(cache(), 1000, set('forever', 1, null), set('dflt', 2));
    expect(ctx.entries.map((e) => e.expiresAtMs)).toEqual([301_000, null]);
    expect(run(ctx, 1e12, { type: 'cache.get', key: 'forever' }).reply).toMatchObject({ hit: true, value: 1 });
    ctx = run(cache({ defaultTimeoutS: null }), 1000, set('x'));
    expect(ctx.entries[0].expiresAtMs).toBeNull();
  });

  it('timeout 0 stores an entry that expired a second ago', () => {
    let ctx = run(cache(), 5000, set('zero', 'z', 0));
    expect(ctx.entries).toEqual([{ key: ':1:zero', value: 'z', expiresAtMs: 4000 }]);
    ctx = run(ctx, 5000, { type: 'cache.get', key: 'zero' });
    expect(ctx.reply).toEqual({ hit: false, value: null, expired: true });
  });

  it('TIMEOUT 0 as the default expires at the same instant, not a second before', () => {
    const ctx = run(cache({ defaultTimeoutS: 0 }), 5000, set('k'));
    expect(ctx.entries[0].expiresAtMs).toBe(5000);
  });

  it('get moves a hit to the front', () => {
    let ctx = fill(cache(), 3);
    ctx = run(ctx, 0, { type: 'cache.get', key: 'k0' });
    expect(keys(ctx)).toEqual([':1:k0', ':1:k2', ':1:k1']);
  });

  it('add stores only when absent or expired, and a refused add does not touch the LRU order', () => {
    let ctx = run(cache(), 0, set('a', 1, 10), set('b', 2));
    ctx = run(ctx, 0, { type: 'cache.add', key: 'a', value: 9 });
    expect(ctx.reply).toEqual({ added: false, culled: [] });
    expect(keys(ctx)).toEqual([':1:b', ':1:a']);
    ctx = run(ctx, 10_000, { type: 'cache.add', key: 'a', value: 9 });
    expect(ctx.reply).toEqual({ added: true, culled: [] });
    expect(ctx.entries[0]).toEqual({ key: ':1:a', value: 9, expiresAtMs: 310_000 });
    ctx = run(ctx, 10_000, { type: 'cache.add', key: 'c', value: 3, timeoutS: null });
    expect(ctx.reply).toEqual({ added: true, culled: [] });
  });

  it('add culls when full, like set', () => {
    const ctx = run(fill(cache({ maxEntries: 3, cullFrequency: 3 }), 3), 0, { type: 'cache.add', key: 'n', value: 1 });
    expect(ctx.reply).toEqual({ added: true, culled: [':1:k0'] });
  });

  it('incr raises ValueError on a missing key, and on an expired one (deleting it)', () => {
    let ctx = run(cache(), 0, { type: 'cache.incr', key: 'n' });
    expect(ctx.reply).toEqual({ error: 'ValueError', message: "Key ':1:n' not found" });
    ctx = run(ctx, 0, set('n', 1, 1));
    ctx = run(ctx, 1000, { type: 'cache.incr', key: 'n' });
    expect(ctx.reply).toEqual({ error: 'ValueError', message: "Key ':1:n' not found" });
    expect(ctx.entries).toEqual([]);
  });

  it('incr adds delta, keeps the expiry and moves the key to the front', () => {
    let ctx = run(cache(), 0, set('n', 5, 60), set('other'));
    ctx = run(ctx, 30_000, { type: 'cache.incr', key: 'n', delta: 10 });
    expect(ctx.reply).toEqual({ value: 15 });
    expect(ctx.entries[0]).toEqual({ key: ':1:n', value: 15, expiresAtMs: 60_000 });
  });

  it('incr follows Python +: True + 1 is 2, a str raises TypeError and stays put', () => {
    let ctx = run(cache(), 0, set('flag', true), set('s', 'abc'), set('last'));
    expect(run(ctx, 0, { type: 'cache.incr', key: 'flag' }).reply).toEqual({ value: 2 });
    ctx = run(ctx, 0, { type: 'cache.incr', key: 's' });
    expect(ctx.reply).toEqual({ error: 'TypeError', message: 'can only concatenate str (not "int") to str' });
    expect(keys(ctx)).toEqual([':1:last', ':1:s', ':1:flag']);
    expect(run(ctx, 0, set('none', null), { type: 'cache.incr', key: 'none' }).reply).toEqual({
      error: 'TypeError',
      message: "unsupported operand type(s) for +: 'NoneType' and 'int'",
    });
  });

  it('delete reports True for an expired entry still in the dict, False for an absent one', () => {
    let ctx = run(cache(), 0, set('k', 1, 1));
    ctx = run(ctx, 5000, { type: 'cache.delete', key: 'k' });
    expect(ctx.reply).toEqual({ deleted: true });
    expect(run(ctx, 5000, { type: 'cache.delete', key: 'k' }).reply).toEqual({ deleted: false });
  });

  it('clear removes everything', () => {
    const ctx = run(fill(cache(), 3), 0, { type: 'cache.clear' });
    expect(ctx.reply).toEqual({ removed: [':1:k2', ':1:k1', ':1:k0'] });
    expect(ctx.entries).toEqual([]);
  });

  it('stores a copy: mutating the value after set does not change the cache', () => {
    const value = { items: [1, 2] };
    const ctx = run(cache(), 0, { type: 'cache.set', key: 'k', value });
    value.items.push(3);
    expect(ctx.entries[0].value).toEqual({ items: [1, 2] });
  });

  it('never mutates the context it is given', () => {
    const before = fill(cache({ maxEntries: 3 }), 3);
    const snapshot = JSON.stringify(before);
    run(before, 0, set('x'), { type: 'cache.get', key: 'k0' }, { type: 'cache.delete', key: 'k1' }, { type: 'cache.incr', key: 'x' });
    expect(JSON.stringify(before)).toBe(snapshot);
  });
});

describe('RedisCache', () => {
  const redis = (overrides: Partial<DjangoCacheInput> = {}) => cache({ backend: 'redis', ...overrides });

  it('never culls, whatever MAX_ENTRIES says', () => {
    const ctx = fill(redis({ maxEntries: 2 }), 10);
    expect(ctx.entries).toHaveLength(10);
    expect(ctx.reply).toEqual({ culled: [] });
  });

  it('is one cache: a delete by one worker is seen by the next reader', () => {
    // Two "workers" share the same context, which is the point of the backend.
    let shared = run(redis(), 0, set('feed', 'old'));
    shared = run(shared, 1, { type: 'cache.delete', key: 'feed' });
    expect(shared.reply).toEqual({ deleted: true });
    expect(run(shared, 2, { type: 'cache.get', key: 'feed' }).reply).toEqual({ hit: false, value: null, expired: false });
  });

  it('expires by TTL one millisecond later than LocMem (now > expiry)', () => {
    const ctx = run(redis(), 0, set('k', 'v', 2));
    expect(ctx.entries[0].expiresAtMs).toBe(2000);
    expect(run(ctx, 2000, { type: 'cache.get', key: 'k' }).reply).toEqual({ hit: true, value: 'v', expired: false });
    expect(run(ctx, 2001, { type: 'cache.get', key: 'k' }).reply).toEqual({ hit: false, value: null, expired: true });
    // LocMem, same set: already gone at 2000.
    expect(run(run(cache(), 0, set('k', 'v', 2)), 2000, { type: 'cache.get', key: 'k' }).reply).toMatchObject({ hit: false });
  });

  it('timeout 0, negative or below 1 s deletes the key on set', () => {
    for (const timeoutS of [0, -5, 0.5]) {
      const ctx = run(redis(), 0, set('k', 'old'), set('k', 'new', timeoutS));
      expect(ctx.entries).toEqual([]);
    }
    expect(run(redis(), 0, set('k', 'v', 1.7)).entries[0].expiresAtMs).toBe(1000);
  });

  it('add with timeout 0 returns True and stores nothing; add of a live key returns False', () => {
    let ctx = run(redis(), 0, { type: 'cache.add', key: 'k', value: 1, timeoutS: 0 });
    expect(ctx.reply).toEqual({ added: true, culled: [] });
    expect(ctx.entries).toEqual([]);
    ctx = run(ctx, 0, { type: 'cache.add', key: 'k', value: 1 }, { type: 'cache.add', key: 'k', value: 2 });
    expect(ctx.reply).toEqual({ added: false, culled: [] });
    expect(ctx.entries[0].value).toBe(1);
  });

  it('set with timeout None drops the TTL the key had', () => {
    const ctx = run(redis(), 0, set('k', 1, 5), set('k', 2, null));
    expect(ctx.entries).toEqual([{ key: ':1:k', value: 2, expiresAtMs: null }]);
  });

  it('incr: ValueError (with a period) when missing, INCRBY keeps the TTL, non-ints fail in Redis', () => {
    let ctx = run(redis(), 0, { type: 'cache.incr', key: 'n' });
    expect(ctx.reply).toEqual({ error: 'ValueError', message: "Key ':1:n' not found." });
    ctx = run(ctx, 0, set('n', 5, 60));
    ctx = run(ctx, 10_000, { type: 'cache.incr', key: 'n', delta: 2 });
    expect(ctx.reply).toEqual({ value: 7 });
    expect(ctx.entries[0].expiresAtMs).toBe(60_000);
    for (const value of [true, 'abc', 1.5]) {
      const r = run(redis(), 0, set('v', value), { type: 'cache.incr', key: 'v' }).reply;
      expect(r).toEqual({ error: 'ResponseError', message: 'value is not an integer or out of range' });
    }
  });

  it('delete of an expired key returns False (Redis expires it first)', () => {
    const ctx = run(redis(), 0, set('k', 1, 1));
    expect(run(ctx, 1001, { type: 'cache.delete', key: 'k' }).reply).toEqual({ deleted: false });
  });
});

describe('djangoCacheMachine', () => {
  it('answers through context.reply, as the simulator reads it', () => {
    const actor = createActor(djangoCacheMachine, { input: { backend: 'locmem', ...DJANGO_CACHE_DEFAULTS, maxEntries: 2, cullFrequency: 2 } }).start();
    actor.send({ type: 'cache.set', key: 'a', value: [1], nowMs: 0 });
    actor.send({ type: 'cache.set', key: 'b', value: [2], nowMs: 0 });
    actor.send({ type: 'cache.set', key: 'c', value: [3], nowMs: 0 });
    expect(actor.getSnapshot().context.reply).toEqual({ culled: [':1:a'] });
    actor.send({ type: 'cache.get', key: 'b', nowMs: 1 });
    expect(actor.getSnapshot().context.reply).toEqual({ hit: true, value: [2], expired: false });
    expect(viewDjangoCache(actor.getSnapshot().context, 1)).toEqual({
      backend: 'locmem',
      maxEntries: 2,
      entries: [
        { key: ':1:b', value: [2], expiresAtMs: 300_000, expired: false },
        { key: ':1:c', value: [3], expiresAtMs: 300_000, expired: false },
      ],
    });
    actor.stop();
  });

  it('keeps its context JSON-safe', () => {
    const ctx = run(cache(), 0, set('k', 1, null), { type: 'cache.get', key: 'missing' });
    expect(JSON.parse(JSON.stringify(ctx))).toEqual(ctx);
  });
});
