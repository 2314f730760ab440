// Django's low-level cache API (`django.core.cache.cache`), with the LocMem or the Redis backend.
//
// What it can get wrong, or surprise people with:
// - LocMemCache is per process: with N gunicorn workers a `delete` reaches one of N caches.
// - LocMemCache culls on `set`/`add` once it holds MAX_ENTRIES keys, even when the key being set
//   already exists, throwing away the least recently used third (CULL_FREQUENCY 3): a key set
//   with `timeout=None` ("never expires") can still vanish, e.g. a version counter.
// - Expiry is lazy: an expired entry keeps its slot (and counts toward MAX_ENTRIES) until it is
//   read or culled. `timeout=0` stores an entry that is already expired.
// - There are no wildcards: `delete` needs the exact key, and keys are stored as
//   `KEY_PREFIX:VERSION:key` (make_key), so a key built from a different date range misses.
// - `get` then `set` is not atomic; `incr` is, on Redis, but only after a separate existence check.
// - RedisCache (Django 4.0+) is shared by all workers and never culls, but `timeout=0` or a
//   negative one deletes the key, and fractional timeouts are truncated to whole seconds.
// The backend logic lives in locMemCache.ts and redisCache.ts (Django's own split between the
// cache class and the store it talks to); this file is the entry point: make_key, the machine,
// the view.
import { assign, setup } from 'xstate';
import type { JsonObject, JsonValue } from '../json';
import { applyLocMem, locMemHasExpired, locMemHolds, LOCMEM_DELETE_MISSED } from './locMemCache';
import { applyRedis, redisDeleteMisses, redisHasExpired } from './redisCache';
import { BoundedMemo } from '../boundedMemo';
import { WeakMemo } from '../weakMemo';

export type DjangoCacheBackend = 'locmem' | 'redis';

export interface DjangoCacheInput {
  backend: DjangoCacheBackend;
  /** OPTIONS.MAX_ENTRIES (LocMem only; Redis ignores it). Django's default: 300. */
  maxEntries: number;
  /** OPTIONS.CULL_FREQUENCY: a cull removes len // this; 0 clears everything. Default 3. */
  cullFrequency: number;
  /** TIMEOUT: used when a call passes no timeout; null = never expire. Default 300. */
  defaultTimeoutS: number | null;
  /** KEY_PREFIX, default ''. */
  keyPrefix: string;
  /** VERSION, default 1. */
  version: number;
}

/** Django's defaults for CACHES['default'] (django/conf/global_settings.py, base.py). */
export const DJANGO_CACHE_DEFAULTS: Omit<DjangoCacheInput, 'backend'> = {
  maxEntries: 300,
  cullFrequency: 3,
  defaultTimeoutS: 300,
  keyPrefix: '',
  version: 1,
};

export interface DjangoCacheEntry {
  /** The made key, `KEY_PREFIX:VERSION:key`. */
  key: string;
  value: JsonValue;
  /** null = never expires. */
  expiresAtMs: number | null;
}

export type DjangoCacheIncrReply =
  | { value: number }
  // ValueError: missing or expired key (both backends). TypeError: LocMem adding an int to a
  // value that is not a number. ResponseError: Redis INCRBY on a value stored pickled (anything
  // but an int), e.g. a bool or a float.
  | { error: 'ValueError' | 'TypeError' | 'ResponseError'; message: string };

export type DjangoCacheReply =
  | { hit: boolean; value: JsonValue | null; expired: boolean }
  | { culled: string[] }
  | { added: boolean; culled: string[] }
  | { deleted: boolean }
  /** cache.deleteMany: the keys whose delete found them, in order. */
  | { deletedKeys: string[] }
  | DjangoCacheIncrReply
  | { removed: string[] };

export interface DjangoCacheContext extends DjangoCacheInput {
  /** Most recently used first (LocMem's OrderedDict order; for Redis only for display). */
  entries: DjangoCacheEntry[];
  reply: DjangoCacheReply | null;
}

/** `timeoutS` omitted = the backend's default timeout (Django's DEFAULT_TIMEOUT sentinel). */
export type DjangoCacheEvent =
  | { type: 'cache.get'; key: string; default?: JsonValue; version?: number; nowMs: number }
  | { type: 'cache.set'; key: string; value: JsonValue; timeoutS?: number | null; version?: number; nowMs: number }
  | { type: 'cache.add'; key: string; value: JsonValue; timeoutS?: number | null; version?: number; nowMs: number }
  | { type: 'cache.delete'; key: string; version?: number; nowMs: number }
  | { type: 'cache.incr'; key: string; delta?: number; version?: number; nowMs: number }
  | { type: 'cache.clear'; nowMs: number }
  /**
   * A loop of `cache.delete` calls as one event (BaseCache.delete_many is that loop): each key
   * deleted in turn, exactly as by one cache.delete event each. The app's delete loops run as one
   * step (src/app/ops.ts), and one event instead of 125 spares an actor 124 sends.
   */
  | { type: 'cache.deleteMany'; keys: readonly string[]; version?: number; nowMs: number };

type SingleKeyEvent = Exclude<DjangoCacheEvent, { type: 'cache.deleteMany' }>;

/**
 * What a backend receives: the key already made, the timeout still as the caller gave it
 * ('default' when omitted), because each backend turns it into an expiry its own way.
 */
export type BackendOp =
  | { op: 'get'; madeKey: string; default: JsonValue }
  | { op: 'set'; madeKey: string; value: JsonValue; timeoutS: number | null | 'default' }
  | { op: 'add'; madeKey: string; value: JsonValue; timeoutS: number | null | 'default' }
  | { op: 'delete'; madeKey: string }
  | { op: 'incr'; madeKey: string; delta: number }
  | { op: 'clear' };

export interface BackendResult {
  entries: DjangoCacheEntry[];
  reply: DjangoCacheReply;
}

/** Django's default_key_func: `'%s:%s:%s' % (key_prefix, version, key)`. */
export function makeKey(key: string, keyPrefix: string, version: number): string {
  // The default prefix and version (every configuration here): each key is made once, so the
  // delete loop's 125 lookups compare the same string objects instead of fresh concatenations.
  if (keyPrefix === '' && version === 1) return DEFAULT_MADE_KEYS.get(key, makeDefaultKey);
  return `${keyPrefix}:${version}:${key}`;
}

/** Bounded: keys come from data (a user's own app, cache-buster URLs) without end. */
const DEFAULT_MADE_KEYS = new BoundedMemo<string, string>(4096);

function makeDefaultKey(key: string): string {
  return `:1:${key}`;
}

export function initialDjangoCacheContext(input: DjangoCacheInput): DjangoCacheContext {
  return withEntries(input, [], null);
}

/**
 * A context with the settings of `settings`, written out field by field rather than spread: a
 * cache event is the commonest step of a run (the seed fix deletes 125 keys per delete), and
 * `{ ...context, entries, reply }` costs V8 (Node 20) ten times the literal. Every context thus
 * has the same field order, whatever order the input was written in.
 */
function withEntries(settings: DjangoCacheInput, entries: DjangoCacheEntry[], reply: DjangoCacheReply | null): DjangoCacheContext {
  return {
    backend: settings.backend,
    maxEntries: settings.maxEntries,
    cullFrequency: settings.cullFrequency,
    defaultTimeoutS: settings.defaultTimeoutS,
    keyPrefix: settings.keyPrefix,
    version: settings.version,
    entries,
    reply,
  };
}

function toBackendOp(context: DjangoCacheContext, event: SingleKeyEvent): BackendOp {
  if (event.type === 'cache.clear') return { op: 'clear' };
  const madeKey = makeKey(event.key, context.keyPrefix, event.version ?? context.version);
  switch (event.type) {
    case 'cache.get':
      return { op: 'get', madeKey, default: event.default ?? null };
    case 'cache.set':
    case 'cache.add':
      return {
        op: event.type === 'cache.set' ? 'set' : 'add',
        madeKey,
        value: event.value,
        timeoutS: event.timeoutS === undefined ? 'default' : event.timeoutS,
      };
    case 'cache.delete':
      return { op: 'delete', madeKey };
    case 'cache.incr':
      return { op: 'incr', madeKey, delta: event.delta ?? 1 };
  }
}

export function reduceDjangoCache(context: DjangoCacheContext, event: DjangoCacheEvent): DjangoCacheContext {
  if (event.type === 'cache.deleteMany') return deleteMany(context, event);
  // A delete loop's miss after a miss changes nothing: the same entries, the same reply. The seed
  // fix deletes 125 keys per write, nearly all absent (test/layers/djangoCacheShortcut.test.ts
  // compares this with reduceDjangoCacheInFull).
  if (event.type === 'cache.delete' && missedAgain(context, event.key, event.version)) return context;
  return reduceDjangoCacheInFull(context, event);
}

/** A LocMem delete of `key` right after a missed delete, that misses too. */
function missedAgain(context: DjangoCacheContext, key: string, version: number | undefined): boolean {
  return missedAgainMade(context, makeKey(key, context.keyPrefix, version ?? context.version));
}

/** missedAgain of a key already made. */
function missedAgainMade(context: DjangoCacheContext, madeKey: string): boolean {
  return context.backend === 'locmem' && context.reply === LOCMEM_DELETE_MISSED && !locMemHolds(context.entries, madeKey);
}

/**
 * The made keys of a frozen key list (a delete loop's: writeInvalidation's loopKeys keeps one per
 * loop) under the default prefix and version, made once: the loop's 125 keys were looked up in
 * makeKey's map one by one at every delete of every run.
 */
const MADE_KEY_LISTS = new WeakMemo<readonly string[], readonly string[]>();

function madeUnderDefaults(keys: readonly string[]): readonly string[] {
  return Object.freeze(keys.map((key) => makeKey(key, '', 1)));
}

function madeKeys(keys: readonly string[], keyPrefix: string, version: number): readonly string[] {
  if (!Object.isFrozen(keys) || keyPrefix !== '' || version !== 1) return keys.map((key) => makeKey(key, keyPrefix, version));
  return MADE_KEY_LISTS.get(keys, madeUnderDefaults);
}

/** The reply of a cache.deleteMany that found no key, one frozen value for all. */
export const NOTHING_DELETED: { readonly deletedKeys: readonly string[] } = Object.freeze({ deletedKeys: Object.freeze([]) as readonly string[] });

/**
 * cache.deleteMany: one cache.delete per key, in order (test/layers/djangoCacheDeleteMany.test.ts
 * compares the two). Its own reply replaces the last delete's: none of the others ever read it. A
 * miss of every key right after such a miss keeps the context as it is, as reduceDjangoCache does
 * for repeated missed deletes. A Redis key that misses while nothing has expired is skipped: the
 * full step would copy the entries unchanged (the seed fix's loop of 125 keys, nearly all absent).
 */
function deleteMany(context: DjangoCacheContext, event: Extract<DjangoCacheEvent, { type: 'cache.deleteMany' }>): DjangoCacheContext {
  let ctx = context;
  let deletedKeys: string[] | null = null;
  const keys = event.keys;
  const made = madeKeys(keys, context.keyPrefix, event.version ?? context.version);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (missedAgainMade(ctx, made[i])) continue;
    // A Redis miss that drops no expired key leaves the entries as they are, and its reply is not kept.
    if (ctx.backend === 'redis' && redisDeleteMisses(ctx.entries, made[i], event.nowMs)) continue;
    ctx = reduceDjangoCacheInFull(ctx, event.version === undefined ? { type: 'cache.delete', key, nowMs: event.nowMs } : { type: 'cache.delete', key, version: event.version, nowMs: event.nowMs });
    if ((ctx.reply as { deleted: boolean }).deleted) (deletedKeys ??= []).push(key);
  }
  if (deletedKeys === null && ctx.entries === context.entries && context.reply === NOTHING_DELETED) return context;
  return withEntries(ctx, ctx.entries, deletedKeys === null ? (NOTHING_DELETED as DjangoCacheReply) : { deletedKeys });
}

/** reduceDjangoCache without the shortcuts for missed deletes (cache.deleteMany: one delete at a time). */
export function reduceDjangoCacheInFull(context: DjangoCacheContext, event: DjangoCacheEvent): DjangoCacheContext {
  if (event.type === 'cache.deleteMany') {
    let ctx = context;
    const deletedKeys: string[] = [];
    for (const key of event.keys) {
      ctx = reduceDjangoCacheInFull(ctx, event.version === undefined ? { type: 'cache.delete', key, nowMs: event.nowMs } : { type: 'cache.delete', key, version: event.version, nowMs: event.nowMs });
      if ((ctx.reply as { deleted: boolean }).deleted) deletedKeys.push(key);
    }
    return withEntries(ctx, ctx.entries, deletedKeys.length ? { deletedKeys } : (NOTHING_DELETED as DjangoCacheReply));
  }
  const op = toBackendOp(context, event);
  const result = context.backend === 'locmem' ? applyLocMem(context, op, event.nowMs) : applyRedis(context, op, event.nowMs);
  return withEntries(context, result.entries, result.reply);
}

export const djangoCacheMachine = setup({
  types: {
    context: {} as DjangoCacheContext,
    events: {} as DjangoCacheEvent,
    input: {} as DjangoCacheInput,
  },
}).createMachine({
  id: 'djangoCache',
  context: ({ input }) => initialDjangoCacheContext(input),
  initial: 'ready',
  states: {
    ready: {
      on: {
        'cache.get': { actions: assign(({ context, event }) => reduceDjangoCache(context, event)) },
        'cache.set': { actions: assign(({ context, event }) => reduceDjangoCache(context, event)) },
        'cache.add': { actions: assign(({ context, event }) => reduceDjangoCache(context, event)) },
        'cache.delete': { actions: assign(({ context, event }) => reduceDjangoCache(context, event)) },
        'cache.incr': { actions: assign(({ context, event }) => reduceDjangoCache(context, event)) },
        'cache.clear': { actions: assign(({ context, event }) => reduceDjangoCache(context, event)) },
        'cache.deleteMany': { actions: assign(({ context, event }) => reduceDjangoCache(context, event)) },
      },
    },
  },
});

/** The two backends disagree on the boundary instant: see locMemHasExpired, redisHasExpired. */
export function isExpired(backend: DjangoCacheBackend, expiresAtMs: number | null, nowMs: number): boolean {
  return backend === 'locmem' ? locMemHasExpired(expiresAtMs, nowMs) : redisHasExpired(expiresAtMs, nowMs);
}

export interface DjangoCacheView extends JsonObject {
  backend: DjangoCacheBackend;
  maxEntries: number;
  entries: { key: string; value: JsonValue; expiresAtMs: number | null; expired: boolean }[];
}

export function viewDjangoCache(context: DjangoCacheContext, nowMs: number): DjangoCacheView {
  return {
    backend: context.backend,
    maxEntries: context.maxEntries,
    entries: context.entries.map((e) => ({
      key: e.key,
      value: e.value,
      expiresAtMs: e.expiresAtMs,
      expired: isExpired(context.backend, e.expiresAtMs, nowMs),
    })),
  };
}
