// One sentence in plain words for the current event: what happened, and what it means for the
// deleted item (or a created or edited one). The trace's own label is the fallback; some types get more context.
import type { TraceEvent } from '../../sim/trace';
import { deletedIn, isObject, str, type Deletion, type TraceIndex } from './traceIndex';
import { describeWriteState, writeStatesAt } from './writeStates';
import { keyVersions, wrongInAnswer, wrongInCacheHit } from './layerModel';
import { scopeOfKey, wrongWrites, wrongWritesClause, writesInForce } from './writeCopies';

function itemsList(v: unknown): string[] {
  return Array.isArray(v) ? v.map((x) => str(x)) : [];
}

function deletedAmong(uuids: string[], deleted: Deletion[]): Deletion[] {
  return deleted.filter((d) => uuids.includes(d.uuid));
}

function sentenceOf(ix: TraceIndex, e: TraceEvent): string {
  const deleted = ix.deletedBy(e.seq);
  const who = ix.label(e.actor);
  const p = e.payload;
  switch (e.type) {
    case 'sim.start':
      return `The run starts: ${e.label}.`;
    case 'sim.settle':
      return 'Everything is quiet; to check that the system settles, every user reloads the page once more.';
    case 'calendar.render': {
      const user = str(p.user) || who;
      const items = itemsList(p.items);
      const shown = deletedAmong(items, deleted);
      let s = `${user}'s calendar now shows ${items.length} event(s) (${str(p.why) || 'render'})`;
      for (const d of shown) {
        const state = ix.copyState(user, d.uuid, e.seq);
        s += state === 'back'
          ? `; "${d.title}" is back on screen although it was deleted at ${d.commitT} ms`
          : `; "${d.title}" is still on screen although it was deleted at ${d.commitT} ms`;
      }
      // A create or edit this calendar shows wrong: its old version (or nothing), said as plainly.
      for (const w of writeStatesAt(ix.writes, e.seq)) if (w.user === user) s += `; ${describeWriteState(w)}`;
      return `${s}.`;
    }
    case 'calendar.fetch':
      return `FullCalendar asks the server for the events from ${str(p.startStr).slice(0, 10)} up to ${str(p.endStr).slice(0, 10)} (end exclusive): fetch #${str(p.fetchId)}.`;
    case 'http.cacheMiss':
      return `${who} cannot answer this request itself (${str(p.reason)}), so it goes to the network.`;
    case 'http.cacheHit':
      return `${who} answers from its stored copy without asking the server (${str(p.reason) || e.label}).`;
    case 'http.send':
      return `${str(p.method)} ${str(p.url)} leaves the browser.`;
    case 'http.response': {
      const shown = deletedAmong(itemsList(p.items), deleted);
      const life = ix.requests.find((r) => r.response === e.seq);
      const wrong = life ? wrongInAnswer(ix, life, writesInForce(ix.writes, e.seq)) : [];
      return `${e.label}${shown.length ? `; the answer still lists ${shown.map((d) => `"${d.title}"`).join(', ')}, deleted at ${shown[0].commitT} ms` : ''}${wrong.length ? `; the answer ${wrongWritesClause(wrong)}` : ''}.`;
    }
    case 'cache.get': {
      const key = str(p.key);
      if (!p.hit) return `${who} has nothing under ${key} (a miss), so the view will build the answer from the database.`;
      const shown = deletedAmong(itemsList(p.items), deleted);
      const wrong = wrongInCacheHit(ix, e.actor, key, e.seq, writesInForce(ix.writes, e.seq));
      return `${who} has an answer stored under ${key} and hands it back (a hit)${shown.length ? `; it still contains ${shown.map((d) => `"${d.title}"`).join(', ')}, deleted at ${shown[0].commitT} ms` : ''}${wrong.length ? `; it ${wrongWritesClause(wrong)}` : ''}.`;
    }
    case 'cache.set':
      return `${who} stores ${str(p.key)}${Array.isArray(p.items) && p.items.length ? ` with ${p.items.length} item(s)` : p.value !== undefined ? ` = ${JSON.stringify(p.value)}` : ''}${p.timeoutS !== null && p.timeoutS !== undefined ? ` for ${str(p.timeoutS)} s` : ''}.`;
    case 'cache.deleteMany': {
      const keys = itemsList(p.keys);
      const existed = itemsList(p.deleted);
      const cache = ix.layerAt(e.actor, e.seq);
      const entries = cache && Array.isArray(cache.entries) ? cache.entries.filter(isObject) : [];
      const survivors = entries.filter((x) => deletedIn(JSON.stringify(x.value ?? null), deleted).length);
      // The update and create views invalidate as the delete view does; an entry may survive with an old version.
      const writes = writesInForce(ix.writes, e.seq);
      const olds = entries.map((x) => ({ key: str(x.key), wrong: wrongWrites(writes, x.value, scopeOfKey(keyVersions(str(x.key)).bare))[0] })).filter((x) => x.wrong);
      let s = `The ${viewOf(ix, e)} view removes ${keys.length} exact key(s) from ${who}; ${existed.length} of them existed`;
      if (survivors.length) s += `. Still cached with the deleted item: ${survivors.map((x) => str(x.key)).join(', ')}`;
      if (olds.length) {
        const w = olds[0].wrong.outcome.write;
        s += `. Still cached ${olds[0].wrong.kind === 'old' ? `with the old version of "${w.title}"` : `without "${w.title}"`}: ${olds.map((x) => x.key).join(', ')}`;
      }
      return `${s}.`;
    }
    case 'db.delete':
    case 'db.commit': {
      const committed = itemsList(p.committed);
      if (committed.length) return `${e.label}: from now on every database read misses ${committed.map((u) => `"${ix.titleOf(u)}"`).join(', ')}.`;
      return `${e.label}.`;
    }
    default:
      return e.label.endsWith('.') ? e.label : `${e.label}.`;
  }
}

/** Which view deleted the keys: the request its worker is handling (delete, update, create). */
function viewOf(ix: TraceIndex, e: TraceEvent): string {
  const r = ix.requests.find((x) => x.worker === e.from && x.request >= 0 && x.request <= e.seq && (x.respond < 0 || x.respond >= e.seq));
  if (!r || r.method === 'DELETE') return 'delete';
  return /\/create\/?$/.test(r.url.split('?')[0]) ? 'create' : /\/update\/?$/.test(r.url.split('?')[0]) ? 'update' : 'delete';
}

/** The sentence for run `ix` at a step: its event there, or (when idle) its last one. */
export function sentenceAt(ix: TraceIndex, seq: number, exact: boolean): string {
  if (seq < 0) return 'This run has not started yet at this moment.';
  const e = ix.events[seq];
  const s = sentenceOf(ix, e);
  return exact ? s : `Nothing happens in this run at this moment. Last, at ${e.t} ms: ${s}`;
}
