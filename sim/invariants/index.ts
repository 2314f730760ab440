// The invariants every run is judged by, as checkers over the trace (outside the machines).
// Safety: read-your-delete, fresh-after-commit, fresh-render (a delete), read-your-writes and
// fresh-after-write (a create or an edit); liveness: convergence.
import type { Trace } from '../trace';
import { convergence } from './convergence';
import { freshAfterCommit } from './freshAfterCommit';
import { freshRender } from './freshRender';
import type { Invariant } from './invariant';
import { readYourDelete } from './readYourDelete';
import { readYourWrites } from './readYourWrites';
import { freshAfterWrite } from './freshAfterWrite';
import { traceFacts, type TraceFacts } from './traceFacts';
import { staleness, withinBound } from './staleness';
import type { CheckInvariantsOptions, InvariantInfo, Violation } from './types';

export type { CheckInvariantsOptions, InvariantInfo, Violation } from './types';

const CHECKERS: Invariant[] = [readYourDelete, freshAfterCommit, freshRender, readYourWrites, freshAfterWrite, convergence];

/** Name and one-sentence statement of each invariant, in the order violations are reported. */
export const INVARIANTS: InvariantInfo[] = CHECKERS.map(({ name, statement }) => ({ name, statement }));

/**
 * Every violation in the trace, by invariant (in INVARIANTS order), then by start time, each with
 * how long it was stale. With maxStaleMs, staleness that provably lasted at most that long is
 * tolerated (left out); staleness still open at the end with nothing bounding it never is.
 */
export function checkInvariants(trace: Trace, options: CheckInvariantsOptions = {}): Violation[] {
  return checkFacts(traceFacts(trace), options);
}

/** Violations by start time, then user, then item (one comparator, not a closure per checker per run). */
function byStart(a: Violation, b: Violation): number {
  return a.startT - b.startT || a.user.localeCompare(b.user) || a.item.localeCompare(b.item);
}

/** checkInvariants on facts already gathered from the trace (the explorer gathers them resuming from the run it branched from). */
export function checkFacts(facts: TraceFacts, options: CheckInvariantsOptions = {}): Violation[] {
  const out: Violation[] = [];
  for (const c of CHECKERS) {
    const found = c.check(facts).sort(byStart);
    for (const v of found) {
      const s = staleness(facts.events, v);
      if (!withinBound(s, options.maxStaleMs)) out.push({ ...v, ...s });
    }
  }
  return out;
}
