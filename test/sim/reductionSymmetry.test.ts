// The worker symmetry (sim/explore/symmetry.ts) changes no answer: over every seed, catalog,
// writes and incident scenario under broken, seed-fix and robust where it applies (a cache shared by the
// workers, no proxy), explore with and without it (the same deviation bound on both sides) finds
// the same violated invariants, each first witness with as many deviations, stops for the same
// reason with the same class of schedules covered, and never holds more states with it. Where it
// does not apply, explore does not use it. A deliberately unsound canonical form (pending tasks
// known by the order of their times, not the times) fails the comparison.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config';
import { explore, type ExploreResult } from '../../sim/explore/explore';
import { rotateWorkers, workerRotation, workerSymmetry, type Canonicalize } from '../../sim/explore/symmetry';
import { seededChooser } from '../../sim/chooser';
import { CATALOG, INCIDENTS, SEED_SCENARIOS, WRITES, getScenario } from '../../sim/scenarios/index';
import { Simulation } from '../../sim/simulation';
import type { Scenario } from '../../sim/scenarios/types';
import type { SimState } from '../../sim/world/state';
import { PRESETS, answerDifferences as differences, deviationBound, exploreSide } from './helpers/compareReductions';

/** 1 deviation where two take longer than a few seconds. */
const boundOf = deviationBound({ 'concurrent-deletes': 1, 'concurrent-edit-delete': 1 });

function side(scenario: Scenario, preset: string, symmetry: boolean, canonicalize?: Canonicalize): ExploreResult {
  return exploreSide(scenario, preset, { maxDeviations: boundOf(scenario), symmetry, ...(canonicalize ? { canonicalize } : {}) });
}

const applies = (scenario: Scenario, preset: string) => workerSymmetry(resolveConfig(preset, [], scenario.configDefaults).config) !== null;

describe('the worker symmetry gives the same answers as the search without it', () => {
  for (const scenario of [...SEED_SCENARIOS, ...CATALOG, ...WRITES, ...INCIDENTS]) {
    const where = PRESETS.filter((p) => applies(scenario, p));
    it(`${scenario.name}: ${where.length ? `under ${where.join(', ')} (at most ${boundOf(scenario)} deviations)` : 'does not apply (per-worker caches, one worker or the proxy)'}`, () => {
      for (const preset of PRESETS) {
        if (!where.includes(preset)) {
          // Not applied: the search with --symmetry on is the search without it.
          expect(explore(scenario, { preset, maxStates: 50, symmetry: true }).symmetry).toBe(false);
          continue;
        }
        const plain = side(scenario, preset, false);
        const reduced = side(scenario, preset, true);
        expect(plain.symmetry).toBe(false);
        expect(reduced.symmetry).toBe(true);
        expect(differences(plain, reduced), `${scenario.name} ${preset}`).toEqual([]);
        expect(reduced.distinctStates).toBeLessThanOrEqual(plain.distinctStates);
      }
    });
  }

  it('merges states on a scenario with requests on two workers at once', () => {
    const s = getScenario('inflight-refetch');
    expect(side(s, 'robust', true).distinctStates).toBeLessThan(side(s, 'robust', false).distinctStates);
  });

  it('the comparison catches an unsound canonical form: pending tasks known by the order of their times only', () => {
    // The tempting "region" abstraction without its bounds: a later latency choice can put a task
    // between two pending ones or not depending on their exact gap, so this merges states with
    // different futures (inflight-refetch under seed-fix loses its fresh-after-commit witness).
    const byOrderOnly: Canonicalize = (state) => {
      const times = [...new Set(state.sched.tasks.map((t) => t.t))].sort((a, b) => a - b);
      return { ...state, sched: { ...state.sched, tasks: state.sched.tasks.map((t) => ({ ...t, t: times.indexOf(t.t) })) } };
    };
    const scenario = getScenario('inflight-refetch');
    const plain = side(scenario, 'seed-fix', false);
    expect(plain.witnesses.length).toBeGreaterThan(0);
    expect(differences(plain, side(scenario, 'seed-fix', true, byOrderOnly))).not.toEqual([]);
  });
});

describe('the worker rotation', () => {
  it('makes the last worker n and keeps the cyclic order', () => {
    const r = workerRotation(3, 1);
    expect([1, 2, 3].map(r)).toEqual([3, 1, 2]);
    expect([1, 2, 3].map(workerRotation(3, 0))).toEqual([1, 2, 3]);
    expect([1, 2, 3].map(workerRotation(3, 3))).toEqual([1, 2, 3]);
  });

  it('renumbers idle workers, requests in flight and the last worker, and leaves a canonical state as it is', () => {
    const state = { lastWorker: 1, idleWorkers: [1, 3], requests: { r1: { requestId: 'r1', worker: 2 }, r2: { requestId: 'r2', worker: null } } } as unknown as SimState;
    const c = rotateWorkers(state, 3);
    expect(c.lastWorker).toBe(3);
    expect(c.idleWorkers).toEqual([3, 2]);
    expect(c.requests.r1.worker).toBe(1);
    expect(c.requests.r2).toBe(state.requests.r2);
    expect(rotateWorkers(c, 3)).toBe(c);
  });

  it('keeps its last renumbered requests and idle list only for the very same ones: equal to a plain rotation at every state of seeded runs', () => {
    // The plain rotation: every field renumbered afresh, nothing kept.
    const plain = (state: SimState, n: number) => {
      const last = state.lastWorker === 0 ? n : state.lastWorker;
      const rotate = workerRotation(n, state.lastWorker);
      const requests = Object.fromEntries(Object.entries(state.requests).map(([id, r]) => [id, r.worker === null || last === n ? r : { ...r, worker: rotate(r.worker) }]));
      return { ...state, lastWorker: n, idleWorkers: last === n ? state.idleWorkers : state.idleWorkers.map(rotate), requests };
    };
    const scenario = getScenario('commit-race');
    const config = resolveConfig('seed-fix', [], scenario.configDefaults).config;
    const n = config['deploy.workers'];
    const canonical = workerSymmetry(config)!;
    let states = 0;
    let rotated = 0;
    for (const seed of [1, 2, 3]) {
      const sim = new Simulation(scenario, config, seededChooser(seed), true);
      let previous: SimState | null = null;
      sim.beforeStep = () => {
        const now = sim.snapshot();
        // Each state, then the one before it again: the kept maps must follow what they are asked.
        for (const s of previous ? [now, previous, now] : [now]) expect(rotateWorkers(s, n)).toEqual(plain(s, n));
        // The explorer's canonicalisation writes into one object: each call must overwrite what the last one left.
        for (const s of previous ? [now, previous, now] : [now]) expect({ ...canonical(s) }).toEqual(plain(s, n));
        if (now.lastWorker !== 0 && now.lastWorker !== n) rotated++;
        previous = now;
        states++;
      };
      sim.run();
    }
    expect(states).toBeGreaterThan(100);
    expect(rotated).toBeGreaterThan(10);
  });
});
