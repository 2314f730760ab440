// Stale periods to draw as bands on a user's lifeline: the invariant checkers' violations
// (sim/invariants). If a trace cannot be checked (a file from an older build, say), the bands fall
// back to what the run's own outcome records: a deleted item that never left a calendar, or one
// that came back after it had left.
import { checkInvariants, INVARIANTS, type Violation } from '../../sim/invariants/index';
import type { Trace } from '../../sim/trace';
import type { TraceIndex } from './traceIndex';

export type { Violation };

export interface Bands {
  violations: Violation[];
  /** Where they came from: the checkers, or the outcome when the checkers could not run. */
  source: 'invariants' | 'outcome';
}

/** Invariant order, for stable lanes and legends. */
export const INVARIANT_ORDER: string[] = INVARIANTS.map((i) => i.name);

export function staleBands(trace: Trace, ix: TraceIndex): Bands {
  try {
    return { violations: checkInvariants(trace), source: 'invariants' };
  } catch {
    return { violations: fromOutcome(trace, ix), source: 'outcome' };
  }
}

function fromOutcome(trace: Trace, ix: TraceIndex): Violation[] {
  const out: Violation[] = [];
  const deletions = Array.isArray(trace.outcome?.deletions) ? trace.outcome.deletions : [];
  for (const d of deletions) {
    if (!d || !Array.isArray(d.users)) continue;
    const title = d.title || ix.titleOf(d.item);
    const commit = ix.deletions.find((x) => x.uuid === d.item);
    for (const u of d.users) {
      if (u.vanishedAt === null && u.shownAtEnd) {
        out.push({
          invariant: 'never-vanished',
          statement: `"${title}" was deleted at ${d.committedAt ?? '?'} ms but never disappeared from ${u.user}'s calendar`,
          user: u.user,
          item: d.item,
          startT: d.committedAt ?? 0,
          endT: null,
          causeSeqs: commit ? [commit.commitSeq] : [],
        });
      }
      for (const r of Array.isArray(u.resurrections) ? u.resurrections : []) {
        out.push({
          invariant: 'came-back',
          statement: `"${title}" came back on ${u.user}'s calendar at ${r.t} ms after it had disappeared`,
          user: u.user,
          item: d.item,
          startT: r.t,
          endT: ix.nextVanishT(u.user, d.item, r.seq),
          causeSeqs: Array.isArray(r.causeSeqs) ? r.causeSeqs : [r.seq],
        });
      }
    }
  }
  return out;
}
