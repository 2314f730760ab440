// The model's nominal schedule as the rig's gated mode replays it on the real stack: the order in
// which requests reached the workers, the order in which the answers reached the browsers, the
// order of the workers' operations on shared state, and where each user step falls among them.
import type { Trace, TraceEvent } from '../../../sim/trace';
import { requestKind } from './observation';
import type { ScheduledExchange } from './roundRobinProxy';
import type { ScheduledOp } from './scheduleGate';

export interface ModelSchedule {
  requests: ScheduledExchange[];
  /** The worker the model sent each request to, in the order they reached the workers. */
  routes: number[];
  responses: ScheduledExchange[];
  ops: ScheduledOp[];
  /** Per user step and the settle, in trace order: requests and answers of the run that came before it. */
  before: Array<{ requests: number; responses: number }>;
  /** Per user step and the settle: quiet virtual time before it (ms since the run's previous event). */
  gapMs: number[];
}

/**
 * When an operation takes effect in the model: a read statement sees what was committed when it
 * began (READ COMMITTED, payload.snapshotAtMs); every other operation acts when it finishes,
 * which is when the trace records it.
 */
function effectMs(e: TraceEvent): number {
  return typeof e.payload.snapshotAtMs === 'number' ? e.payload.snapshotAtMs : e.t;
}

/**
 * Where an operation falls among those of the same ms. A read began in the task that recorded
 * its cause (the request's previous event), so it goes right after that event: a COMMIT recorded
 * later in that ms came after the read's snapshot, as in the model (incident-cacheops under
 * seed-fix: a SELECT that began as the DELETE committed, both at 196 ms, read the old rows).
 */
function effectSeq(e: TraceEvent): number {
  return typeof e.payload.snapshotAtMs === 'number' && e.causeId !== null ? e.causeId + 0.5 : e.seq;
}

/** The operation in a few words, for a message: the cache call and its key, or the statement's verb (a row read is a SELECT). */
function opName(e: TraceEvent): string {
  if (e.actor !== 'db') return `${e.type}${typeof e.payload.key === 'string' ? ` ${e.payload.key}` : ''}`;
  const verb = e.label.split(' ')[0];
  return /^[A-Z]+$/.test(verb) ? verb : 'SELECT';
}

export function modelSchedule(trace: Trace): ModelSchedule {
  const events = trace.events;
  const userOf = new Map<string, string>();
  // What kind each request is, by its URL as the proxy sees it (the model's own kinds lump create and edit as "write").
  const kindOf = new Map<string, ReturnType<typeof requestKind>>();
  const requests: ScheduledExchange[] = [];
  const routes: number[] = [];
  const responses: ScheduledExchange[] = [];
  const ops: Array<ScheduledOp & { at: number; seq: number }> = [];
  // Statements waiting for another transaction's lock, by their cause: the model records the wait
  // and, once the lock is free, the statement run; on the real stack that is one statement.
  const waitingLock = new Set<number>();
  // The request (its 1-based place among those that reached a worker, the proxy's X-Request-N in
  // gated mode) each event belongs to, by its cause chain: what a view's operation is part of.
  const requestOf = new Map<number, number>();
  const before: ModelSchedule['before'] = [];
  const gapMs: number[] = [];
  for (const e of events) {
    const requestId = String(e.payload.requestId ?? '');
    if (e.type === 'http.send' && e.from?.startsWith('browser:')) {
      userOf.set(requestId, e.from.slice('browser:'.length));
      kindOf.set(requestId, requestKind(String(e.payload.url)));
    }
    if (e.type === 'http.request' && e.actor.startsWith('worker:')) {
      requests.push({ user: userOf.get(requestId) ?? '?', kind: kindOf.get(requestId) ?? 'other' });
      routes.push(Number(e.actor.slice('worker:'.length)));
      requestOf.set(e.seq, requests.length);
    } else if (e.causeId !== null && requestOf.has(e.causeId)) requestOf.set(e.seq, requestOf.get(e.causeId)!);
    if (e.type === 'http.response' && e.actor.startsWith('browser:')) responses.push({ user: e.actor.slice('browser:'.length), kind: kindOf.get(requestId) ?? 'other' });
    if (e.from?.startsWith('worker:') && (e.actor === 'db' || e.actor.startsWith('cache:')) && e.type !== 'db.begin' && e.type !== 'db.onCommit') {
      // BEGIN goes to the server with the first statement, and transaction.on_commit only keeps
      // its callback in the worker: neither is an operation of its own.
      const waits = typeof e.payload.waitFor === 'string';
      const resumed = e.causeId !== null && waitingLock.has(e.causeId);
      if (waits && e.causeId !== null) waitingLock.add(e.causeId);
      if (!waits && resumed) waitingLock.delete(e.causeId!);
      // The statement's turn is where it began to wait: it is sent then, and blocks in the database.
      const request = requestOf.get(e.seq);
      const op = { worker: Number(e.from.slice('worker:'.length)), kind: e.actor === 'db' ? ('db' as const) : ('cache' as const), ...(request !== undefined ? { request, what: opName(e) } : {}) };
      if (!resumed) ops.push({ ...op, ...(waits ? { blocks: true } : {}), at: effectMs(e), seq: effectSeq(e) });
    }
    if ((e.causeId === null && e.type.startsWith('user.')) || e.type === 'sim.settle') {
      before.push({ requests: requests.length, responses: responses.length });
      gapMs.push(e.seq > 0 ? e.t - events[e.seq - 1].t : 0);
    }
  }
  ops.sort((a, b) => a.at - b.at || a.seq - b.seq);
  return { requests, routes, responses, ops: ops.map(({ at: _at, seq: _seq, ...op }) => op), before, gapMs };
}
