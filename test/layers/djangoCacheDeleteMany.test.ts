// cache.deleteMany delivers a loop of cache.delete calls as one event. Whatever came before, it
// must leave the same entries as one cache.delete event per key, and report exactly the keys
// whose delete found them; the shortcuts (reduceDjangoCache) must agree with the full reducer.
import fc from 'fast-check';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { djangoCacheMachine, initialDjangoCacheContext, reduceDjangoCache, reduceDjangoCacheInFull, type DjangoCacheContext, type DjangoCacheEvent } from '../../src/layers/djangoCache';
import { KEYS, addCommand, cacheSettings, getCommand, incrCommand, key, setCommand, timedEvents } from './helpers/djangoCacheCommands';

/** Frozen key lists, each one object for the whole test, as writeInvalidation's loopKeys keeps them. */
const FROZEN_LISTS: ReadonlyArray<readonly string[]> = [Object.freeze([...KEYS]), Object.freeze([KEYS[0], 'never-set', KEYS[1]]), Object.freeze(['never-set'])];

const command = fc.oneof(
  getCommand,
  setCommand,
  addCommand,
  key.map((k) => ({ type: 'cache.delete' as const, key: k })),
  incrCommand,
  // A frozen list (a delete loop's) has its made keys remembered (madeKeys): the same few lists
  // recur, under every version, beside fresh ones.
  fc
    .tuple(fc.oneof(fc.array(fc.constantFrom(...KEYS, 'never-set'), { maxLength: 8 }), fc.constantFrom(...FROZEN_LISTS)), fc.constantFrom(undefined, 1, 2))
    .map(([keys, v]) => (v === undefined ? { type: 'cache.deleteMany' as const, keys } : { type: 'cache.deleteMany' as const, keys, version: v })),
);

type Command = DjangoCacheEvent extends infer E ? (E extends unknown ? Omit<E, 'nowMs'> : never) : never;

/** The plain path: a deleteMany as one cache.delete event per key, through the full reducer. */
function oneByOne(context: DjangoCacheContext, command: Command, nowMs: number): { context: DjangoCacheContext; deletedKeys: string[] | null } {
  if (command.type !== 'cache.deleteMany') return { context: reduceDjangoCacheInFull(context, { ...command, nowMs } as DjangoCacheEvent), deletedKeys: null };
  let ctx = context;
  const deletedKeys: string[] = [];
  for (const k of command.keys) {
    ctx = reduceDjangoCacheInFull(ctx, command.version === undefined ? { type: 'cache.delete', key: k, nowMs } : { type: 'cache.delete', key: k, version: command.version, nowMs });
    if ((ctx.reply as { deleted: boolean }).deleted) deletedKeys.push(k);
  }
  return { context: ctx, deletedKeys };
}

function runAll(backend: 'locmem' | 'redis', maxEntries: number, steps: Array<{ command: Command; advanceMs: number }>): void {
  const settings = cacheSettings(backend, maxEntries);
  let fast: DjangoCacheContext = initialDjangoCacheContext(settings);
  let full: DjangoCacheContext = initialDjangoCacheContext(settings);
  let plain: DjangoCacheContext = initialDjangoCacheContext(settings);
  const actor = createActor(djangoCacheMachine, { input: settings }).start();
  for (const { command, event: drawn, nowMs } of timedEvents(steps)) {
    const event = drawn as DjangoCacheEvent;
    fast = reduceDjangoCache(fast, event);
    full = reduceDjangoCacheInFull(full, event);
    actor.send(event);
    const expected = oneByOne(plain, command, nowMs);
    plain = expected.context;
    expect(fast.entries).toEqual(plain.entries);
    expect(JSON.stringify(full)).toBe(JSON.stringify(fast));
    expect(JSON.stringify(actor.getSnapshot().context)).toBe(JSON.stringify(fast));
    if (expected.deletedKeys === null) expect(fast.reply).toEqual(plain.reply);
    else expect((fast.reply as { deletedKeys: string[] }).deletedKeys).toEqual(expected.deletedKeys);
  }
  actor.stop();
}

describe('cache.deleteMany', () => {
  for (const backend of ['locmem', 'redis'] as const) {
    it(`${backend}: leaves the entries of one cache.delete per key and reports the keys found, on random operation sequences`, () => {
      fc.assert(
        fc.property(fc.constantFrom(2, 3, 300), fc.array(fc.record({ command, advanceMs: fc.constantFrom(0, 500, 2000) }), { maxLength: 30 }), (maxEntries, steps) => runAll(backend, maxEntries, steps)),
        { numRuns: 300 },
      );
    });
  }

  it('keeps the context as it is when every key misses right after such a deleteMany (LocMem)', () => {
    const settings = { backend: 'locmem' as const, maxEntries: 300, cullFrequency: 3, defaultTimeoutS: 300, keyPrefix: '', version: 1 };
    const set = reduceDjangoCache(initialDjangoCacheContext(settings), { type: 'cache.set', key: 'a', value: 1, timeoutS: 60, nowMs: 0 });
    const first = reduceDjangoCache(set, { type: 'cache.deleteMany', keys: ['x', 'y'], nowMs: 0 });
    expect(first).not.toBe(set);
    expect(reduceDjangoCache(first, { type: 'cache.deleteMany', keys: ['x', 'z'], nowMs: 0 })).toBe(first);
    const hit = reduceDjangoCache(first, { type: 'cache.deleteMany', keys: ['x', 'a', 'y'], nowMs: 0 });
    expect(hit.reply).toEqual({ deletedKeys: ['a'] });
    expect(hit.entries).toEqual([]);
  });
});
