// The server: requests cross the network to gunicorn, an idle worker takes each (sync workers:
// one request at a time), and the app's view runs one operation at a time, each taking its
// latency and then running atomically against the worker's cache or the database. A request's
// state is data (RequestState); its view generator is kept live while the run goes straight on.
// After a restore, a step the view has already taken from the same replies in another run is
// taken from memory (sim/world/viewSteps.ts, in a simulation that remembers them: the explorer's);
// otherwise the generator is rebuilt, only when the request's next operation finishes, by feeding
// it the replies it had received (a handful of operations of one request, never the run).
import { browserId, cacheId, workerId } from './actorIds';
import { appended } from './appended';
import { handleRequest } from '../../src/app/djangoHandler';
import { handleUserRequest } from '../../src/app/userApp/handleUserRequest';
import type { HttpRequest, HttpResponse } from '../../src/app/http';
import type { JsonObject, JsonValue } from '../../src/json';
import { batchKeys, type Op, type ViewProgram } from '../../src/app/ops';
import { newRequestContext, type RequestContext } from '../../src/app/requestContext';
import type { Simulation } from '../simulation';
import type { RequestState, RequestThen } from './state';
import { cachePayload, dbPayload, describeCache, describeDb, opLabel } from './traceLabels';
import { receiveAnswer } from './page';
import type { Reply } from './layers';
import { rememberStep, stepTaken } from './viewSteps';

/** Statements that only read: they see the database as it was when they began. */
const READ_STATEMENTS = new Set(['db.query', 'db.get', 'db.getVersion']);

/** A view in progress: its generator and context, valid for exactly one RequestState value. */
export interface LiveView {
  forState: RequestState;
  program: ViewProgram<HttpResponse>;
  rc: RequestContext;
}

/** The request's handling: the user's own views (`--app`) where the scenario brings them, else the built-in app's. */
function viewProgram(sim: Simulation, request: HttpRequest, rc: RequestContext, pageLoad: boolean): ViewProgram<HttpResponse> {
  // The page and its scripts are the built-in ones even with a user's own views.
  return sim.scenario.app && !pageLoad ? handleUserRequest(request, rc, sim.scenario.app, sim.scenario.name) : handleRequest(request, rc);
}

/** A page-load request (the page, a script file): fixed latencies, so it adds no choice points. */
function isPageLoad(r: RequestState): boolean {
  return r.then.kind === 'page' || r.then.kind === 'script';
}

function kindOf(then: RequestThen): string {
  return then.kind;
}

// Records and the map of requests are updated field by field rather than spread: a request
// changes at every step of its view, and V8 (Node 20) spreads `{ ...r, op }` several times slower.

/** Request `r` with some fields changed (the others kept; no field is ever set to undefined). */
function changed(r: RequestState, c: Partial<RequestState>): RequestState {
  return {
    requestId: r.requestId,
    user: r.user,
    request: r.request,
    then: r.then,
    sentSeq: r.sentSeq,
    worker: c.worker !== undefined ? c.worker : r.worker,
    committedAtDispatch: c.committedAtDispatch !== undefined ? c.committedAtDispatch : r.committedAtDispatch,
    startedAtMs: c.startedAtMs !== undefined ? c.startedAtMs : r.startedAtMs,
    replies: c.replies !== undefined ? c.replies : r.replies,
    op: c.op !== undefined ? c.op : r.op,
    readSnapshot: c.readSnapshot !== undefined ? c.readSnapshot : r.readSnapshot,
    lastSeq: c.lastSeq !== undefined ? c.lastSeq : r.lastSeq,
    response: c.response !== undefined ? c.response : r.response,
  };
}

/** The requests in flight with `r` set (in place of its old record, or last), or without `id` when `r` is null. */
function requestsWith(requests: Record<string, RequestState>, id: string, r: RequestState | null): Record<string, RequestState> {
  if (r !== null) {
    // Object.assign copies in key order, and setting a key keeps its place: the same map as the loop's.
    const next: Record<string, RequestState> = Object.assign({}, requests);
    next[id] = r;
    return next;
  }
  const next: Record<string, RequestState> = {};
  for (const k in requests) if (k !== id) next[k] = requests[k];
  return next;
}

function setRequest(sim: Simulation, r: RequestState): void {
  sim.state.requests = requestsWith(sim.state.requests, r.requestId, r);
}

/** Request over the network to an idle worker, and back; `then` says what the page does with the answer. */
export function exchange(sim: Simulation, user: string, request: HttpRequest, cause: number, then: RequestThen): void {
  const requestId = `r${sim.state.nextRequest++}`;
  const sentSeq = sim.record({ actor: 'network', type: 'http.send', causeId: cause, from: browserId(user), label: sim.lean ? '' : `${request.method} ${request.url} leaves ${user}'s browser`, payload: { requestId, kind: kindOf(then), method: request.method, url: request.url, headers: request.headers } });
  const r: RequestState = { requestId, user, request, then, sentSeq, worker: null, committedAtDispatch: '', startedAtMs: 0, replies: [], op: null, readSnapshot: null, lastSeq: sentSeq, response: null };
  setRequest(sim, r);
  sim.scheduler.after(sim.latency(isPageLoad(r) ? 'page.request' : 'net.request', requestId), 'network', `${requestId} arrives`, { kind: 'arrive', requestId });
}

export function arrive(sim: Simulation, requestId: string): void {
  if (sim.config['deploy.routing'] === 'round-robin') {
    // The proxy sends request n to worker n mod W; a busy worker's requests wait for it.
    const w = (sim.state.proxied++ % sim.config['deploy.workers']) + 1;
    if (sim.state.idleWorkers.includes(w)) dispatch(sim, requestId, w);
    else {
      const r = sim.state.requests[requestId];
      sim.record({ actor: 'network', type: 'http.queued', causeId: r.sentSeq, label: sim.lean ? '' : `${requestId} waits: the proxy sent it to worker ${w}, which is busy`, payload: { requestId, worker: w } });
      const queues = sim.state.workerQueues;
      const i = queues.findIndex(([x]) => x === w);
      sim.state.workerQueues = i >= 0 ? queues.map((e, k) => (k === i ? [w, appended(e[1], requestId)] : e)) : appended(queues, [w, [requestId]]);
    }
    return;
  }
  if (sim.state.idleWorkers.length) dispatch(sim, requestId);
  else {
    const r = sim.state.requests[requestId];
    sim.record({ actor: 'network', type: 'http.queued', causeId: r.sentSeq, label: sim.lean ? '' : `${requestId} waits: every worker is busy`, payload: { requestId } });
    sim.state.waiting = appended(sim.state.waiting, requestId);
  }
}

function dispatch(sim: Simulation, requestId: string, target: number | null = null): void {
  const r = sim.state.requests[requestId];
  let w: number;
  if (target === null) w = pickWorker(sim, requestId, isPageLoad(r));
  else {
    w = target;
    sim.state.idleWorkers = sim.state.idleWorkers.filter((x) => x !== w);
  }
  const { request } = r;
  const seq = sim.record({ actor: workerId(w), type: 'http.request', causeId: r.sentSeq, from: 'network', label: sim.lean ? '' : `worker ${w} handles ${request.method} ${request.url}`, payload: { requestId, kind: kindOf(r.then), worker: w, method: request.method, url: request.url, headers: request.headers, user: r.user } });
  // A fresh history: its array stands for this start of the view (viewSteps.ts).
  const started = changed(r, { worker: w, committedAtDispatch: isPageLoad(r) ? '' : sim.committedKey(), startedAtMs: sim.scheduler.nowMs, lastSeq: seq, replies: [] });
  const rc = newRequestContext(sim.config, sim.scenario.today, sim.epochMs, requestId, sim.scheduler.nowMs);
  const program = viewProgram(sim, request, rc, isPageLoad(r));
  const next = program.next(undefined);
  continueView(sim, started, { forState: started, program, rc }, next, seq);
}

/**
 * gunicorn: any idle worker accepts the connection; nominally the next one round-robin. A page or
 * script request takes the nominal one without a choice and leaves the rotation where it was: it
 * touches no cache, and which worker answers the feed after it is already the feed's choice.
 */
function pickWorker(sim: Simulation, requestId: string, pageLoad: boolean): number {
  const s = sim.state;
  const idle = [...s.idleWorkers].sort((a, b) => a - b);
  const start = idle.findIndex((w) => w > s.lastWorker);
  const ordered = start < 0 ? idle : [...idle.slice(start), ...idle.slice(0, start)];
  const i = ordered.length > 1 && !pageLoad ? sim.choose({ kind: 'route', label: `route ${requestId}`, options: ordered.length }) : 0;
  const w = ordered[i];
  s.idleWorkers = s.idleWorkers.filter((x) => x !== w);
  if (!pageLoad) s.lastWorker = w;
  return w;
}

function releaseWorker(sim: Simulation, w: number): void {
  const s = sim.state;
  s.idleWorkers = appended(s.idleWorkers, w);
  const queued = s.workerQueues.find(([x]) => x === w);
  if (queued) {
    const [next, ...rest] = queued[1];
    s.workerQueues = rest.length ? s.workerQueues.map((e) => (e[0] === w ? [w, rest] : e)) : s.workerQueues.filter((e) => e[0] !== w);
    dispatch(sim, next, w);
    return;
  }
  const [next, ...rest] = s.waiting;
  s.waiting = rest;
  if (next !== undefined) dispatch(sim, next);
}

export function cacheFor(sim: Simulation, worker: number): string {
  return sim.config['deploy.cacheBackend'] === 'redis' ? 'cache:redis' : cacheId(worker);
}

/** The layer an operation runs on, as a task's lifeline. */
export function opTarget(sim: Simulation, op: Op, worker: number): string {
  return op.layer === 'cache' ? cacheFor(sim, worker) : op.layer === 'db' ? 'db' : workerId(worker);
}

/**
 * The view yielded `next` (an operation, or its answer): schedule the operation, or send the
 * answer. `live` is its generator, now past `next`; null when the step was remembered (the
 * generator is then rebuilt if the request's next operation is not remembered either).
 */
function continueView(sim: Simulation, r: RequestState, live: LiveView | null, next: IteratorResult<Op, HttpResponse>, from: number): void {
  const w = r.worker!;
  if (next.done) {
    respond(sim, changed(r, { op: null, readSnapshot: null, lastSeq: from }), next.value);
    return;
  }
  const op = next.value;
  const delay = sim.latency(op.latency, workerId(w));
  // READ COMMITTED: a statement sees the rows committed before it began, so a read takes its
  // snapshot now and hands it over when the statement finishes (FACTS section 4).
  const readSnapshot = op.layer === 'db' && READ_STATEMENTS.has(op.event.type) ? { reply: sim.send('db', op.event as never) as JsonValue, atMs: sim.scheduler.nowMs } : null;
  const waiting = changed(r, { op, readSnapshot, lastSeq: from });
  setRequest(sim, waiting);
  if (live !== null) sim.liveViews.set(r.requestId, { forState: waiting, program: live.program, rc: live.rc });
  sim.scheduler.after(delay, opTarget(sim, op, w), opLabel(op), { kind: 'op', requestId: r.requestId });
}

/** The view of request `r` as a live generator: the cached one, or one rebuilt from its replies. */
function liveView(sim: Simulation, r: RequestState): LiveView {
  const cached = sim.liveViews.get(r.requestId);
  if (cached && cached.forState === r) return cached;
  const rc = newRequestContext(sim.config, sim.scenario.today, sim.epochMs, r.requestId, r.startedAtMs);
  const program = viewProgram(sim, r.request, rc, isPageLoad(r));
  program.next(undefined);
  for (const reply of r.replies) {
    rc.nowMs = reply.nowMs;
    program.next(reply.value === null ? undefined : reply.value);
  }
  return { forState: r, program, rc };
}

/** The operation request `requestId` waits on finishes now: perform it and feed its reply to the view. */
export function finishOp(sim: Simulation, requestId: string): void {
  const r = sim.state.requests[requestId];
  const op = r.op!;
  const w = r.worker!;
  const [reply, seq] =
    r.readSnapshot !== null && op.layer === 'db'
      ? [r.readSnapshot.reply as Reply, recordDb(sim, op.event, r.readSnapshot.reply as Reply, w, r.lastSeq, r.readSnapshot.atMs)]
      : perform(sim, op, w, r.lastSeq);
  if (op.layer === 'db' && typeof reply?.waitFor === 'string') {
    // A row (PostgreSQL) or the write lock (SQLite) is held: run the statement again when that transaction ends.
    waitForLock(sim, reply.waitFor, requestId);
    return;
  }
  if (op.layer === 'db' && (op.event.type === 'db.commit' || op.event.type === 'db.rollback')) wakeLockWaiters(sim, op.event.txId);
  const nowMs = sim.scheduler.nowMs;
  const value = (reply ?? null) as JsonValue;
  // A live generator takes the step (and stays live); else a remembered step; else a rebuilt one.
  const cached = sim.liveViews.get(requestId);
  const steps = sim.viewSteps;
  const taken = steps === null || (cached !== undefined && cached.forState === r) ? undefined : stepTaken(steps, r.replies, nowMs, value);
  if (taken !== undefined) {
    continueView(sim, changed(r, { replies: taken.replies }), null, taken.next, seq);
    return;
  }
  const live = liveView(sim, r);
  const replies = appended(r.replies, { nowMs, value });
  live.rc.nowMs = nowMs;
  const next = live.program.next(reply);
  if (steps !== null) rememberStep(steps, r.replies, replies, next);
  continueView(sim, changed(r, { replies }), live, next, seq);
}

function waitForLock(sim: Simulation, txId: string, requestId: string): void {
  const waiters = sim.state.lockWaiters;
  const i = waiters.findIndex(([tx]) => tx === txId);
  sim.state.lockWaiters = i >= 0 ? waiters.map((e, k) => (k === i ? [txId, appended(e[1], requestId)] : e)) : appended(waiters, [txId, [requestId]]);
}

/** The transaction ended: the statements waiting for its locks run again now, in the order they began waiting. */
function wakeLockWaiters(sim: Simulation, txId: string): void {
  const entry = sim.state.lockWaiters.find(([tx]) => tx === txId);
  if (!entry) return;
  sim.state.lockWaiters = sim.state.lockWaiters.filter(([tx]) => tx !== txId);
  for (const requestId of entry[1]) sim.scheduler.after(0, 'db', 'lock released', { kind: 'lockRetry', requestId });
}

/** A 500 of a user's view carries its exception as text (handleUserRequest.ts): the label shows it, since it is the bug to fix. */
function serverErrorText(response: HttpResponse): string {
  // One line whatever the message holds: the label is a row of the timing table.
  return response.status >= 500 && typeof response.body === 'string' ? ` (${response.body.replace(/[\u0000-\u001f\u007f]+/g, ' ')})` : '';
}

function respond(sim: Simulation, r: RequestState, response: HttpResponse): void {
  const w = r.worker!;
  const worker = workerId(w);
  const { request } = r;
  const items = sim.itemsIn(response.body);
  // `shown` set after the literal, not spread into it: V8 (Node 20) spreads several times slower.
  const payload: JsonObject = { requestId: r.requestId, kind: kindOf(r.then), worker: w, method: request.method, status: response.status, headers: response.headers, items };
  if (Array.isArray(response.body)) payload.shown = sim.shownIn(response.body);
  const seq = sim.record({
    actor: 'network',
    type: 'http.respond',
    causeId: r.lastSeq,
    from: worker,
    label: sim.lean ? '' : `worker ${w} answers ${response.status} to ${request.method} ${request.url.split('?')[0]}${serverErrorText(response)}`,
    payload,
  });
  // The view has returned: its replies were what rebuilt it, and nothing reads them again. Keeping
  // them would make two states with the same future differ (say, by the order of a cull's keys).
  setRequest(sim, changed(r, { response, lastSeq: seq, replies: [] }));
  sim.liveViews.delete(r.requestId);
  releaseWorker(sim, w);
  sim.scheduler.after(sim.latency(isPageLoad(r) ? 'page.response' : 'net.response', r.requestId), browserId(r.user), `${r.requestId} response`, { kind: 'response', requestId: r.requestId });
}

/** The answer reaches the browser; the request is over, and the page takes it from here. */
export function deliverResponse(sim: Simulation, requestId: string): void {
  const r = sim.state.requests[requestId];
  const response = r.response!;
  const { request } = r;
  const items = sim.itemsIn(response.body);
  const seq = sim.record({ actor: browserId(r.user), type: 'http.response', causeId: r.lastSeq, from: 'network', label: sim.lean ? '' : `${r.user}'s browser receives ${response.status} for ${request.method} ${request.url.split('?')[0]}`, payload: { requestId, kind: kindOf(r.then), worker: r.worker, method: request.method, status: response.status, headers: response.headers, items } });
  sim.state.requests = requestsWith(sim.state.requests, requestId, null);
  receiveAnswer(sim, r.user, r.then, response, seq);
}

/** A statement's trace event, at its end; a read also says when its snapshot was taken. */
function recordDb(sim: Simulation, event: Extract<Op, { layer: 'db' }>['event'], reply: Reply, worker: number, cause: number, snapshotAtMs: number | null): number {
  const payload = dbPayload(event, reply);
  // A lean run records no label (Simulation.lean): not made at all.
  let label = sim.lean ? '' : describeDb(event, reply, sim.itemUuids);
  if (snapshotAtMs !== null) {
    payload.snapshotAtMs = snapshotAtMs;
    if (snapshotAtMs !== sim.scheduler.nowMs && !sim.lean) label += `, as committed at ${snapshotAtMs} ms (when it began)`;
  }
  return sim.record({ actor: 'db', type: event.type, causeId: cause, from: workerId(worker), label, payload, after: ['db'] });
}

function perform(sim: Simulation, op: Op, worker: number, cause: number): [Reply | undefined, number] {
  const from = workerId(worker);
  if (op.layer === 'cpu') {
    return [undefined, sim.record({ actor: from, type: 'view.step', causeId: cause, label: op.step, payload: { step: op.step } })];
  }
  if (op.layer === 'db') {
    const reply = sim.send('db', op.event as never);
    return [reply, recordDb(sim, op.event, reply, worker, cause, null)];
  }
  const cache = cacheFor(sim, worker);
  if ('batch' in op) {
    // The loop's deletes reach the cache as one event (the layer deletes each key in turn).
    const keys = batchKeys(op.batch);
    const deleted = [...(sim.send(cache, { type: 'cache.deleteMany', keys }) as { deletedKeys: string[] }).deletedKeys];
    const seq = sim.record({
      actor: cache,
      type: 'cache.deleteMany',
      causeId: cause,
      from,
      label: sim.lean ? '' : `${op.label}: ${keys.length} cache.delete calls, ${deleted.length} key(s) existed`,
      // The loop's own frozen list, shared by every run's event (trace payloads are only read).
      payload: { keys: keys as string[], deleted },
      after: [cache],
    });
    return [undefined, seq];
  }
  const reply = sim.send(cache, op.event as never);
  const seq = sim.record({ actor: cache, type: op.event.type, causeId: cause, from, label: sim.lean ? '' : describeCache(op.event, reply, sim.itemUuids), payload: cachePayload(op.event, reply, sim.itemUuids), after: [cache] });
  return [reply, seq];
}
