// Complete random schedules checked per second: `checkScenario` (a PCT chooser, or fast-check
// generating a choice script; a lean run; every invariant judged on the trace) on a scenario whose
// preset holds, so every schedule runs to the end and none is cut short by a counterexample.
import { checkScenario, type Strategy } from '../sim/check/checkScenario';
import type { Scenario } from '../sim/scenarios/types';
import { nowMs, perSecond, sig } from './stats';

export interface CheckRateResult {
  scenario: string;
  strategy: Strategy;
  preset: string;
  seed: number;
  runs: number;
  ms: number;
  schedulesPerS: number;
  /** True if a counterexample cut the measurement short (the figure then counts shrink steps too). */
  counterexample: boolean;
}

export function measureCheckRate(scenario: Scenario, budgetMs: number, strategy: Strategy): CheckRateResult {
  const preset = scenario.defaultPreset;
  // A short untimed pass warms the JIT and sizes the timed one to the budget.
  const t0 = nowMs();
  const warm = checkScenario(scenario, { preset, runs: 50, seed: 7, strategy });
  const rate = perSecond(warm.evaluations, nowMs() - t0);
  const runs = Math.max(10, Math.round((rate * budgetMs) / 1000));
  const t1 = nowMs();
  const r = checkScenario(scenario, { preset, runs, seed: 1, strategy });
  const ms = nowMs() - t1;
  return { scenario: scenario.name, strategy, preset, seed: 1, runs: r.evaluations, ms: sig(ms, 4), schedulesPerS: sig(perSecond(r.evaluations, ms)), counterexample: r.counterexample !== null };
}
