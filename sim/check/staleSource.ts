// Where a violation's stale answer came from, for the person whose invalidation it defeated: the
// Django cache entry its cause chain read (key, cache, when it was read), when and by which request
// it was stored and from which SELECT, set against the delete's COMMIT; and the last invalidation
// of that key before the store, in which view and on which worker, with its own COMMIT. "Your
// cache.deleteMany at 134 ms ran before the COMMIT at 184 ms; a reader stored the old rows at 149 ms"
// is the fix's mistake in one line, which the cause chain and the timing table leave to be pieced
// together. Derived from the trace alone; null where the chain reads no Django cache entry.
import type { Violation } from '../invariants/index';
import type { Trace, TraceEvent } from '../trace';

/** The view Django routes a request to, by its method and path (the seed's URLs). */
function viewOf(req: TraceEvent | undefined): string {
  const method = req?.payload.method;
  const url = String(req?.payload.url ?? '');
  if (method === 'DELETE') return 'work_item_delete';
  if (method === 'POST') return url.includes('/update') || url.includes('/edit') ? 'work_item_update' : 'work_item_create';
  return url.includes('/feed') ? 'work_items_calendar_feed' : 'a view';
}

/** Walks `e`'s causes back to the first event that `want` accepts (the request that made a step, its SELECT). */
function causeOf(bySeq: Map<number, TraceEvent>, e: TraceEvent, want: (x: TraceEvent) => boolean): TraceEvent | undefined {
  for (let x = bySeq.get(e.causeId ?? -1); x; x = bySeq.get(x.causeId ?? -1)) if (want(x)) return x;
  return undefined;
}

/** The COMMIT of the transaction a step ran in, if it ran in one and it committed. */
function commitOf(trace: Trace, step: TraceEvent, bySeq: Map<number, TraceEvent>): TraceEvent | undefined {
  const begin = causeOf(bySeq, step, (x) => x.type === 'db.begin');
  const tx = begin?.payload.txId;
  return tx === undefined ? undefined : trace.events.find((x) => x.seq > step.seq && x.type === 'db.commit' && x.payload.txId === tx);
}

const deletes = (e: TraceEvent, key: string) =>
  (e.type === 'cache.delete' && e.payload.key === key) || (e.type === 'cache.deleteMany' && Array.isArray(e.payload.keys) && e.payload.keys.includes(key));

/** Two lines ("stale copy: ...", "last invalidation ...") or none. */
export function staleSource(trace: Trace, v: Violation): string[] {
  const bySeq = new Map(trace.events.map((e) => [e.seq, e]));
  const hit = v.causeSeqs.map((s) => bySeq.get(s)).find((e) => e?.type === 'cache.get' && e.payload.hit === true);
  if (!hit) return [];
  const key = String(hit.payload.key);
  const set = trace.events.filter((e) => e.seq < hit.seq && e.actor === hit.actor && e.type === 'cache.set' && e.payload.key === key).at(-1);
  if (!set) return [];
  const query = causeOf(bySeq, set, (x) => x.type === 'db.query');
  const storer = causeOf(bySeq, set, (x) => x.type === 'http.request');
  const deletion = trace.outcome.deletions.find((d) => d.item === v.item);
  const commitT = deletion?.committedAt ?? null;
  // What the stored rows were as of: the SELECT's snapshot (READ COMMITTED: when it began), else the store itself.
  const snapshot = typeof query?.payload.snapshotAtMs === 'number' ? query.payload.snapshotAtMs : null;
  const rows = query ? ` from its SELECT at ${query.t} ms, which saw the rows as committed at ${snapshot ?? query.t} ms` : '';
  const asOf = snapshot ?? (query ? query.t : set.t);
  const against = commitT === null ? '' : `, ${asOf < commitT ? 'before' : 'after'} the delete committed at ${commitT} ms`;
  const lines = [`stale copy: ${key} on ${hit.actor}, read at ${hit.t} ms, stored at ${set.t} ms by ${storer ? `worker ${storer.payload.worker}'s ${viewOf(storer)}` : 'a request'}${rows}${against}`];
  const inval = trace.events.filter((e) => e.seq < set.seq && e.actor === hit.actor && deletes(e, key)).at(-1);
  // A versioned key (calendar_feed:v1:...) is invalidated by moving the version, not by a delete.
  if (!inval && /^calendar_feed:v\d+:/.test(key)) return lines;
  if (!inval) {
    // A LocMem cache is one worker's: the delete may have run on another worker's copy.
    const elsewhere = trace.events.find((e) => e.seq < hit.seq && e.actor !== hit.actor && deletes(e, key));
    lines.push(`no cache.delete of that key ran on ${hit.actor} before it was stored${elsewhere ? ` (${elsewhere.type} at ${elsewhere.t} ms deleted it on ${elsewhere.actor}, another cache)` : ''}`);
    return lines;
  }
  const req = causeOf(bySeq, inval, (x) => x.type === 'http.request');
  const commit = commitOf(trace, inval, bySeq);
  const order = commit ? (commit.seq > inval.seq ? `, before its transaction's COMMIT at ${commit.t} ms` : '') : '';
  lines.push(`last invalidation of that key before the store: ${inval.type} at ${inval.t} ms in ${viewOf(req)} on worker ${req?.payload.worker ?? '?'}${order}; the entry was stored again after it`);
  return lines;
}
