// Lean runs (explore's and check's) record no event labels and no `from` (Simulation.lean): nothing
// they judge reads either, and the explorer keeps queued schedules' events alive. So a lean run
// must differ from a full one in its labels, senders and layer views only, and whatever is shown
// must be re-run in full:
// explore's witnesses and check's counterexamples carry the labels a full run of the same choices
// has.
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../../sim/check/checkScenario';
import { explore } from '../../sim/explore/explore';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import type { Trace, TraceEvent } from '../../sim/trace';

/** An event without what a lean run leaves out. */
function judged(e: TraceEvent): Omit<TraceEvent, 'label' | 'after' | 'from'> {
  const { label: _label, after: _after, from: _from, ...rest } = e;
  return rest;
}

function labels(trace: Trace): string[] {
  return trace.events.map((e) => e.label);
}

describe('lean runs leave labels and senders out, and what is shown has them', () => {
  const cases = [
    ['commit-race', 'seed-fix'],
    ['seed-fixed', 'broken'],
    ['cache-pressure', 'robust'],
  ] as const;

  for (const [name, preset] of cases)
    it(`${name} under ${preset}: a lean run's events are the full run's but for labels and views`, () => {
      const scenario = getScenario(name);
      for (const seed of [1, 2, 3]) {
        const full = runScenario(scenario, { preset, seed });
        const lean = runScenario(scenario, { preset, seed, lean: true });
        expect(lean.events.map(judged)).toEqual(full.events.map(judged));
        expect(lean.choices).toEqual(full.choices);
        expect(labels(lean).every((l) => l === '')).toBe(true);
        expect(lean.events.every((e) => !('from' in e))).toBe(true);
        // A full run labels every event, and says who sent each message (a version that dropped them everywhere would pass the rest).
        expect(labels(full).every((l) => l.length > 0)).toBe(true);
        expect(full.events.some((e) => e.from !== undefined)).toBe(true);
      }
    });

  it("explore's witnesses are re-run in full: their labels are a full run's of the same choices", () => {
    const scenario = getScenario('commit-race');
    let found = false;
    const result = explore(scenario, { preset: 'seed-fix', maxStates: 60_000, hooks: { onWitness: () => (found = true), shouldStop: () => found } });
    expect(result.witnesses.length).toBeGreaterThan(0);
    for (const w of result.witnesses) {
      const full = runScenario(scenario, { preset: 'seed-fix', choices: w.script });
      expect(labels(w.trace)).toEqual(labels(full));
      expect(labels(w.trace).every((l) => l.length > 0)).toBe(true);
    }
  });

  it("check's counterexample is re-run in full: its labels are a full run's of the same choices", () => {
    const scenario = getScenario('commit-race');
    const result = checkScenario(scenario, { preset: 'seed-fix', runs: 300, seed: 1 });
    const cx = result.counterexample;
    expect(cx).not.toBeNull();
    const full = runScenario(scenario, { preset: 'seed-fix', choices: cx!.script });
    expect(labels(cx!.run.trace)).toEqual(labels(full));
    expect(labels(cx!.run.trace).every((l) => l.length > 0)).toBe(true);
  });
});
