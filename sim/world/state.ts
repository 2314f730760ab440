// The world's state between two tasks, as one plain JSON-safe value: what the scheduler holds
// (clock, queue of pending tasks as data), each layer's context, the server's workers and the
// requests in flight, each page's bookkeeping, and what the invariant checkers will judge.
// Nothing here is a closure or a generator: a state can be copied, hashed, written to a file and
// restored (Simulation.snapshot / restore). A request's view generator is rebuilt from the
// replies it has received (sim/world/server.ts), as Temporal rebuilds a workflow from its history.
//
// Values held here are never mutated in place once a snapshot holds them: updates replace them
// (a new request record, a new layer context), so a snapshot can share them with the running
// state. Two containers are copy-on-write instead: the scheduler's task list and the record of
// layer contexts are copied on the run's first change after a snapshot (or restore) and changed
// in place until the next (Scheduler.shareTasks, Simulation.writableLayers).
import type { JsonValue } from '../../src/json';
import type { HttpRequest, HttpResponse } from '../../src/app/http';
import type { Op } from '../../src/app/ops';

/** A pending task: when, in which scheduling order, on whose lifeline, and what it will do. */
export interface Task {
  t: number;
  /** Scheduling order, the default tie-break. */
  order: number;
  actor: string;
  label: string;
  spec: TaskSpec;
}

/** What a task does, run by Simulation's one switch. */
export type TaskSpec =
  /** A job on a user's page (runs after the workItemDeleted listener when that is running). */
  | { kind: 'page'; user: string; job: PageJob }
  /** The listener's refetchEvents(), page.listener ms after it began (same JavaScript task). */
  | { kind: 'listenerRefetch'; user: string; cause: number }
  /** A request reaches gunicorn. */
  | { kind: 'arrive'; requestId: string }
  /** The operation a request's view is waiting on finishes. */
  | { kind: 'op'; requestId: string }
  /** The transaction a request's statement waited for has ended: the statement runs again. */
  | { kind: 'lockRetry'; requestId: string }
  /** The answer reaches the user's browser. */
  | { kind: 'response'; requestId: string }
  /** The system is quiet: record the committed rows every calendar must converge to. */
  | { kind: 'settle' }
  /** One user's reload in the settle phase. */
  | { kind: 'settleReload'; user: string; cause: number };

/** Work of a page's main thread. */
export type PageJob =
  /** A scenario step (user action). */
  | { kind: 'step'; index: number }
  /** A feed answer is parsed and handed to FullCalendar's successCallback. */
  | { kind: 'parse'; user: string; fetchId: number; startStr: string; endStr: string; wallClockMs: number; committed: string; response: HttpResponse; cause: number }
  /** HTMX sends the DELETE. */
  | { kind: 'htmxSend'; user: string; uuid: string; cause: number }
  /** HTMX fires the HX-Trigger event (the workItemDeleted listener). */
  | { kind: 'htmxTrigger'; user: string; response: HttpResponse; cause: number }
  /** HTMX posts the create or edit form (hx-post). */
  | { kind: 'htmxPost'; user: string; write: WriteKind; uuid: string; form: Record<string, string>; cause: number }
  /** HTMX fires the create's or edit's HX-Trigger event (the workItemCreated / workItemUpdated listener). */
  | { kind: 'htmxWriteTrigger'; user: string; write: WriteKind; uuid: string; response: HttpResponse; cause: number }
  /** The page's scripts are in: FullCalendar starts (a fresh calendar after a reload). */
  | { kind: 'calendarStart'; user: string; month: string; isReload: boolean; cause: number };

/** The two writes besides a delete. */
export type WriteKind = 'create' | 'edit';

/** What the page does with a request's answer. */
export type RequestThen =
  | { kind: 'feed'; fetchId: number; startStr: string; endStr: string; wallClockMs: number; url: string; requestHeaders: Record<string, string>; cacheMode: string; committed: string }
  | { kind: 'delete'; uuid: string }
  | { kind: 'write'; write: WriteKind; uuid: string }
  /** A page load (FACTS section 6): the page request, then script `index` (0-based) of page.scriptFiles. */
  | { kind: 'page'; month: string; isReload: boolean; startAtMs: number }
  | { kind: 'script'; index: number; month: string; isReload: boolean; startAtMs: number };

/** A reply a view received, and the virtual time it resumed at (rc.nowMs for that step). */
export interface ViewReply {
  nowMs: number;
  /** null: the operation returns nothing (Python None). */
  value: JsonValue;
}

/** A request from the moment it leaves the browser until its answer arrives. */
export interface RequestState {
  requestId: string;
  user: string;
  request: HttpRequest;
  then: RequestThen;
  /** seq of its http.send event. */
  sentSeq: number;
  /** The worker serving it; null before dispatch. */
  worker: number | null;
  /** Items committed when the worker took it (what the checkers judge about it). */
  committedAtDispatch: string;
  /** rc.nowMs when the view started. */
  startedAtMs: number;
  /** Replies fed to the view so far, in order: they decide where its generator is. */
  replies: ViewReply[];
  /** The operation the view is waiting on (null once it has returned). */
  op: Op | null;
  /** A read statement's result, taken when it began (READ COMMITTED); null otherwise. */
  readSnapshot: { reply: JsonValue; atMs: number } | null;
  /** seq of the event the view's next step follows. */
  lastSeq: number;
  /** The view's answer, once it has returned; null before. */
  response: HttpResponse | null;
}

export interface SchedulerState {
  nowMs: number;
  nextOrder: number;
  /** Tasks run so far: a guard against runaway scenarios. */
  executed: number;
  /** Pending tasks, in the order they were scheduled (gaps where tasks ran); copy-on-write (Scheduler.shareTasks). */
  tasks: Task[];
}

export interface SimState {
  sched: SchedulerState;
  /** Each layer's context, by actor id, in the order the actors were built; copy-on-write (Simulation.writableLayers). */
  layers: Record<string, unknown>;
  idleWorkers: number[];
  /** Requests waiting for a free worker, FIFO. */
  waiting: string[];
  lastWorker: number;
  nextRequest: number;
  /** Requests in flight, by id. */
  requests: Record<string, RequestState>;
  /** Month of each user's page (its URL's ?month=, the one it was opened on; navigating does not change it), for reloads, in the order users first opened it. */
  shownMonth: Array<[string, string]>;
  /** The filter each user's page has chosen (work type, status), in the order they chose one; none: all items. A reload resets it. */
  filters: Array<[string, { workType: string | null; status: string | null }]>;
  /**
   * Writes committed so far, in commit order (what the checkers judge): a deleted item's uuid;
   * `create:<uuid>` for a created one; `edit:<uuid>:<n>` for its n-th committed edit.
   */
  committedItems: string[];
  /**
   * Writes the user's page has acknowledged (what the checkers judge): `user:item` for a delete;
   * `user:create:item:<event>` and `user:edit:item:<event>` for a create and an edit, with the event
   * the HX-Trigger carried.
   */
  acks: string[];
  /**
   * Page jobs that fell due while the user's workItemDeleted listener was running. JavaScript runs
   * a listener to completion: its getEventById, remove() and refetchEvents() are one task, so
   * nothing else on that page runs in between.
   */
  pageBusy: Array<[string, PageJob[]]>;
  /**
   * Requests whose statement waits for a transaction's lock (a PostgreSQL row lock, SQLite's write
   * lock), by the transaction they wait for, in the order they began waiting: the statement runs
   * again when that transaction ends.
   */
  lockWaiters: Array<[string, string[]]>;
  /** deploy.routing=round-robin: requests the proxy has sent so far, and the requests waiting for each busy worker. */
  proxied: number;
  workerQueues: Array<[number, string[]]>;
  /** Where the run is: 'scenario', 'settle', 'settle reload i of n', or 'done'. */
  phase: string;
  /** Users who reload in the settle phase, and the sim.settle event they follow. */
  settleUsers: string[];
  settleSeq: number;
  /** Trace events recorded so far (the next event's seq). */
  eventCount: number;
}
