// The fingerprint's caches (per object, per layer, per entries collection, the direct-mapped task
// and request tables) against no caches at all: every state's fingerprint, taken as the run meets
// it (caches warm, many hits), equals the one with every kept hash recomputed. Over seeded runs,
// where states follow each other, and over explorations, where restored states alternate between
// branches. A cache that keeps a hash past the reference time it depends on, or a table that
// answers for the wrong record, fails here (both tried).
import { describe, expect, it } from 'vitest';
import { epochMsOf } from '../../sim/clock';
import { explore } from '../../sim/explore/explore';
import { fingerprint, fingerprintWithoutCaches } from '../../sim/fingerprint';
import { runScenarioDetailed } from '../../sim/run';
import { SCENARIOS } from '../../sim/scenarios/index';
import type { SimState } from '../../sim/world/state';

const HORIZON_MS = 60_000;

/** The state's fingerprint as it comes, then without the caches; counts the states compared. */
function compare(state: SimState, epochMs: number, label: string, tally: { states: number }): void {
  const warm = fingerprint(state, epochMs, HORIZON_MS).join(':');
  const cold = fingerprintWithoutCaches(state, epochMs, HORIZON_MS).join(':');
  tally.states++;
  if (warm !== cold) expect(warm, `${label}, state ${tally.states}`).toBe(cold);
}

describe('the fingerprint with its caches', () => {
  it('equals the fingerprint without them at every state of seeded runs (every scenario, broken and robust)', () => {
    const tally = { states: 0 };
    for (const scenario of SCENARIOS)
      for (const preset of ['broken', 'robust'])
        for (const seed of [1, 2])
          runScenarioDetailed(scenario, { preset, seed, lean: true, beforeStep: (sim) => compare(sim.state, sim.epochMs, `${scenario.name} ${preset} seed ${seed}`, tally) });
    expect(tally.states).toBeGreaterThan(1000);
  });

  it('equals the fingerprint without them at every state an exploration meets (every scenario under broken, 400 states)', () => {
    const tally = { states: 0 };
    for (const scenario of SCENARIOS) {
      const epochMs = epochMsOf(scenario.today);
      // The canonicalisation hook sees every state the explorer fingerprints; it changes none.
      explore(scenario, { preset: 'broken', maxStates: 400, horizonMs: HORIZON_MS, canonicalize: (state) => (compare(state, epochMs, scenario.name, tally), state) });
    }
    expect(tally.states).toBeGreaterThan(1000);
  });
});
