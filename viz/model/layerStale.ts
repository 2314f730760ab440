// When each layer holds a stale copy: for every actor of a run, the slots during which its layer
// holds a live copy of a deleted item, or a live copy wrong about a created or edited one (its old
// version, or an answer that leaves it out): the same rule the flow view uses to flag a line. The
// timing diagram shades these on the layer's own column, so the cause (the Django cache holding
// the old list from the delete or the edit on) shows, not only the symptom on the user's column.
import type { JsonObject, JsonValue } from '../../src/json';
import { copiesIn } from './layerModel';
import { isObject } from './traceIndex';
import type { Timeline } from './timeline';
import { writesInForce } from './writeCopies';

export interface StaleSpan {
  actor: string;
  /** First slot holding a copy, and the first slot that no longer does (n: to the end). */
  from: number;
  to: number;
  /** What the copies held during the span were wrong about: a deleted item, a created or edited one, or each at some point. */
  what: 'deleted' | 'written' | 'both';
}

const HOLDING_KINDS = new Set(['calendar', 'browser', 'cache', 'db']);

export function layerStaleSpans(tl: Timeline, r: number): StaleSpan[] {
  const ix = tl.runs[r];
  if (!ix.deletions.length && !ix.writes.length) return [];
  // Where the answer can change without the layer changing: a delete's or a write's commit, and where a write stops being the version to show.
  const commits = new Set([...ix.deletions.map((d) => d.commitSeq), ...ix.writes.flatMap((w) => [w.write.seq, w.until])]);
  const firstCommit = Math.min(...commits);
  const out: StaleSpan[] = [];
  for (const actor of ix.actors) {
    if (!HOLDING_KINDS.has(actor.kind)) continue;
    let open: number | null = null;
    let deleted = false;
    let written = false;
    for (let seq = firstCommit; seq < ix.events.length; seq++) {
      const e = ix.events[seq];
      // Only a change to this layer or a commit can change the answer.
      if (seq !== firstCommit && !commits.has(seq) && !(e.after && actor.id in e.after)) continue;
      // Cheap test first: a layer whose content never names a deleted item holds no copy of one, and without a write in force no copy is wrong about one.
      const layer = ix.layerAt(actor.id, seq);
      const mayHold = names(layer, ix.deletedBy(seq).map((d) => d.uuid)) || (layer !== null && writesInForce(ix.writes, seq).length > 0);
      const copies = mayHold ? copiesIn(ix, actor, seq) : { deleted: 0, written: 0 };
      const holds = copies.deleted + copies.written > 0;
      const slot = tl.eventSlot[r][seq];
      if (holds && open === null) open = slot;
      else if (!holds && open !== null) {
        out.push({ actor: actor.id, from: open, to: slot, what: whatOf(deleted, written) });
        open = null;
        deleted = written = false;
      }
      if (holds) {
        deleted ||= copies.deleted > 0;
        written ||= copies.written > 0;
      }
    }
    if (open !== null) out.push({ actor: actor.id, from: open, to: tl.n, what: whatOf(deleted, written) });
  }
  return out;
}

function whatOf(deleted: boolean, written: boolean): StaleSpan['what'] {
  return deleted && written ? 'both' : deleted ? 'deleted' : 'written';
}

/** Does any event, stored answer, cache entry or row of the layer name a deleted item? */
function names(layer: JsonObject | null, uuids: string[]): boolean {
  if (!layer || !uuids.length) return false;
  const hit = (id: JsonValue | undefined) => typeof id === 'string' && uuids.some((u) => id.includes(u));
  const listHits = (list: JsonValue | undefined) => Array.isArray(list) && list.some((x) => isObject(x) && hit(x.id));
  if (Array.isArray(layer.events) && listHits(layer.events)) return true;
  if (Array.isArray(layer.rows) && layer.rows.some((r) => isObject(r) && hit(r.uuid))) return true;
  if (Array.isArray(layer.entries)) return layer.entries.some((e) => isObject(e) && (listHits(e.body) || listHits(e.value)));
  return false;
}
