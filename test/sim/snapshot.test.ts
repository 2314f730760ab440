// The world's state is data: a snapshot taken between any two tasks, written to JSON and read
// back, restored into a fresh Simulation (no live view generators: each is rebuilt from the
// replies its request had received), runs on to the same trace as the run that never stopped.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config';
import { recordingChooser, scriptedChooser, seededChooser } from '../../sim/chooser';
import { SCENARIOS } from '../../sim/scenarios/index';
import type { Scenario } from '../../sim/scenarios/types';
import { Simulation } from '../../sim/simulation';
import type { SimState } from '../../sim/world/state';

interface Saved {
  json: string;
  choicesBefore: number;
}

function uninterrupted(scenario: Scenario, preset: string, seed: number, lean: boolean) {
  const config = resolveConfig(preset, [], scenario.configDefaults).config;
  const chooser = recordingChooser(seededChooser(seed));
  const sim = new Simulation(scenario, config, chooser, lean);
  const saved: Saved[] = [];
  sim.beforeStep = () => saved.push({ json: JSON.stringify(sim.snapshot()), choicesBefore: chooser.log.length });
  sim.run();
  return { config, events: sim.events, choices: chooser.log, saved };
}

function resumed(scenario: Scenario, run: ReturnType<typeof uninterrupted>, at: Saved, lean: boolean): string {
  const sim = new Simulation(scenario, run.config, scriptedChooser(run.choices.slice(at.choicesBefore)), lean);
  const state = JSON.parse(at.json) as SimState;
  sim.restore(state, run.events.slice(0, state.eventCount));
  while (sim.step());
  return JSON.stringify(sim.events);
}

describe('snapshot and restore', () => {
  for (const scenario of SCENARIOS)
    for (const preset of ['broken', 'seed-fix', 'robust'])
      it(`${scenario.name} under ${preset}: restored at every step (lean) and every 7th (full), the run goes on to the same trace`, () => {
        for (const lean of [true, false]) {
          const run = uninterrupted(scenario, preset, 3, lean);
          const expected = JSON.stringify(run.events);
          expect(run.saved.length).toBeGreaterThan(5);
          run.saved.forEach((at, i) => {
            if (!lean && i % 7 !== 0) return;
            expect(resumed(scenario, run, at, lean), `restored before task ${i}`).toBe(expected);
          });
        }
      });

  it('a snapshot is a value: running on does not change it, and it is JSON-safe', () => {
    const scenario = SCENARIOS[0];
    const config = resolveConfig('broken', [], scenario.configDefaults).config;
    const sim = new Simulation(scenario, config, seededChooser(1), true);
    sim.start();
    for (let i = 0; i < 10; i++) sim.step();
    const snap = sim.snapshot();
    const text = JSON.stringify(snap);
    while (sim.step());
    expect(JSON.stringify(snap)).toBe(text);
    expect(JSON.parse(text)).toEqual(snap);
  });

  it('restoring a state with fewer events than it follows is an error', () => {
    const scenario = SCENARIOS[0];
    const config = resolveConfig('broken', [], scenario.configDefaults).config;
    const sim = new Simulation(scenario, config, seededChooser(1), true);
    sim.start();
    sim.step();
    const snap = sim.snapshot();
    expect(() => sim.restore(snap, [])).toThrow(/follows \d+ events/);
  });
});
