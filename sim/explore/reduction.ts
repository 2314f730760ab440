// Partial-order reduction at ties (several tasks due at the same instant): a persistent set.
// Among the due tasks, the one scheduled first (the nominal choice) and every due task linked to
// it by a chain of dependent pairs form a set that nothing outside it can affect before one of its
// members runs: the other due tasks are independent of all of them, and so is whatever those
// schedule at the same instant (the footprints include it, independence.ts); later instants wait
// for every task due now. So every schedule is equivalent, up to the order of independent tasks,
// to one that runs a member of the set first, and the explorer offers only those orders. The
// other orders reach the same states (an independent pair run either way ends in the same world)
// and the checkers judge them alike (the footprints include what the checkers compare: commits
// against fetches, renders and a worker's start of a request).
//
// The set depends only on the state (the due tasks and what they touch), so it is sound with the
// visited set: a state reached again has the same set. The nominal schedule is unchanged.
//
// Deviations: the search still takes schedules in order of deviations, so the first witness is one
// with the fewest deviations among the schedules it explores. A left-out order's representative
// runs the nominal task's component first, which can change which task is "first scheduled" at a
// later tie (tasks are numbered as they are scheduled), so a class's representative may count more
// deviations than another member: a bound "at most k deviations" covers the representatives with
// at most k. test/sim/reduction.test.ts found the same witnesses, with the same number of
// deviations, with and without the reduction on every seed and catalog scenario it compares.
import type { SimState, Task } from '../world/state';
import type { IndependenceRelation } from './independence';

/** Indices (into `due`, in order) of the tie's options worth exploring: the nominal task's dependency component. */
export function tieOptions(due: readonly Task[], state: SimState, independent: IndependenceRelation): number[] {
  const inSet = new Array<boolean>(due.length).fill(false);
  inSet[0] = true;
  const frontier = [0];
  while (frontier.length) {
    const k = frontier.pop()!;
    for (let j = 0; j < due.length; j++) {
      if (inSet[j] || independent(due[k], due[j], state)) continue;
      inSet[j] = true;
      frontier.push(j);
    }
  }
  const kept: number[] = [];
  for (let j = 0; j < due.length; j++) if (inSet[j]) kept.push(j);
  return kept;
}
