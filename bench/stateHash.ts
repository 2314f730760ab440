// What explore's visited-state deduplication costs per state: seeded lean runs of a scenario with a
// beforeStep hook that takes the state's 64-bit structural fingerprint before every task, as the
// explorer does (sim/fingerprint.ts), timed apart from the runs themselves (the same seeds without
// the hook). For reference, the same states' canonical text and its digest, which the plain
// explorer (explorePlain, the equivalence tests' oracle) still uses.
import { fingerprint } from '../sim/fingerprint';
import { runScenarioDetailed } from '../sim/run';
import type { Scenario } from '../sim/scenarios/types';
import type { Simulation } from '../sim/simulation';
import { hash64 } from '../sim/stateHash';
import { nowMs, sig } from './stats';

export interface StateHashFigures {
  scenario: string;
  runs: number;
  /** States hashed (one before each task). */
  states: number;
  /** The structural fingerprint, per state (what explore computes). */
  fingerprintUs: number;
  /** The plain explorer's canonical text, in characters (mean), and building and digesting it, per state. */
  textChars: number;
  textHashUs: number;
  /** A lean run without the hook, per task (run set-up included). */
  stepUs: number;
  /** fingerprintUs / stepUs: how many tasks' worth of time one state's fingerprint costs. */
  fingerprintOverStep: number;
}

/** explore's default horizon: the last step (with its jitter) + 30 s. */
function horizonOf(scenario: Scenario): number {
  return Math.max(0, ...scenario.steps.map((s) => s.atMs + (s.jitterMs ?? 0))) + 30_000;
}

/** Per-state time of `measure` over seeded lean runs until the budget is spent (at least 3 runs). */
function timeHook(scenario: Scenario, budgetMs: number, measure: (sim: Simulation) => number): { runs: number; states: number; us: number; sum: number } {
  let ms = 0;
  let states = 0;
  let sum = 0;
  const hook = (sim: Simulation) => {
    const t = nowMs();
    sum += measure(sim);
    ms += nowMs() - t;
    states++;
  };
  // An untimed run warms the JIT.
  runScenarioDetailed(scenario, { seed: 1, lean: true, beforeStep: hook });
  ms = 0;
  states = 0;
  sum = 0;
  const t0 = nowMs();
  let runs = 0;
  while (runs < 3 || nowMs() - t0 < budgetMs) runScenarioDetailed(scenario, { seed: 100 + runs++, lean: true, beforeStep: hook });
  return { runs, states, us: (1000 * ms) / states, sum };
}

export function measureStateHash(scenario: Scenario, budgetMs: number): StateHashFigures {
  const horizon = horizonOf(scenario);
  const fp = timeHook(scenario, budgetMs / 3, (sim) => fingerprint(sim.state, sim.epochMs, horizon)[0] & 1);
  const text = timeHook(scenario, budgetMs / 3, (sim) => {
    const t = sim.stateText(horizon);
    return hash64(t).length > 0 ? t.length : 0;
  });
  let tasks = 0;
  const t1 = nowMs();
  for (let i = 0; i < fp.runs; i++) tasks += runScenarioDetailed(scenario, { seed: 100 + i, lean: true }).sim.scheduler.executed;
  const stepMs = nowMs() - t1;
  const stepUs = (1000 * stepMs) / tasks;
  return {
    scenario: scenario.name,
    runs: fp.runs,
    states: fp.states,
    fingerprintUs: sig(fp.us),
    textChars: Math.round(text.sum / text.states),
    textHashUs: sig(text.us),
    stepUs: sig(stepUs),
    fingerprintOverStep: sig(fp.us / stepUs),
  };
}
