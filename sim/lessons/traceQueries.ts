// Small, named questions about a trace that lessons ask: where is an event, who holds a copy.
import type { JsonObject } from '../../src/json';
import type { Trace, TraceEvent } from '../trace';

export function firstEvent(trace: Trace, pred: (e: TraceEvent) => boolean, after = -1): TraceEvent {
  const e = trace.events.find((x) => x.seq > after && pred(x));
  if (!e) throw new Error(`lesson checkpoint not found in ${trace.scenario}: the model no longer produces the event this lesson expects`);
  return e;
}

export function lastEvent(trace: Trace, pred: (e: TraceEvent) => boolean): TraceEvent {
  const found = trace.events.filter(pred);
  if (!found.length) throw new Error(`lesson checkpoint not found in ${trace.scenario}`);
  return found[found.length - 1];
}

/** What every layer holds right after event `seq` (the latest `after` of each actor so far). */
export function layersAt(trace: Trace, seq: number): Map<string, JsonObject> {
  const state = new Map<string, JsonObject>();
  for (const e of trace.events) {
    if (e.seq > seq) break;
    if (e.after) for (const [actor, content] of Object.entries(e.after)) state.set(actor, content);
  }
  return state;
}

/** Actors holding a copy of the item (an event id or a row containing its uuid) after `seq`. */
export function holdersAt(trace: Trace, seq: number, uuid: string): string[] {
  const holders: string[] = [];
  for (const [actor, content] of layersAt(trace, seq)) if (JSON.stringify(content).includes(uuid)) holders.push(actor);
  return holders.sort();
}

export function deletedItem(trace: Trace): string {
  const d = trace.outcome.deletions[0];
  if (!d) throw new Error(`${trace.scenario}: no deletion in this run`);
  return d.item;
}

export function layerName(actor: string): string {
  if (actor.startsWith('calendar:')) return "FullCalendar's store";
  if (actor.startsWith('browser:')) return "the browser's HTTP cache";
  if (actor.startsWith('cache:')) return "Django's cache";
  if (actor === 'db') return 'the database';
  return actor;
}

/** Which layer served the data of the render that brought an item back. */
export function resurrectionSource(trace: Trace): 'browser' | 'django-cache' | 'database' | 'none' {
  const r = trace.outcome.deletions.flatMap((d) => d.users.flatMap((u) => u.resurrections))[0];
  if (!r) return 'none';
  const chain = r.causeSeqs.map((s) => trace.events[s]);
  if (chain.some((e) => e.type === 'http.cacheHit')) return 'browser';
  if (chain.some((e) => e.type === 'cache.get' && e.payload.hit === true && Array.isArray(e.payload.items))) return 'django-cache';
  return 'database';
}

/** Trace lines for a question's excerpt: "    205 ms  cache:redis  cache.get ...: miss". */
export function excerptLines(trace: Trace, events: readonly TraceEvent[]): string[] {
  const w = Math.max(5, ...events.map((e) => e.actor.length));
  return events.map((e) => `${String(e.t).padStart(7)} ms  ${e.actor.padEnd(w)}  ${e.label}`);
}

/** The database and cache statements of the delete request's view (what the delete does, in order). */
export function deleteViewEvents(trace: Trace): TraceEvent[] {
  const req = trace.events.find((e) => e.type === 'http.request' && e.payload.method === 'DELETE');
  if (!req) throw new Error(`${trace.scenario}: no DELETE request`);
  const respond = trace.events.find((e) => e.seq > req.seq && e.type === 'http.respond' && e.payload.requestId === req.payload.requestId);
  const end = respond?.seq ?? trace.events.length;
  const cache = req.actor.replace('worker:', 'cache:');
  return trace.events.filter(
    (e) => e.seq >= req.seq && e.seq <= end && (e === req || e === respond || ((e.actor === 'db' || e.actor === cache || e.actor === 'cache:redis') && causedBy(trace, e, req.seq))),
  );
}

/** Is `e` caused (through its causeId chain) by the event `seq`? */
export function causedBy(trace: Trace, e: TraceEvent, seq: number): boolean {
  let cur: TraceEvent | undefined = e;
  for (let hops = 0; cur && hops < 80; hops++) {
    if (cur.seq === seq) return true;
    cur = cur.causeId === null ? undefined : trace.events[cur.causeId];
  }
  return false;
}

/** Excerpt of the events of the given types up to (and including) `uptoSeq`, from the delete-relevant part of the run. */
export function excerptOfTypes(trace: Trace, types: readonly string[], uptoSeq: number, fromT = -Infinity): string[] {
  return excerptLines(trace, trace.events.filter((e) => e.seq <= uptoSeq && e.t >= fromT && types.includes(e.type)));
}
