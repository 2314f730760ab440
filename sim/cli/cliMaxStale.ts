// --max-stale-ms N, shared by check, explore and matrix: the invariants then tolerate staleness
// that provably lasted at most N ms (a window that closed, or a cache entry's TTL), so "stale for
// at most 50 ms" is a property one can check. Staleness still open at the end of a run with
// nothing bounding it is never tolerated.
import { MS, parseIntIn } from '../input/numbers';
import type { Violation } from '../invariants/index';
import { describeStaleness, longestStale } from '../invariants/staleness';

export const MAX_STALE_OPTION = { 'max-stale-ms': { type: 'string' } } as const;

export const MAX_STALE_HELP = `  --max-stale-ms N    tolerate staleness that lasted at most N ms (a window that closed, or a
                      cache entry's TTL); staleness still open at the end of the run always counts.
                      Default: none (any stale moment is a violation)`;

export function maxStaleFlag(values: Record<string, unknown>): number | undefined {
  const text = values['max-stale-ms'];
  return typeof text === 'string' ? parseIntIn(text, MS, '--max-stale-ms') : undefined;
}

/** For headers: " (staleness of at most N ms tolerated)" or "". */
export function maxStaleNote(maxStaleMs: number | undefined): string {
  return maxStaleMs === undefined ? '' : `, staleness of at most ${maxStaleMs} ms tolerated`;
}

/** How long the longest-stale of a run's violations lasted, in words. */
export function describeLongest(violations: readonly Violation[]): string {
  const v = longestStale(violations);
  return describeStaleness({ staleUntil: v.staleUntil ?? 'end-of-run', staleMs: v.staleMs ?? null, untilT: v.untilT ?? null });
}
