// Invariants a run breaks where no calendar shows it: a feed answer produced after a delete (or a
// write) committed still carries the old data, but no render draws it (FullCalendar ignored the
// answer: a newer fetch had started). The run card said "stayed gone" beside a failing
// fresh-after-commit chip; these say what went wrong, and where (the event that broke it).
import type { Violation } from './staleBands';
import { str, type TraceIndex } from './traceIndex';

export interface UnseenBreak {
  violation: Violation;
  /** Where it was first seen: the event the checker names first (a feed answer, a render). */
  seq: number;
  /** What went wrong, in words: "worker 1's feed answer to A at 215 ms still held "Site visit"". */
  what: string;
  /** Why no calendar showed it, when the trace says ("FullCalendar (A) ignored that answer: a newer fetch started since"). */
  why: string | null;
}

/** The violations about the given items (or about no item the verdict covers), each said in words. */
export function unseenBreaks(x: TraceIndex, violations: readonly Violation[], items: (uuid: string) => boolean): UnseenBreak[] {
  return violations.filter((v) => items(v.item)).map((v) => describe(x, v));
}

function describe(x: TraceIndex, v: Violation): UnseenBreak {
  const seq = v.causeSeqs[0] ?? -1;
  const e = x.events[seq];
  const life = e && e.type === 'http.respond' ? x.requests.find((r) => r.respond === seq) : undefined;
  const title = `"${x.titleOf(v.item)}"`;
  const answer = life ? `${life.worker ? `${x.label(life.worker)}'s` : 'a'} feed answer to ${v.user} at ${v.startT} ms` : `a feed answer to ${v.user} at ${v.startT} ms`;
  let what: string;
  if (v.invariant === 'fresh-after-commit') {
    const d = x.deletions.find((d) => d.uuid === v.item);
    what = `${answer}, produced after the delete committed${d ? ` at ${d.commitT} ms` : ''}, still held ${title}`;
  } else if (v.invariant === 'fresh-after-write') {
    const w = x.writes.filter((w) => w.write.uuid === v.item && w.write.seq <= seq).pop()?.write;
    const kind = w?.kind === 'create' ? 'create' : 'edit';
    what = `${answer}, produced after the ${kind} committed${w ? ` at ${x.events[w.seq]?.t ?? '?'} ms` : ''}, ${kind === 'create' ? `still lacked ${title}` : `still held the old version of ${title}`}`;
  } else what = `${v.user ? `for ${v.user}` : 'in this run'}, at ${v.startT} ms: ${v.statement}`;
  return { violation: v, seq, what, why: life ? ignoredBy(x, life.id) : null };
}

/** The calendar that dropped the answer to request `id`: its fetch's "ignored" event, said as the trace says it. */
function ignoredBy(x: TraceIndex, id: string): string | null {
  const life = x.requests.find((r) => r.id === id);
  if (!life || !life.browser || life.send < 0) return null;
  const calendar = `calendar:${life.browser.replace(/^browser:/, '')}`;
  const fetch = x.events.find((e) => e.seq < life.send && e.actor === calendar && e.type === 'calendar.fetch' && str(e.payload.url) === life.url);
  if (!fetch) return null;
  const ignored = x.events.find((e) => e.seq > life.send && e.actor === calendar && e.type === 'calendar.fetchIgnored' && e.payload.fetchId === fetch.payload.fetchId);
  if (!ignored) return null;
  const reason = ignored.label.split(' ignored: ')[1];
  return `${x.label(calendar)} ignored that answer${reason ? `: ${reason.replace(/ \(latestFetchId\)$/, '')}` : ''}`;
}

/**
 * Where it breaks, in a run where nothing comes back (the "Where it breaks" jump, the timing
 * diagram's marks): the verdict's unseen breaks, else (an item that never disappeared, a write never
 * shown as written) the event where each broken invariant was first seen; seq -> invariant names.
 */
export function breakPoints(x: TraceIndex, unseen: readonly UnseenBreak[], violations: readonly Violation[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const firstSeen = unseen.length ? unseen.map((u) => ({ seq: u.seq, name: u.violation.invariant })) : x.comeBacks.length ? [] : violations.map((v) => ({ seq: v.causeSeqs[0] ?? -1, name: v.invariant }));
  for (const b of firstSeen) if (b.seq >= 0 && b.seq < x.events.length && !out.get(b.seq)?.includes(b.name)) out.set(b.seq, [...(out.get(b.seq) ?? []), b.name]);
  return out;
}
