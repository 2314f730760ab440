// Complete random schedules checked per second: `checkScenario` (fast-check generating a choice
// script, a lean run of it, every invariant judged on the trace) on a scenario whose preset holds,
// so every schedule runs to the end and none is cut short by a counterexample.
import { checkScenario } from '../sim/check/checkScenario';
import type { Scenario } from '../sim/scenarios/types';
import { nowMs, perSecond, sig } from './stats';

export interface CheckRateResult {
  scenario: string;
  preset: string;
  seed: number;
  runs: number;
  ms: number;
  schedulesPerS: number;
  /** True if a counterexample cut the measurement short (the figure then counts shrink steps too). */
  counterexample: boolean;
}

export function measureCheckRate(scenario: Scenario, budgetMs: number): CheckRateResult {
  const preset = scenario.defaultPreset;
  // A short untimed pass warms the JIT and sizes the timed one to the budget.
  const t0 = nowMs();
  const warm = checkScenario(scenario, { preset, runs: 50, seed: 7 });
  const rate = perSecond(warm.evaluations, nowMs() - t0);
  const runs = Math.max(10, Math.round((rate * budgetMs) / 1000));
  const t1 = nowMs();
  const r = checkScenario(scenario, { preset, runs, seed: 1 });
  const ms = nowMs() - t1;
  return { scenario: scenario.name, preset, seed: 1, runs: r.evaluations, ms: sig(ms, 4), schedulesPerS: sig(perSecond(r.evaluations, ms)), counterexample: r.counterexample !== null };
}
