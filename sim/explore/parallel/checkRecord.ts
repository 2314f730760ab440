// Whether a run a worker made ahead of time is the run the one-thread explorer would make at this
// point of its order. The worker knew only part of the visited set (what the main thread had
// merged when it sent the work, plus what its own earlier runs reached), so its run may have gone
// past a state that an earlier schedule has since claimed, or stopped at a state reached only by
// one of its own guesses that did not hold. The run is exactly the one-thread run when, against
// the visited set now: no state before its last was visited, the bound on states did not fall
// inside it, and its last state was visited exactly when it stopped there. Otherwise the main
// thread runs the schedule again itself (parallelExplore.ts), so every answer stays the same.
import type { RunRecord } from './scheduleRunner';
import type { VisitedSet } from '../visitedSet';

export function recordHolds(r: RunRecord, visited: VisitedSet, maxStates: number): boolean {
  const fps = r.fps;
  const n = fps.length / 2;
  for (let k = 0; k < n; k++) {
    const a = fps[2 * k];
    const b = fps[2 * k + 1];
    const last = k === n - 1;
    // A run stops at a state it reached earlier itself, too: only its last state can be one.
    const seen = visited.has(a, b) || (last && reachedBefore(fps, k, a, b));
    if (seen) return last && r.stop === 'visited';
    if (visited.size + k >= maxStates) return false;
  }
  return r.stop === null;
}

function reachedBefore(fps: readonly number[], k: number, a: number, b: number): boolean {
  for (let j = 0; j < k; j++) if (fps[2 * j] === a && fps[2 * j + 1] === b) return true;
  return false;
}
