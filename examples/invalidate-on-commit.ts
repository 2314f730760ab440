// The same app as examples/invalidate-in-transaction.ts, with the one change the incidents' teams
// made (django-hierarkey, django-cacheops, daiv): the version is bumped in transaction.on_commit,
// so no reader can see the new version before the delete is committed.
//
//   npx cachelab check commit-race --app examples/invalidate-on-commit.ts   -> no invariant violated
//
// It is not the whole fix: between the COMMIT and the callback a feed request still answers from
// the entry under the old version (docs/your-own-fix.md):
//   npx cachelab explore inflight-refetch --app examples/invalidate-on-commit.ts   -> VIOLATED
import type { UserApp } from '../src/app/userApp/types';
import { bumpVersion, feed } from './invalidate-in-transaction';

const app: UserApp = {
  name: 'invalidate-on-commit',
  config: { 'page.onDeleted': 'remove-and-refetch' },
  work_items_calendar_feed: feed,

  *work_item_delete(request, uuid, django) {
    const row = yield* django.db.getWorkItem(uuid);
    if (!row) return django.HttpResponse(404);
    yield* django.transaction.atomic(function* () {
      yield* django.transaction.on_commit(() => bumpVersion(django));
      yield* django.db.deleteWorkItem(uuid);
    });
    yield* django.work('build HX-Trigger response', 'response');
    return django.hxTrigger('workItemDeleted', { id: row.uuid, title: row.title });
  },
};

export default app;
