// Where two runs part ways: the first step at which something different happened: another time,
// place, kind or sender, another payload (URL, items, cache key, render), or a layer holding
// something else afterwards. Names are not compared: the first event names the scenario, so two
// scenarios with the same story (seed-broken and seed-fixed under one preset) do not "differ" there.
import type { TraceEvent } from '../../sim/trace';

/** Payload keys that name the run rather than say what happened. */
const NAMING_KEYS = new Set(['scenario', 'description']);

function payloadOf(e: TraceEvent): string {
  return JSON.stringify(e.payload, (k, v) => (NAMING_KEYS.has(k) ? undefined : v));
}

function same(a: TraceEvent, b: TraceEvent): boolean {
  return a.t === b.t && a.actor === b.actor && a.type === b.type && (a.from ?? '') === (b.from ?? '') && payloadOf(a) === payloadOf(b) && JSON.stringify(a.after ?? null) === JSON.stringify(b.after ?? null);
}

/** Index of the first differing event (the shorter length if one is a prefix), or null. */
export function firstDifference(a: readonly TraceEvent[], b: readonly TraceEvent[]): number | null {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (!same(a[i], b[i])) return i;
  return a.length === b.length ? null : n;
}
