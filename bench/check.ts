// Complete random schedules checked per second: `checkScenario` (a PCT chooser, or fast-check
// generating a choice script; a lean run; every invariant judged on the trace) on a scenario whose
// preset holds, so every schedule runs to the end and none is cut short by a counterexample.
// PCT is measured on one thread and on the machine's cores (`check --workers N`, the CLI's default).
import { checkScenario, type Strategy } from '../sim/check/checkScenario';
import { checkWithWorkers } from '../sim/check/parallel/parallelCheck';
import { PctPool } from '../sim/check/parallel/pctPool';
import type { Scenario } from '../sim/scenarios/types';
import { runChild, type ChildRunner } from './childCommand';
import { nowMs, perSecond, sig } from './stats';

/**
 * Untimed runs each thread makes before a timed search. V8 is still optimising a thread's code
 * well past its first thousand runs of seed-fixed (500-run passes on one thread, fresh process:
 * about 470/s, then 1,300, 1,800, 3,100 ... reaching about 5,000/s after some 4,000 runs), so a
 * shorter warm-up measured mostly the JIT: the figure is a long check's rate, and `coldPerS` says
 * what the first pass got.
 */
export const WARM_RUNS_PER_THREAD = 4000;

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
  /** Untimed runs made before the timed ones (absent in results from before the warm-up was sized). */
  warmRuns?: number;
  /** PCT only: the same search over the machine's cores (absent in results from before it was measured). */
  onCores?: CoresRate;
  /** How the measuring child ran (bench/childCommand.ts); absent in results measured in the bench's own process. */
  runner?: ChildRunner;
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
  /** Untimed runs made by the slowest-warmed thread before the timed search (absent in older results). */
  warmRunsPerThread?: number;
  /** The rate of the first untimed pass, the other threads fresh (absent in older results). */
  coldPerS?: number;
}

export function measureCheckRate(scenario: Scenario, budgetMs: number, strategy: Strategy, warmRuns = WARM_RUNS_PER_THREAD): CheckRateResult {
  const preset = scenario.defaultPreset;
  // An untimed pass warms the JIT and sizes the timed one to the budget (from its last tenth).
  checkScenario(scenario, { preset, runs: Math.max(0, warmRuns - Math.ceil(warmRuns / 10)), seed: 7, strategy });
  const t0 = nowMs();
  const warm = checkScenario(scenario, { preset, runs: Math.max(10, Math.ceil(warmRuns / 10)), seed: 8, strategy });
  const rate = perSecond(warm.evaluations, nowMs() - t0);
  const runs = Math.max(10, Math.round((rate * budgetMs) / 1000));
  const t1 = nowMs();
  const r = checkScenario(scenario, { preset, runs, seed: 1, strategy });
  const ms = nowMs() - t1;
  return { scenario: scenario.name, strategy, preset, seed: 1, runs: r.evaluations, ms: sig(ms, 4), schedulesPerS: sig(perSecond(r.evaluations, ms)), counterexample: r.counterexample !== null, warmRuns };
}

/** PCT over `workers` threads, started and warmed (WARM_RUNS_PER_THREAD each) before the timed search, as in a long `check`. */
export async function measureCheckRateOnCores(scenario: Scenario, budgetMs: number, workers: number, warmRuns = WARM_RUNS_PER_THREAD): Promise<CoresRate> {
  const preset = scenario.defaultPreset;
  const pool = workers > 1 ? new PctPool(workers - 1, null) : null;
  try {
    await pool?.whenReady();
    // Untimed passes until the thread that got the fewest runs (this one or the others together,
    // per thread) has made warmRuns; the first pass's rate is the cold figure, the last sizes the timed search.
    const made = { here: 0, threads: 0 };
    let coldPerS = 0;
    let rate = 0;
    for (let pass = 0; pass < 50 && Math.min(made.here, made.threads / Math.max(1, workers - 1)) < warmRuns; pass++) {
      const split = { here: 0, threads: 0 };
      const t0 = nowMs();
      const warm = await checkWithWorkers(scenario, { preset, runs: 1000 * workers, seed: 7 + pass, workers }, pool ? { pool, split } : { split });
      rate = perSecond(warm.evaluations, nowMs() - t0);
      if (pass === 0) coldPerS = rate;
      made.here += pool ? split.here : warm.evaluations;
      made.threads += pool ? split.threads : warm.evaluations;
    }
    const runs = Math.max(10, Math.round((rate * budgetMs) / 1000));
    const cpu0 = process.cpuUsage();
    const t1 = nowMs();
    const r = await checkWithWorkers(scenario, { preset, runs, seed: 1, workers }, pool ? { pool } : {});
    const ms = nowMs() - t1;
    const cpu = process.cpuUsage(cpu0);
    return {
      workers,
      runs: r.evaluations,
      ms: sig(ms, 4),
      cpuMs: sig((cpu.user + cpu.system) / 1000, 4),
      schedulesPerS: sig(perSecond(r.evaluations, ms)),
      counterexample: r.counterexample !== null,
      warmRunsPerThread: Math.round(Math.min(made.here, made.threads / Math.max(1, workers - 1))),
      coldPerS: sig(coldPerS),
    };
  } finally {
    await pool?.close();
  }
}

const CHILD = new URL('./checkRateChild.ts', import.meta.url);

/**
 * Each strategy's rate on `scenarioName` (the first, PCT, also over `workers` threads), measured in
 * a fresh child process of its own (bench/checkRateChild.ts) started as `cachelab check` runs: the
 * bench's own process has by then run the other measurements, whose other scenarios and full
 * (xstate) runs leave the shared code's feedback more polymorphic than a check's.
 */
export function measureCheckRatesInChild(scenarioName: string, budgetMs: number, warmRuns: number, workers: number): CheckRateResult[] {
  const { result: rates, runner } = runChild<CheckRateResult[]>(CHILD, [scenarioName, String(budgetMs), String(warmRuns), String(workers)]);
  return rates.map((r) => ({ ...r, runner }));
}
