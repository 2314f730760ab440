// The Django cache operations the layer's property tests draw from, on four keys: the ones every
// such test needs; each test adds its own deletes (single, versioned, batched, of a key never set).
import fc from 'fast-check';

export const KEYS = ['a', 'b', 'c', 'd'];
export const key = fc.constantFrom(...KEYS);
export const getCommand = key.map((k) => ({ type: 'cache.get' as const, key: k }));
export const setCommand = fc.tuple(key, fc.constantFrom(null, 0, 1, 5)).map(([k, t]) => ({ type: 'cache.set' as const, key: k, value: [{ id: k }], timeoutS: t }));
export const addCommand = fc.tuple(key, fc.constantFrom(null, 1)).map(([k, t]) => ({ type: 'cache.add' as const, key: k, value: 1, timeoutS: t }));
export const incrCommand = key.map((k) => ({ type: 'cache.incr' as const, key: k }));
