// Which created or edited items a feed answer holds wrong, wherever the answer sits (a Django cache
// entry, a browser's stored answer, a response on the wire): the item with an older title or dates
// than the write committed, or, where the answer's user, range and filter cover the item, no item
// at all. The writes, and until when each is the version to show, are run's write outcome
// (sim/writeOutcome.ts); the comparison is the fresh-after-write checker's (traceFacts.ts).
import { inRange, passesFilter, showsVersion, type FeedFilter, type ShownEvent } from '../../sim/invariants/traceFacts';
import type { WriteOutcome } from '../../sim/writeOutcome';
import type { WriteFact } from '../../sim/invariants/traceFacts';
import type { JsonValue } from '../../src/json';
import { isObject, str } from './traceIndex';

/** What an answer was for, as far as its key or URL tells (null: unknown, so a missing item is not judged). */
export interface AnswerScope {
  userId: string | null;
  rangeStart: string | null;
  rangeEnd: string | null;
  filter: FeedFilter;
}

export interface WrongWrite {
  outcome: WriteOutcome;
  /** old: the item with an older title or dates; missing: the item left out although the answer covers it. */
  kind: 'old' | 'missing';
}

/** The writes whose version is the one to show after event `seq`: committed at or before it, not yet replaced by the item's next write or its delete. */
export function writesInForce(outcomes: readonly WriteOutcome[], seq: number): WriteOutcome[] {
  return outcomes.filter((o) => o.write.seq <= seq && seq < o.until);
}

/** The writes in force that a feed answer's events (FullCalendar's `{id, title, start, end}`) get wrong. */
export function wrongWrites(inForce: readonly WriteOutcome[], body: JsonValue | undefined, scope: AnswerScope | null): WrongWrite[] {
  if (!inForce.length || !Array.isArray(body)) return [];
  const events = body.filter(isObject);
  const out: WrongWrite[] = [];
  for (const o of inForce) {
    const w = o.write;
    const shown: ShownEvent[] = events
      .filter((e) => str(e.id).includes(w.uuid))
      .map((e) => ({ item: w.uuid, title: str(e.title), start: str(e.start), end: typeof e.end === 'string' ? e.end : null }));
    if (shown.length) {
      if (!showsVersion(shown, w.uuid, w)) out.push({ outcome: o, kind: 'old' });
      continue;
    }
    const covers = scope !== null && scope.userId !== null && w.visibleTo.includes(scope.userId) && inRange(w, scope.rangeStart, scope.rangeEnd) && passesFilter(w, scope.filter);
    if (covers) out.push({ outcome: o, kind: 'missing' });
  }
  return out;
}

const FEED_KEY = /^calendar_feed:(?:v\d+:)?([^:]+):([^:]+):([^:]+):(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2})$/;

/** A feed key as the view spells it (src/app/calendarFeedKey.ts, Django's prefix removed): calendar_feed:[v{n}:]{user_id}:{work_type}:{status}:{start}:{end}. */
export function scopeOfKey(bare: string): AnswerScope | null {
  const m = FEED_KEY.exec(bare);
  if (!m) return null;
  const none = (v: string) => (v === 'None' ? null : v);
  return { userId: m[1], filter: { workType: none(m[2]), status: none(m[3]) }, rangeStart: m[4], rangeEnd: m[5] };
}

/** A feed URL (?start=…&end=…[&work_type=…][&status=…]) fetched by the user with this id. */
export function scopeOfUrl(url: string, userId: string | null): AnswerScope | null {
  const q = url.indexOf('?');
  if (q < 0) return null;
  const params = new URLSearchParams(url.slice(q + 1));
  const date = (name: string) => /^\d{4}-\d{2}-\d{2}/.exec(params.get(name) ?? '')?.[0] ?? null;
  const rangeStart = date('start');
  const rangeEnd = date('end');
  if (rangeStart === null || rangeEnd === null) return null;
  // The view filters only on a non-empty parameter (`if work_type:`).
  return { userId, rangeStart, rangeEnd, filter: { workType: params.get('work_type') || null, status: params.get('status') || null } };
}

/** What an answer gets wrong, as a clause after "it": "still holds the old version of "Site visit (client)", edited at 184 ms" / "lacks "Planning day", created at 104 ms". */
export function wrongWritesClause(list: readonly WrongWrite[]): string {
  return list
    .map((x) => {
      const w = x.outcome.write;
      const at = `${w.kind === 'create' ? 'created' : 'edited'} at ${w.t} ms`;
      return x.kind === 'old' ? `still holds the old version of "${w.title}", ${at}` : `lacks "${w.title}", ${at}`;
    })
    .join('; it ');
}

/** The badge's words: "old version · edited at 184 ms", "lacks "Planning day" · created at 104 ms". */
export function wrongWriteWords(x: WrongWrite): string {
  const w = x.outcome.write;
  const at = `${w.kind === 'create' ? 'created' : 'edited'} at ${w.t} ms`;
  if (x.kind === 'old') return `old version · ${at}`;
  return `${w.kind === 'create' ? '' : 'old version: '}lacks "${w.title}" · ${at}`;
}

/**
 * What a feed answer still says of an edited item where it differs from the edit: its old title
 * ('"Site visit"') or its old dates ('dated 2025-10-15 to 2025-10-16', end inclusive as the outcome
 * says them); null when the answer does not hold the item. The item is named by its new title
 * everywhere; this is the old value beside it.
 */
export function oldValueIn(body: JsonValue | undefined, w: Pick<WriteFact, 'uuid' | 'title' | 'startDate' | 'endDate'>): string | null {
  if (!Array.isArray(body)) return null;
  const e = body.filter(isObject).find((x) => str(x.id).includes(w.uuid));
  if (!e) return null;
  if (str(e.title) !== w.title) return `"${str(e.title)}"`;
  const start = str(e.start).slice(0, 10);
  const end = typeof e.end === 'string' ? dayBefore(e.end.slice(0, 10)) : start;
  return start === w.startDate && end === w.endDate ? null : `dated ${start}${end === start ? '' : ` to ${end}`}`;
}

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
