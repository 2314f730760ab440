// How long a violation's staleness lasted, and the optional bound (`--max-stale-ms N`) that
// tolerates short ones. Three cases, from the trace alone:
// - a window: a later observation was fresh again (endT), so it lasted endT - startT ms;
// - until a TTL: it was still stale when the run ended, and the stale answer came from a Django
//   cache entry with a timeout; nothing removes that entry earlier (the version moved past it, or
//   nobody deletes it), so a fetch after it expires is the first that can be fresh. It lasts until
//   the entry's expiry: the cache.set that stored it, plus its timeoutS;
// - until the end of the run: still stale at the end, and nothing in the trace bounds it.
import type { TraceEvent } from '../trace';
import type { Violation } from './types';

export type StaleUntil = 'window' | 'ttl' | 'end-of-run';

export interface Staleness {
  staleUntil: StaleUntil;
  /** ms the staleness lasted (window) or will last (ttl); null: unbounded (end of run). */
  staleMs: number | null;
  /** Virtual ms it ended or will end; null: unbounded. */
  untilT: number | null;
}

/** The Django cache entry a cause chain read stale data from: its key and actor, or null. */
function staleCacheHit(events: readonly TraceEvent[], causeSeqs: readonly number[]): TraceEvent | null {
  for (const s of causeSeqs) {
    const e = events[s];
    if (e.type === 'cache.get' && e.payload.hit === true && Array.isArray(e.payload.items)) return e;
  }
  return null;
}

/** When the entry a cache.get hit was stored expires (virtual ms), or null when it never does. */
function expiryOf(events: readonly TraceEvent[], hit: TraceEvent): number | null {
  for (let s = hit.seq - 1; s >= 0; s--) {
    const e = events[s];
    if (e.type === 'cache.set' && e.actor === hit.actor && e.payload.key === hit.payload.key) {
      const timeoutS = e.payload.timeoutS;
      return typeof timeoutS === 'number' ? e.t + timeoutS * 1000 : null;
    }
  }
  return null;
}

export function staleness(events: readonly TraceEvent[], v: Pick<Violation, 'startT' | 'endT' | 'causeSeqs'>): Staleness {
  if (v.endT !== null) return { staleUntil: 'window', staleMs: v.endT - v.startT, untilT: v.endT };
  const hit = staleCacheHit(events, v.causeSeqs);
  const expiresT = hit ? expiryOf(events, hit) : null;
  if (expiresT !== null && expiresT > v.startT) return { staleUntil: 'ttl', staleMs: expiresT - v.startT, untilT: expiresT };
  return { staleUntil: 'end-of-run', staleMs: null, untilT: null };
}

/** Whether a violation is within the bound: stale for at most maxStaleMs (an unbounded one never is). */
export function withinBound(s: Staleness, maxStaleMs: number | undefined): boolean {
  return maxStaleMs !== undefined && s.staleMs !== null && s.staleMs <= maxStaleMs;
}

/** "133 ms (a window: ...)", "299978 ms (until ... TTL ...)", "the rest of the run (...)". */
export function describeStaleness(s: Staleness): string {
  if (s.staleUntil === 'window') return `${s.staleMs} ms (a window: a later answer was fresh)`;
  if (s.staleUntil === 'ttl') return `${s.staleMs} ms (until the stale cache entry's TTL runs out at ${s.untilT} ms)`;
  return 'the rest of the run (nothing in the trace bounds it)';
}

/** Short form for tables: "133 ms", "TTL 300 s", "end". */
export function shortStaleness(s: Staleness): string {
  if (s.staleUntil === 'window') return `${s.staleMs} ms`;
  if (s.staleUntil === 'ttl') return `until TTL (${s.staleMs} ms)`;
  return 'to the end of the run';
}

/** The violation that stayed stale longest: unbounded beats a TTL, a TTL beats a window, then by ms. */
export function longestStale(violations: readonly Violation[]): Violation {
  const rank = (v: Violation) => (v.staleUntil === 'end-of-run' || v.staleMs === null || v.staleMs === undefined ? [2, 0] : [v.staleUntil === 'ttl' ? 1 : 0, v.staleMs]);
  return violations.reduce((a, b) => {
    const [ra, ma] = rank(a);
    const [rb, mb] = rank(b);
    return rb > ra || (rb === ra && mb > ma) ? b : a;
  });
}
