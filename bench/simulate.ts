// Simulated events per second: seeded random runs of one scenario, in the xstate-actor mode
// (`runScenario`'s default: every layer an xstate actor, every event recording each touched
// layer's view) and in the lean mode (the same model stepped by calling the layers' pure reducers,
// no per-event views: what check and explore use). Both modes run the same seeds, interleaved in
// rounds (and in alternating order) so that a slow moment of the machine hits both alike; the
// ratio is the simulator's cost against its own plain-TypeScript version. The same rounds also
// time the pure reducers replaying recorded layer events (bench/reference.ts), so the stricter
// ratio (simulator against reducers alone) compares two figures taken at the same moments: timed
// on their own a second apart, the reducers' short replay moved with the machine and the ratio
// with it.
import { reducerReplay } from './reference';
import { runScenario } from '../sim/run';
import type { Scenario } from '../sim/scenarios/types';
import { nowMs, perSecond, sig } from './stats';

export interface ModeFigures {
  runs: number;
  events: number;
  ms: number;
  eventsPerS: number;
  runsPerS: number;
}

export interface SimulateResult {
  scenario: string;
  preset: string;
  /** Events of the nominal run (seeded runs vary a little). */
  nominalEvents: number;
  actor: ModeFigures;
  lean: ModeFigures;
  /** Time per event in actor mode over time per event in lean mode. */
  actorOverLean: number;
  /** The pure reducers replaying seeds 1..5's recorded layer events, timed in the same rounds (absent in results written before). */
  reducers?: { steps: number; ms: number; stepsPerS: number; layerStepsPerRun: number };
}

const ROUNDS = 4;

export function measureSimulate(scenario: Scenario, budgetMs: number): SimulateResult {
  const nominalEvents = runScenario(scenario, { lean: true }).events.length;
  const reference = reducerReplay(scenario);
  // Warm-up, untimed: both modes and the reducers, until a quarter of the budget has passed (the
  // JIT settles in a few hundred runs; the first scenario of a process would otherwise be measured cold).
  const w0 = nowMs();
  for (let seed = 1; seed <= 5 || nowMs() - w0 < budgetMs / 4; seed++) {
    for (const lean of [false, true]) runScenario(scenario, { seed, lean });
    reference.replay();
  }
  const totals = { actor: { runs: 0, events: 0, ms: 0 }, lean: { runs: 0, events: 0, ms: 0 } };
  const perMode = budgetMs / 2 / ROUNDS;
  const reducers = { steps: 0, ms: 0 };
  const timeReducers = () => {
    const t0 = nowMs();
    do reducers.steps += reference.replay();
    while (nowMs() - t0 < perMode);
    reducers.ms += nowMs() - t0;
  };
  let seedBase = 1000;
  for (let round = 0; round < ROUNDS; round++) {
    // The reducers' turn alternates too: before both modes in even rounds, after them in odd ones.
    if (round % 2 === 0) timeReducers();
    // The mode that goes first runs seeds for its share of the budget; the other then runs exactly
    // those seeds. The order alternates, so neither mode always inherits the other's garbage.
    const [first, second] = round % 2 === 0 ? (['actor', 'lean'] as const) : (['lean', 'actor'] as const);
    const t0 = nowMs();
    let seed = seedBase;
    do {
      totals[first].events += runScenario(scenario, { seed: seed++, lean: first === 'lean' }).events.length;
      totals[first].runs++;
    } while (nowMs() - t0 < perMode);
    totals[first].ms += nowMs() - t0;
    const t1 = nowMs();
    for (let s = seedBase; s < seed; s++) {
      totals[second].events += runScenario(scenario, { seed: s, lean: second === 'lean' }).events.length;
      totals[second].runs++;
    }
    totals[second].ms += nowMs() - t1;
    seedBase = seed;
    if (round % 2 === 1) timeReducers();
  }
  if (totals.actor.events !== totals.lean.events) throw new Error(`${scenario.name}: lean and actor runs of the same seeds recorded different event counts`);
  const figures = (t: { runs: number; events: number; ms: number }): ModeFigures => ({
    runs: t.runs,
    events: t.events,
    ms: sig(t.ms, 4),
    eventsPerS: sig(perSecond(t.events, t.ms)),
    runsPerS: sig(perSecond(t.runs, t.ms)),
  });
  return {
    scenario: scenario.name,
    preset: scenario.defaultPreset,
    nominalEvents,
    actor: figures(totals.actor),
    lean: figures(totals.lean),
    actorOverLean: sig(totals.actor.ms / totals.lean.ms),
    reducers: { steps: reducers.steps, ms: sig(reducers.ms, 4), stepsPerS: sig(perSecond(reducers.steps, reducers.ms)), layerStepsPerRun: reference.layerStepsPerRun },
  };
}
