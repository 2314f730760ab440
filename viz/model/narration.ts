// One line that says what the message of a step means, for the flow view's motion: who sends what
// to whom, and for an answer, where its content came from ("Django worker 2 answers the feed from its
// LocMem copy, stored at -880 ms, before the delete committed at 184 ms"). Derived from the trace
// event and its causes only, so the same step always reads the same. Unknown event kinds (new
// scenario step kinds, new layers) fall back to the trace's own label.
import type { TraceEvent } from '../../sim/trace';
import { isObject, str, type Deletion, type TraceIndex } from './traceIndex';
import { wrongInAnswer, wrongInCacheHit } from './layerModel';
import { wrongWritesClause, writesInForce } from './writeCopies';

export interface Narration {
  /** The sentence shown under the flow view while the message travels. */
  text: string;
  /** Sender and receiver (actor ids) when the step is a message between two layers. */
  from: string | null;
  to: string | null;
  /** The worker that handled the request (an actor id such as "worker:2"), for http.* events. */
  worker: string | null;
}

/** The worker an http.* event names: `payload.worker` (a number) or the request's handler. */
export function workerOf(ix: TraceIndex, e: TraceEvent): string | null {
  if (!e.type.startsWith('http.')) return null;
  const w = e.payload.worker;
  if (typeof w === 'number' || (typeof w === 'string' && w !== '')) return `worker:${w}`;
  const id = str(e.payload.requestId);
  if (!id) return null;
  const life = ix.requests.find((r) => r.id === id);
  return life && life.request >= 0 && life.request <= e.seq ? life.worker : null;
}

/** "the feed", "the page", "a script file", "the Delete request": what a request is, in words. */
function what(e: TraceEvent): string {
  const kind = str(e.payload.kind);
  const method = str(e.payload.method);
  const url = str(e.payload.url);
  switch (kind) {
    case 'feed':
      return 'the feed request';
    case 'page':
      return 'the calendar page request';
    case 'script':
      return `the script request for ${url.split('/').pop() || url}`;
    case 'delete':
      return 'the Delete request';
    default:
      return `${method || 'the'} request${url ? ` for ${url.split('?')[0]}` : ''}`.trim();
  }
}

/** The answer's subject; answers carry no URL, so it comes from the request's http.send. */
function answerWhat(ix: TraceIndex, e: TraceEvent, receiving: boolean): string {
  const kind = str(e.payload.kind);
  const url = str(e.payload.url) || (ix.requests.find((r) => r.id === str(e.payload.requestId))?.url ?? '');
  if (kind === 'feed') return 'the feed';
  if (kind === 'page') return 'the calendar page';
  if (kind === 'script') return `the script file ${url.split('?')[0].split('/').pop() || ''}`.trim();
  if (kind === 'delete') return receiving ? 'the answer to the Delete request' : 'the Delete request';
  return `${receiving ? 'the answer to ' : ''}${str(e.payload.method)} ${url.split('?')[0]}`.trim() || 'the request';
}

function deletedListed(items: string[], deleted: Deletion[]): Deletion[] {
  return deleted.filter((d) => items.includes(d.uuid));
}

function itemsOf(e: TraceEvent): string[] {
  return Array.isArray(e.payload.items) ? e.payload.items.map(str) : [];
}

/** The events that led to `e` inside the same request (back along causeId to its http.request). */
function chainInRequest(ix: TraceIndex, e: TraceEvent): TraceEvent[] {
  const out: TraceEvent[] = [];
  let cur: TraceEvent | undefined = e;
  for (let hops = 0; cur && hops < 200; hops++) {
    out.push(cur);
    if (cur.type === 'http.request') break;
    cur = cur.causeId === null || cur.causeId === undefined ? undefined : ix.events[cur.causeId];
  }
  return out;
}

/** "its LocMem copy" (a per-worker cache) or "the shared Redis copy". */
function cacheCopy(ix: TraceIndex, cacheId: string, seq: number): string {
  const layer = ix.layerAt(cacheId, seq);
  const backend = layer ? str(layer.backend).toLowerCase() : '';
  if (backend === 'redis' || cacheId === 'cache:redis') return 'the shared Redis copy';
  if (backend === 'locmem' || /^cache:\d+$/.test(cacheId)) return 'its LocMem copy';
  return `the copy in ${ix.label(cacheId)}`;
}

/** Where a worker's answer came from: a cache hit (stored when, before or after the delete, or before a write) or the database. */
function source(ix: TraceIndex, respond: TraceEvent): string {
  const chain = chainInRequest(ix, respond);
  const deleted = ix.deletedBy(respond.seq);
  // The view's last cache lookup before it answered decides: a hit is served, a miss goes to the database.
  const last = chain.find((x) => x.type === 'cache.get');
  const hit = last && last.payload.hit === true && Array.isArray(last.payload.items) ? last : undefined;
  if (hit) {
    const key = str(hit.payload.key);
    let stored: TraceEvent | undefined;
    for (let s = hit.seq - 1; s >= 0; s--) {
      const x = ix.events[s];
      if (x.actor === hit.actor && x.type === 'cache.set' && str(x.payload.key) === key) {
        stored = x;
        break;
      }
    }
    let when = '';
    if (stored) {
      when = `, stored at ${stored.t} ms`;
      const d = ix.deletions.find((x) => x.commitSeq <= respond.seq && itemsOf(hit).includes(x.uuid));
      if (d) when += stored.seq < d.commitSeq ? `, before the delete committed at ${d.commitT} ms` : `, after the delete committed at ${d.commitT} ms`;
      // A create or edit committed after the copy was stored: the copy predates it, whatever it lists.
      const w = d ? undefined : ix.writes.find((o) => o.write.seq > stored!.seq && o.write.seq <= respond.seq);
      if (w) when += `, before the ${w.write.kind} of "${w.write.title}" committed at ${w.write.t} ms`;
    }
    return ` from ${cacheCopy(ix, hit.actor, hit.seq)}${when}`;
  }
  const query = chain.find((x) => x.actor === 'db' && x.type === 'db.query');
  if (query) {
    const gone = deletedListed(Array.isArray(query.payload.rows) ? query.payload.rows.map(str) : [], deleted);
    return ` from the database (a cache miss)${gone.length ? `, which still lists ${gone.map((d) => `"${d.title}"`).join(', ')}` : ''}`;
  }
  return '';
}

function sentence(ix: TraceIndex, e: TraceEvent): string {
  const who = (id: string | null | undefined) => (id ? ix.label(id) : 'someone');
  const p = e.payload;
  const worker = workerOf(ix, e);
  switch (e.type) {
    case 'http.send':
      return `${who(e.from)} sends ${what(e)} onto the network; no worker has it yet.`;
    case 'http.request': {
      const routing = isObject(ix.trace.config) ? str(ix.trace.config['deploy.routing']) : '';
      const by = routing === 'round-robin' ? 'The round-robin proxy' : routing === 'accept' ? 'The kernel (accept())' : 'The network';
      return `${by} hands ${what(e)} to ${who(e.actor)}.`;
    }
    case 'http.respond': {
      const deleted = deletedListed(itemsOf(e), ix.deletedBy(e.seq));
      // Only an unusual status is worth a word.
      const status = typeof p.status === 'number' && p.status !== 200 ? ` with status ${p.status}` : '';
      const still = deleted.length ? `; it still lists ${deleted.map((d) => `"${d.title}"`).join(', ')}` : '';
      return `${who(e.from)} answers ${answerWhat(ix, e, false)}${status}${str(p.kind) === 'feed' ? source(ix, e) : ''}${still}.`;
    }
    case 'http.response': {
      const deleted = deletedListed(itemsOf(e), ix.deletedBy(e.seq));
      const items = itemsOf(e);
      const life = ix.requests.find((r) => r.response === e.seq);
      const wrong = life && str(p.kind) === 'feed' ? wrongInAnswer(ix, life, writesInForce(ix.writes, e.seq)) : [];
      const body = str(p.kind) === 'feed' ? ` with ${items.length} item(s)${deleted.length ? `, including ${deleted.map((d) => `"${d.title}"`).join(', ')}, deleted at ${deleted[0].commitT} ms` : ''}${wrong.length ? `; it ${wrongWritesClause(wrong)}` : ''}` : '';
      return `${who(e.actor)} receives ${answerWhat(ix, e, true)} from ${worker ? ix.label(worker) : 'the server'}${body}.`;
    }
    case 'http.cacheHit':
      return `${who(e.actor)} answers ${who(e.from)} from its own stored copy; no request reaches a worker.`;
    case 'http.cacheMiss':
      return `${who(e.actor)} has no copy it may use for ${who(e.from)}'s fetch, so the request goes to the network.`;
    case 'cache.get': {
      const key = str(p.key);
      if (p.hit !== true) return `${who(e.from)} looks up ${key} in ${who(e.actor)}: a miss.`;
      const deleted = deletedListed(itemsOf(e), ix.deletedBy(e.seq));
      const wrong = wrongInCacheHit(ix, e.actor, key, e.seq, writesInForce(ix.writes, e.seq));
      return `${who(e.from)} looks up ${key} in ${who(e.actor)}: a hit${deleted.length ? `, still listing ${deleted.map((d) => `"${d.title}"`).join(', ')}` : ''}${wrong.length ? `; it ${wrongWritesClause(wrong)}` : ''}.`;
    }
    case 'cache.set':
      return `${who(e.from)} stores ${str(p.key)} in ${who(e.actor)}.`;
    case 'cache.delete':
    case 'cache.deleteMany':
      return `${who(e.from)} deletes key(s) in ${who(e.actor)}: ${e.label}.`;
    case 'db.query':
      return `${who(e.from)} reads the work items from ${who(e.actor)}.`;
    case 'db.delete':
      return `${who(e.from)} deletes the row in ${who(e.actor)}${Array.isArray(p.committed) && p.committed.length ? ', committed' : ''}.`;
    default:
      if (e.from && e.from !== e.actor) return `${who(e.from)} → ${who(e.actor)}: ${e.label}.`;
      return `No message travels at this step: ${who(e.actor)} acts on its own.`;
  }
}

export function narrate(ix: TraceIndex, seq: number): Narration {
  const e = ix.events[seq];
  if (!e) return { text: 'Nothing has happened yet.', from: null, to: null, worker: null };
  const message = e.from && e.from !== e.actor;
  return { text: sentence(ix, e).replace(/\.\.$/, '.'), from: message ? e.from! : null, to: message ? e.actor : null, worker: workerOf(ix, e) };
}
