// reduceDjangoCache keeps a LocMem context as it is for a delete of an absent key right after
// another such delete (the delete loops' common case). Every sequence of operations must leave
// the same contexts, replies included, as the reducer without that shortcut.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialDjangoCacheContext, reduceDjangoCache, reduceDjangoCacheInFull, type DjangoCacheContext, type DjangoCacheEvent } from '../../src/layers/djangoCache';
import { addCommand, cacheSettings, getCommand, incrCommand, key, setCommand, timedEvents } from './helpers/djangoCacheCommands';

const command = fc.oneof(
  getCommand,
  setCommand,
  addCommand,
  fc.tuple(key, fc.constantFrom(undefined, 1, 2)).map(([k, v]) => (v === undefined ? { type: 'cache.delete' as const, key: k } : { type: 'cache.delete' as const, key: k, version: v })),
  fc.constant({ type: 'cache.delete' as const, key: 'never-set' }),
  incrCommand,
  fc.constant({ type: 'cache.clear' as const }),
);

function runBoth(maxEntries: number, steps: Array<{ command: Omit<DjangoCacheEvent, 'nowMs'>; advanceMs: number }>): void {
  const settings = cacheSettings('locmem', maxEntries);
  let fast: DjangoCacheContext = initialDjangoCacheContext(settings);
  let plain: DjangoCacheContext = initialDjangoCacheContext(settings);
  for (const { event: drawn } of timedEvents(steps)) {
    const event = drawn as DjangoCacheEvent;
    fast = reduceDjangoCache(fast, event);
    plain = reduceDjangoCacheInFull(plain, event);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(plain));
  }
}

describe('reduceDjangoCache: the repeated missed delete shortcut', () => {
  it('leaves the same contexts and replies as the full reducer on random operation sequences', () => {
    fc.assert(
      fc.property(fc.constantFrom(2, 3, 300), fc.array(fc.record({ command, advanceMs: fc.constantFrom(0, 500, 2000) }), { maxLength: 40 }), (maxEntries, steps) => runBoth(maxEntries, steps)),
      { numRuns: 400 },
    );
  });

  it('is taken only for a missed delete after a missed delete', () => {
    const settings = cacheSettings('locmem', 300);
    const set = reduceDjangoCache(initialDjangoCacheContext(settings), { type: 'cache.set', key: 'a', value: 1, timeoutS: 0, nowMs: 0 });
    const miss = reduceDjangoCache(set, { type: 'cache.delete', key: 'x', nowMs: 0 });
    expect(miss).not.toBe(set);
    expect(reduceDjangoCache(miss, { type: 'cache.delete', key: 'y', nowMs: 0 })).toBe(miss);
    // 'a' has expired but is still in the dict: deleting it is a hit (Django's _delete), not a shortcut.
    const hit = reduceDjangoCache(miss, { type: 'cache.delete', key: 'a', nowMs: 5000 });
    expect(hit).not.toBe(miss);
    expect(hit.reply).toEqual({ deleted: true });
    expect(hit.entries).toEqual([]);
  });
});
