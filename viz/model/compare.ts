// Where two runs part ways: the first step whose event differs in time, place, kind, sender or
// words. Identical prefixes (same latencies, same order) are common: both seed runs agree until
// the first feed URL, which carries the cache-buster only in the fixed run.
import type { TraceEvent } from '../../sim/trace';

function same(a: TraceEvent, b: TraceEvent): boolean {
  return a.t === b.t && a.actor === b.actor && a.type === b.type && (a.from ?? '') === (b.from ?? '') && a.label === b.label;
}

/** Index of the first differing event (the shorter length if one is a prefix), or null. */
export function firstDifference(a: readonly TraceEvent[], b: readonly TraceEvent[]): number | null {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (!same(a[i], b[i])) return i;
  return a.length === b.length ? null : n;
}
