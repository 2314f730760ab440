// A counterexample says where its stale answer came from: the cache entry, when and by which
// view it was stored from which SELECT, against the delete's COMMIT, and the last invalidation of
// that key before the store, in which view and whether before its transaction's COMMIT: the fix's
// mistake in words, where the cause chain leaves it to be pieced together from the timing table.
import { describe, expect, it } from 'vitest';
import { staleSource } from '../../sim/check/staleSource';
import { checkInvariants } from '../../sim/invariants/index';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import type { Django, UserApp } from '../../src/app/userApp/types';
import { cli } from './cliHarness';

/** The month grid's feed keys of users 1 and 2, deleted in one loop. */
function* forget(django: Django) {
  const keys = ['1', '2'].map((userId) => django.feedKey({ userId, workType: null, status: null, startDate: '2025-09-28', endDate: '2025-11-09' }));
  yield* django.cache.deleteMany(keys, 'forget cached feeds');
}

/** A fix that deletes the cached feeds inside the transaction, before COMMIT (or in on_commit). */
function deleteKeysApp(onCommit: boolean): UserApp {
  return {
    config: { 'page.onDeleted': 'remove-and-refetch' },
    *work_items_calendar_feed(request, django) {
      const startDate = (request.GET.start ?? '').slice(0, 10);
      const endDate = (request.GET.end ?? '').slice(0, 10);
      const key = django.feedKey({ userId: request.userId, workType: null, status: null, startDate, endDate });
      const cached = yield* django.cache.get(key);
      if (Array.isArray(cached) && cached.length) return django.JsonResponse(cached, { neverCache: true });
      const rows = yield* django.db.workItems({ userId: request.userId, start: startDate, end: endDate });
      const events = rows.map((row) => django.feedEvent(row, 'uuid'));
      yield* django.cache.set(key, events, 300);
      return django.JsonResponse(events, { neverCache: true });
    },
    *work_item_delete(request, uuid, django) {
      const row = yield* django.db.getWorkItem(uuid);
      if (!row) return django.HttpResponse(404);
      yield* django.transaction.atomic(function* () {
        if (onCommit) yield* django.transaction.on_commit(() => forget(django));
        else yield* forget(django);
        yield* django.db.deleteWorkItem(uuid);
      });
      return django.hxTrigger('workItemDeleted', { id: row.uuid, title: row.title });
    },
  };
}

function firstSource(scenario: string, app: UserApp | undefined, options: { preset?: string; choices?: number[] } = {}) {
  const trace = runScenario({ ...getScenario(scenario), ...(app ? { app } : {}) }, { ...options, overrides: app ? ['page.onDeleted=remove-and-refetch'] : [] });
  const v = checkInvariants(trace)[0];
  expect(v, `${scenario}: a violation`).toBeDefined();
  return staleSource(trace, v);
}

describe('where the stale answer came from', () => {
  it('an invalidation inside the transaction: the reader stored the old rows after it, before the COMMIT', () => {
    // commit-race with A2 opening 51 ms late: A2's feed request runs while the delete's transaction is open.
    const lines = firstSource('commit-race', deleteKeysApp(false), { choices: [51] });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^stale copy: calendar_feed:1:None:None:2025-09-28:2025-11-09 on cache:redis, read at \d+ ms, stored at (\d+) ms by worker \d's work_items_calendar_feed from its SELECT at \d+ ms, which saw the rows as committed at \d+ ms, before the delete committed at 184 ms$/);
    expect(lines[1]).toMatch(/^last invalidation of that key before the store: cache\.deleteMany at \d+ ms in work_item_delete on worker \d, before its transaction's COMMIT at 184 ms; the entry was stored again after it$/);
    const [inval, store] = [Number(/deleteMany at (\d+)/.exec(lines[1])![1]), Number(/stored at (\d+)/.exec(lines[0])![1])];
    expect(inval).toBeLessThan(store);
  });

  it('a LocMem cache per worker: the delete ran on another worker\'s copy', () => {
    const lines = firstSource('multi-worker', deleteKeysApp(true));
    expect(lines[1]).toMatch(/^no cache\.delete of that key ran on cache:1 before it was stored \(cache\.deleteMany at \d+ ms deleted it on cache:\d, another cache\)$/);
  });

  it('a versioned key: no word about deletes, which it does not need', () => {
    const lines = firstSource('multi-worker', undefined, { preset: 'seed-fix' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^stale copy: calendar_feed:v\d+:/);
  });

  it('check prints it under each violation', async () => {
    const r = await cli(['check', 'commit-race', '--app', 'examples/invalidate-in-transaction.ts']);
    expect(r.out).toMatch(/\n {4}cause: [^\n]+\n {4}stale copy: calendar_feed:v1:1:None:None:2025-09-28:2025-11-09 on cache:redis, read at \d+ ms, stored at \d+ ms by worker \d's work_items_calendar_feed from its SELECT at \d+ ms, which saw the rows as committed at \d+ ms, before the delete committed at \d+ ms\n/);
  });
});
