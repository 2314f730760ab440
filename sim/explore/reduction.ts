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
