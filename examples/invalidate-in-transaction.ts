// A fix that looks right and is not: the feed's version counter lives in the cache (shared Redis),
// and the delete view bumps it inside the transaction, before it deletes the row. Between the bump and
// the COMMIT, a reader can see the new version, miss the cache, read the rows as they were before
// the commit (the deleted item still there), and store them under the new version's key: every
// later reader is served the deleted item until the key expires. django-hierarkey (pretix) had
// this bug; docs/your-own-fix.md walks through it.
//
//   npx cachelab check commit-race --app examples/invalidate-in-transaction.ts   -> VIOLATED
//   (examples/invalidate-on-commit.ts is the same app with the bump moved to on_commit)
import type { Django, UserApp } from '../src/app/userApp/types';

export const VERSION_KEY = 'calendar_feed_version';

function truthy(v: unknown): boolean {
  return Array.isArray(v) ? v.length > 0 : Boolean(v);
}

/** cache.incr raises ValueError on a missing key, so add(key, 0) first. */
export function* bumpVersion(django: Django) {
  yield* django.cache.add(VERSION_KEY, 0, null);
  yield* django.cache.incr(VERSION_KEY);
}

export function* feed(request: Parameters<NonNullable<UserApp['work_items_calendar_feed']>>[0], django: Django) {
  const workType = request.GET.work_type ?? null;
  const status = request.GET.status ?? null;
  const startDate = (request.GET.start ?? '').slice(0, 10);
  const endDate = (request.GET.end ?? '').slice(0, 10);
  const version = yield* django.cache.get(VERSION_KEY, 0, { small: true });
  const key = django.feedKey({ userId: request.userId, workType, status, startDate, endDate, version: Number(version) });
  const cached = yield* django.cache.get(key);
  if (truthy(cached)) {
    yield* django.work('JsonResponse(cached)', 'response');
    return django.JsonResponse(cached, { neverCache: true });
  }
  const rows = yield* django.db.workItems({ userId: request.userId, start: startDate, end: endDate, workType, status });
  const events = rows.map((row) => django.feedEvent(row, 'uuid'));
  yield* django.work('serialize events', 'serialize');
  yield* django.cache.set(key, events, 300);
  return django.JsonResponse(events, { neverCache: true });
}

const app: UserApp = {
  name: 'invalidate-in-transaction',
  config: { 'page.onDeleted': 'remove-and-refetch' },
  work_items_calendar_feed: feed,

  *work_item_delete(request, uuid, django) {
    const row = yield* django.db.getWorkItem(uuid);
    if (!row) return django.HttpResponse(404);
    yield* django.transaction.atomic(function* () {
      // The bug: the cache changes now, the rows only at COMMIT (after the DELETE's 50 ms).
      yield* bumpVersion(django);
      yield* django.db.deleteWorkItem(uuid);
    });
    yield* django.work('build HX-Trigger response', 'response');
    return django.hxTrigger('workItemDeleted', { id: row.uuid, title: row.title });
  },
};

export default app;
