// check starts each lean run from the remembered state before the run's first choice point
// (sim/runPrefix.ts): every trace must be byte-identical to the run from the start, and so every
// verdict and every counterexample script.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config';
import { checkScenario } from '../../sim/check/checkScenario';
import { recordingChooser, seededChooser } from '../../sim/chooser';
import { checkInvariants } from '../../sim/invariants/index';
import { pctChooser } from '../../sim/pctChooser';
import { runScenario } from '../../sim/run';
import { runPrefix } from '../../sim/runPrefix';
import { getScenario, SCENARIOS } from '../../sim/scenarios/index';

function both(name: string, preset: string, chooserFor: () => ReturnType<typeof recordingChooser> | ReturnType<typeof seededChooser>) {
  const scenario = getScenario(name);
  const plain = JSON.stringify(runScenario(scenario, { preset, lean: true, chooser: chooserFor() }));
  const fromPrefix = JSON.stringify(runScenario(scenario, { preset, lean: true, fromPrefix: true, chooser: chooserFor() }));
  return { plain, fromPrefix };
}

describe('runs from the remembered prefix', () => {
  for (const scenario of SCENARIOS)
    for (const preset of ['broken', 'seed-fix', 'robust'])
      it(`${scenario.name} under ${preset}: the same trace as the run from the start, for PCT and seeded schedules`, () => {
        for (let seed = 0; seed < 4; seed++) {
          const pct = both(scenario.name, preset, () => recordingChooser(pctChooser({ seed, depth: 2 + (seed % 3), steps: 30 })));
          expect(pct.fromPrefix).toBe(pct.plain);
          const seeded = both(scenario.name, preset, () => seededChooser(seed));
          expect(seeded.fromPrefix).toBe(seeded.plain);
        }
      });

  it('is used where the first choice comes after some tasks (seed-fixed: the page load), not where a step jitters first', () => {
    const fixed = getScenario('seed-fixed');
    const config = resolveConfig('seed-fix', [], fixed.configDefaults).config;
    const prefix = runPrefix(fixed, config, JSON.stringify(['seed-fix']));
    expect(prefix).not.toBeNull();
    expect(prefix!.events.length).toBeGreaterThan(10);
    expect(prefix!.state.eventCount).toBe(prefix!.events.length);
    const race = getScenario('commit-race');
    expect(runPrefix(race, resolveConfig('seed-fix', [], race.configDefaults).config, JSON.stringify(['seed-fix']))).toBeNull();
  });

  it('gives the same check results: PCT and random, found counterexample scripts included', () => {
    for (const [name, preset, strategy] of [['commit-race', 'seed-fix', 'pct'], ['seed-fixed', 'seed-fix', 'random'], ['seed-broken', 'broken', 'pct'], ['two-worker-reload', 'seed-fix', 'random']] as const) {
      const scenario = getScenario(name);
      const r = checkScenario(scenario, { preset, runs: 60, seed: 5, strategy });
      // The same search run from the start: the plain path, one schedule at a time.
      const plainViolations: string[] = [];
      const prefixViolations: string[] = [];
      for (let seed = 0; seed < 30; seed++) {
        const chooser = () => recordingChooser(pctChooser({ seed, depth: 2, steps: 30 }));
        plainViolations.push(JSON.stringify(checkInvariants(runScenario(scenario, { preset, lean: true, chooser: chooser() }))));
        prefixViolations.push(JSON.stringify(checkInvariants(runScenario(scenario, { preset, lean: true, fromPrefix: true, chooser: chooser() }))));
      }
      expect(prefixViolations).toEqual(plainViolations);
      expect(r.evaluations).toBeGreaterThan(0);
    }
  });

  it('would be caught if it started from a wrong state: a prefix whose pending tasks are one millisecond late changes the trace', () => {
    // A copy of the scenario has its own memo: fill it, under seed-fix's key, with a prefix whose pending tasks are 1 ms late.
    const scenario = { ...getScenario('seed-fixed') };
    const config = resolveConfig('seed-fix', [], scenario.configDefaults).config;
    const right = runPrefix(getScenario('seed-fixed'), config, JSON.stringify(['seed-fix']))!;
    const memo = runPrefix(scenario, config, JSON.stringify(['seed-fix']))!;
    memo.state = { ...right.state, sched: { ...right.state.sched, tasks: right.state.sched.tasks.map((t) => ({ ...t, t: t.t + 1 })) } };
    const plain = JSON.stringify(runScenario(scenario, { preset: 'seed-fix', lean: true, seed: 1 }));
    const poisoned = JSON.stringify(runScenario(scenario, { preset: 'seed-fix', lean: true, seed: 1, fromPrefix: true }));
    expect(poisoned).not.toBe(plain);
  });
});
