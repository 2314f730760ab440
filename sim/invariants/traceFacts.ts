// The facts the checkers read from a trace, gathered once: users, work items, commits, renders,
// feed responses, acknowledgements. Checkers read only the trace, never a machine.
import type { WorkItem } from '../../src/layers/database';
import { addDays } from '../../src/app/pythonDate';
import { causeChain } from '../causeChain';
import type { TraceEvent } from '../trace';

/** What a render or a feed answer showed of one item: its event's title and all-day dates (end exclusive). */
export interface ShownEvent {
  item: string;
  title: string;
  start: string;
  end: string | null;
}

export interface RenderFact {
  seq: number;
  t: number;
  user: string;
  items: string[];
  /** Each shown event of a known item (an item shown twice has two entries). */
  shown: ShownEvent[];
  /** The page's filter when it rendered (null fields: all). */
  filter: FeedFilter;
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
  /** The answer's events of known items. */
  shown: ShownEvent[];
  /** The request's work_type and status parameters (null: all). */
  filter: FeedFilter;
  rangeStart: string | null;
  rangeEnd: string | null;
}

/** A create or edit that became visible to everybody (its commit, or the autocommit statement). */
export interface WriteFact extends WorkItem {
  seq: number;
  t: number;
  kind: 'create' | 'edit';
}

/** A user's page got the HX-Trigger of their create or edit (the listener ran). */
export interface WriteAckFact {
  seq: number;
  t: number;
  user: string;
  kind: 'create' | 'edit';
  item: string;
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
  /** Committed creates and edits, in commit order. */
  writes: WriteFact[];
  /** page.workItemCreated / page.workItemUpdated events. */
  writeAcks: WriteAckFact[];
  settle: TraceEvent | null;
}

function shownOf(v: unknown): ShownEvent[] {
  return Array.isArray(v) ? (v as ShownEvent[]) : [];
}

/** The page's work type and status filter (null: all). */
export interface FeedFilter {
  workType: string | null;
  status: string | null;
}

function filterOf(v: unknown): FeedFilter {
  const f = (v ?? {}) as Partial<FeedFilter>;
  return { workType: typeof f.workType === 'string' ? f.workType : null, status: typeof f.status === 'string' ? f.status : null };
}

// The patterns of the few parameter names asked for, built once (a run judges dozens of answers).
const PARAM_PATTERNS = new Map<string, RegExp>();
const DATE_PATTERNS = { start: /[?&]start=(\d{4}-\d{2}-\d{2})/, end: /[?&]end=(\d{4}-\d{2}-\d{2})/ };

function paramOf(url: string, name: string): string | null {
  let pattern = PARAM_PATTERNS.get(name);
  if (pattern === undefined) {
    pattern = new RegExp(`[?&]${name}=([^&]*)`);
    PARAM_PATTERNS.set(name, pattern);
  }
  const m = pattern.exec(url);
  return m ? decodeURIComponent(m[1]) : null;
}

/** Whether the filter lets the item through (the feed's `filter(work_type=..., status=...)`). */
export function passesFilter(item: { workType: string; status: string } | undefined, filter: FeedFilter): boolean {
  return item !== undefined && (filter.workType === null || item.workType === filter.workType) && (filter.status === null || item.status === filter.status);
}

function dateOf(url: string, name: 'start' | 'end'): string | null {
  const m = DATE_PATTERNS[name].exec(url);
  return m ? m[1] : null;
}

/**
 * The last facts gathered, and from what: a run's outcome and its check read the same trace one
 * after the other, and gathering them twice cost `check` a few per cent. Trace events are never
 * changed once recorded (a run only appends, a restore copies), so the same array with the same
 * length and the same last event holds the same events.
 */
let last: { events: readonly TraceEvent[]; length: number; lastEvent: TraceEvent | undefined; facts: TraceFacts } | null = null;

export function traceFacts(trace: { events: readonly TraceEvent[] }): TraceFacts {
  const events = trace.events;
  if (last !== null && last.events === events && last.length === events.length && last.lastEvent === events[events.length - 1]) return last.facts;
  const facts = gatherFacts(events);
  last = { events, length: events.length, lastEvent: events[events.length - 1], facts };
  return facts;
}

/** traceFacts without the memo (the test compares the two). */
export function gatherFacts(events: readonly TraceEvent[]): TraceFacts {
  return resumeFacts(events, null).facts;
}

/**
 * Facts gathered from a trace, with what it takes to go on from any earlier event of it: the
 * explorer judges run after run that begin with the same events (siblings restored from one
 * stored state), so it cuts the last run's facts back to the events the two share and gathers
 * only the rest (resumeFacts).
 */
export interface GatheredFacts {
  facts: TraceFacts;
  /** The sim.start event the users and first items came from, and those items. */
  start: TraceEvent | undefined;
  listed: WorkItem[];
  /** Items created by a commit, in the order they became known. */
  created: Array<{ seq: number; item: WorkItem }>;
  /** Every http.request event and its request id, in order (the answer's request is the last one of its id). */
  requestEvents: TraceEvent[];
  requestIds: string[];
  /** Every sim.settle event, in order (the facts' settle is the last one). */
  settles: TraceEvent[];
  /** The seq of the last event gathered. */
  lastSeq: number;
  /**
   * Whether every event gathered had a seq above the one before: the cut back (resumeFacts) takes
   * each list's and the commits' entries by seq, which is right only if they were added in seq
   * order. A trace that breaks this is gathered whole, never resumed from.
   */
  resumable: boolean;
}

/** How many of `list` (in seq order) come before event `k`. */
function countBefore<T extends { seq: number }>(list: readonly T[], k: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].seq < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * How many first events `events` shares with the trace `base` was gathered from (the very same
 * event objects), when that includes the sim.start event; 0 otherwise. Facts are a left fold over
 * the events, so those events' facts are the same in both. (Facts are cut back by seq: a run's
 * events have seq equal to their index, which follows from base's seqs increasing (resumable)
 * and the last shared one's being k - 1.)
 */
function sharedPrefix(base: GatheredFacts, events: readonly TraceEvent[], atMost: number): number {
  if (!base.resumable) return 0;
  const old = base.facts.events;
  const n = Math.min(old.length, events.length, atMost);
  let k = 0;
  while (k < n && old[k] === events[k]) k++;
  return base.start !== undefined && base.start.seq < k && events[k - 1].seq === k - 1 ? k : 0;
}

/**
 * The facts of `events`, reusing `base` (facts gathered from another trace) for the first events
 * the two traces share: what gatherFacts would give, gathered only from where they part
 * (test/sim/traceFactsResume.test.ts compares the two at every state of many runs). With no
 * base, or nothing shared, every event is gathered. `sharedAtMost`: base's events array was
 * changed in place past that many entries since base was gathered (the explorer reuses one array
 * for its runs' events), so no more of them can count as shared.
 */
export function resumeFacts(events: readonly TraceEvent[], base: GatheredFacts | null, sharedAtMost = Infinity): GatheredFacts {
  const k = base === null ? 0 : sharedPrefix(base, events, sharedAtMost);
  let g: GatheredFacts;
  if (base !== null && k > 0) {
    const b = base.facts;
    const items = new Map<string, WorkItem>();
    for (const i of base.listed) items.set(i.uuid, i);
    const created = base.created.slice(0, countBefore(base.created, k));
    for (const c of created) items.set(c.item.uuid, c.item);
    // Relies on the commits' Map being in seq order: each uuid is set once, at its first commit
    // (addEvent never replaces it, so a second commit of it moves nothing), in the order events
    // are gathered, and those events' seqs increase (base.resumable, checked by sharedPrefix).
    const commits = new Map<string, TraceEvent>();
    for (const [uuid, e] of b.commits) {
      if (e.seq >= k) break;
      commits.set(uuid, e);
    }
    const settles = base.settles.slice(0, countBefore(base.settles, k));
    g = {
      facts: {
        events,
        userIds: b.userIds,
        items,
        commits,
        renders: b.renders.slice(0, countBefore(b.renders, k)),
        feedResponses: b.feedResponses.slice(0, countBefore(b.feedResponses, k)),
        acks: b.acks.slice(0, countBefore(b.acks, k)),
        writes: b.writes.slice(0, countBefore(b.writes, k)),
        writeAcks: b.writeAcks.slice(0, countBefore(b.writeAcks, k)),
        settle: settles.length ? settles[settles.length - 1] : null,
      },
      start: base.start,
      listed: base.listed,
      created,
      requestEvents: base.requestEvents.slice(0, countBefore(base.requestEvents, k)),
      requestIds: [],
      settles,
      lastSeq: k - 1,
      resumable: true,
    };
  } else {
    const start = events.find((e) => e.type === 'sim.start');
    const userIds = new Map<string, string>();
    const items = new Map<string, WorkItem>();
    const users = (start?.payload.users as Array<{ name: string; userId: string }> | undefined) ?? [];
    for (const u of users) userIds.set(u.name, u.userId);
    const listed = (start?.payload.items as WorkItem[] | undefined) ?? ((start?.after?.db?.rows as WorkItem[] | undefined) ?? []);
    for (const i of listed) items.set(i.uuid, i);
    g = {
      facts: { events, userIds, items, commits: new Map(), renders: [], feedResponses: [], acks: [], writes: [], writeAcks: [], settle: null },
      start,
      listed,
      created: [],
      requestEvents: [],
      requestIds: [],
      settles: [],
      lastSeq: -Infinity,
      resumable: true,
    };
  }
  if (base !== null && k > 0) g.requestIds = base.requestIds.slice(0, g.requestEvents.length);
  for (let i = k; i < events.length; i++) addEvent(g, events[i]);
  return g;
}

/**
 * resumeFacts for a caller that holds `base` nowhere else (the explorer's last judged run): `base`
 * itself cut back to the events the two traces share, in place, then the rest gathered, rather
 * than copies of what they share. The same facts as resumeFacts gives (items and commits keep
 * their order: the cut removes their last entries), and `base` is the result. The copies, made for
 * nearly every run the explorer judges, were about 6% of the bytes explore allocated.
 */
export function resumeFactsInPlace(events: readonly TraceEvent[], base: GatheredFacts | null, sharedAtMost = Infinity): GatheredFacts {
  const k = base === null ? 0 : sharedPrefix(base, events, sharedAtMost);
  if (base === null || k === 0) return resumeFacts(events, null);
  const b = base.facts;
  // Created items come after the listed ones and each other, each set once (addEvent), so
  // deleting those created from k on leaves the Map resumeFacts builds, in its order.
  const created = countBefore(base.created, k);
  for (let i = created; i < base.created.length; i++) b.items.delete(base.created[i].item.uuid);
  base.created.length = created;
  // In seq order (base.resumable, checked by sharedPrefix): the ones from k on are the last ones.
  for (const [uuid, e] of b.commits) if (e.seq >= k) b.commits.delete(uuid);
  b.events = events;
  b.renders.length = countBefore(b.renders, k);
  b.feedResponses.length = countBefore(b.feedResponses, k);
  b.acks.length = countBefore(b.acks, k);
  b.writes.length = countBefore(b.writes, k);
  b.writeAcks.length = countBefore(b.writeAcks, k);
  base.settles.length = countBefore(base.settles, k);
  b.settle = base.settles.length ? base.settles[base.settles.length - 1] : null;
  base.requestEvents.length = countBefore(base.requestEvents, k);
  base.requestIds.length = base.requestEvents.length;
  base.lastSeq = k - 1;
  for (let i = k; i < events.length; i++) addEvent(base, events[i]);
  return base;
}

/** The last http.request event of this request id (a Map's last `set` of it), or undefined. */
function requestOf(g: GatheredFacts, id: string): TraceEvent | undefined {
  const ids = g.requestIds;
  for (let i = ids.length - 1; i >= 0; i--) if (ids[i] === id) return g.requestEvents[i];
  return undefined;
}

function addEvent(g: GatheredFacts, e: TraceEvent): void {
  const { items, commits, renders, feedResponses, acks, writes, writeAcks } = g.facts;
  const p = e.payload;
  if (e.seq <= g.lastSeq) g.resumable = false;
  g.lastSeq = e.seq;
  // The first commit of a uuid only: never replaced (resumeFacts cuts the Map back in its order).
  if (e.actor === 'db' && Array.isArray(p.committed)) for (const uuid of p.committed as string[]) if (!commits.has(uuid)) commits.set(uuid, e);
  if (e.actor === 'db' && Array.isArray(p.written)) {
    for (const w of p.written as Array<Omit<WriteFact, 'seq' | 't'>>) {
      writes.push({ seq: e.seq, t: e.t, kind: w.kind, uuid: w.uuid, title: w.title, startDate: w.startDate, endDate: w.endDate, workType: w.workType, status: w.status, visibleTo: w.visibleTo });
      // A created item is known from its commit on, as the scenario's own items are from the start.
      if (w.kind === 'create' && !items.has(w.uuid)) {
        const item = { uuid: w.uuid, title: w.title, startDate: w.startDate, endDate: w.endDate, workType: w.workType, status: w.status, visibleTo: w.visibleTo };
        items.set(w.uuid, item);
        g.created.push({ seq: e.seq, item });
      }
    }
  }
  switch (e.type) {
    case 'calendar.render':
      renders.push({
        seq: e.seq,
        t: e.t,
        user: p.user as string,
        items: (p.items as string[]) ?? [],
        shown: shownOf(p.shown),
        filter: filterOf(p.filter),
        transient: Boolean(p.transient),
        rangeStart: (p.rangeStart as string | null) ?? null,
        rangeEnd: (p.rangeEnd as string | null) ?? null,
      });
      break;
    case 'http.request':
      g.requestEvents.push(e);
      g.requestIds.push(p.requestId as string);
      break;
    case 'http.respond': {
      const req = requestOf(g, p.requestId as string);
      if (!req || req.payload.method !== 'GET' || p.status !== 200) break;
      const url = req.payload.url as string;
      feedResponses.push({
        seq: e.seq,
        t: e.t,
        user: req.payload.user as string,
        requestSeq: req.seq,
        items: (p.items as string[] | undefined) ?? [],
        shown: shownOf(p.shown),
        filter: { workType: paramOf(url, 'work_type'), status: paramOf(url, 'status') },
        rangeStart: dateOf(url, 'start'),
        rangeEnd: dateOf(url, 'end'),
      });
      break;
    }
    case 'page.workItemDeleted':
      acks.push({ seq: e.seq, t: e.t, user: p.user as string, item: p.item as string });
      break;
    case 'page.workItemCreated':
    case 'page.workItemUpdated':
      writeAcks.push({ seq: e.seq, t: e.t, user: p.user as string, kind: e.type === 'page.workItemCreated' ? 'create' : 'edit', item: p.item as string });
      break;
    case 'sim.settle':
      g.facts.settle = e;
      g.settles.push(e);
      break;
  }
}

/** Whether an item falls in a visible range [start, end): it starts before the end and ends on or after the start. */
export function inRange(item: WorkItem | undefined, rangeStart: string | null, rangeEnd: string | null): boolean {
  return item !== undefined && rangeStart !== null && rangeEnd !== null && item.startDate < rangeEnd && item.endDate >= rangeStart;
}

/** The version a write committed, as the page would show it: all-day start, exclusive end. */
export function expectedEvent(w: Pick<WriteFact, 'title' | 'startDate' | 'endDate'>): Omit<ShownEvent, 'item'> {
  return { title: w.title, start: w.startDate, end: addDays(w.endDate, 1) };
}

/**
 * Whether what was shown of an item is exactly that version: at least one event, and every event
 * of the item with its title and dates (a second, stale copy is not the version either).
 */
export function showsVersion(shown: readonly ShownEvent[], uuid: string, w: Pick<WriteFact, 'title' | 'startDate' | 'endDate'>): boolean {
  const mine = shown.filter((e) => e.item === uuid);
  const want = expectedEvent(w);
  return mine.length > 0 && mine.every((e) => e.title === want.title && e.start === want.start && (e.end ?? addDays(e.start, 1)) === want.end);
}

/** The last create or edit of the item committed before `seq`, or null; a later delete makes it null too. */
export function versionBefore(facts: Pick<TraceFacts, 'writes' | 'commits'>, uuid: string, seq: number): WriteFact | null {
  let last: WriteFact | null = null;
  for (const w of facts.writes) if (w.uuid === uuid && w.seq < seq) last = w;
  const deleted = facts.commits.get(uuid);
  if (deleted && deleted.seq < seq && (last === null || deleted.seq > last.seq)) return null;
  return last;
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

/**
 * Adds an observation to a list for episodes(), unless it cannot change what episodes() finds: a
 * neutral one never opens or closes an episode, nor does a good one before the list's first bad
 * one. Most of a run's observations are good ones with nothing stale before them, and the checkers
 * judge every run the explorer finishes (test/sim/observe.test.ts compares the episodes).
 */
export function observe(observations: Observation[], seq: number, t: number, verdict: Observation['verdict']): void {
  if (verdict === 'neutral' || (verdict === 'good' && observations.length === 0)) return;
  observations.push({ seq, t, verdict });
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
