// The Django cache operations the layer's property tests draw from, on four keys: the ones every
// such test needs; each test adds its own deletes (single, versioned, batched, of a key never set).
import fc from 'fast-check';

export const KEYS = ['a', 'b', 'c', 'd'];
export const key = fc.constantFrom(...KEYS);
export const getCommand = key.map((k) => ({ type: 'cache.get' as const, key: k }));
export const setCommand = fc.tuple(key, fc.constantFrom(null, 0, 1, 5)).map(([k, t]) => ({ type: 'cache.set' as const, key: k, value: [{ id: k }], timeoutS: t }));
export const addCommand = fc.tuple(key, fc.constantFrom(null, 1)).map(([k, t]) => ({ type: 'cache.add' as const, key: k, value: 1, timeoutS: t }));
export const incrCommand = key.map((k) => ({ type: 'cache.incr' as const, key: k }));

/** The layer's settings in these tests: Django's defaults but for the backend and MAX_ENTRIES. */
export function cacheSettings(backend: 'locmem' | 'redis', maxEntries: number) {
  return { backend, maxEntries, cullFrequency: 3, defaultTimeoutS: 300, keyPrefix: '', version: 1 };
}

/** Each drawn step as an event at its time: the clock advanced by the step's advanceMs, then the command. */
export function* timedEvents<C extends object>(steps: ReadonlyArray<{ command: C; advanceMs: number }>): Generator<{ command: C; event: C & { nowMs: number }; nowMs: number }> {
  let nowMs = 0;
  for (const step of steps) {
    nowMs += step.advanceMs;
    yield { command: step.command, event: { ...step.command, nowMs }, nowMs };
  }
}
