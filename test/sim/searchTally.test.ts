// The explorer's report re-runs each witness from the start and reports what that replay judges:
// a witness whose replay does not break its invariant is an engine bug, reported as an error, never
// answered with the search's own violation in its place.
import { describe, expect, it } from 'vitest';
import { explore } from '../../sim/explore/explore';
import { SearchTally, WitnessReplayError, type RunTotals } from '../../sim/explore/searchTally';
import type { ExploreResult } from '../../sim/explore/types';
import { runScenarioDetailed } from '../../sim/run';
import { checkInvariants } from '../../sim/invariants/index';
import { getScenario } from '../../sim/scenarios/index';

const scenario = getScenario('commit-race');
const found = explore(scenario, { preset: 'broken', maxStates: 1_000_000, maxDeviations: 1 });

/** A tally that has counted one run: the given witness's violation and script, nothing else. */
function tallyOf(w: ExploreResult['witnesses'][number]): SearchTally {
  const tally = new SearchTally({ maxStates: 1_000_000 });
  const run: RunTotals = { full: false, violations: [w.violation], script: w.script, nonNominal: w.nonNominal, eventCount: w.trace.events.length, statesExplored: 1, choices: w.script.length, steps: 1, pastHorizon: false, undecided: 0, tiesPruned: 0 };
  tally.count(run, 1);
  return tally;
}

const report = (tally: SearchTally, preset: string) =>
  tally.result(scenario, { preset, overrides: [], horizonMs: found.horizonMs, reduction: true, symmetry: true, level: 1 }, { size: 1, bytes: 8 });

describe("the explorer's report of its witnesses", () => {
  it('reports a witness its replay confirms, with the replayed violation', () => {
    expect(found.witnesses.length).toBeGreaterThan(0);
    const w = found.witnesses[0];
    const r = report(tallyOf(w), 'broken');
    expect(r.witnesses.map((x) => [x.invariant, x.script])).toEqual([[w.invariant, w.script]]);
    expect(r.witnesses[0].violation).toEqual(w.violation);
  });

  it('is an error, not the search\'s violation, when the replay does not break the invariant', () => {
    // Inconsistent on purpose: broken's witness, replayed under robust, where it breaks nothing.
    const w = found.witnesses[0];
    const replayed = runScenarioDetailed(scenario, { preset: 'robust', choices: w.script }).trace;
    expect(checkInvariants(replayed).map((v) => v.invariant)).not.toContain(w.invariant);
    const tally = tallyOf(w);
    expect(() => report(tally, 'robust')).toThrow(WitnessReplayError);
    expect(() => report(tally, 'robust')).toThrow(`explore commit-race: the witness for ${w.invariant} (choices ${w.script.join(',') || 'none'}) does not break it when replayed from the start`);
  });
});
