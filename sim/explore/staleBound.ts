// What explore judges on one run, with the optional staleness bound (--max-stale-ms). Without a
// bound: every safety violation, and convergence only on runs that reached the end. With one, an
// episode still open where a run stopped at an already explored state is a violation only once
// it has lasted longer than the bound; otherwise it is undecided (the state does not record when
// the episode began), and the caller counts it so the report can say the answer is not
// exhaustive for the bound.
import { checkFacts, type Violation } from '../invariants/index';
import type { TraceFacts } from '../invariants/traceFacts';

/** `facts`: gathered from the run's whole trace (resumeFacts, or traceFacts). */
export function judgeRun(facts: TraceFacts, stopped: boolean, maxStaleMs: number | undefined, undecided: { count: number }): Violation[] {
  const events = facts.events;
  const lastT = events.length ? events[events.length - 1].t : 0;
  const all = checkFacts(facts, { maxStaleMs });
  // A loop rather than a filter with a closure, and the list itself when nothing can be left out
  // (most runs have no violation): explore judges nearly every run it makes.
  if (!stopped || all.length === 0) return all;
  const kept: Violation[] = [];
  for (const v of all) {
    if (v.invariant === 'convergence') continue;
    // Still stale where the run stopped (no fresh answer yet): the full run may still end the
    // episode early, whatever a TTL promises, so it is decided only once it is already too long.
    if (maxStaleMs === undefined || v.endT !== null || lastT - v.startT > maxStaleMs) kept.push(v);
    else undecided.count++;
  }
  return kept;
}
