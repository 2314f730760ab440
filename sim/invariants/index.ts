// The invariants every run is judged by, as checkers over the trace (outside the machines).
// Safety: read-your-delete, fresh-after-commit, fresh-render; liveness: convergence.
import type { Trace } from '../trace';
import { convergence } from './convergence';
import { freshAfterCommit } from './freshAfterCommit';
import { freshRender } from './freshRender';
import type { Invariant } from './invariant';
import { readYourDelete } from './readYourDelete';
import { traceFacts } from './traceFacts';
import type { InvariantInfo, Violation } from './types';

export type { InvariantInfo, Violation } from './types';

const CHECKERS: Invariant[] = [readYourDelete, freshAfterCommit, freshRender, convergence];

/** Name and one-sentence statement of each invariant, in the order violations are reported. */
export const INVARIANTS: InvariantInfo[] = CHECKERS.map(({ name, statement }) => ({ name, statement }));

/** Every violation in the trace, by invariant (in INVARIANTS order), then by start time. */
export function checkInvariants(trace: Trace): Violation[] {
  const facts = traceFacts(trace);
  const out: Violation[] = [];
  for (const c of CHECKERS) out.push(...c.check(facts).sort((a, b) => a.startT - b.startT || a.user.localeCompare(b.user) || a.item.localeCompare(b.item)));
  return out;
}
