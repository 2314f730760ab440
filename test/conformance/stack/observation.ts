// What the scenario-level comparison looks at after each step, and how to read the same from a
// model trace. A step's events are those whose cause chain starts at that step's user action; the
// settle reloads are one last step.
import { DELETE_ROUTE, UPDATE_ROUTE } from '../../../src/app/urls';
import { CREATE_PATH, FEED_PATH, pathOf } from '../../../src/app/http';
import { CALENDAR_PAGE_PATH, STATIC_PREFIX } from '../../../src/app/calendarPageView';
import type { Trace, TraceEvent } from '../../../sim/trace';

export type RequestKind = 'page' | 'script' | 'feed' | 'delete' | 'create' | 'edit' | 'other';

export interface StepObservation {
  step: string;
  /** Event ids each user's calendar shows, sorted. */
  calendars: Record<string, string[]>;
  /** Each user's events as shown: "id title start..end" (all-day, end exclusive), sorted. */
  events: Record<string, string[]>;
  /** Requests that reached a Django worker, in the order they arrived. */
  routes: Array<{ kind: RequestKind; worker: number; status: number | null }>;
  /** Each feed request's cache.get of the feed key: on which worker, hit or miss. */
  feedCache: Array<{ worker: number; hit: boolean }>;
  /** Feed fetches the browser answered from its HTTP cache. */
  browserCacheAnswers: number;
  /** Committed work item rows, "uuid title start_date..end_date", sorted. */
  db: string[];
}

export function requestKind(url: string): RequestKind {
  const path = pathOf(url);
  if (path === FEED_PATH) return 'feed';
  if (path === CALENDAR_PAGE_PATH) return 'page';
  if (path.startsWith(STATIC_PREFIX)) return 'script';
  if (DELETE_ROUTE.test(path)) return 'delete';
  if (path === CREATE_PATH) return 'create';
  if (UPDATE_ROUTE.test(path)) return 'edit';
  return 'other';
}

/** Index of the root event (causeId null) each event descends from. */
function roots(events: TraceEvent[]): number[] {
  const root: number[] = [];
  for (const e of events) root.push(e.causeId === null ? e.seq : root[e.causeId]);
  return root;
}

/**
 * The model's observations, one per scenario step and one for the settle, or the reason the real
 * stack cannot run the scenario one step at a time (a step's work still going on when the next
 * step starts: the real stack's timing would decide, not the script). With `merge` (the rig's
 * gated mode, which makes the real stack follow the model's schedule), overlapping steps are one
 * observation instead, taken once all of them are done; `groups` says which steps each holds.
 */
export function modelObservations(
  trace: Trace,
  stepLabels: string[],
  options: { merge?: boolean } = {},
): { observations: StepObservation[]; groups: number[][] } | { notSteppable: string } {
  const events = trace.events;
  const root = roots(events);
  const stepRoots = events.filter((e) => e.causeId === null && e.type.startsWith('user.')).map((e) => e.seq);
  const settle = events.find((e) => e.type === 'sim.settle');
  if (!settle) return { notSteppable: 'the model run did not settle' };
  const allRoots = [...stepRoots, settle.seq];
  if (allRoots.length !== stepLabels.length) return { notSteppable: `the model ran ${stepRoots.length} user steps, the rig expected ${stepLabels.length - 1}` };
  // Step k's events must all come before step k+1's first event; merged, steps that overlap are one group.
  const groups: number[][] = [[0]];
  let lastSeq = -1;
  for (let k = 0; k + 1 < allRoots.length; k++) {
    const last = events.filter((e) => root[e.seq] === allRoots[k]).at(-1)!;
    lastSeq = Math.max(lastSeq, last.seq);
    if (lastSeq > allRoots[k + 1]) {
      if (!options.merge) return { notSteppable: `step ${k + 1} (${stepLabels[k]}) is still running at ${last.t} ms, after step ${k + 2} started at ${events[allRoots[k + 1]].t} ms` };
      groups.at(-1)!.push(k + 1);
    } else groups.push([k + 1]);
  }
  const groupRoots = groups.map((g) => allRoots[g[0]]);
  const groupLabels = groups.map((g) => g.map((k) => stepLabels[k]).join(' + '));
  const start = events[0];
  type Row = { uuid: string; title: string; startDate: string; endDate: string };
  // The committed rows: the scenario's items, then every committed delete, create and edit.
  const rows = new Map((start.payload.items as Row[]).map((i) => [i.uuid, i]));
  const users = (start.payload.users as Array<{ name: string }>).map((u) => u.name);
  const observations: StepObservation[] = [];
  const shown = new Map<string, string[]>();
  const shownEvents = new Map<string, string[]>();
  const routeOf = new Map<string, StepObservation['routes'][number]>();
  let k = 0;
  let current = newObservation(groupLabels[0]);
  const finish = () => {
    const calendars: Record<string, string[]> = {};
    const eventsShown: Record<string, string[]> = {};
    for (const u of users) if (shown.has(u)) calendars[u] = [...shown.get(u)!].sort();
    for (const u of users) if (shownEvents.has(u)) eventsShown[u] = [...shownEvents.get(u)!].sort();
    current.calendars = calendars;
    current.events = eventsShown;
    current.db = [...rows.values()].map((r) => `${r.uuid} ${r.title} ${r.startDate}..${r.endDate}`).sort();
    observations.push(current);
  };
  for (const e of events) {
    if (k + 1 < groupRoots.length && e.seq === groupRoots[k + 1]) {
      finish();
      k++;
      current = newObservation(groupLabels[k]);
    }
    if (e.type === 'calendar.render') {
      const ids = e.payload.eventIds as string[];
      const details = e.payload.shown as Array<{ title: string; start: string; end: string | null }>;
      // `shown` lists the events carrying an item, in the same order as eventIds: here all of them.
      if (details.length !== ids.length) throw new Error(`render ${e.seq}: ${ids.length} events but ${details.length} with an item`);
      shown.set(String(e.payload.user), ids);
      shownEvents.set(String(e.payload.user), ids.map((id, i) => `${id} ${details[i].title} ${details[i].start}..${details[i].end}`));
    }
    if (e.actor === 'db' && Array.isArray(e.payload.committed)) for (const uuid of e.payload.committed as string[]) rows.delete(uuid);
    if (e.actor === 'db' && Array.isArray(e.payload.written)) for (const w of e.payload.written as Row[]) rows.set(w.uuid, { uuid: w.uuid, title: w.title, startDate: w.startDate, endDate: w.endDate });
    if (e.type === 'http.request' && e.actor.startsWith('worker:')) {
      const route = { kind: requestKind(String(e.payload.url)), worker: Number(e.actor.slice(7)), status: null as number | null };
      routeOf.set(String(e.payload.requestId), route);
      current.routes.push(route);
    }
    // The worker's answer: its status (the edit of a deleted row: 500).
    if (e.type === 'http.respond') {
      const route = routeOf.get(String(e.payload.requestId));
      if (route) route.status = Number(e.payload.status);
    }
    if (e.type === 'http.cacheHit' && requestKind(String(e.payload.url)) === 'feed') current.browserCacheAnswers++;
    if (e.type === 'cache.get' && String(e.payload.key).startsWith('calendar_feed:') && e.from?.startsWith('worker:'))
      current.feedCache.push({ worker: Number(e.from.slice(7)), hit: Boolean(e.payload.hit) });
  }
  finish();
  return { observations, groups };
}

function newObservation(step: string): StepObservation {
  return { step, calendars: {}, events: {}, routes: [], feedCache: [], browserCacheAnswers: 0, db: [] };
}
