// Complete random schedules checked per second: `checkScenario` (a PCT chooser, or fast-check
// generating a choice script; a lean run; every invariant judged on the trace) on a scenario whose
// preset holds, so every schedule runs to the end and none is cut short by a counterexample.
// PCT is measured on one thread and on the machine's cores (`check --workers N`, the CLI's default).
import { checkScenario, type Strategy } from '../sim/check/checkScenario';
import { checkWithWorkers } from '../sim/check/parallel/parallelCheck';
import { PctPool } from '../sim/check/parallel/pctPool';
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
  /** PCT only: the same search over the machine's cores (absent in results from before it was measured). */
  onCores?: CoresRate;
}

export interface CoresRate {
  /** Threads, this one included: the machine's cores. */
  workers: number;
  runs: number;
  ms: number;
  /** CPU time of every thread of the process over the timed search. */
  cpuMs: number;
  schedulesPerS: number;
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

/** PCT over `workers` threads, started (and warmed) before the timed search, as in a long `check`. */
export async function measureCheckRateOnCores(scenario: Scenario, budgetMs: number, workers: number): Promise<CoresRate> {
  const preset = scenario.defaultPreset;
  const pool = workers > 1 ? new PctPool(workers - 1, null) : null;
  try {
    await pool?.whenReady();
    const threads = pool ? { pool } : {};
    const t0 = nowMs();
    // A thread starts cold: enough runs for its JIT to settle (about 2 s of one thread's work each).
    const warm = await checkWithWorkers(scenario, { preset, runs: 1000 * workers, seed: 7, workers }, threads);
    const rate = perSecond(warm.evaluations, nowMs() - t0);
    const runs = Math.max(10, Math.round((rate * budgetMs) / 1000));
    const cpu0 = process.cpuUsage();
    const t1 = nowMs();
    const r = await checkWithWorkers(scenario, { preset, runs, seed: 1, workers }, threads);
    const ms = nowMs() - t1;
    const cpu = process.cpuUsage(cpu0);
    return { workers, runs: r.evaluations, ms: sig(ms, 4), cpuMs: sig((cpu.user + cpu.system) / 1000, 4), schedulesPerS: sig(perSecond(r.evaluations, ms)), counterexample: r.counterexample !== null };
  } finally {
    await pool?.close();
  }
}
