// The layered flow at one step, as plain data: one row per actor with its content as lines of
// styled text segments. The HTML view and the SVG export draw the same model. Any copy of a
// deleted item is flagged, whichever layer holds it, and so is any copy of a created or edited item
// that is older than the write (writeCopies.ts), or a feed answer that leaves the item out.
import type { TraceActor, TraceEvent } from '../../sim/trace';
import type { JsonObject, JsonValue } from '../../src/json';
import { GLYPH } from '../ui/palette';
import { deletedIn, isObject, str, type CopyState, type Deletion, type RequestLife, type TraceIndex } from './traceIndex';
import { scopeOfKey, scopeOfUrl, wrongWrites, wrongWriteWords, writesInForce, type WrongWrite } from './writeCopies';
import { writeStatesAt } from './writeStates';
import type { WriteOutcome } from '../../sim/writeOutcome';

/** Segment classes: mono, muted, chip, badge-fresh, badge-stale, badge-expired, badge-deleted, badge-back. */
export interface Seg {
  text: string;
  cls?: string;
  /** The words that say why the line is flagged (the SVG export keeps them in view on a long line). */
  mark?: boolean;
}

/** stale/back: on a calendar; copy: anywhere else; unreachable: in a cache entry no request reads any more. */
export type CopyMark = CopyState | 'copy' | 'unreachable';

export interface Line {
  segs: Seg[];
  /** Set when the line holds a copy of a deleted item. */
  copy?: CopyMark;
  /**
   * Set when the line holds a created or edited item wrong (its old version, or, for a feed answer
   * that covers it, nothing): on a calendar, since its first render after the write (stale) or again
   * after it was shown as written (back); elsewhere a copy, or one no request reads any more.
   */
  old?: CopyMark;
  item?: string;
  testid?: string;
}

export interface Row {
  actor: TraceActor;
  heading: string;
  lines: Line[];
  /** Lines left out to keep the view small. */
  more: number;
  /** Lines holding a live copy of a deleted item (unreachable cache entries not counted). */
  copies: number;
  /** Lines holding a created or edited item wrong, counted the same way. */
  olds: number;
  role: 'from' | 'to' | 'self' | null;
}

export interface FlowModel {
  rows: Row[];
  event: TraceEvent | null;
  /** The event happens at this very step (false: this run is idle, showing its last event). */
  exact: boolean;
  message: { from: string; to: string } | null;
  deleted: Deletion[];
}

const MAX_LINES = 24;

export function buildFlowModel(ix: TraceIndex, seq: number, exact: boolean): FlowModel {
  const event = seq >= 0 ? ix.events[seq] : null;
  const deleted = ix.deletedBy(seq);
  const message = exact && event && event.from && event.from !== event.actor ? { from: event.from, to: event.actor } : null;
  const rows = ix.actors.map((actor) => {
    const row = rowFor(ix, actor, seq, deleted);
    row.role = !exact || !event ? null : message ? (actor.id === message.from ? 'from' : actor.id === message.to ? 'to' : null) : actor.id === event.actor ? 'self' : null;
    return row;
  });
  return { rows, event, exact, message, deleted };
}

/** Live copies of a deleted item, and live wrong copies of a created or edited one, in one actor's layer after event `seq` (the flow view's own rule). */
export function copiesIn(ix: TraceIndex, actor: TraceActor, seq: number): { deleted: number; written: number } {
  const row = rowFor(ix, actor, seq, ix.deletedBy(seq));
  return { deleted: row.copies, written: row.olds };
}

function rowFor(ix: TraceIndex, actor: TraceActor, seq: number, deleted: Deletion[]): Row {
  const layer = ix.layerAt(actor.id, seq);
  const writes = writesInForce(ix.writes, seq);
  let built: { heading: string; lines: Line[] };
  switch (actor.kind) {
    case 'user':
      built = userRow(ix, actor, seq);
      break;
    case 'calendar':
      built = calendarRow(ix, actor, layer, seq, deleted);
      break;
    case 'browser':
      built = browserRow(layer, deleted, writes, userIdOf(ix, actor.user ?? actor.id.replace(/^browser:/, '')));
      break;
    case 'network':
      built = networkRow(ix, seq, deleted, writes);
      break;
    case 'worker':
      built = workerRow(ix, actor, seq);
      break;
    case 'cache':
      built = cacheRow(layer, deleted, feedVersionReader(ix, layer, seq), writes);
      break;
    case 'db':
      built = dbRow(layer, deleted);
      break;
    default:
      built = { heading: layer ? `${Object.keys(layer).length} field(s)` : '', lines: layer ? [{ segs: [{ text: JSON.stringify(layer).slice(0, 200), cls: 'mono' }] }] : [] };
  }
  const copies = built.lines.filter((l) => l.copy && l.copy !== 'unreachable').length;
  const olds = built.lines.filter((l) => l.old && l.old !== 'unreachable').length;
  let lines = built.lines;
  let more = 0;
  if (lines.length > MAX_LINES) {
    // Keep every copy of a deleted item (and old version of an edited one) in view; drop ordinary lines past the limit.
    const keep = new Set<Line>(lines.filter((l) => l.copy || l.old).slice(0, MAX_LINES));
    for (const l of lines) if (keep.size < MAX_LINES) keep.add(l);
    more = lines.length - keep.size;
    lines = lines.filter((l) => keep.has(l));
  }
  return { actor, heading: built.heading, lines, more, copies, olds, role: null };
}

function deletedBadge(d: Deletion, mark: CopyMark): Seg {
  const what =
    mark === 'back' ? `${GLYPH.back} came back` : mark === 'stale' ? `${GLYPH.deleted} still shown` : mark === 'unreachable' ? `${GLYPH.deleted} stale copy, unreachable` : `${GLYPH.deleted} stale copy`;
  return { text: `${what} · deleted at ${d.commitT} ms`, cls: mark === 'back' ? 'badge-back' : mark === 'unreachable' ? 'badge-expired' : 'badge-deleted', mark: true };
}

/** "◆ old version · edited at 184 ms" on a cached answer, as "✖ stale copy · deleted at 184 ms" on a deleted item's. */
function writeBadge(x: WrongWrite, mark: 'copy' | 'unreachable'): Seg {
  return mark === 'unreachable' ? { text: `${GLYPH.expired} unreachable, ${wrongWriteWords(x)}`, cls: 'badge-expired', mark: true } : { text: `${GLYPH.back} ${wrongWriteWords(x)}`, cls: 'badge-deleted', mark: true };
}

function userIdOf(ix: TraceIndex, user: string): string | null {
  return ix.userIds.get(user) ?? null;
}

/** What a feed answer gets wrong about the writes in force, from the events its http.respond says the worker sent. */
export function wrongInAnswer(ix: TraceIndex, r: RequestLife, writes: WriteOutcome[]): WrongWrite[] {
  const shown = r.respond >= 0 ? ix.events[r.respond].payload.shown : undefined;
  if (!writes.length || !Array.isArray(shown)) return [];
  const body: JsonValue = shown.filter(isObject).map((x) => ({ id: str(x.item), title: str(x.title), start: str(x.start), end: x.end ?? null }));
  const user = r.browser ? (ix.actorById.get(r.browser)?.user ?? r.browser.replace(/^browser:/, '')) : null;
  return wrongWrites(writes, body, scopeOfUrl(r.url, user === null ? null : userIdOf(ix, user)));
}

/** What a cache hit on `key` (as the cache.get names it) served wrong about the writes in force: the entry as the cache holds it. */
export function wrongInCacheHit(ix: TraceIndex, cacheId: string, key: string, seq: number, writes: WriteOutcome[]): WrongWrite[] {
  const layer = ix.layerAt(cacheId, seq);
  const entry = layer && Array.isArray(layer.entries) ? layer.entries.filter(isObject).find((x) => keyVersions(str(x.key)).bare === key) : undefined;
  return entry ? wrongWrites(writes, entry.value, scopeOfKey(key)) : [];
}

/**
 * A feed answer's chips with its wrong writes marked: an old version's chip outlined, with "◆", a
 * missing item as a dashed chip of its own.
 */
function markWrites(chips: Seg[], body: JsonValue | undefined, wrong: WrongWrite[]): Seg[] {
  if (!wrong.length) return chips;
  const list = Array.isArray(body) ? body.filter(isObject) : [];
  const out = chips.map((c, i) => {
    const id = str(list[i]?.id);
    return wrong.some((x) => x.kind === 'old' && id.includes(x.outcome.write.uuid)) ? { text: `${GLYPH.back} ${c.text}`, cls: 'chip chip-old' } : c;
  });
  for (const x of wrong) if (x.kind === 'missing') out.push({ text: `missing: ${x.outcome.write.title}`, cls: 'chip chip-missing' });
  return out;
}

/**
 * The feed version a request would read now, for a versioned key's user (fix 2): the counter in the
 * database or in this same cache (`cache.get(key, 0)`, so a missing counter reads 0), as the trace's
 * config says. Null when the run does not version its keys.
 */
function feedVersionReader(ix: TraceIndex, layer: JsonObject | null, seq: number): (userId: string) => number | null {
  const config = (isObject(ix.trace.config) ? ix.trace.config : {}) as Record<string, unknown>;
  if (config['feed.versionedKey'] !== true) return () => null;
  const key = (userId: string) => (config['version.scope'] === 'global' ? 'calendar_feed_version' : `calendar_feed_version:${userId}`);
  if (config['version.store'] === 'db') {
    const db = ix.layerAt('db', seq);
    const versions = db && isObject(db.versions) ? db.versions : {};
    return (userId) => {
      const v = versions[key(userId)];
      return typeof v === 'number' ? v : 0;
    };
  }
  const entries = layer && Array.isArray(layer.entries) ? layer.entries.filter(isObject) : [];
  return (userId) => {
    const e = entries.find((x) => keyVersions(str(x.key)).bare === key(userId) && !x.expired);
    return e && typeof e.value === 'number' ? e.value : 0;
  };
}

function userRow(ix: TraceIndex, actor: TraceActor, seq: number): { heading: string; lines: Line[] } {
  const last = ix.lastEventOf(actor.id, seq);
  return { heading: last ? `last action at ${last.t} ms` : 'idle', lines: last ? [{ segs: [{ text: last.label }] }] : [] };
}

function calendarRow(ix: TraceIndex, actor: TraceActor, layer: JsonObject | null, seq: number, deleted: Deletion[]): { heading: string; lines: Line[] } {
  if (!layer) return { heading: 'not open', lines: [] };
  const user = actor.user ?? actor.id.replace(/^calendar:/, '');
  const month = str(layer.month) || 'not open';
  const range = layer.startStr ? ` · range ${str(layer.startStr).slice(0, 10)} → ${str(layer.endStr).slice(0, 10)} (end exclusive)` : '';
  const fetch = layer.latestFetchId !== null && layer.latestFetchId !== undefined ? ` · latest fetch #${str(layer.latestFetchId)}${layer.fetchInFlight ? ' (in flight)' : ''}` : '';
  const events = Array.isArray(layer.events) ? layer.events : [];
  // Writes this calendar shows wrong now (writeStates.ts, from run's write outcome): an edited item's line says so.
  const wrongNow = writeStatesAt(ix.writes, seq).filter((w) => w.user === user);
  const oldEdits = wrongNow.filter((w) => w.outcome.write.kind === 'edit');
  const lines: Line[] = events.filter(isObject).map((ev) => {
    const id = str(ev.id);
    const hit = deletedIn(id, deleted)[0];
    const segs: Seg[] = [{ text: str(ev.title) || id, cls: hit ? 'chip chip-deleted' : 'chip' }, { text: str(ev.start), cls: 'muted' }, { text: id, cls: 'mono muted' }];
    const old = hit ? undefined : oldEdits.find((w) => id.includes(w.outcome.write.uuid));
    if (old) {
      const badge = { text: `${GLYPH.back} old version${old.state === 'back' ? ' back' : ''} · edited at ${old.outcome.write.t} ms`, cls: old.state === 'back' ? 'badge-back' : 'badge-deleted', mark: true };
      return { segs: [segs[0], badge, segs[1], segs[2]], old: old.state, item: old.outcome.write.uuid, testid: 'calendar-event' };
    }
    if (!hit) return { segs, testid: 'calendar-event' };
    const mark = ix.copyState(user, hit.uuid, seq);
    return { segs: [segs[0], deletedBadge(hit, mark), segs[1], segs[2]], copy: mark, item: hit.uuid, testid: 'calendar-event' };
  });
  // A created item (or one edited into the range) that the calendar lacks: a line of its own, as the database's deleted row.
  for (const w of wrongNow) {
    const uuid = w.outcome.write.uuid;
    if (events.some((ev) => isObject(ev) && str(ev.id).includes(uuid))) continue;
    const verb = w.outcome.write.kind === 'create' ? 'created' : 'edited';
    const badge = { text: `${GLYPH.back} ${w.state === 'back' ? 'gone again' : 'missing'} · ${verb} at ${w.outcome.write.t} ms`, cls: w.state === 'back' ? 'badge-back' : 'badge-deleted', mark: true };
    lines.push({ segs: [{ text: w.outcome.write.title, cls: 'chip chip-missing' }, badge], old: w.state, item: uuid, testid: 'calendar-missing' });
  }
  return { heading: `${month}${range}${fetch} · ${events.length} event(s)`, lines };
}

function bodyChips(value: JsonValue | undefined, deleted: Deletion[]): { segs: Seg[]; hit: Deletion | undefined } {
  const list = Array.isArray(value) ? value : [];
  let hit: Deletion | undefined;
  const segs: Seg[] = list.filter(isObject).map((e) => {
    const d = deletedIn(str(e.id), deleted)[0];
    if (d) hit = d;
    return { text: `${d ? `${GLYPH.deleted} ` : ''}${str(e.title) || str(e.id)}`, cls: d ? 'chip chip-deleted' : 'chip' };
  });
  return { segs, hit };
}

function shortUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const tail = path.split('/').filter(Boolean).slice(-2).join('/');
  return `…/${tail}/${q < 0 ? '' : decodeURIComponent(url.slice(q))}`;
}

function browserRow(layer: JsonObject | null, deleted: Deletion[], writes: WriteOutcome[], userId: string | null): { heading: string; lines: Line[] } {
  if (!layer) return { heading: 'empty', lines: [] };
  const entries = Array.isArray(layer.entries) ? layer.entries.filter(isObject) : [];
  const lines = entries.map((e): Line => {
    const fresh = Boolean(e.fresh);
    const body = bodyChips(e.body, deleted);
    const segs: Seg[] = [
      { text: shortUrl(str(e.url)), cls: 'mono' },
      // HTTP's freshness, said as such: a bare "◐ stale" beside "◆ old version" read as that verdict, and stays while a question waits.
      { text: fresh ? `${GLYPH.fresh} fresh (HTTP)` : `${GLYPH.stale} stale (HTTP)`, cls: fresh ? 'badge-fresh' : 'badge-stale' },
      { text: `stored at ${str(e.storedAtMs)} ms, fresh for ${str(e.freshForMs)} ms · ${str(e.status)} · Cache-Control: ${e.cacheControl === null || e.cacheControl === undefined ? 'none' : str(e.cacheControl)}`, cls: 'muted' },
    ];
    const wrong = wrongWrites(writes, e.body, scopeOfUrl(str(e.url), userId));
    segs.push(...markWrites(body.segs, e.body, wrong));
    // A deleted item's mark, then a write's: one answer can be wrong about both.
    if (wrong.length) segs.splice(2, 0, writeBadge(wrong[0], 'copy'));
    if (body.hit) segs.splice(2, 0, deletedBadge(body.hit, 'copy'));
    const old = wrong.length ? 'copy' : undefined;
    return { segs, copy: body.hit ? 'copy' : undefined, old, item: body.hit?.uuid ?? (old ? wrong[0].outcome.write.uuid : undefined), testid: 'browser-entry' };
  });
  return { heading: `profile ${str(layer.profile) || '?'} · ${entries.length} stored answer(s)`, lines };
}

function networkRow(ix: TraceIndex, seq: number, deleted: Deletion[], writes: WriteOutcome[]): { heading: string; lines: Line[] } {
  const lines: Line[] = [];
  for (const r of ix.requests) {
    const out = r.send >= 0 && r.send <= seq && (r.request < 0 || r.request > seq);
    const back = r.respond >= 0 && r.respond <= seq && (r.response < 0 || r.response > seq);
    if (!out && !back) continue;
    const path = shortUrl(r.url);
    if (out) lines.push({ segs: [{ text: `→ ${r.id}`, cls: 'mono' }, { text: `${r.method} ${path}`, cls: 'mono' }, { text: `from ${ix.label(r.browser ?? '?')}`, cls: 'muted' }] });
    else {
      const hits = r.items.map((u) => deleted.find((d) => d.uuid === u)).filter((d): d is Deletion => Boolean(d));
      const segs: Seg[] = [{ text: `← ${r.id}`, cls: 'mono' }, { text: `${r.status ?? ''} for ${r.method} ${path}`, cls: 'mono' }, { text: `${r.items.length} item(s)`, cls: 'muted' }];
      if (r.worker) segs.splice(2, 0, { text: `${GLYPH.worker} from ${ix.label(r.worker)}`, cls: 'chip chip-worker' });
      const wrong = wrongInAnswer(ix, r, writes);
      if (hits[0]) segs.push(deletedBadge(hits[0], 'copy'));
      if (wrong.length) segs.push(writeBadge(wrong[0], 'copy'));
      lines.push({ segs, copy: hits[0] ? 'copy' : undefined, old: wrong.length ? 'copy' : undefined, item: hits[0]?.uuid ?? wrong[0]?.outcome.write.uuid });
    }
  }
  return { heading: lines.length ? `${lines.length} message(s) in flight` : 'nothing in flight', lines };
}

function workerRow(ix: TraceIndex, actor: TraceActor, seq: number): { heading: string; lines: Line[] } {
  const lines: Line[] = ix.requests
    .filter((r) => r.worker === actor.id && r.request >= 0 && r.request <= seq && (r.respond < 0 || r.respond > seq))
    .map((r) => ({ segs: [{ text: r.id, cls: 'mono' }, { text: `${r.method} ${shortUrl(r.url)}`, cls: 'mono' }, { text: `since ${ix.events[r.request].t} ms`, cls: 'muted' }] }));
  const last = ix.lastEventOf(actor.id, seq);
  if (lines.length && last && last.type === 'view.step') lines.push({ segs: [{ text: `last step: ${last.label}`, cls: 'muted' }] });
  return { heading: lines.length ? 'handling a request' : 'idle', lines };
}

/** Django prefixes stored keys with `:{VERSION}:`; the feed's own version is a `v{n}` segment. */
export function keyVersions(key: string): { django: string | null; feed: string | null; bare: string } {
  const m = /^[^:]*:(\d+):(.*)$/.exec(key);
  const bare = m ? m[2] : key;
  const f = /(?:^|:)v(\d+)(?::|$)/.exec(bare);
  return { django: m ? m[1] : null, feed: f ? f[1] : null, bare };
}

function cacheRow(layer: JsonObject | null, deleted: Deletion[], readVersion: (userId: string) => number | null, writes: WriteOutcome[]): { heading: string; lines: Line[] } {
  if (!layer) return { heading: 'empty', lines: [] };
  const entries = Array.isArray(layer.entries) ? layer.entries.filter(isObject) : [];
  const lines = entries.map((e): Line => {
    const key = str(e.key);
    const v = keyVersions(key);
    const expired = Boolean(e.expired);
    // calendar_feed:v{n}:{user_id}:...: readable only while the counter says n.
    const current = v.feed !== null ? readVersion(v.bare.split(':')[2] ?? '') : null;
    const unreachable = current !== null && Number(v.feed) !== current;
    const version = [v.django !== null ? `Django version ${v.django}` : null, v.feed !== null ? `feed v${v.feed}${unreachable ? ` (requests read v${current})` : ''}` : v.bare.startsWith('calendar_feed:') ? 'no feed version' : null].filter(Boolean).join(' · ');
    const expiry = e.expiresAtMs === null || e.expiresAtMs === undefined ? 'never expires' : `expires at ${str(e.expiresAtMs)} ms`;
    const segs: Seg[] = [{ text: v.bare, cls: 'mono' }, { text: version, cls: 'muted' }, { text: expired ? `${GLYPH.expired} expired` : expiry, cls: expired ? 'badge-expired' : 'muted' }];
    let hit: Deletion | undefined;
    let wrong: WrongWrite[] = [];
    const mark = unreachable || expired ? 'unreachable' : 'copy';
    if (Array.isArray(e.value)) {
      const body = bodyChips(e.value, deleted);
      hit = body.hit;
      wrong = wrongWrites(writes, e.value, scopeOfKey(v.bare));
      if (hit) segs.push(deletedBadge(hit, mark));
      if (wrong.length) segs.push(writeBadge(wrong[0], mark));
      segs.push(...markWrites(body.segs, e.value, wrong));
    } else segs.push({ text: `= ${JSON.stringify(e.value ?? null)}`, cls: 'mono' });
    const copy: CopyMark | undefined = hit ? mark : undefined;
    const old: CopyMark | undefined = wrong.length ? mark : undefined;
    return { segs, copy, old, item: hit?.uuid ?? (old ? wrong[0].outcome.write.uuid : undefined), testid: 'cache-entry' };
  });
  const max = layer.maxEntries !== undefined && layer.maxEntries !== null ? ` · MAX_ENTRIES ${str(layer.maxEntries)}` : '';
  return { heading: `${str(layer.backend) || 'cache'}${max} · ${entries.length} key(s)`, lines };
}

function dbRow(layer: JsonObject | null, deleted: Deletion[]): { heading: string; lines: Line[] } {
  if (!layer) return { heading: '', lines: [] };
  const rows = Array.isArray(layer.rows) ? layer.rows.filter(isObject) : [];
  const lines: Line[] = rows.map((r) => {
    const uuid = str(r.uuid);
    const d = deleted.find((x) => x.uuid === uuid);
    const segs: Seg[] = [{ text: str(r.title), cls: d ? 'chip chip-deleted' : 'chip' }, { text: `${str(r.startDate)} → ${str(r.endDate)}`, cls: 'muted' }, { text: uuid, cls: 'mono muted' }];
    if (d) segs.splice(1, 0, deletedBadge(d, 'copy'));
    return { segs, copy: d ? 'copy' : undefined, item: d?.uuid, testid: 'db-row' };
  });
  for (const d of deleted) {
    if (rows.some((r) => r.uuid === d.uuid)) continue;
    lines.push({ segs: [{ text: d.title, cls: 'chip chip-gone' }, { text: `${GLYPH.deleted} row deleted, committed at ${d.commitT} ms`, cls: 'muted' }], testid: 'db-gone' });
  }
  const versions = isObject(layer.versions) ? Object.entries(layer.versions) : [];
  for (const [k, v] of versions) lines.push({ segs: [{ text: `version ${k} = ${str(v)}`, cls: 'mono' }] });
  const txs = Array.isArray(layer.openTransactions) ? layer.openTransactions : [];
  for (const tx of txs) {
    const id = isObject(tx) ? str(tx.txId) : str(tx);
    const gone = isObject(tx) && Array.isArray(tx.deleted) ? tx.deleted.map(str) : [];
    const segs: Seg[] = [{ text: `open transaction ${id}`, cls: 'mono' }];
    if (gone.length) segs.push({ text: `deletes ${gone.length} row(s), invisible to others until COMMIT`, cls: 'muted' });
    lines.push({ segs });
  }
  return { heading: `${rows.length} work item row(s)${txs.length ? ` · ${txs.length} open transaction(s)` : ''}`, lines };
}
