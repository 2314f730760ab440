// django.core.cache.backends.locmem.LocMemCache, step for step (same code in Django 3.2 and 5.2).
//
// What it can get wrong, or surprise people with:
// - One cache per process: N workers, N caches; invalidating one leaves N-1 stale.
// - A full cache (len >= MAX_ENTRIES) culls on every set/add, even when the key already exists:
//   it drops len // CULL_FREQUENCY entries from the least-recently-used end, whatever their
//   timeout (CULL_FREQUENCY 0 drops everything). Only get, incr and set/add count as a use;
//   a failed add does not. MAX_ENTRIES is soft: while len // CULL_FREQUENCY is 0 (a MAX_ENTRIES
//   below CULL_FREQUENCY) nothing is culled and the cache grows past it.
// - Expired entries are only removed when read (get, incr, has_key), deleted or culled, so until
//   then they take slots and count toward MAX_ENTRIES.
// - `timeout=0` stores an entry that expired a second ago (ticket 21147); `delete` of an expired
//   entry still returns True, because it only looks at the dict.
// - `incr` keeps the old expiry, raises ValueError on a missing or expired key, and raises
//   whatever Python's `+` raises on a value that is not a number (True + 1 is 2).
import { copyJson, type JsonValue } from '../json';
import type { BackendOp, BackendResult, DjangoCacheEntry, DjangoCacheInput } from './djangoCache';

/** `exp <= time.time()`: at the exact expiry instant the entry is already gone. */
export function locMemHasExpired(expiresAtMs: number | null, nowMs: number): boolean {
  return expiresAtMs !== null && expiresAtMs <= nowMs;
}

/** BaseCache.get_backend_timeout, in ms since the simulation's zero. */
export function locMemExpiresAtMs(timeoutS: number | null | 'default', defaultTimeoutS: number | null, nowMs: number): number | null {
  if (timeoutS === 'default') {
    // The default path skips the 0 -> -1 substitution below: TIMEOUT 0 expires "now", not a second ago.
    return defaultTimeoutS === null ? null : nowMs + Math.trunc(defaultTimeoutS) * 1000;
  }
  if (timeoutS === null) return null;
  // Django turns 0 into -1 so that float rounding can never leave a 0-second entry alive.
  if (timeoutS === 0) return nowMs - 1000;
  return nowMs + timeoutS * 1000;
}

/**
 * The reply to a delete of a key the dict does not hold, one frozen value for all: a context whose
 * reply is this one and that lacks a key is exactly what deleting that key again gives, so the
 * delete loops' misses can keep the context as it is (reduceDjangoCache).
 */
export const LOCMEM_DELETE_MISSED: { readonly deleted: false } = Object.freeze({ deleted: false });

/** Whether the LocMem dict holds `madeKey`, expired or not. */
export function locMemHolds(entries: readonly DjangoCacheEntry[], madeKey: string): boolean {
  for (let i = 0; i < entries.length; i++) if (entries[i].key === madeKey) return true;
  return false;
}

/** Values are pickled in and out: the cache never shares an object with its caller. */
function copyValue(value: JsonValue): JsonValue {
  return copyJson(value);
}

/** `_cull`: pops len // CULL_FREQUENCY entries off the LRU end; 0 clears the whole cache. */
function cull(entries: DjangoCacheEntry[], cullFrequency: number): { kept: DjangoCacheEntry[]; culled: string[] } {
  if (cullFrequency === 0) return { kept: [], culled: entries.map((e) => e.key).reverse() };
  // Python's // floors; a negative CULL_FREQUENCY gives a negative count and culls nothing.
  const count = Math.max(0, Math.floor(entries.length / cullFrequency));
  if (count === 0) return { kept: entries, culled: [] };
  const kept = entries.slice(0, entries.length - count);
  // In popitem() order: the least recently used first.
  const culled = entries.slice(entries.length - count).map((e) => e.key).reverse();
  return { kept, culled };
}

/** `_set`: cull first if full (the key itself may be among the culled), then store at the front. */
function store(
  entries: DjangoCacheEntry[],
  settings: DjangoCacheInput,
  madeKey: string,
  value: JsonValue,
  timeoutS: number | null | 'default',
  nowMs: number,
): { entries: DjangoCacheEntry[]; culled: string[] } {
  let kept = entries;
  let culled: string[] = [];
  if (entries.length >= settings.maxEntries) ({ kept, culled } = cull(entries, settings.cullFrequency));
  const entry: DjangoCacheEntry = {
    key: madeKey,
    value: copyValue(value),
    expiresAtMs: locMemExpiresAtMs(timeoutS, settings.defaultTimeoutS, nowMs),
  };
  return { entries: [entry, ...kept.filter((e) => e.key !== madeKey)], culled };
}

function pythonTypeName(value: JsonValue): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'dict';
}

/** `value + delta` as Python evaluates it for a JSON value and an int delta. */
function pythonAdd(value: JsonValue, delta: number): { value: number } | { error: 'TypeError'; message: string } {
  if (typeof value === 'number') return { value: value + delta };
  if (typeof value === 'boolean') return { value: (value ? 1 : 0) + delta };
  const deltaType = Number.isInteger(delta) ? 'int' : 'float';
  const type = pythonTypeName(value);
  if (type === 'str' || type === 'list') {
    return { error: 'TypeError', message: `can only concatenate ${type} (not "${deltaType}") to ${type}` };
  }
  return { error: 'TypeError', message: `unsupported operand type(s) for +: '${type}' and '${deltaType}'` };
}

export function applyLocMem(
  context: DjangoCacheInput & { entries: DjangoCacheEntry[] },
  op: BackendOp,
  nowMs: number,
): BackendResult {
  const { entries } = context;
  if (op.op === 'clear') return { entries: [], reply: { removed: entries.map((e) => e.key) } };
  // A plain loop: the seed fix's delete loop runs this 125 times per delete.
  let index = -1;
  for (let i = 0; i < entries.length; i++) {
    if (entries[i].key === op.madeKey) {
      index = i;
      break;
    }
  }
  const found = index < 0 ? null : entries[index];
  // A missing key counts as expired (`_expire_info.get(key, -1)`).
  const live = found !== null && !locMemHasExpired(found.expiresAtMs, nowMs) ? found : null;
  const without = index < 0 ? entries : entries.filter((_, i) => i !== index);

  switch (op.op) {
    case 'get':
      if (!live) return { entries: without, reply: { hit: false, value: op.default, expired: found !== null } };
      return { entries: [live, ...without], reply: { hit: true, value: copyValue(live.value), expired: false } };
    case 'set': {
      const result = store(entries, context, op.madeKey, op.value, op.timeoutS, nowMs);
      return { entries: result.entries, reply: { culled: result.culled } };
    }
    case 'add': {
      // A live key is left where it is: a failed add is not a use.
      if (live) return { entries, reply: { added: false, culled: [] } };
      // An expired key is overwritten in place, so it still counts toward MAX_ENTRIES here.
      const result = store(entries, context, op.madeKey, op.value, op.timeoutS, nowMs);
      return { entries: result.entries, reply: { added: true, culled: result.culled } };
    }
    case 'delete':
      // `_delete` looks only at the dict: an expired entry is "deleted" too.
      return { entries: without, reply: found !== null ? { deleted: true } : LOCMEM_DELETE_MISSED };
    case 'incr': {
      if (!live) {
        return { entries: without, reply: { error: 'ValueError', message: `Key '${op.madeKey}' not found` } };
      }
      const sum = pythonAdd(live.value, op.delta);
      // The TypeError leaves the entry untouched, not even moved to the front.
      if ('error' in sum) return { entries, reply: sum };
      return { entries: [{ ...live, value: sum.value }, ...without], reply: { value: sum.value } };
    }
  }
}
