// Django's request handling around the views: URL routing, and ATOMIC_REQUESTS, which wraps the
// view in transaction.atomic and commits when it returns, before the response is sent; on_commit
// callbacks run right after that commit (django/core/handlers/base.py, make_view_atomic).
import { CALENDAR_PAGE_PATH, STATIC_PREFIX, calendar_page, serve_static } from './calendarPageView';
import { pathOf, type HttpRequest, type HttpResponse } from './http';
import { runOnCommitCallbacks } from './onCommit';
import { viewFor } from './urls';
import { db, DatabaseError, type ViewProgram } from './ops';
import type { RequestContext } from './requestContext';
import { work_item_create } from './workItemCreate';
import { work_item_delete } from './workItemDelete';
import { work_item_update } from './workItemUpdate';
import { work_items_calendar_feed } from './workItemsCalendarFeed';

function* view(req: HttpRequest, rc: RequestContext): ViewProgram<HttpResponse> {
  const to = viewFor(req.method, req.url);
  if (to === null) return { status: 404, headers: {}, body: null };
  if (to.view === 'work_items_calendar_feed') return yield* work_items_calendar_feed(req, rc);
  if (to.view === 'work_item_delete') return yield* work_item_delete(req, to.uuid, rc);
  if (to.view === 'work_item_create') return yield* work_item_create(req, rc);
  return yield* work_item_update(req, to.uuid, rc);
}

/**
 * An exception in the view (here only the database's DatabaseError) leaves atomic() rolling
 * back, and Django answers 500.
 */
export function* handleRequest(req: HttpRequest, rc: RequestContext): ViewProgram<HttpResponse> {
  try {
    return yield* atomicRequest(req, rc);
  } catch (e) {
    if (!(e instanceof DatabaseError)) throw e;
    if (rc.txId !== null) yield* db({ type: 'db.rollback', txId: rc.txId }, 'db.commit');
    rc.txId = null;
    return { status: 500, headers: {}, body: null };
  }
}

function* atomicRequest(req: HttpRequest, rc: RequestContext): ViewProgram<HttpResponse> {
  // The page and its scripts run no query: under ATOMIC_REQUESTS Django's atomic() sends nothing to
  // the database for them (psycopg2 begins a transaction with the first statement), so none is modelled.
  const path = pathOf(req.url);
  if (path === CALENDAR_PAGE_PATH && req.method === 'GET') return yield* calendar_page(req, rc);
  if (path.startsWith(STATIC_PREFIX) && req.method === 'GET') return yield* serve_static(req, rc);
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
