// Everything the views ask of a trace, precomputed once in O(events): display order of the actors,
// each layer's content at any step (binary search over the events that touched it), the deleted
// items, the life of every HTTP request, and when a deleted item vanished or came back on a user's
// calendar. Views read the trace only through this index.
import type { Trace, TraceActor, TraceEvent } from '../../sim/trace';
import type { JsonObject, JsonValue } from '../../src/json';
import { traceFacts } from '../../sim/invariants/traceFacts';
import { writeBackSeqs, writeOutcomeLines, writeOutcomes, type WriteOutcome } from '../../sim/writeOutcome';

const KIND_RANK: Record<string, number> = { user: 0, calendar: 1, browser: 2, network: 3, worker: 4, cache: 5, db: 6 };

export interface ItemInfo {
  uuid: string;
  title: string;
  startDate: string | null;
  endDate: string | null;
}

export interface Deletion {
  uuid: string;
  title: string;
  /** The event after which no committed read sees the row. */
  commitSeq: number;
  commitT: number;
  /** The user.delete click, when the trace has one. */
  clickSeq: number | null;
  deletedBy: string | null;
}

export interface RequestLife {
  id: string;
  method: string;
  url: string;
  browser: string | null;
  worker: string | null;
  send: number;
  request: number;
  respond: number;
  response: number;
  status: number | null;
  /** Items listed in the response body. */
  items: string[];
}

interface RenderInfo {
  seq: number;
  t: number;
  items: string[];
  transient: boolean;
  rangeStart: string | null;
  rangeEnd: string | null;
}

/** How a deleted item that is still on a calendar got there. */
export type CopyState = 'stale' | 'back';

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: JsonValue | undefined): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function kindOf(id: string): string {
  const k = id.split(':')[0];
  return k in KIND_RANK ? k : 'other';
}

export class TraceIndex {
  readonly actors: TraceActor[];
  readonly actorById = new Map<string, TraceActor>();
  readonly items = new Map<string, ItemInfo>();
  readonly deletions: Deletion[] = [];
  readonly requests: RequestLife[] = [];
  /** seq of every calendar.render that showed a deleted item again after it had vanished. */
  readonly resurrections = new Set<number>();
  /** What each user's calendar said of every committed create or edit, as `run` reports it (sim/writeOutcome.ts). */
  readonly writes: WriteOutcome[] = [];
  /** seq of every calendar.render where a written item's old version (or, for a create, its absence) came back after it was shown as written. */
  readonly writeBacks = new Set<number>();
  /** user name -> Django user id (sim.start), to tell whose a cached feed answer is. */
  readonly userIds = new Map<string, string>();
  /** `run`'s outcome lines of those writes, cause chains included. */
  readonly writeLines: string[] = [];
  private readonly afterSeqs = new Map<string, number[]>();
  private readonly ownSeqs = new Map<string, number[]>();
  private readonly renders = new Map<string, RenderInfo[]>();
  /** `${user}|${uuid}` -> seq of the first render after the commit that did not show the item. */
  private readonly firstVanish = new Map<string, number>();

  constructor(
    readonly trace: Trace,
    /** "A" / "B" in a comparison. */
    readonly name: string,
    /** Where it came from, for headings: "seed-broken · preset broken · nominal schedule". */
    readonly source: string,
  ) {
    const events = trace.events;
    const known = new Map<string, TraceActor>();
    for (const a of trace.actors) if (!known.has(a.id)) known.set(a.id, a);
    for (const e of events) {
      for (const id of [e.actor, e.from]) {
        if (id && !known.has(id)) known.set(id, { id, kind: kindOf(id) as TraceActor['kind'], label: id });
      }
    }
    this.actors = [...known.values()]
      .map((a, i) => ({ a, i }))
      .sort((x, y) => (KIND_RANK[x.a.kind] ?? 7) - (KIND_RANK[y.a.kind] ?? 7) || x.i - y.i)
      .map((x) => x.a);
    for (const a of this.actors) this.actorById.set(a.id, a);

    this.readItems(events);
    const users = events[0]?.payload?.users;
    for (const u of Array.isArray(users) ? users : []) if (isObject(u) && typeof u.name === 'string') this.userIds.set(u.name, str(u.userId));
    const requests = new Map<string, RequestLife>();
    for (const e of events) {
      if (e.after && isObject(e.after)) for (const id of Object.keys(e.after)) push(this.afterSeqs, id, e.seq);
      push(this.ownSeqs, e.actor, e.seq);
      this.readRequest(e, requests);
      if (e.type === 'calendar.render') {
        const p = e.payload;
        const user = str(p.user) || (this.actorById.get(e.actor)?.user ?? e.actor);
        push(this.renders, user, {
          seq: e.seq,
          t: e.t,
          items: Array.isArray(p.items) ? p.items.map(str) : [],
          transient: Boolean(p.transient),
          rangeStart: typeof p.rangeStart === 'string' ? p.rangeStart : null,
          rangeEnd: typeof p.rangeEnd === 'string' ? p.rangeEnd : null,
        });
      }
    }
    this.requests = [...requests.values()];
    this.readDeletions(events);
    this.readVanishing();
    // The invariants' facts are gathered only for a trace with a committed write (db events list them).
    if (events.some((e) => e.actor === 'db' && Array.isArray(e.payload.written))) {
      const facts = traceFacts(trace);
      this.writes = writeOutcomes(facts);
      this.writeLines = writeOutcomeLines(facts);
      for (const seq of writeBackSeqs(this.writes)) this.writeBacks.add(seq);
    }
  }

  /** Renders where something wrong came back: a deleted item, or an older version of a written one. */
  get comeBacks(): number[] {
    return [...this.resurrections, ...this.writeBacks];
  }

  get events(): TraceEvent[] {
    return this.trace.events;
  }

  private readItems(events: TraceEvent[]): void {
    // sim.start lists the scenario's work items; older traces only have the database's rows.
    const listed = events[0]?.payload?.items;
    const start = events[0]?.after?.db;
    const rows = Array.isArray(listed) ? listed : isObject(start) && Array.isArray(start.rows) ? start.rows : [];
    for (const r of rows) {
      if (!isObject(r) || typeof r.uuid !== 'string') continue;
      this.items.set(r.uuid, {
        uuid: r.uuid,
        title: str(r.title) || r.uuid,
        startDate: typeof r.startDate === 'string' ? r.startDate : null,
        endDate: typeof r.endDate === 'string' ? r.endDate : null,
      });
    }
  }

  private readRequest(e: TraceEvent, out: Map<string, RequestLife>): void {
    if (!e.type.startsWith('http.')) return;
    const id = str(e.payload.requestId);
    if (!id) return;
    let r = out.get(id);
    if (!r) {
      r = { id, method: '', url: '', browser: null, worker: null, send: -1, request: -1, respond: -1, response: -1, status: null, items: [] };
      out.set(id, r);
    }
    if (e.type === 'http.send') {
      r.send = e.seq;
      r.method = str(e.payload.method);
      r.url = str(e.payload.url);
      r.browser = e.from ?? null;
    } else if (e.type === 'http.request') {
      r.request = e.seq;
      r.worker = e.actor;
    } else if (e.type === 'http.respond') {
      r.respond = e.seq;
      r.status = typeof e.payload.status === 'number' ? e.payload.status : null;
    } else if (e.type === 'http.response') {
      r.response = e.seq;
      r.items = Array.isArray(e.payload.items) ? e.payload.items.map(str) : [];
    }
  }

  private readDeletions(events: TraceEvent[]): void {
    const seen = new Set<string>();
    for (const e of events) {
      const committed = e.payload.committed;
      if (e.actor !== 'db' || !Array.isArray(committed)) continue;
      for (const c of committed) {
        const uuid = str(c);
        if (!uuid || seen.has(uuid)) continue;
        seen.add(uuid);
        const click = events.find((x) => x.type === 'user.delete' && x.payload.item === uuid && x.seq <= e.seq) ?? null;
        this.deletions.push({
          uuid,
          title: this.titleOf(uuid),
          commitSeq: e.seq,
          commitT: e.t,
          clickSeq: click ? click.seq : null,
          deletedBy: click ? (this.actorById.get(click.actor)?.user ?? click.actor.replace(/^user:/, '')) : null,
        });
      }
    }
  }

  /** The same rule as the run's outcome: renders after the commit, not transient, range covering the item. */
  private readVanishing(): void {
    for (const d of this.deletions) {
      const item = this.items.get(d.uuid);
      for (const [user, list] of this.renders) {
        let shownNow = true;
        for (const r of list) {
          if (r.seq <= d.commitSeq || r.transient || !inRange(item, r)) continue;
          const shown = r.items.includes(d.uuid);
          if (!shown && !this.firstVanish.has(`${user}|${d.uuid}`)) this.firstVanish.set(`${user}|${d.uuid}`, r.seq);
          if (shown && !shownNow) this.resurrections.add(r.seq);
          shownNow = shown;
        }
      }
    }
  }

  titleOf(uuid: string): string {
    return this.items.get(uuid)?.title ?? uuid;
  }

  label(actorId: string): string {
    return this.actorById.get(actorId)?.label ?? actorId;
  }

  /** What the layer held after event `seq` (its last touch at or before it). */
  layerAt(actorId: string, seq: number): JsonObject | null {
    const seqs = this.afterSeqs.get(actorId);
    if (!seqs) return null;
    const i = lastAtOrBefore(seqs, seq);
    if (i < 0) return null;
    const v = this.events[seqs[i]].after?.[actorId];
    return isObject(v) ? v : null;
  }

  /** The actor's own latest event at or before `seq`. */
  lastEventOf(actorId: string, seq: number): TraceEvent | null {
    const seqs = this.ownSeqs.get(actorId);
    if (!seqs) return null;
    const i = lastAtOrBefore(seqs, seq);
    return i < 0 ? null : this.events[seqs[i]];
  }

  /** Items deleted (committed) at or before `seq`. */
  deletedBy(seq: number): Deletion[] {
    return this.deletions.filter((d) => d.commitSeq <= seq);
  }

  /** A deleted item is on `user`'s calendar at `seq`: has it vanished there once already? */
  copyState(user: string, uuid: string, seq: number): CopyState {
    const v = this.firstVanish.get(`${user}|${uuid}`);
    return v !== undefined && v <= seq ? 'back' : 'stale';
  }

  /** First render of `user` after `seq` that no longer shows the item (null: none). */
  nextVanishT(user: string, uuid: string, seq: number): number | null {
    const item = this.items.get(uuid);
    for (const r of this.renders.get(user) ?? []) {
      if (r.seq <= seq || r.transient || !inRange(item, r)) continue;
      if (!r.items.includes(uuid)) return r.t;
    }
    return null;
  }

  /** Lifeline of a user by name (for stale bands). */
  userActor(user: string): string {
    const a = this.actors.find((x) => x.kind === 'user' && (x.user === user || x.id === `user:${user}`));
    return a ? a.id : `user:${user}`;
  }
}

function inRange(item: ItemInfo | undefined, r: RenderInfo): boolean {
  if (!item || item.startDate === null || item.endDate === null) return true;
  return r.rangeStart !== null && r.rangeEnd !== null && item.startDate < r.rangeEnd && item.endDate >= r.rangeStart;
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Index of the last element <= x in a sorted list, or -1. */
export function lastAtOrBefore(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/** Deleted uuids mentioned anywhere in a piece of text (ids, keys, URLs). */
export function deletedIn(text: string, deleted: readonly Deletion[]): Deletion[] {
  return deleted.filter((d) => text.includes(d.uuid));
}
