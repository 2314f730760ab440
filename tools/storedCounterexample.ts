// How the docs generators store a check's shrunk counterexample in their results files: the script
// to replay, its deviations from the documented schedule, and the invariants it violates.
import type { Counterexample } from '../sim/check/checkScenario';

export interface StoredCounterexample {
  script: number[];
  deviations: number;
  invariants: string[];
}

/** The distinct invariants a counterexample violates, in the order first violated. */
export const violatedInvariants = (x: Counterexample): string[] => [...new Set(x.violations.map((v) => v.invariant))];

export function storedCounterexample(x: Counterexample): StoredCounterexample {
  return { script: x.script, deviations: x.script.filter((c) => c !== 0).length, invariants: violatedInvariants(x) };
}
