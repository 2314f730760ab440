// When two tasks due at the same instant commute: the independence relation of the explorer's
// partial-order reduction (reduction.ts). Each task gets a footprint, the shared things it may read
// or write, including whatever it may schedule at the same instant (a zero-latency step), since
// those can also run before the other task. Two tasks are dependent when their footprints meet and
// at least one of them writes there.
//
// Deliberately coarse (a missed dependency would lose schedules silently):
// - The server is one resource. Any server task (a request arriving, a view's operation, a
//   statement retried after a lock) may, through zero-latency steps (BEGIN, COMMIT, a delete
//   loop), reach the database, any cache, the worker pool (a finished view frees its worker, which
//   takes the next waiting request) and the lock waiters; and the checkers compare when a worker
//   began a request with when a delete committed. So server tasks never commute with each other.
// - The commit order is a resource the server writes (a commit) and the page reads: a page that
//   starts a fetch records what was committed (the checkers judge the fetch against the commits
//   before it), and a render is judged against the commits before it.
// - Each user's page (their FullCalendar, browser cache, listener, pending page jobs) is one
//   resource: only that user's tasks touch it.
// - Request ids come from one counter: two tasks that may each send a request get different ids in
//   the two orders (different states), so they are dependent.
// - The clock: no task changes when another due task runs (tasks are scheduled at a time fixed
//   when they are scheduled), except through the resources above (a worker, a lock, a busy page).
import type { SimState, Task } from '../world/state';

type Mode = 'r' | 'w';
export type Footprint = ReadonlyArray<readonly [resource: string, mode: Mode]>;

/** Whether two due tasks commute in the state they are both due in. */
export type IndependenceRelation = (a: Task, b: Task, state: SimState) => boolean;

const SERVER: Footprint = [
  ['server', 'w'],
  ['commits', 'w'],
];

function page(user: string, readsCommits: boolean, sendsRequest: boolean): Footprint {
  const f: Array<readonly [string, Mode]> = [[`page:${user}`, 'w']];
  if (readsCommits) f.push(['commits', 'r']);
  if (sendsRequest) f.push(['requestIds', 'w']);
  return f;
}

/** What a task may touch, with everything it may schedule at the same instant. */
export function footprint(task: Task, state: SimState): Footprint {
  const spec = task.spec;
  switch (spec.kind) {
    case 'arrive':
    case 'op':
    case 'lockRetry':
    case 'settle':
      return SERVER;
    case 'response': {
      const r = state.requests[spec.requestId];
      // A feed answer is stored and a parse scheduled (page.parse, at least 2 ms); a DELETE's
      // answer schedules HTMX's trigger (at least 5 ms). A page load's answer sends the next
      // script or starts FullCalendar, maybe at once: that fetches.
      const loads = r === undefined || r.then.kind === 'page' || r.then.kind === 'script';
      return page(r?.user ?? '?', loads, loads);
    }
    case 'page':
      switch (spec.job.kind) {
        // Sends the DELETE: a request, nothing read.
        case 'htmxSend':
          return page(spec.user, false, true);
        // Renders (judged against the commits), no request.
        case 'parse':
        case 'htmxTrigger':
          return page(spec.user, true, false);
        // A user step, FullCalendar starting: may render, fetch, send.
        default:
          return page(spec.user, true, true);
      }
    case 'listenerRefetch':
    case 'settleReload':
      return page(spec.user, true, true);
  }
}

export function conflict(a: Footprint, b: Footprint): boolean {
  for (const [ra, ma] of a) for (const [rb, mb] of b) if (ra === rb && (ma === 'w' || mb === 'w')) return true;
  return false;
}

/** The relation the explorer uses: footprints that do not conflict. */
export const footprintIndependence: IndependenceRelation = (a, b, state) => !conflict(footprint(a, state), footprint(b, state));
