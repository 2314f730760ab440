// The facts the checkers read from a trace, gathered once: users, work items, commits, renders,
// feed responses, acknowledgements. Checkers read only the trace, never a machine.
import type { WorkItem } from '../../src/layers/database';
import { causeChain } from '../causeChain';
import type { TraceEvent } from '../trace';

export interface RenderFact {
  seq: number;
  t: number;
  user: string;
  items: string[];
  transient: boolean;
  rangeStart: string | null;
  rangeEnd: string | null;
}

export interface FeedResponseFact {
  /** The http.respond event (the server produced the answer). */
  seq: number;
  t: number;
  user: string;
  /** seq of the worker's http.request: when it began handling the request. */
  requestSeq: number;
  items: string[];
  rangeStart: string | null;
  rangeEnd: string | null;
}

export interface TraceFacts {
  events: readonly TraceEvent[];
  /** user name -> Django user id */
  userIds: Map<string, string>;
  items: Map<string, WorkItem>;
  /** item -> the event that committed its delete (the first db event listing it as committed). */
  commits: Map<string, TraceEvent>;
  renders: RenderFact[];
  feedResponses: FeedResponseFact[];
  /** page.workItemDeleted events: the user's page got the acknowledgement (HX-Trigger) of a delete. */
  acks: Array<{ seq: number; t: number; user: string; item: string }>;
  settle: TraceEvent | null;
}

function dateOf(url: string, name: 'start' | 'end'): string | null {
  const m = new RegExp(`[?&]${name}=(\\d{4}-\\d{2}-\\d{2})`).exec(url);
  return m ? m[1] : null;
}

export function traceFacts(trace: { events: readonly TraceEvent[] }): TraceFacts {
  const events = trace.events;
  const start = events.find((e) => e.type === 'sim.start');
  const userIds = new Map<string, string>();
  const items = new Map<string, WorkItem>();
  const users = (start?.payload.users as Array<{ name: string; userId: string }> | undefined) ?? [];
  for (const u of users) userIds.set(u.name, u.userId);
  const listed = (start?.payload.items as WorkItem[] | undefined) ?? ((start?.after?.db?.rows as WorkItem[] | undefined) ?? []);
  for (const i of listed) items.set(i.uuid, i);

  const commits = new Map<string, TraceEvent>();
  const renders: RenderFact[] = [];
  const feedResponses: FeedResponseFact[] = [];
  const acks: TraceFacts['acks'] = [];
  const requests = new Map<string, TraceEvent>();
  let settle: TraceEvent | null = null;
  for (const e of events) {
    const p = e.payload;
    if (e.actor === 'db' && Array.isArray(p.committed)) for (const uuid of p.committed as string[]) if (!commits.has(uuid)) commits.set(uuid, e);
    switch (e.type) {
      case 'calendar.render':
        renders.push({
          seq: e.seq,
          t: e.t,
          user: p.user as string,
          items: (p.items as string[]) ?? [],
          transient: Boolean(p.transient),
          rangeStart: (p.rangeStart as string | null) ?? null,
          rangeEnd: (p.rangeEnd as string | null) ?? null,
        });
        break;
      case 'http.request':
        requests.set(p.requestId as string, e);
        break;
      case 'http.respond': {
        const req = requests.get(p.requestId as string);
        if (!req || req.payload.method !== 'GET' || p.status !== 200) break;
        const url = req.payload.url as string;
        feedResponses.push({
          seq: e.seq,
          t: e.t,
          user: req.payload.user as string,
          requestSeq: req.seq,
          items: (p.items as string[] | undefined) ?? [],
          rangeStart: dateOf(url, 'start'),
          rangeEnd: dateOf(url, 'end'),
        });
        break;
      }
      case 'page.workItemDeleted':
        acks.push({ seq: e.seq, t: e.t, user: p.user as string, item: p.item as string });
        break;
      case 'sim.settle':
        settle = e;
        break;
    }
  }
  return { events, userIds, items, commits, renders, feedResponses, acks, settle };
}

/** Whether an item falls in a visible range [start, end): it starts before the end and ends on or after the start. */
export function inRange(item: WorkItem | undefined, rangeStart: string | null, rangeEnd: string | null): boolean {
  return item !== undefined && rangeStart !== null && rangeEnd !== null && item.startDate < rangeEnd && item.endDate >= rangeStart;
}

export function causeSeqs(events: readonly TraceEvent[], seq: number): number[] {
  return causeChain(events, seq).map((e) => e.seq);
}

/** One moment a checker judged: bad (stale), good (fresh), or neither (it says nothing new). */
export interface Observation {
  seq: number;
  t: number;
  verdict: 'bad' | 'good' | 'neutral';
}

/** Stale episodes: from a bad observation to the next good one (endT null when none follows). */
export function episodes(observations: readonly Observation[]): Array<{ start: Observation; end: Observation | null }> {
  const out: Array<{ start: Observation; end: Observation | null }> = [];
  let open: Observation | null = null;
  for (const o of observations) {
    if (o.verdict === 'bad' && open === null) open = o;
    else if (o.verdict === 'good' && open !== null) {
      out.push({ start: open, end: o });
      open = null;
    }
  }
  if (open !== null) out.push({ start: open, end: null });
  return out;
}
