// The seed's "Cache Key Mismatch Visualization", computed from the run: the range FullCalendar
// requested (its 42-day grid, end exclusive) beside the exact keys the delete view's invalidation
// removed, and what became of the answer cached for the requested range.
import type { TraceEvent } from '../../sim/trace';
import { keyVersions } from './layerModel';
import { isObject, str, type TraceIndex } from './traceIndex';

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
  holdsDeleted: boolean;
  /** Still stored after the delete view finished. */
  survived: boolean;
  /** Unreadable because the version moved past it. */
  superseded: boolean;
}

export interface CacheKeyAnalysis {
  clickSeq: number;
  clickT: number;
  user: string;
  itemTitle: string;
  requested: { start: string; end: string; fetchSeq: number | null } | null;
  /** Each day of the requested range, start inclusive, end exclusive. */
  days: string[];
  ranges: KeyRange[];
  /** Keys without a date range (the version counter), deleted or written. */
  otherKeys: string[];
  totalDeleted: number;
  bumps: { seq: number; text: string; value: number | null }[];
  answers: CachedAnswer[];
  verdict: string;
  /** How many deletes the run has, and which one this is (1-based). */
  ordinal: number;
  count: number;
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

/** The delete at or before `seq` (else the run's first), analysed. */
export function analyzeDelete(ix: TraceIndex, seq: number): CacheKeyAnalysis | null {
  const clicks = ix.events.filter((e) => e.type === 'user.delete');
  if (!clicks.length) return null;
  let k = 0;
  clicks.forEach((c, i) => {
    if (c.seq <= seq) k = i;
  });
  return analyzeClick(ix, clicks[k], k + 1, clicks.length);
}

function analyzeClick(ix: TraceIndex, click: TraceEvent, ordinal: number, count: number): CacheKeyAnalysis {
  const events = ix.events;
  const userActor = ix.actorById.get(click.actor);
  const user = userActor?.user ?? click.actor.replace(/^user:/, '');
  const uuid = str(click.payload.item);
  const itemTitle = ix.titleOf(uuid);

  // The range the calendar asked for last, before the click.
  let requested: CacheKeyAnalysis['requested'] = null;
  for (let i = click.seq - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type === 'calendar.fetch' && (ix.actorById.get(e.actor)?.user ?? e.actor.replace(/^calendar:/, '')) === user && e.payload.startStr) {
      requested = { start: str(e.payload.startStr).slice(0, 10), end: str(e.payload.endStr).slice(0, 10), fetchSeq: e.seq };
      break;
    }
  }

  // The DELETE request this click caused, and what its view did to the caches until it answered.
  const caused = new Set<number>([click.seq]);
  let request: { start: number; end: number; worker: string } | null = null;
  for (let i = click.seq + 1; i < events.length; i++) {
    const e = events[i];
    if (e.causeId === null || !caused.has(e.causeId)) continue;
    caused.add(e.seq);
    if (!request && e.type === 'http.request' && str(e.payload.method) === 'DELETE') {
      const life = ix.requests.find((r) => r.id === str(e.payload.requestId));
      request = { start: e.seq, end: life && life.respond >= 0 ? life.respond : events.length - 1, worker: e.actor };
    }
    if (request && e.seq > request.end) break;
  }
  const ranges = new Map<string, KeyRange>();
  const otherKeys: string[] = [];
  const bumps: CacheKeyAnalysis['bumps'] = [];
  let totalDeleted = 0;
  let newVersion: number | null = null;
  let before = click.seq;
  let afterSeq = click.seq;
  if (request) {
    before = request.start;
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
        if (v !== null) newVersion = v;
        bumps.push({ seq: e.seq, text: `${e.type} ${str(e.payload.key)} = ${JSON.stringify(e.payload.value ?? null)} (on ${ix.label(e.actor)})`, value: v });
      }
      if (e.type === 'cache.incr' && isVersion) {
        const v = typeof e.payload.result === 'number' ? e.payload.result : null;
        if (v !== null) newVersion = v;
        bumps.push({ seq: e.seq, text: `cache.incr ${str(e.payload.key)} -> ${str(e.payload.result)} (on ${ix.label(e.actor)})`, value: v });
      }
      if (e.type === 'db.incrementVersion') {
        const v = typeof e.payload.value === 'number' ? e.payload.value : null;
        if (v !== null) newVersion = v;
        bumps.push({ seq: e.seq, text: `${e.label} (database)`, value: v });
      }
    }
  }

  // The answers cached for the requested range in every Django cache, before and after.
  const answers: CachedAnswer[] = [];
  if (requested) {
    const suffix = `:${requested.start}:${requested.end}`;
    for (const a of ix.actors.filter((x) => x.kind === 'cache')) {
      const entries = (layer: ReturnType<TraceIndex['layerAt']>) => (layer && Array.isArray(layer.entries) ? layer.entries.filter(isObject) : []);
      const after = entries(ix.layerAt(a.id, afterSeq));
      for (const e of entries(ix.layerAt(a.id, before))) {
        const key = str(e.key);
        if (!key.endsWith(suffix)) continue;
        const v = keyVersions(key);
        const feedVersion = v.feed === null ? null : Number(v.feed);
        const still = after.find((x) => str(x.key) === key && !x.expired);
        answers.push({
          cache: a.id,
          key: v.bare,
          feedVersion,
          holdsDeleted: JSON.stringify(e.value ?? null).includes(uuid),
          survived: Boolean(still),
          superseded: feedVersion !== null && newVersion !== null && feedVersion < newVersion,
        });
      }
    }
  }

  const cachedKeys = new Set(answers.map((x) => x.key));
  for (const r of ranges.values()) r.hitsCached = r.keys.some((k) => cachedKeys.has(k));
  const days = requested ? daysBetween(requested.start, requested.end) : [];
  const rangeList = [...ranges.values()].sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0));
  return {
    clickSeq: click.seq,
    clickT: click.t,
    user,
    itemTitle,
    requested,
    days,
    ranges: rangeList,
    otherKeys,
    totalDeleted,
    bumps,
    answers,
    verdict: verdictOf(ix, requested, rangeList, answers, bumps, totalDeleted, itemTitle),
    ordinal,
    count,
  };
}

function verdictOf(
  ix: TraceIndex,
  requested: CacheKeyAnalysis['requested'],
  ranges: KeyRange[],
  answers: CachedAnswer[],
  bumps: CacheKeyAnalysis['bumps'],
  totalDeleted: number,
  title: string,
): string {
  if (!requested) return 'The calendar had not requested a range before this delete.';
  const parts: string[] = [];
  const matching = ranges.filter((r) => r.matchesRequest);
  parts.push(
    totalDeleted === 0
      ? 'The delete view deleted no feed keys.'
      : matching.length
        ? `${totalDeleted} key(s) deleted; ${matching.reduce((n, r) => n + r.keys.length, 0)} of them have the requested range ${requested.start} → ${requested.end}${answers.length && !matching.some((r) => r.hitsCached) ? `, but none is the exact key the cache holds (${answers[0].key})` : ''}.`
        : `${totalDeleted} key(s) deleted; none of them has the requested range ${requested.start} → ${requested.end}.`,
  );
  if (bumps.length) parts.push(`The feed version was bumped (${bumps.map((b) => b.text).join('; ')}).`);
  const live = answers.filter((a) => a.survived && a.holdsDeleted && !a.superseded);
  const dead = answers.filter((a) => a.survived && a.holdsDeleted && a.superseded);
  if (!answers.length) parts.push('Nothing was cached for the requested range when the delete ran.');
  for (const a of live) parts.push(`The answer cached as ${a.key} on ${ix.label(a.cache)} survives with "${title}" and will be served again.`);
  for (const a of dead) parts.push(`${a.key} on ${ix.label(a.cache)} still holds "${title}", but the new version means no request reads it any more.`);
  if (answers.length && answers.every((a) => !a.survived)) parts.push(`The cached answer for the requested range is gone: the next request reads the database.`);
  return parts.join(' ');
}
