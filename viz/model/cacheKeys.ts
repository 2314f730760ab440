// The seed's "Cache Key Mismatch Visualization", computed from the run: the range FullCalendar
// requested (its 42-day grid, end exclusive) beside the exact keys the delete, edit or create
// view's invalidation removed, and what became of the answer cached for the requested range: still
// holding the deleted item or the edited item's old version (or lacking the created item), stored
// before or after the commit, and every answer cached for another range that is wrong about it
// (edit-across-month-boundary's November grid holds the old version too). What an answer gets
// wrong about a write is the flow view's rule (writeCopies.ts) against run's write outcome.
import type { TraceEvent } from '../../sim/trace';
import type { JsonValue } from '../../src/json';
import type { WriteOutcome } from '../../sim/writeOutcome';
import { keyVersions } from './layerModel';
import { isObject, str, type TraceIndex } from './traceIndex';
import { oldValueIn, scopeOfKey, wrongWrites } from './writeCopies';

/** The user actions the view explains, and the method of the request each sends. */
const CLICKS: Record<string, { kind: ChangeKind; method: string }> = {
  'user.delete': { kind: 'delete', method: 'DELETE' },
  'user.edit': { kind: 'edit', method: 'POST' },
  'user.create': { kind: 'create', method: 'POST' },
};

export type ChangeKind = 'delete' | 'edit' | 'create';

export interface KeyRange {
  start: string;
  end: string;
  keys: string[];
  /** Keys of this range that existed when they were deleted. */
  existed: string[];
  /** Same start and end as the request. */
  matchesRequest: boolean;
  /** One of its keys is, character for character, a key the cache held for the request. */
  hitsCached: boolean;
}

export interface CachedAnswer {
  cache: string;
  key: string;
  feedVersion: number | null;
  /** Wrong after the commit: holds the deleted item, the edited item's old version, or lacks the created item. */
  holdsStale: boolean;
  /** An edit's: what the answer still says of the item where it differs ('"Site visit"', 'dated …'); null otherwise. */
  oldValue: string | null;
  /** The cache.set (or add) that stored it, at or before the view answered; null: stored before the trace says. */
  storedT: number | null;
  /** Stored before the change committed (null: unknown, or it never committed). */
  storedBeforeCommit: boolean | null;
  /** Still stored after the view finished. */
  survived: boolean;
  /** Not there when the view began: stored while it ran (a read that began before the commit, storing late). */
  late: boolean;
  /** Unreadable because the version moved past it. */
  superseded: boolean;
}

/** An answer cached for another range than the requested one that is wrong about the change (the view lists them too). */
export interface OtherAnswer extends CachedAnswer {
  start: string;
  end: string;
}

export interface CacheKeyAnalysis {
  kind: ChangeKind;
  clickSeq: number;
  clickT: number;
  user: string;
  /** The item's title; an edit's is its new one, as the step sentences and the alert name it. */
  itemTitle: string;
  /** An edit that renamed the item: its title before the edit (null otherwise). */
  oldTitle: string | null;
  /** When the change committed (null: it did not, before the view answered). */
  commitT: number | null;
  requested: { start: string; end: string; fetchSeq: number | null } | null;
  /** Each day of the requested range, start inclusive, end exclusive. */
  days: string[];
  ranges: KeyRange[];
  /** Keys without a date range (the version counter), deleted or written. */
  otherKeys: string[];
  totalDeleted: number;
  bumps: { seq: number; text: string; value: number | null }[];
  answers: CachedAnswer[];
  /** Answers cached for other ranges (another month, another user's) still there after the view and wrong about the change. */
  elsewhere: OtherAnswer[];
  verdict: string;
  /** How many deletes, edits and creates the run has, which one this is (1-based), and whether they are all of this kind. */
  ordinal: number;
  count: number;
  sameKind: boolean;
}

const DATE_PAIR = /(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2})$/;

export function daysBetween(start: string, end: string, max = 400): string[] {
  const out: string[] = [];
  const d = new Date(`${start}T00:00:00Z`);
  const stop = new Date(`${end}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || Number.isNaN(stop.getTime())) return out;
  while (d < stop && out.length < max) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

/** The delete, edit or create at or before `seq` (else the run's first), analysed. */
export function analyzeKeys(ix: TraceIndex, seq: number): CacheKeyAnalysis | null {
  const clicks = ix.events.filter((e) => e.type in CLICKS);
  if (!clicks.length) return null;
  let k = 0;
  clicks.forEach((c, i) => {
    if (c.seq <= seq) k = i;
  });
  const a = analyzeClick(ix, clicks[k], k + 1, clicks.length);
  a.sameKind = clicks.every((c) => c.type === clicks[k].type);
  return a;
}

function analyzeClick(ix: TraceIndex, click: TraceEvent, ordinal: number, count: number): CacheKeyAnalysis {
  const events = ix.events;
  const { kind, method } = CLICKS[click.type];
  const userActor = ix.actorById.get(click.actor);
  const user = userActor?.user ?? click.actor.replace(/^user:/, '');
  const uuid = str(click.payload.item);
  // A created item is not among the scenario's; its title is the click's. An edited one is named by
  // its new title, as the step sentences and the alert name it (the view said the old one).
  const before = kind === 'edit' ? [...ix.writes].reverse().find((o) => o.write.uuid === uuid && o.write.seq < click.seq)?.write.title ?? ix.titleOf(uuid) : null;
  const itemTitle = kind === 'delete' ? ix.titleOf(uuid) : str(click.payload.title) || before || uuid;
  const oldTitle = before !== null && before !== itemTitle ? before : null;

  // The range the calendar asked for last, before the click.
  let requested: CacheKeyAnalysis['requested'] = null;
  for (let i = click.seq - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type === 'calendar.fetch' && (ix.actorById.get(e.actor)?.user ?? e.actor.replace(/^calendar:/, '')) === user && e.payload.startStr) {
      requested = { start: str(e.payload.startStr).slice(0, 10), end: str(e.payload.endStr).slice(0, 10), fetchSeq: e.seq };
      break;
    }
  }

  // The request this click caused, what its view did to the caches until it answered, and its commit.
  const caused = new Set<number>([click.seq]);
  let request: { start: number; end: number; worker: string } | null = null;
  let commitSeq: number | null = null;
  for (let i = click.seq + 1; i < events.length; i++) {
    const e = events[i];
    if (e.causeId === null || !caused.has(e.causeId)) continue;
    caused.add(e.seq);
    const committed = kind === 'delete' ? e.payload.committed : e.payload.written;
    if (commitSeq === null && e.actor === 'db' && Array.isArray(committed) && committed.some((c) => (isObject(c) ? str(c.uuid) : str(c)) === uuid)) commitSeq = e.seq;
    if (!request && e.type === 'http.request' && str(e.payload.method) === method) {
      const life = ix.requests.find((r) => r.id === str(e.payload.requestId));
      request = { start: e.seq, end: life && life.respond >= 0 ? life.respond : events.length - 1, worker: e.actor };
    }
    if (request && e.seq > request.end) break;
  }
  const ranges = new Map<string, KeyRange>();
  const otherKeys: string[] = [];
  const bumps: CacheKeyAnalysis['bumps'] = [];
  let totalDeleted = 0;
  // Each feed-version counter the view moved (calendar_feed_version, or calendar_feed_version:{user_id}) and its new value.
  const newVersions = new Map<string, number>();
  let viewStart = click.seq;
  let afterSeq = click.seq;
  if (request) {
    viewStart = request.start;
    afterSeq = request.end;
    for (let i = request.start; i <= request.end; i++) {
      const e = events[i];
      if (!caused.has(e.seq)) continue;
      if (e.type === 'cache.deleteMany' || e.type === 'cache.delete') {
        const keys = Array.isArray(e.payload.keys) ? e.payload.keys.map(str) : [str(e.payload.key)];
        const existed = new Set(Array.isArray(e.payload.deleted) ? e.payload.deleted.map(str) : []);
        totalDeleted += keys.length;
        for (const key of keys) {
          const m = DATE_PAIR.exec(key);
          if (!m) {
            otherKeys.push(key);
            continue;
          }
          const id = `${m[1]}:${m[2]}`;
          let r = ranges.get(id);
          if (!r) {
            r = { start: m[1], end: m[2], keys: [], existed: [], matchesRequest: requested !== null && m[1] === requested.start && m[2] === requested.end, hitsCached: false };
            ranges.set(id, r);
          }
          r.keys.push(key);
          if (existed.has(key)) r.existed.push(key);
        }
      }
      const isVersion = /version/.test(str(e.payload.key));
      if ((e.type === 'cache.set' || e.type === 'cache.add') && isVersion) {
        const v = typeof e.payload.value === 'number' ? e.payload.value : null;
        if (v !== null) newVersions.set(str(e.payload.key), v);
        bumps.push({ seq: e.seq, text: `${e.type} ${str(e.payload.key)} = ${JSON.stringify(e.payload.value ?? null)} (on ${ix.label(e.actor)})`, value: v });
      }
      if (e.type === 'cache.incr' && isVersion) {
        const v = typeof e.payload.result === 'number' ? e.payload.result : null;
        if (v !== null) newVersions.set(str(e.payload.key), v);
        bumps.push({ seq: e.seq, text: `cache.incr ${str(e.payload.key)} -> ${str(e.payload.result)} (on ${ix.label(e.actor)})`, value: v });
      }
      if (e.type === 'db.incrementVersion') {
        const v = typeof e.payload.value === 'number' ? e.payload.value : null;
        if (v !== null) newVersions.set(str(e.payload.key), v);
        bumps.push({ seq: e.seq, text: `${e.label} (database)`, value: v });
      }
    }
  }

  // The write as run's outcome has it: what an answer must say of the item from the commit on.
  const write: WriteOutcome | undefined = kind === 'delete' ? undefined : ix.writes.find((o) => o.write.seq === commitSeq && o.write.uuid === uuid);
  const stale = (value: JsonValue | undefined, bare: string): boolean => (kind === 'delete' ? JSON.stringify(value ?? null).includes(uuid) : write ? wrongWrites([write], value, scopeOfKey(bare)).length > 0 : false);
  // The answers cached for the requested range in every Django cache, before and after: those the
  // view found, and those stored while it ran (a read that began before the commit, storing late).
  const answers: CachedAnswer[] = [];
  const elsewhere: OtherAnswer[] = [];
  if (requested) {
    const suffix = `:${requested.start}:${requested.end}`;
    for (const a of ix.actors.filter((x) => x.kind === 'cache')) {
      const entries = (layer: ReturnType<TraceIndex['layerAt']>) => (layer && Array.isArray(layer.entries) ? layer.entries.filter(isObject) : []);
      const after = entries(ix.layerAt(a.id, afterSeq));
      const found = entries(ix.layerAt(a.id, viewStart));
      const late = after.filter((x) => !found.some((f) => str(f.key) === str(x.key)));
      for (const e of [...found, ...late]) {
        const isLate = late.includes(e);
        const key = str(e.key);
        // Every feed answer (version counters have no dates): the requested range's, and any other range's that is wrong.
        const range = DATE_PAIR.exec(key);
        if (!range) continue;
        const v = keyVersions(key);
        const feedVersion = v.feed === null ? null : Number(v.feed);
        const still = after.find((x) => str(x.key) === key && !x.expired);
        const stored = storedBy(ix, a.id, v.bare, afterSeq);
        const holdsStale = stale((still ?? e).value, v.bare);
        const answer: CachedAnswer = {
          cache: a.id,
          key: v.bare,
          feedVersion,
          holdsStale,
          oldValue: holdsStale && kind === 'edit' && write ? oldValueIn((still ?? e).value, write.write) : null,
          storedT: stored ? stored.t : null,
          storedBeforeCommit: stored && commitSeq !== null ? stored.seq < commitSeq : null,
          survived: Boolean(still),
          late: isLate,
          superseded: feedVersion !== null && feedVersion < (versionFor(newVersions, scopeOfKey(v.bare)?.userId ?? null) ?? -Infinity),
        };
        if (key.endsWith(suffix)) answers.push(answer);
        // edit-across-month-boundary: November's answer holds the old version too, and a request for November is served it.
        else if (answer.survived && holdsStale) elsewhere.push({ ...answer, start: range[1], end: range[2] });
      }
    }
  }

  const cachedKeys = new Set(answers.map((x) => x.key));
  for (const r of ranges.values()) r.hitsCached = r.keys.some((k) => cachedKeys.has(k));
  const days = requested ? daysBetween(requested.start, requested.end) : [];
  const rangeList = [...ranges.values()].sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0));
  const commitT = commitSeq === null ? null : events[commitSeq].t;
  return {
    kind,
    clickSeq: click.seq,
    clickT: click.t,
    user,
    itemTitle,
    oldTitle,
    commitT,
    requested,
    days,
    ranges: rangeList,
    otherKeys,
    totalDeleted,
    bumps,
    answers,
    elsewhere,
    verdict: verdictOf(ix, kind, requested, rangeList, answers, elsewhere, bumps, totalDeleted, itemTitle, commitT),
    ordinal,
    count,
    sameKind: true,
  };
}

/**
 * The version a request of this user reads after the view: its own counter's (per-user), or the
 * one global counter's; with counters named otherwise (an --app of the user's), the highest moved.
 * A per-user bump leaves another user's entry readable (cross-user-delete under seed-fix).
 */
function versionFor(moved: Map<string, number>, userId: string | null): number | null {
  if (!moved.size) return null;
  const own = userId === null ? undefined : moved.get(`calendar_feed_version:${userId}`);
  if (own !== undefined) return own;
  const global = moved.get('calendar_feed_version');
  if (global !== undefined) return global;
  const known = [...moved.keys()].some((k) => k.startsWith('calendar_feed_version'));
  return known ? null : Math.max(...moved.values());
}

/** The last cache.set or cache.add of `key` on the cache at or before `seq`. */
function storedBy(ix: TraceIndex, cacheId: string, key: string, seq: number): TraceEvent | null {
  for (let s = Math.min(seq, ix.events.length - 1); s >= 0; s--) {
    const e = ix.events[s];
    if (e.actor === cacheId && (e.type === 'cache.set' || e.type === 'cache.add') && str(e.payload.key) === key) return e;
  }
  return null;
}

/**
 * "holds "Site visit"" (deleted) / "holds the old version of "Site visit (client)" (still "Site visit"
 * there)" (edited: named by its new title, the old value beside it) / "lacks "Planning day"" (created).
 */
export function staleWords(kind: ChangeKind, title: string, old: string | null = null): string {
  return kind === 'delete' ? `holds "${title}"` : kind === 'edit' ? `holds the old version of "${title}"${old ? ` (still ${old} there)` : ''}` : `lacks "${title}"`;
}

/** A cached answer's line: as staleWords, an edit's as '"Site visit (client)": still "Site visit" here'. */
export function answerWords(kind: ChangeKind, title: string, old: string | null): string {
  return kind === 'edit' && old ? `"${title}": still ${old} here` : staleWords(kind, title);
}

/** "stored at -881 ms, before the edit committed at 184 ms". */
export function storedWords(a: CachedAnswer, kind: ChangeKind, commitT: number | null): string {
  if (a.storedT === null) return '';
  return `stored at ${a.storedT} ms${a.storedBeforeCommit === null || commitT === null ? '' : `, ${a.storedBeforeCommit ? 'before' : 'after'} the ${kind} committed at ${commitT} ms`}`;
}

function verdictOf(
  ix: TraceIndex,
  kind: ChangeKind,
  requested: CacheKeyAnalysis['requested'],
  ranges: KeyRange[],
  answers: CachedAnswer[],
  elsewhere: OtherAnswer[],
  bumps: CacheKeyAnalysis['bumps'],
  totalDeleted: number,
  title: string,
  commitT: number | null,
): string {
  if (!requested) return `The calendar had not requested a range before this ${kind}.`;
  const parts: string[] = [];
  const matching = ranges.filter((r) => r.matchesRequest);
  parts.push(
    totalDeleted === 0
      ? `The ${kind} view deleted no feed keys.`
      : matching.length
        ? `${totalDeleted} key(s) deleted; ${matching.reduce((n, r) => n + r.keys.length, 0)} of them have the requested range ${requested.start} → ${requested.end}${answers.length && !matching.some((r) => r.hitsCached) ? `, but none is the exact key the cache holds (${answers[0].key})` : ''}.`
        : `${totalDeleted} key(s) deleted; none of them has the requested range ${requested.start} → ${requested.end}.`,
  );
  if (bumps.length) parts.push(`The feed version was bumped (${bumps.map((b) => b.text).join('; ')}).`);
  const live = answers.filter((a) => a.survived && a.holdsStale && !a.superseded);
  const dead = answers.filter((a) => a.survived && a.holdsStale && a.superseded);
  const words = (a: CachedAnswer) => staleWords(kind, title, a.oldValue);
  // "still holds "Site visit"", but not twice: an edit's old value says "still" already.
  const still = (a: CachedAnswer) => (a.oldValue ? words(a) : `still ${words(a)}`);
  const when = (a: CachedAnswer) => {
    const w = storedWords(a, kind, commitT);
    return w ? ` (${w})` : '';
  };
  if (!answers.length) parts.push(`Nothing was cached for the requested range when the ${kind} ran.`);
  for (const a of live) {
    if (a.late) parts.push(`The answer cached as ${a.key} on ${ix.label(a.cache)} was stored while the ${kind} ran${when(a)}: it ${words(a)} and will be served again.`);
    else parts.push(`The answer cached as ${a.key} on ${ix.label(a.cache)}${when(a)} ${kind === 'delete' ? `survives with "${title}"` : `survives the ${kind}: it ${words(a)}`} and will be served again.`);
  }
  for (const a of dead) parts.push(`${a.key} on ${ix.label(a.cache)} ${still(a)}, but the new version means no request reads it any more.`);
  if (answers.length && answers.every((a) => !a.survived)) parts.push(`The cached answer for the requested range is gone: the next request reads the database.`);
  for (const a of elsewhere) {
    const also = `Another range, ${a.start} → ${a.end}: ${a.key} on ${ix.label(a.cache)}${when(a)} ${still(a)}`;
    parts.push(a.superseded ? `${also}, but the new version means no request reads it any more.` : `${also}, and a request for that range will be served it.`);
  }
  return parts.join(' ');
}
