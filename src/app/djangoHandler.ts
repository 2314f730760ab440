// Django's request handling around the views: URL routing, and ATOMIC_REQUESTS, which wraps the
// view in transaction.atomic and commits when it returns, before the response is sent; on_commit
// callbacks run right after that commit (django/core/handlers/base.py, make_view_atomic).
import { FEED_PATH, type HttpRequest, type HttpResponse } from './http';
import { runOnCommitCallbacks } from './onCommit';
import { db, OperationalError, type ViewProgram } from './ops';
import type { RequestContext } from './requestContext';
import { work_item_delete } from './workItemDelete';
import { work_items_calendar_feed } from './workItemsCalendarFeed';

export const DELETE_ROUTE = /^\/oobc-management\/work-items\/([^/]+)\/delete\/$/;

function* view(req: HttpRequest, rc: RequestContext): ViewProgram<HttpResponse> {
  const path = req.url.split('?')[0];
  if (path === FEED_PATH && req.method === 'GET') return yield* work_items_calendar_feed(req, rc);
  const m = DELETE_ROUTE.exec(path);
  if (m && req.method === 'DELETE') return yield* work_item_delete(req, m[1], rc);
  return { status: 404, headers: {}, body: null };
}

/**
 * An exception in the view (here only the database's OperationalError) leaves atomic() rolling
 * back, and Django answers 500.
 */
export function* handleRequest(req: HttpRequest, rc: RequestContext): ViewProgram<HttpResponse> {
  try {
    return yield* atomicRequest(req, rc);
  } catch (e) {
    if (!(e instanceof OperationalError)) throw e;
    if (rc.txId !== null) yield* db({ type: 'db.rollback', txId: rc.txId }, 'db.commit');
    rc.txId = null;
    return { status: 500, headers: {}, body: null };
  }
}

function* atomicRequest(req: HttpRequest, rc: RequestContext): ViewProgram<HttpResponse> {
  if (!rc.config['deploy.atomicRequests']) return yield* view(req, rc);
  const txId = `${rc.requestId}:request`;
  rc.txId = txId;
  yield* db({ type: 'db.begin', txId }, 'db.begin');
  const response = yield* view(req, rc);
  const { callbacks } = yield* db<{ callbacks: string[]; committed: string[] }>({ type: 'db.commit', txId }, 'db.commit');
  rc.txId = null;
  yield* runOnCommitCallbacks(callbacks, rc);
  return response;
}
