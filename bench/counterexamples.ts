// Time to the first counterexample, per strategy: `checkScenario` with seeds 1..N, timed from the
// call to the first schedule that violates an invariant (the median over the seeds is the figure;
// a seed that finds nothing within its runs counts as infinitely slow, and as a miss when the
// scenario has a known counterexample). The search is cut short there (the onRun hook throws), so
// shrinking is measured apart (bench/shrinking.ts).
import { checkScenario, type Strategy } from '../sim/check/checkScenario';
import type { Scenario } from '../sim/scenarios/types';
import { median, nowMs, sig } from './stats';

class Found extends Error {}

export interface CounterexampleFigures {
  scenario: string;
  preset: string;
  strategy: Strategy;
  /** Whether bench/knownCounterexamples.ts lists one for this scenario and preset. */
  known: boolean;
  seeds: number;
  /** Random schedules tried per seed before giving up. */
  runsPerSeed: number;
  /** Seeds whose search found a violating schedule. */
  found: number;
  /** Median over the seeds of ms until the first violating schedule; null when fewer than half found one. */
  medianMs: number | null;
  /** Median schedules tried until the first violation (same rule). */
  medianRuns: number | null;
  /** Every seed's figure (null: none found in runsPerSeed). */
  perSeedMs: Array<number | null>;
  perSeedRuns: Array<number | null>;
  /** Schedules checked in all, and how long that took. */
  schedules: number;
  ms: number;
}

/** The median with "not found" as +infinity: null when it is. */
function medianOrNull(xs: Array<number | null>): number | null {
  const m = median(xs.map((x) => (x === null ? Number.POSITIVE_INFINITY : x)));
  return Number.isFinite(m) ? sig(m, 4) : null;
}

export function measureCounterexamples(scenario: Scenario, preset: string, strategy: Strategy, known: boolean, seeds: number, runsPerSeed: number): CounterexampleFigures {
  const perSeedMs: Array<number | null> = [];
  const perSeedRuns: Array<number | null> = [];
  let schedules = 0;
  const t00 = nowMs();
  for (let seed = 1; seed <= seeds; seed++) {
    let firstMs: number | null = null;
    let firstRun: number | null = null;
    let evaluated = 0;
    const t0 = nowMs();
    try {
      checkScenario(scenario, {
        preset,
        runs: runsPerSeed,
        seed,
        strategy,
        onRun: (evaluations, violating) => {
          evaluated = evaluations;
          if (violating > 0) {
            firstMs = nowMs() - t0;
            firstRun = evaluations;
            throw new Found();
          }
        },
      });
    } catch (e) {
      if (!(e instanceof Found)) throw e;
    }
    schedules += firstRun ?? evaluated;
    perSeedMs.push(firstMs === null ? null : sig(firstMs, 4));
    perSeedRuns.push(firstRun);
  }
  return {
    scenario: scenario.name,
    preset,
    strategy,
    known,
    seeds,
    runsPerSeed,
    found: perSeedMs.filter((x) => x !== null).length,
    medianMs: medianOrNull(perSeedMs),
    medianRuns: medianOrNull(perSeedRuns),
    perSeedMs,
    perSeedRuns,
    schedules,
    ms: sig(nowMs() - t00, 4),
  };
}
