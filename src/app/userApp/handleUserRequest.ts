// Django's request handling for a user's app: the same routing and ATOMIC_REQUESTS as the built-in
// app (djangoHandler.ts), with the user's views where the app defines them and the built-in views
// elsewhere. An exception a view does not catch is a 500, as Django answers, after rolling back
// the request's transaction.
import { queryParams, type HttpRequest, type HttpResponse } from '../http';
import { runOnCommitCallbacks } from '../onCommit';
import { db, type ViewProgram } from '../ops';
import type { RequestContext } from '../requestContext';
import { work_item_create } from '../workItemCreate';
import { work_item_delete } from '../workItemDelete';
import { work_item_update } from '../workItemUpdate';
import { work_items_calendar_feed } from '../workItemsCalendarFeed';
import { UsageError } from '../../config';
import { checkedView } from './checkedView';
import { UnstartedCalls } from './unstartedCalls';
import { makeDjango, USER_CALLBACK_PREFIX, type UserCallbacks } from './django';
import type { Django, UserApp, UserRequest } from './types';
import { viewFor } from '../urls';
import { watchedProgram } from './viewWatch';
import { errorPlace } from './errorPlace';

function userRequest(req: HttpRequest): UserRequest {
  return { method: req.method, path: req.url.split('?')[0], GET: queryParams(req.url), POST: { ...(req.form ?? {}) }, headers: { ...req.headers }, userId: req.userId };
}

function* route(req: HttpRequest, rc: RequestContext, app: UserApp, django: Django, calls: UnstartedCalls): ViewProgram<HttpResponse> {
  const to = viewFor(req.method, req.url);
  if (to === null) return { status: 404, headers: {}, body: null };
  const { view, uuid } = to;
  if (view === 'work_items_calendar_feed')
    return app.work_items_calendar_feed ? yield* checkedView(view, calls, app.work_items_calendar_feed(userRequest(req), django)) : yield* work_items_calendar_feed(req, rc);
  if (view === 'work_item_delete') return app.work_item_delete ? yield* checkedView(view, calls, app.work_item_delete(userRequest(req), uuid, django)) : yield* work_item_delete(req, uuid, rc);
  if (view === 'work_item_create') return app.work_item_create ? yield* checkedView(view, calls, app.work_item_create(userRequest(req), django)) : yield* work_item_create(req, rc);
  return app.work_item_update ? yield* checkedView(view, calls, app.work_item_update(userRequest(req), uuid, django)) : yield* work_item_update(req, uuid, rc);
}

function serverError(e: unknown): HttpResponse {
  const name = e instanceof Error ? e.name : 'Error';
  const message = e instanceof Error ? e.message : String(e);
  const place = errorPlace(e);
  const text = `${name}: ${message}`.slice(0, place ? 240 : 300);
  return { status: 500, headers: { 'content-type': 'text/plain' }, body: place ? `${text} (${place})` : text };
}

/**
 * The request handled, each step marked for the watchdog of a view that never yields (viewWatch.ts):
 * which view (the user's, or the built-in one the app leaves out), the request and the scenario.
 */
export function handleUserRequest(req: HttpRequest, rc: RequestContext, app: UserApp, scenario: string): ViewProgram<HttpResponse> {
  const view = viewFor(req.method, req.url)?.view;
  const whose = view === undefined ? 'no view (404)' : app[view] ? view : `the built-in ${view}`;
  const where = `${whose}\trequest ${rc.requestId}: ${req.method} ${req.url.split('?')[0]} in ${scenario}`;
  return watchedProgram(handle(req, rc, app), where, () => rc.nowMs);
}

function* handle(req: HttpRequest, rc: RequestContext, app: UserApp): ViewProgram<HttpResponse> {
  const callbacks: UserCallbacks = { byId: new Map() };
  const runCommitted = function* (ids: string[]): ViewProgram<void> {
    for (const id of ids) {
      const user = id.startsWith(USER_CALLBACK_PREFIX) ? callbacks.byId.get(id) : undefined;
      if (user) yield* user();
      else yield* runOnCommitCallbacks([id], rc);
    }
  };
  const calls = new UnstartedCalls();
  const django = makeDjango(rc, callbacks, runCommitted, calls);
  if (!rc.config['deploy.atomicRequests']) {
    try {
      const response = yield* route(req, rc, app, django, calls);
      calls.check();
      return response;
    } catch (e) {
      // A mistake in the app itself (checkedView) is the user's to fix, not a 500 of the model.
      if (e instanceof UsageError) throw e;
      if (rc.txId !== null) {
        yield* db({ type: 'db.rollback', txId: rc.txId }, 'db.commit');
        rc.txId = null;
      }
      return serverError(e);
    }
  }
  const txId = `${rc.requestId}:request`;
  rc.txId = txId;
  yield* db({ type: 'db.begin', txId }, 'db.begin');
  let response: HttpResponse;
  try {
    response = yield* route(req, rc, app, django, calls);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    yield* db({ type: 'db.rollback', txId }, 'db.commit');
    rc.txId = null;
    return serverError(e);
  }
  const { callbacks: ids } = yield* db<{ callbacks: string[]; committed: string[] }>({ type: 'db.commit', txId }, 'db.commit');
  rc.txId = null;
  yield* runCommitted(ids);
  // After the on_commit callbacks: one may run a call the view made earlier.
  calls.check();
  return response;
}
