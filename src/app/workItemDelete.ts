// The seed's `work_item_delete` view (src/common/views/work_items.py): deletes the item, then
// invalidates the feed cache with the configured strategy, and answers with an HX-Trigger header
// that the calendar page listens for.
import type { WorkItem } from '../layers/database';
import { bumpFeedVersion } from './feedVersion';
import type { HttpRequest, HttpResponse } from './http';
import { httpDate } from './neverCache';
import { keysForSpans, monthBoundarySpans, sixWeekSpans } from './invalidation';
import { runOnCommitCallbacks } from './onCommit';
import { cacheDeleteLoop, cpu, db, type ViewProgram } from './ops';
import type { RequestContext } from './requestContext';

export function* work_item_delete(req: HttpRequest, uuid: string, rc: RequestContext): ViewProgram<HttpResponse> {
  const cfg = rc.config;
  const date = httpDate(rc.epochMs + rc.nowMs);
  // get_object_or_404(WorkItem, pk=uuid)
  const { row } = yield* db<{ row: WorkItem | null }>({ type: 'db.get', txId: rc.txId, uuid }, 'db.get');
  if (!row) return { status: 404, headers: { date }, body: null };

  // A version kept in a database row is bumped in the same `transaction.atomic()` block as the
  // delete, so no reader can see one without the other.
  const ownAtomic = cfg['delete.bumpVersion'] && cfg['version.store'] === 'db' && rc.txId === null;
  if (ownAtomic) {
    rc.txId = `${rc.requestId}:atomic`;
    yield* db({ type: 'db.begin', txId: rc.txId }, 'db.begin');
  }

  yield* db({ type: 'db.delete', txId: rc.txId, uuid }, 'db.delete');

  if (cfg['delete.bumpVersion']) {
    if (cfg['version.bumpWhen'] === 'on-commit') {
      const callbackId = `${rc.requestId}:bump-version`;
      rc.onCommit[callbackId] = { call: 'bumpFeedVersion', userId: req.userId };
      const { runNow } = yield* db<{ runNow: boolean }>({ type: 'db.onCommit', txId: rc.txId, callbackId }, 'db.begin');
      if (runNow) yield* bumpFeedVersion(req.userId, rc);
    } else {
      yield* bumpFeedVersion(req.userId, rc);
    }
  }

  if (cfg['delete.keyLoop'] === 'month-boundary') {
    yield* cacheDeleteLoop(keysForSpans(req.userId, monthBoundarySpans(rc.today)), 'month-boundary loop: 4 months x 5 work types x 5 statuses');
  } else if (cfg['delete.keyLoop'] === 'six-week') {
    yield* cacheDeleteLoop(keysForSpans(req.userId, sixWeekSpans(rc.today)), 'six-week loop: 5 views x 5 work types x 5 statuses');
  }

  if (ownAtomic) {
    const { callbacks } = yield* db<{ callbacks: string[]; committed: string[] }>({ type: 'db.commit', txId: rc.txId! }, 'db.commit');
    rc.txId = null;
    yield* runOnCommitCallbacks(callbacks, rc);
  }

  yield* cpu('build HX-Trigger response', 'view.buildResponse');
  return {
    status: 200,
    headers: {
      date: httpDate(rc.epochMs + rc.nowMs),
      'hx-trigger': JSON.stringify({ workItemDeleted: { id: row.uuid, title: row.title } }),
    },
    body: null,
  };
}
