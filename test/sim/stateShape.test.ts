// The states the explorer builds beside the run's own (the worker rotation, deferred jitter's
// retimed state, the quiet gap's forms: withWorkers, withTasks, retimedTask) have the run's own
// field order (copyState, Scheduler.schedule). V8 gives an object literal with another order a
// hidden class of its own, and the fingerprint and restore that meet two classes of state throw
// away their optimised code. TypeScript makes each literal list every field, not in one order.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config';
import { seededChooser } from '../../sim/chooser';
import { rotateWorkers } from '../../sim/explore/symmetry';
import { getScenario } from '../../sim/scenarios/index';
import { retimedTask, Simulation, withTasks } from '../../sim/simulation';

describe("the explorer's own states have the run's field order", () => {
  it('rotated, retimed and re-tasked states and tasks, at every state of seeded runs of commit-race', () => {
    const scenario = getScenario('commit-race');
    const config = resolveConfig('seed-fix', [], scenario.configDefaults).config;
    const n = config['deploy.workers'];
    let rotated = 0;
    let tasks = 0;
    for (const seed of [1, 2]) {
      const sim = new Simulation(scenario, config, seededChooser(seed), true);
      sim.beforeStep = () => {
        const own = sim.snapshot();
        const stateKeys = Object.keys(own);
        const schedKeys = Object.keys(own.sched);
        const r = rotateWorkers(own, n);
        if (r !== own) {
          rotated++;
          expect(Object.keys(r)).toEqual(stateKeys);
        }
        const w = withTasks(own, own.sched.tasks.slice(1));
        expect(Object.keys(w)).toEqual(stateKeys);
        expect(Object.keys(w.sched)).toEqual(schedKeys);
        for (const t of own.sched.tasks) {
          expect(Object.keys(retimedTask(t, t.t + 1))).toEqual(Object.keys(t));
          tasks++;
        }
      };
      sim.run();
    }
    expect(rotated).toBeGreaterThan(10);
    expect(tasks).toBeGreaterThan(100);
  });
});
