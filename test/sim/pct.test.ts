// PCT: a seeded chooser that is deterministic per seed, and finds the commit-race witness that
// uniform random schedules miss.
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../../sim/check/checkScenario';
import { recordingChooser } from '../../sim/chooser';
import { checkInvariants } from '../../sim/invariants/index';
import { forgetParsedLabels, parseTieThreads, pctChooser, speedIndices, tieThreads } from '../../sim/pctChooser';
import { LATENCY, latencyValues } from '../../sim/latency';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';

const commitRace = getScenario('commit-race');
const steps = runScenario(commitRace, { preset: 'seed-fix', lean: true }).choices.length;

function choicesOf(seed: number, depth: number): number[] {
  const chooser = recordingChooser(pctChooser({ seed, depth, steps }));
  runScenario(commitRace, { preset: 'seed-fix', chooser, lean: true });
  return chooser.log;
}

describe('pctChooser', () => {
  it('gives the same schedule for the same seed, and another for another seed', () => {
    expect(choicesOf(42, 3)).toEqual(choicesOf(42, 3));
    expect(choicesOf(42, 3)).not.toEqual(choicesOf(43, 3));
  });

  it('runs a thread whose priority was dropped at its slowest: depth 1 has no change point, so some seed differs at depth 2', () => {
    // Same seed, same priorities; only the change points differ, and they slow threads down.
    const differs = [1, 2, 3, 4, 5, 6, 7, 8].some((seed) => choicesOf(seed, 1).join() !== choicesOf(seed, 2).join());
    expect(differs).toBe(true);
  });

  it('finds the seed fix\'s ATOMIC_REQUESTS race in commit-race (seed 1), where 300 uniform random schedules do not', () => {
    const pct = checkScenario(commitRace, { preset: 'seed-fix', runs: 300, seed: 1, strategy: 'pct' });
    expect(pct.counterexample).not.toBeNull();
    const replay = runScenario(commitRace, { preset: 'seed-fix', choices: pct.counterexample!.script });
    expect(checkInvariants(replay).map((v) => v.invariant)).toContain('fresh-after-commit');
    const random = checkScenario(commitRace, { preset: 'seed-fix', runs: 300, seed: 1, strategy: 'random' });
    expect(random.counterexample).toBeNull();
  });
});

describe('tieThreads (tie labels parsed once, not at every tie of every run)', () => {
  const scenarios = ['seed-fixed', 'commit-race', 'concurrent-deletes', 'cross-user-delete'].map(getScenario);

  it('gives what parsing the label afresh gives, for every tie of PCT runs of several scenarios, cached or not', () => {
    forgetParsedLabels();
    let points = 0;
    for (const scenario of scenarios) {
      const n = runScenario(scenario, { preset: 'broken', lean: true }).choices.length;
      for (let seed = 1; seed <= 6; seed++) {
        const chooser = recordingChooser(pctChooser({ seed, depth: 3, steps: n }));
        runScenario(scenario, { preset: seed % 2 ? 'broken' : 'seed-fix', chooser, lean: true });
        for (const point of chooser.points) {
          if (point.kind !== 'tie') continue;
          expect(tieThreads(point)).toEqual(parseTieThreads(point));
          points++;
        }
      }
    }
    expect(points).toBeGreaterThan(20);
  });

  it('leaves the schedules as they are: a run with a cold cache and one with a warm cache choose alike', () => {
    const runWith = (seed: number): number[] => {
      const chooser = recordingChooser(pctChooser({ seed, depth: 2, steps }));
      runScenario(commitRace, { preset: 'seed-fix', chooser, lean: true });
      return chooser.log;
    };
    for (let seed = 1; seed <= 5; seed++) {
      forgetParsedLabels();
      const cold = runWith(seed);
      expect(runWith(seed)).toEqual(cold);
    }
  });
});

describe('speedIndices', () => {
  it('finds, once per range, where the plain search (latencyValues(range).indexOf) finds the fastest, nominal and slowest values', () => {
    for (const range of Object.values(LATENCY)) {
      for (let round = 0; round < 2; round++) {
        const values = latencyValues(range);
        expect(speedIndices(range)).toEqual({ fastest: values.indexOf(range.minMs), nominal: values.indexOf(range.nominalMs), slowest: values.indexOf(range.maxMs) });
      }
    }
  });
});
