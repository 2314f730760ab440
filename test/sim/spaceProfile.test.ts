// The state-space profile (sim/explore/spaceProfile.ts) measures without changing the search: the
// explorer's distinct states are the same with it as without it, and its two abstractions merge
// exactly what they say (states apart only by time), nothing else.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config';
import { nominalChooser } from '../../sim/chooser';
import { epochMsOf } from '../../sim/clock';
import { explore } from '../../sim/explore/explore';
import { defaultHorizon } from '../../sim/explore/explorePlain';
import { orderOnly, profileSpace, timeless } from '../../sim/explore/spaceProfile';
import { fingerprint } from '../../sim/fingerprint';
import { getScenario } from '../../sim/scenarios/index';
import { Simulation } from '../../sim/simulation';
import type { SimState } from '../../sim/world/state';

describe('profileSpace', () => {
  it('counts the explorer\'s own states, and classes no more numerous than the states', () => {
    const scenario = getScenario('inflight-refetch');
    const profile = profileSpace(scenario, 'seed-fix', 2);
    const plain = explore(scenario, { preset: 'seed-fix', maxStates: 5_000_000, maxDeviations: 2 });
    expect(profile.distinctStates).toBe(plain.distinctStates);
    expect(profile.complete).toBe(true);
    // Its states are fingerprints of the states themselves (not the quiet gap's merged form, not
    // tagged with the jitters still deferred): close to the explorer's count, not equal.
    expect(Math.abs(profile.states - profile.distinctStates)).toBeLessThan(profile.distinctStates / 10);
    expect(profile.timeClasses).toBeLessThan(profile.states);
    expect(profile.orderClasses).toBeLessThanOrEqual(profile.states);
  });

  it('merges states apart only by a pending task\'s time, and keeps apart states that differ otherwise', () => {
    const scenario = getScenario('commit-race');
    const sim = new Simulation(scenario, resolveConfig('seed-fix', [], scenario.configDefaults).config, nominalChooser, true);
    sim.start();
    let state: SimState = sim.snapshot();
    // Step until two tasks are pending at different times, the later one not the first in order.
    for (let i = 0; i < 200 && new Set(state.sched.tasks.map((t) => t.t)).size < 2; i++) {
      sim.step();
      state = sim.snapshot();
    }
    const epochMs = epochMsOf(scenario.today);
    const key = (s: SimState) => fingerprint(s, epochMs, defaultHorizon(scenario)).join(':');
    const last = Math.max(...state.sched.tasks.map((t) => t.t));
    const later: SimState = { ...state, sched: { ...state.sched, tasks: state.sched.tasks.map((t) => (t.t === last ? { ...t, t: t.t + 7 } : t)) } };
    expect(key(later)).not.toBe(key(state));
    expect(key(orderOnly(later))).toBe(key(orderOnly(state)));
    expect(key(timeless(later, epochMs))).toBe(key(timeless(state, epochMs)));
    // Another discrete state (one task fewer) stays apart under both.
    const fewer: SimState = { ...state, sched: { ...state.sched, tasks: state.sched.tasks.slice(1) } };
    expect(key(orderOnly(fewer))).not.toBe(key(orderOnly(state)));
    expect(key(timeless(fewer, epochMs))).not.toBe(key(timeless(state, epochMs)));
  });
});
