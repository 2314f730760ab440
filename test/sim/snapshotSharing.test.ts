// A snapshot shares the scheduler's task list and the layers' record with the running state
// (copy-on-write: Scheduler.shareTasks, Simulation.writableLayers), and a restored run shares them
// with the state it was restored from. Whatever the run does next must leave every such state as
// it was: a change made in place to a shared part would show here as a snapshot whose text moved.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config';
import { seededChooser } from '../../sim/chooser';
import { getScenario } from '../../sim/scenarios/index';
import { Simulation } from '../../sim/simulation';
import type { SimState } from '../../sim/world/state';

function simulation(name: string, preset: string, seed: number, lean: boolean): Simulation {
  const scenario = getScenario(name);
  return new Simulation(scenario, resolveConfig(preset, [], scenario.configDefaults).config, seededChooser(seed), lean);
}

// Redis with several workers (commit-race, concurrent-deletes), LocMem per worker under pressure (cache-pressure).
const CASES: Array<[string, string]> = [
  ['commit-race', 'seed-fix'],
  ['cache-pressure', 'broken'],
  ['concurrent-deletes', 'robust'],
];

describe('copy-on-write parts of a snapshot', () => {
  for (const [name, preset] of CASES)
    for (const lean of [true, false])
      it(`${name} under ${preset} (${lean ? 'lean' : 'full'}): a snapshot taken before every task still reads as it did when the run is over`, () => {
        const sim = simulation(name, preset, 5, lean);
        // The explorer's root: a snapshot before start(), whose steps are then scheduled.
        const root = sim.snapshot();
        const taken: Array<{ snap: SimState; text: string }> = [{ snap: root, text: JSON.stringify(root) }];
        sim.beforeStep = () => {
          const snap = sim.snapshot();
          // Shared, not copied: otherwise this test would check nothing.
          expect(snap.sched.tasks).toBe(sim.state.sched.tasks);
          expect(snap.layers).toBe(sim.state.layers);
          taken.push({ snap, text: JSON.stringify(snap) });
        };
        sim.run();
        expect(taken.length).toBeGreaterThan(20);
        taken.forEach(({ snap, text }, i) => expect(JSON.stringify(snap), `snapshot ${i} (0: before start, i: before task i)`).toBe(text));
      });

  for (const [name, preset] of CASES)
    it(`${name} under ${preset}: a run restored from a state leaves that state as it was, and restoring it again gives the same run`, () => {
      const first = simulation(name, preset, 7, true);
      // states[0]: before start(), where the explorer's root resumes (start() schedules the steps).
      const states: SimState[] = [first.snapshot()];
      first.beforeStep = () => void states.push(first.snapshot());
      first.run();
      for (const k of [0, 1, Math.floor(states.length / 3), Math.floor((2 * states.length) / 3)]) {
        const state = states[k];
        const text = JSON.stringify(state);
        const traces: string[] = [];
        for (let again = 0; again < 2; again++) {
          const sim = simulation(name, preset, 11, true);
          sim.restore(state, first.events.slice(0, state.eventCount));
          expect(sim.state.sched.tasks).toBe(state.sched.tasks);
          expect(sim.state.layers).toBe(state.layers);
          if (k === 0) sim.start();
          while (sim.step());
          expect(JSON.stringify(state), `state ${k} after restore ${again}`).toBe(text);
          traces.push(JSON.stringify(sim.events));
        }
        expect(traces[1]).toBe(traces[0]);
      }
    });

  // The explorer's own path (expand.ts): restoreOwning takes the events array over as the run's own.
  for (const [name, preset] of CASES)
    it(`${name} under ${preset}: restoreOwning leaves the state as it was, takes the events over, and gives the run restore gives`, () => {
      const first = simulation(name, preset, 7, true);
      const states: SimState[] = [first.snapshot()];
      first.beforeStep = () => void states.push(first.snapshot());
      first.run();
      for (const k of [0, 1, Math.floor(states.length / 2), states.length - 2]) {
        const state = states[k];
        const text = JSON.stringify(state);
        const runs = (['restore', 'restoreOwning', 'restoreOwning'] as const).map((how) => {
          const sim = simulation(name, preset, 11, true);
          const events = first.events.slice(0, state.eventCount);
          sim[how](state, events);
          if (how === 'restoreOwning') expect(sim.events).toBe(events);
          expect(sim.state.sched.tasks).toBe(state.sched.tasks);
          expect(sim.state.layers).toBe(state.layers);
          if (k === 0) sim.start();
          while (sim.step());
          expect(JSON.stringify(state), `state ${k} after ${how}`).toBe(text);
          return JSON.stringify(sim.events);
        });
        expect(runs[1]).toBe(runs[0]);
        expect(runs[2]).toBe(runs[0]);
      }
    });
});
