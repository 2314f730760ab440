// The project's recommendation (docs/recommendation.md), written as your own views. Under
// `--config robust` it runs exactly as the built-in views do (a test compares the traces).
//
//   npx cachelab check all --app examples/robust-app.ts           -> no invariant violated
//
// The parts, each for a scenario that fails without it:
// - one version counter for everybody, in a database row, bumped in the same transaction as the
//   delete: a reader sees the new version only together with the committed delete (commit-race);
// - the version in the feed's cache key, so no key needs to be guessed (sunday-month, other-month);
// - never_cache on the feed, so the browser asks again (seed-test-1);
// - event ids the page's listener finds, and a refetch after the remove (inflight-refetch);
// - the create and the edit invalidate exactly as the delete does (create-appears, edit-reverts).
import type { UserApp } from '../src/app/userApp/types';

const VERSION_KEY = 'calendar_feed_version';

/** Python's truthiness of a cached value: `if cached:` treats an empty list as a miss. */
function truthy(v: unknown): boolean {
  return Array.isArray(v) ? v.length > 0 : Boolean(v);
}

const app: UserApp = {
  name: 'robust',
  // The page's listeners refetch after changing the calendar (the seed's fix 4, and the same for create and edit).
  config: { 'page.onDeleted': 'remove-and-refetch', 'page.onCreated': 'add-and-refetch', 'page.onUpdated': 'set-and-refetch' },

  *work_items_calendar_feed(request, django) {
    const workType = request.GET.work_type ?? null;
    const status = request.GET.status ?? null;
    const startDate = (request.GET.start ?? '').slice(0, 10);
    const endDate = (request.GET.end ?? '').slice(0, 10);
    const version = yield* django.db.getVersion(VERSION_KEY);
    const key = django.feedKey({ userId: request.userId, workType, status, startDate, endDate, version });
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
  },

  *work_item_delete(request, uuid, django) {
    const row = yield* django.db.getWorkItem(uuid);
    if (!row) return django.HttpResponse(404);
    yield* django.transaction.atomic(function* () {
      yield* django.db.deleteWorkItem(uuid);
      yield* django.db.incrementVersion(VERSION_KEY);
    });
    yield* django.work('build HX-Trigger response', 'response');
    return django.hxTrigger('workItemDeleted', { id: row.uuid, title: row.title });
  },

  *work_item_create(request, django) {
    const item = django.createForm(request);
    if (!item) return django.HttpResponse(400);
    yield* django.transaction.atomic(function* () {
      yield* django.db.createWorkItem(item);
      yield* django.db.incrementVersion(VERSION_KEY);
    });
    yield* django.work('build HX-Trigger response', 'response');
    return django.hxTrigger('workItemCreated', django.eventDetail(item));
  },

  *work_item_update(request, uuid, django) {
    const row = yield* django.db.getWorkItem(uuid);
    if (!row) return django.HttpResponse(404);
    const fields = django.editForm(request, row);
    if (!fields) return django.HttpResponse(400);
    yield* django.transaction.atomic(function* () {
      // save(update_fields=...) on a row deleted meanwhile raises DatabaseError: a 500, rolled back.
      const updated = yield* django.db.updateWorkItem(uuid, fields);
      if (updated === 0) throw new Error('Save with update_fields did not affect any rows.');
      yield* django.db.incrementVersion(VERSION_KEY);
    });
    yield* django.work('build HX-Trigger response', 'response');
    return django.hxTrigger('workItemUpdated', django.eventDetail({ uuid, ...fields }));
  },
};

export default app;
