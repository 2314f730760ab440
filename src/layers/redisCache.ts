// django.core.cache.backends.redis.RedisCache (Django 4.0+) and the redis-server behind it.
//
// What it can get wrong, or surprise people with:
// - It is one cache for every worker, so an invalidation reaches all of them; but nothing about
//   it is transactional with the database: a reader can refill a key right after the delete.
// - `timeout=0` (or negative) never stores anything: `set` becomes DEL, so "set with timeout 0"
//   deletes the old value; `add` with 0 returns True and stores nothing. Fractional timeouts are
//   truncated (`int(timeout)`): 0.5 s deletes the key.
// - `set` without an expiry (timeout None) also clears any TTL the key had (SET drops it).
// - `incr` is EXISTS, then INCRBY: two round trips. If the key expires or is deleted in between,
//   INCRBY creates it from 0 with no TTL. Only ints are stored raw (RedisSerializer); anything
//   else, bool and float included, is pickled, and INCRBY on it fails with a ResponseError.
// - No culling: with Redis's default `maxmemory 0` nothing is evicted; keys go only by TTL.
// - Keys expire when `now > expiry`, one millisecond later than LocMem's `exp <= now`.
// This model runs each call atomically at its virtual instant; the EXISTS/INCRBY gap is noted,
// not simulated.
import { copyJson, type JsonValue } from '../json';
import type { BackendOp, BackendResult, DjangoCacheEntry, DjangoCacheInput } from './djangoCache';

/** Redis `keyIsExpired`: `now > when`. */
export function redisHasExpired(expiresAtMs: number | null, nowMs: number): boolean {
  return expiresAtMs !== null && nowMs > expiresAtMs;
}

/** RedisCache.get_backend_timeout: None stays None (persistent key), else max(0, int(timeout)). */
export function redisBackendTimeoutS(timeoutS: number | null | 'default', defaultTimeoutS: number | null): number | null {
  const timeout = timeoutS === 'default' ? defaultTimeoutS : timeoutS;
  return timeout === null ? null : Math.max(0, Math.trunc(timeout));
}

/** RedisSerializer stores `type(obj) is int` values as plain integers; INCRBY works only on those. */
export function isStoredAsRedisInteger(value: JsonValue): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

function copyValue(value: JsonValue): JsonValue {
  return copyJson(value);
}

/**
 * Whether DEL `madeKey` finds nothing and leaves the entries as they are (no key of them has
 * expired, so applyRedis would drop none): most of a delete loop's keys, which deleteMany then skips.
 */
export function redisDeleteMisses(entries: readonly DjangoCacheEntry[], madeKey: string, nowMs: number): boolean {
  for (const e of entries) if (e.key === madeKey || redisHasExpired(e.expiresAtMs, nowMs)) return false;
  return true;
}

type RedisContext = DjangoCacheInput & { entries: DjangoCacheEntry[] };

export function applyRedis(context: RedisContext, op: BackendOp, nowMs: number): BackendResult {
  return op.op === 'get' ? redisGet(context, op.madeKey, op.default, nowMs) : applyRedisInFull(context, op, nowMs);
}

/**
 * GET, as applyRedisInFull's, in one pass over the entries rather than three copies of them
 * (expired ones dropped, the others without the hit, the hit in front): a hit is the commonest
 * cache step of a Redis run. With nothing expired, a miss or a hit on the first entry keeps the
 * entries array itself (entries are replaced, never changed in place).
 * test/layers/redisGet.test.ts compares the two.
 */
function redisGet(context: RedisContext, madeKey: string, fallback: JsonValue, nowMs: number): BackendResult {
  const all = context.entries;
  let found: DjangoCacheEntry | null = null;
  let expiredAny = false;
  let expiredKey = false;
  for (const e of all) {
    if (redisHasExpired(e.expiresAtMs, nowMs)) {
      expiredAny = true;
      if (e.key === madeKey) expiredKey = true;
    } else if (found === null && e.key === madeKey) found = e;
  }
  if (found === null) {
    // Only the model knows the key had just expired; Django sees a plain miss.
    const entries = expiredAny ? all.filter((e) => !redisHasExpired(e.expiresAtMs, nowMs)) : all;
    return { entries, reply: { hit: false, value: fallback, expired: expiredKey } };
  }
  const value = copyValue(found.value);
  if (!expiredAny && all[0] === found) return { entries: all, reply: { hit: true, value, expired: false } };
  const entries = [found];
  for (const e of all) if (e !== found && !redisHasExpired(e.expiresAtMs, nowMs)) entries.push(e);
  return { entries, reply: { hit: true, value, expired: false } };
}

/** applyRedis without its one-pass GET. */
export function applyRedisInFull(context: RedisContext, op: BackendOp, nowMs: number): BackendResult {
  // Redis never hands out an expired key (lazy plus active expiry), so they are gone for everyone.
  const entries = context.entries.filter((e) => !redisHasExpired(e.expiresAtMs, nowMs));
  if (op.op === 'clear') return { entries: [], reply: { removed: entries.map((e) => e.key) } }; // FLUSHDB
  const found = entries.find((e) => e.key === op.madeKey) ?? null;
  const others = found === null ? entries : entries.filter((e) => e !== found);

  switch (op.op) {
    case 'get': {
      // Only the model knows the key had just expired; Django sees a plain miss.
      const expired = found === null && context.entries.some((e) => e.key === op.madeKey);
      if (!found) return { entries, reply: { hit: false, value: op.default, expired } };
      return { entries: [found, ...others], reply: { hit: true, value: copyValue(found.value), expired: false } };
    }
    case 'set': {
      const timeoutS = redisBackendTimeoutS(op.timeoutS, context.defaultTimeoutS);
      if (timeoutS === 0) return { entries: others, reply: { culled: [] } }; // DEL key
      const entry = { key: op.madeKey, value: copyValue(op.value), expiresAtMs: timeoutS === null ? null : nowMs + timeoutS * 1000 };
      return { entries: [entry, ...others], reply: { culled: [] } }; // SET key value [EX timeout]
    }
    case 'add': {
      if (found) return { entries, reply: { added: false, culled: [] } }; // SET NX refused
      const timeoutS = redisBackendTimeoutS(op.timeoutS, context.defaultTimeoutS);
      // SET NX, then DEL at once: reports True, leaves nothing.
      if (timeoutS === 0) return { entries, reply: { added: true, culled: [] } };
      const entry = { key: op.madeKey, value: copyValue(op.value), expiresAtMs: timeoutS === null ? null : nowMs + timeoutS * 1000 };
      return { entries: [entry, ...entries], reply: { added: true, culled: [] } };
    }
    case 'delete':
      return { entries: others, reply: { deleted: found !== null } }; // DEL returns the count
    case 'incr': {
      if (!found) return { entries, reply: { error: 'ValueError', message: `Key '${op.madeKey}' not found.` } };
      if (!isStoredAsRedisInteger(found.value) || !Number.isSafeInteger(op.delta)) {
        // redis-py strips the "ERR " prefix from the server's message.
        return { entries, reply: { error: 'ResponseError', message: 'value is not an integer or out of range' } };
      }
      const value = found.value + op.delta;
      // INCRBY keeps the TTL.
      return { entries: [{ ...found, value }, ...others], reply: { value } };
    }
  }
}
