// A view step taken from memory (sim/world/viewSteps.ts) must be the step the view's generator
// takes when rebuilt from its replies. One simulation is restored again and again, as explore
// does, to states taken in its own runs, and run on with other choices: its views' steps are then
// mostly remembered ones. Each such run is compared (its first tasks: the requests in flight at
// each state, and the events, which show what the views did to the layers) with the same restore
// into a fresh simulation, whose every view is rebuilt from its replies.
import { describe, expect, it } from 'vitest';
import { loadUserApp } from '../../sim/app/loadUserApp';
import { scriptedChooser, seededChooser, type ChoicePoint, type Chooser } from '../../sim/chooser';
import { getScenario } from '../../sim/scenarios/index';
import type { Scenario } from '../../sim/scenarios/types';
import { Simulation } from '../../sim/simulation';
import type { SimState, ViewReply } from '../../sim/world/state';
import { sameJson } from '../../sim/world/viewSteps';
import { resolveConfig } from '../../src/config';

/** A chooser whose answers can be switched between runs (the simulation keeps the one it was made with). */
function switchable(): Chooser & { use(c: Chooser): void; log: number[] } {
  let inner: Chooser = seededChooser(0);
  const log: number[] = [];
  return {
    log,
    use: (c) => (inner = c),
    choose: (point) => {
      const v = inner.choose(point);
      log.push(v);
      return v;
    },
  };
}

/** Tasks run after a restore: a remembered step that differs shows in the requests at once (explore's runs are short too). */
const STEPS = 12;

/** The requests in flight at each state the run passes through (where views leave their mark), and its events. */
function runOn(sim: Simulation): { requests: string[]; events: string } {
  const from = sim.events.length;
  const requests: string[] = [];
  sim.beforeStep = () => requests.push(JSON.stringify(sim.state.requests));
  for (let i = 0; i < STEPS && sim.step(); i++);
  sim.beforeStep = null;
  return { requests, events: JSON.stringify(sim.events.slice(from)) };
}

/** Counts the lookups in the simulation's map of steps that find some (spying on it): none means memory was never used. */
function countFound(sim: Simulation): { count: number } {
  const seen = { count: 0 };
  const steps = sim.viewSteps!;
  const spy = Object.create(steps) as typeof steps;
  spy.get = (k: readonly ViewReply[]) => {
    const v = steps.get(k);
    if (v !== undefined) seen.count++;
    return v;
  };
  spy.set = (k, v) => (steps.set(k, v), spy);
  (sim as { viewSteps: typeof steps }).viewSteps = spy;
  return seen;
}

/** Explore's siblings: answer `k` at the run's first choice point, then the nominal 0; `options` is what that point offered. */
function deviating(k: number): Chooser & { options: number } {
  const c = {
    options: 0,
    choose: (point: ChoicePoint) => {
      if (c.options > 0) return 0;
      c.options = point.options;
      return k % point.options;
    },
  };
  return c;
}

/**
 * Restores every `every`-th state of a seeded run into the run's own simulation, once per option
 * of the first choice after it (as explore restores siblings), and compares each run with the
 * same restore into a fresh simulation. How many lookups found remembered steps.
 */
function compare(scenario: Scenario, preset: string, every: number, overrides: string[] = []): number {
  const config = resolveConfig(preset, overrides, scenario.configDefaults).config;
  const chooser = switchable();
  chooser.use(seededChooser(7));
  const sim = new Simulation(scenario, config, chooser, true, { rememberViewSteps: true });
  const found = countFound(sim);
  const saved: SimState[] = [];
  const savedEvents: number[] = [];
  sim.beforeStep = () => {
    saved.push(sim.snapshot());
    savedEvents.push(sim.events.length);
  };
  sim.run();
  const events = [...sim.events];
  for (const [i, at] of saved.entries()) {
    if (i % every !== 0) continue;
    for (let k = 0, options = 1; k < options; k++) {
      const sibling = deviating(k);
      chooser.log.length = 0;
      chooser.use(sibling);
      sim.restore(at, events.slice(0, savedEvents[i]));
      const restored = runOn(sim);
      options = Math.max(1, sibling.options);
      const fresh = new Simulation(scenario, config, scriptedChooser([...chooser.log]), true);
      fresh.restore(at, events.slice(0, savedEvents[i]));
      const rebuilt = runOn(fresh);
      const where = `${scenario.name} ${preset}: restored before task ${i}, option ${k} of the first choice`;
      expect(restored.requests, where).toEqual(rebuilt.requests);
      expect(restored.events, where).toBe(rebuilt.events);
    }
  }
  return found.count;
}

describe('remembered view steps', () => {
  const cases: Array<[string, string, number]> = [
    ['commit-race', 'broken', 1],
    ['commit-race', 'seed-fix', 1],
    ['commit-race', 'robust', 1],
    ['concurrent-deletes', 'robust', 3],
    ['cache-pressure', 'seed-fix', 5],
    ['seed-broken', 'broken', 1],
  ];
  for (const [name, preset, every] of cases)
    it(`${name} under ${preset}: runs restored into one simulation, with other choices, equal runs whose views are rebuilt`, () => {
      expect(compare(getScenario(name), preset, every)).toBeGreaterThan(20);
    });

  it('with a user app (the robust fix as your own views)', async () => {
    const { app, overrides } = await loadUserApp('examples/robust-app.ts');
    expect(compare({ ...getScenario('commit-race'), app }, 'robust', 1, overrides)).toBeGreaterThan(20);
  });
});

describe('sameJson', () => {
  it('compares values, keys in order', () => {
    expect(sameJson({ a: 1, b: [1, { c: null }] }, { a: 1, b: [1, { c: null }] })).toBe(true);
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameJson([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameJson({ a: [] }, { a: {} })).toBe(false);
    expect(sameJson([1], [1, 2])).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: 1 })).toBe(false);
    expect(sameJson(null, {})).toBe(false);
    expect(sameJson('1', 1)).toBe(false);
  });
});

describe('remembering view steps is asked for', () => {
  it('a simulation not asked to remember them keeps none (check runs each schedule in a fresh one)', () => {
    const scenario = getScenario('commit-race');
    const config = resolveConfig('seed-fix', [], scenario.configDefaults).config;
    const sim = new Simulation(scenario, config, seededChooser(1), true);
    sim.run();
    expect(sim.viewSteps).toBeNull();
  });
});
