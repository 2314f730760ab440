// The app's views are written as generators that yield one operation at a time (a cache call, a
// query, some CPU work) and receive its result. The simulator decides when each operation happens
// and against which worker's cache, so the same view code can be interleaved with other requests
// at every step, exactly where a real process could be preempted.
import type { JsonValue } from '../json';
import type { LatencyName } from '../../sim/latency';
import type { DatabaseEvent, DatabaseReply } from '../layers/database';
import { WeakMemo } from '../weakMemo';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type CacheOpEvent =
  | { type: 'cache.get'; key: string; default?: JsonValue }
  | { type: 'cache.set'; key: string; value: JsonValue; timeoutS?: number | null }
  | { type: 'cache.add'; key: string; value: JsonValue; timeoutS?: number | null }
  | { type: 'cache.delete'; key: string }
  | { type: 'cache.incr'; key: string; delta?: number };

export type CacheGetReply = { hit: boolean; value: JsonValue | null; expired: boolean };
export type CacheIncrReply = { value: number } | { error: 'ValueError'; message: string };

export type DbOpEvent = DistributiveOmit<DatabaseEvent, 'nowMs'>;

export type Op =
  | { layer: 'cache'; event: CacheOpEvent; latency: LatencyName }
  /** A Python loop of cache.delete calls, run as one step (all keys at one instant). */
  | { layer: 'cache'; batch: Array<Extract<CacheOpEvent, { type: 'cache.delete' }>>; latency: LatencyName; label: string }
  | { layer: 'db'; event: DbOpEvent; latency: LatencyName }
  /** Pure CPU work of the view (serializing, building the response). */
  | { layer: 'cpu'; step: string; latency: LatencyName };

export type ViewProgram<R> = Generator<Op, R, unknown>;

export function* cacheGet(key: string, latency: LatencyName = 'cache.get', fallback?: JsonValue): ViewProgram<CacheGetReply> {
  const event: CacheOpEvent = fallback === undefined ? { type: 'cache.get', key } : { type: 'cache.get', key, default: fallback };
  return (yield { layer: 'cache', event, latency }) as CacheGetReply;
}

export function* cacheSet(key: string, value: JsonValue, timeoutS: number | null, latency: LatencyName = 'cache.set'): ViewProgram<void> {
  yield { layer: 'cache', event: { type: 'cache.set', key, value, timeoutS }, latency };
}

export function* cacheAdd(key: string, value: JsonValue, timeoutS: number | null): ViewProgram<boolean> {
  const r = (yield { layer: 'cache', event: { type: 'cache.add', key, value, timeoutS }, latency: 'cache.setVersion' }) as { added: boolean };
  return r.added;
}

export function* cacheIncr(key: string): ViewProgram<CacheIncrReply> {
  return (yield { layer: 'cache', event: { type: 'cache.incr', key }, latency: 'cache.setVersion' }) as CacheIncrReply;
}

type DeleteBatch = Extract<Op, { batch: unknown }>['batch'];

/**
 * The batch of each frozen key list (writeInvalidation's loopKeys keeps one per loop), built once
 * and frozen: a view yields its loop again each time its continuation is rebuilt, and 125 fresh
 * delete events each time were a few percent of what explore allocates.
 */
const BATCHES = new WeakMemo<readonly string[], DeleteBatch>();
/**
 * The other way round: each frozen batch's key list (batchKeys). A plain WeakMap: filled as each
 * batch is made, and a batch it does not know is read, never remembered (it may yet change).
 */
const BATCH_KEYS = new WeakMap<DeleteBatch, readonly string[]>();

function frozenBatch(keys: readonly string[]): DeleteBatch {
  const batch = Object.freeze(keys.map((key) => Object.freeze({ type: 'cache.delete' as const, key }))) as DeleteBatch;
  BATCH_KEYS.set(batch, keys);
  return batch;
}

function deleteBatch(keys: readonly string[]): DeleteBatch {
  if (!Object.isFrozen(keys)) return keys.map((key) => ({ type: 'cache.delete', key }));
  return BATCHES.get(keys, frozenBatch);
}

/**
 * The keys a batch deletes, in order: for a frozen batch the very list it was made from (never
 * changed), so the cache can make that list's keys once (djangoCache's madeKeys) rather than at
 * every delete of every run.
 */
export function batchKeys(batch: DeleteBatch): readonly string[] {
  return BATCH_KEYS.get(batch) ?? batch.map((e) => e.key);
}

export function* cacheDeleteLoop(keys: readonly string[], label: string): ViewProgram<void> {
  yield { layer: 'cache', batch: deleteBatch(keys), latency: 'cache.deleteLoop', label };
}

/** Django's `DatabaseError`: the views do not catch it; Django rolls back and answers 500. */
export class DatabaseError extends Error {
  override readonly name: string = 'DatabaseError';
}

/** Django's `OperationalError`, e.g. SQLite's "database is locked": the view does not catch it. */
export class OperationalError extends DatabaseError {
  override readonly name = 'OperationalError';
}

export function* db<R extends DatabaseReply>(event: DbOpEvent, latency: LatencyName): ViewProgram<R> {
  const reply = (yield { layer: 'db', event, latency }) as DatabaseReply;
  if ('error' in reply) throw new OperationalError(reply.error);
  return reply as R;
}

export function* cpu(step: string, latency: LatencyName): ViewProgram<void> {
  yield { layer: 'cpu', step, latency };
}
