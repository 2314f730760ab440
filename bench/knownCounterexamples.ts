// The counterexamples the project knows of: every catalog scenario and preset where some schedule
// breaks an invariant, each with a schedule that does (from `explore`'s shortest witnesses in
// docs/findings.md and `cachelab check`). The bench judges `check` on finding each of them; a known
// one that a seed does not find is a miss. Each schedule is replayed first, so the list cannot
// silently go stale when the model changes: a schedule that no longer fails stops the bench, and
// test/bench/knownCounterexamples.test.ts fails when check finds one in a pair missing here.
import { checkInvariants } from '../sim/invariants/index';
import { runScenario } from '../sim/run';
import { getScenario } from '../sim/scenarios/index';

export interface KnownCounterexample {
  scenario: string;
  preset: string;
  /** A schedule (choice indices, as `replay --choices` takes them) that violates an invariant. */
  choices: number[];
  /** Where it comes from. */
  source: string;
}

const NOMINAL = 'the documented schedule fails (explore and check: 0 deviations)';

export const KNOWN_COUNTEREXAMPLES: KnownCounterexample[] = [
  ...['cross-user-delete', 'multi-worker', 'commit-race', 'inflight-refetch', 'sunday-month', 'other-month', 'concurrent-deletes', 'two-worker-reload'].map((scenario) => ({
    scenario,
    preset: 'broken',
    choices: [],
    source: NOMINAL,
  })),
  { scenario: 'cross-user-delete', preset: 'seed-fix', choices: [], source: NOMINAL },
  { scenario: 'multi-worker', preset: 'seed-fix', choices: [], source: NOMINAL },
  { scenario: 'commit-race', preset: 'seed-fix', choices: [180, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1], source: "explore's 4-deviation witness (docs/findings.md)" },
  { scenario: 'inflight-refetch', preset: 'seed-fix', choices: [20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 70], source: "explore's 2-deviation witness (docs/findings.md)" },
  { scenario: 'concurrent-deletes', preset: 'seed-fix', choices: [...Array(39).fill(0), 100], source: 'check, PCT seed 1, shrunk to 1 deviation' },
  { scenario: 'two-worker-reload', preset: 'seed-fix', choices: [], source: NOMINAL },
];

/** Throws unless every known schedule still violates an invariant. */
export function verifyKnownCounterexamples(): void {
  for (const k of KNOWN_COUNTEREXAMPLES) {
    const trace = runScenario(getScenario(k.scenario), { preset: k.preset, choices: k.choices, lean: true });
    if (checkInvariants(trace).length === 0)
      throw new Error(`bench/knownCounterexamples.ts: the known schedule of ${k.scenario} under ${k.preset} no longer violates an invariant; re-derive it (cachelab explore) and update the list`);
  }
}

export function isKnown(scenario: string, preset: string): boolean {
  return KNOWN_COUNTEREXAMPLES.some((k) => k.scenario === scenario && k.preset === preset);
}
