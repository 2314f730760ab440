// The Django object a user's view receives (types.ts), built on the same operations the seed's
// views yield (ops.ts), so a user's view and a built-in one are timed, traced and interleaved alike.
import type { JsonValue } from '../../json';
import type { WorkItem } from '../../layers/database';
import { calendarFeedKey } from '../calendarFeedKey';
import { toFeedEvent } from '../calendarEvents';
import { addNeverCacheHeaders, httpDate } from '../neverCache';
import { cacheDeleteLoop, cpu, db, OperationalError, type ViewProgram } from '../ops';
import { addDays } from '../pythonDate';
import { createdItem, editFields } from '../workItemWriteForm';
import type { RequestContext } from '../requestContext';
import type { CacheApi, DbApi, Django, TransactionApi } from './types';
import type { UnstartedCalls } from './unstartedCalls';
import { checkedBody, checkedCallback } from './checkedView';

/** Virtual ms now, as the view would read timezone.now(). */
export function nowOf(rc: RequestContext): number {
  const now = (rc as { nowMs: number | (() => number) }).nowMs;
  return typeof now === 'function' ? now() : now;
}

function valueError(key: string): Error {
  const e = new Error(`Key '${key}' not found`);
  e.name = 'ValueError';
  return e;
}

/**
 * Answers a view may change as its own, as in Django: a query gives new model instances, and a
 * cache get unpickles a new value. The model's rows and cache entries are otherwise the very
 * objects the layers keep: `row.title = ...` (before a save) changed the database, and every later
 * query showed it. A value set is copied too, as Django pickles it then.
 */
function freshRow(row: WorkItem): WorkItem {
  return { ...row, visibleTo: [...row.visibleTo] };
}

function fresh(value: JsonValue | null): JsonValue | null {
  return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}

function cacheApi(): CacheApi {
  return {
    *get(key, fallback = null, options = {}) {
      const event = fallback === null ? { type: 'cache.get' as const, key } : { type: 'cache.get' as const, key, default: fallback };
      const r = (yield { layer: 'cache', event, latency: options.small ? 'cache.getVersion' : 'cache.get' }) as { hit: boolean; value: JsonValue | null };
      return r.hit ? fresh(r.value) : fallback;
    },
    *set(key, value, timeoutS, options = {}) {
      yield { layer: 'cache', event: { type: 'cache.set', key, value: fresh(value) as JsonValue, timeoutS }, latency: options.small ? 'cache.setVersion' : 'cache.set' };
    },
    *add(key, value, timeoutS) {
      const r = (yield { layer: 'cache', event: { type: 'cache.add', key, value: fresh(value) as JsonValue, timeoutS }, latency: 'cache.setVersion' }) as { added: boolean };
      return r.added;
    },
    *delete(key) {
      const r = (yield { layer: 'cache', event: { type: 'cache.delete', key }, latency: 'cache.setVersion' }) as { deleted: boolean };
      return r.deleted;
    },
    *deleteMany(keys, label = `loop of ${keys.length} cache.delete calls`) {
      yield* cacheDeleteLoop(keys, label);
    },
    *incr(key, delta) {
      const r = (yield { layer: 'cache', event: delta === undefined ? { type: 'cache.incr', key } : { type: 'cache.incr', key, delta }, latency: 'cache.setVersion' }) as
        | { value: number }
        | { error: string };
      if ('error' in r) throw valueError(key);
      return r.value;
    },
  };
}

function dbApi(rc: RequestContext): DbApi {
  return {
    *workItems(q) {
      const { rows } = yield* db<{ rows: WorkItem[] }>(
        { type: 'db.query', txId: rc.txId, userId: q.userId, rangeStart: q.start, rangeEnd: q.end, workType: q.workType ?? null, status: q.status ?? null },
        'db.query',
      );
      return rows.map(freshRow);
    },
    *getWorkItem(uuid) {
      const { row } = yield* db<{ row: WorkItem | null }>({ type: 'db.get', txId: rc.txId, uuid }, 'db.get');
      return row && freshRow(row);
    },
    *deleteWorkItem(uuid) {
      const { deleted } = yield* db<{ deleted: number }>({ type: 'db.delete', txId: rc.txId, uuid }, 'db.delete');
      return deleted;
    },
    *createWorkItem(item) {
      const reply = (yield { layer: 'db', event: { type: 'db.insert', txId: rc.txId, item: { ...item, visibleTo: [...item.visibleTo] } }, latency: 'db.write' }) as { inserted: number } | { error: string };
      if ('error' in reply && /duplicate key/.test(reply.error)) {
        const e = new Error(reply.error);
        e.name = 'IntegrityError';
        throw e;
      }
      if ('error' in reply) throw new OperationalError(reply.error);
    },
    *updateWorkItem(uuid, fields) {
      const { updated } = yield* db<{ updated: number }>({ type: 'db.update', txId: rc.txId, uuid, fields: { title: fields.title, startDate: fields.startDate, endDate: fields.endDate } }, 'db.write');
      return updated;
    },
    *getVersion(key) {
      const { value } = yield* db<{ value: number }>({ type: 'db.getVersion', txId: rc.txId, key }, 'db.version');
      return value;
    },
    *incrementVersion(key) {
      const { value } = yield* db<{ value: number }>({ type: 'db.incrementVersion', txId: rc.txId, key }, 'db.version');
      return value;
    },
  };
}

/**
 * on_commit callbacks of a user's view are closures, kept here by id; the database holds only the
 * ids (as it does for the built-in views). The Django object is rebuilt with the view whenever the
 * simulator replays a request, so the closures are too.
 */
export interface UserCallbacks {
  byId: Map<string, () => ViewProgram<unknown>>;
}

export const USER_CALLBACK_PREFIX = 'user-on-commit:';

function transactionApi(rc: RequestContext, callbacks: UserCallbacks, runCommitted: (ids: string[]) => ViewProgram<void>, calls: UnstartedCalls): TransactionApi {
  let blocks = 0;
  return {
    *atomic<R>(body: () => ViewProgram<R>): ViewProgram<R> {
      // Nested atomic blocks (and ATOMIC_REQUESTS' outer one) join the open transaction.
      if (rc.txId !== null) return (yield* checkedBody(body, calls)) as R;
      const txId = `${rc.requestId}:atomic${blocks++ ? blocks : ''}`;
      rc.txId = txId;
      yield* db({ type: 'db.begin', txId }, 'db.begin');
      let result: R;
      try {
        result = (yield* checkedBody(body, calls)) as R;
      } catch (e) {
        yield* db({ type: 'db.rollback', txId }, 'db.commit');
        rc.txId = null;
        throw e;
      }
      const { callbacks: ids } = yield* db<{ callbacks: string[]; committed: string[] }>({ type: 'db.commit', txId }, 'db.commit');
      rc.txId = null;
      yield* runCommitted(ids);
      return result;
    },
    *on_commit(fn) {
      const id = `${USER_CALLBACK_PREFIX}${rc.requestId}:${callbacks.byId.size + 1}`;
      const run = () => checkedCallback(fn, calls);
      callbacks.byId.set(id, run);
      const { runNow } = yield* db<{ runNow: boolean }>({ type: 'db.onCommit', txId: rc.txId, callbackId: id }, 'db.begin');
      if (runNow) yield* run();
    },
  };
}

export function makeDjango(rc: RequestContext, callbacks: UserCallbacks, runCommitted: (ids: string[]) => ViewProgram<void>, calls: UnstartedCalls): Django {
  const date = () => httpDate(rc.epochMs + nowOf(rc));
  const { work } = calls.track(
    {
      *work(step: string, kind: 'serialize' | 'response'): ViewProgram<void> {
        yield* cpu(step, kind === 'serialize' ? 'view.serialize' : 'view.buildResponse');
      },
    },
    '',
  );
  return {
    cache: calls.track(cacheApi(), 'cache.'),
    db: calls.track(dbApi(rc), 'db.'),
    transaction: calls.track(transactionApi(rc, callbacks, runCommitted, calls), 'transaction.'),
    today: rc.today,
    // A copy, frozen: a view that sets a knob would otherwise change the run's own config.
    config: Object.freeze({ ...rc.config }),
    work,
    feedKey: (parts) => calendarFeedKey(parts),
    feedEvent: (row, idFormat) => toFeedEvent(row, idFormat),
    JsonResponse(body, options = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json', date: date() };
      if (options.neverCache) Object.assign(headers, addNeverCacheHeaders(nowOf(rc), rc.epochMs));
      else if (options.maxAgeS !== undefined) headers['cache-control'] = `max-age=${options.maxAgeS}`;
      return { status: 200, headers, body };
    },
    HttpResponse: (status, headers = {}) => ({ status, headers: { date: date(), ...headers }, body: null }),
    hxTrigger: (event, detail) => ({ status: 200, headers: { date: date(), 'hx-trigger': JSON.stringify({ [event]: detail }) }, body: null }),
    createForm: (request) => createdItem({ method: 'POST', url: request.path, headers: request.headers, userId: request.userId, form: request.POST }),
    editForm: (request, current) => editFields({ method: 'POST', url: request.path, headers: request.headers, userId: request.userId, form: request.POST }, current),
    eventDetail: (item) => ({ id: item.uuid, title: item.title, start: item.startDate, end: addDays(item.endDate, 1) }),
  };
}
