// Time to the first counterexample: `checkScenario` with fast-check seeds 1..N, timed from the
// call to the first schedule that violates an invariant (the median over the seeds is the
// figure). The search is then cut short (the onRun hook throws, so fast-check's shrinking of
// that case ends at once): shrinking is measured separately, once per scenario and preset, as
// the time until check returns its shrunk counterexample, under a cap of its own.
import { checkScenario } from '../sim/check/checkScenario';
import type { Scenario } from '../sim/scenarios/types';
import { median, nowMs, sig } from './stats';

class Found extends Error {}
class ShrinkCap extends Error {}

export interface CounterexampleFigures {
  scenario: string;
  preset: string;
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
  /** Schedules checked in all, and how long that took (the rate of a search that finds nothing). */
  schedules: number;
  ms: number;
  /** The first seed that found one, searched and shrunk as `cachelab check` does: ms until the shrunk counterexample. */
  shrunk: { ms: number; evaluations: number; capped: boolean } | null;
}

/** The median with "not found" as +infinity: null when it is. */
function medianOrNull(xs: Array<number | null>): number | null {
  const m = median(xs.map((x) => (x === null ? Number.POSITIVE_INFINITY : x)));
  return Number.isFinite(m) ? sig(m, 4) : null;
}

export function measureCounterexamples(scenario: Scenario, preset: string, seeds: number, runsPerSeed: number, shrinkCapMs: number): CounterexampleFigures {
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
        onRun: (evaluations, violating) => {
          evaluated = evaluations;
          if (violating > 0) {
            if (firstMs === null) {
              firstMs = nowMs() - t0;
              firstRun = evaluations;
            }
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
  const ms = nowMs() - t00;
  const found = perSeedMs.filter((x) => x !== null).length;
  let shrunk: CounterexampleFigures['shrunk'] = null;
  if (found > 0) {
    const t0 = nowMs();
    let evaluations = 0;
    let capped = false;
    try {
      const r = checkScenario(scenario, {
        preset,
        runs: runsPerSeed,
        seed: perSeedMs.findIndex((x) => x !== null) + 1,
        onRun: (n) => {
          evaluations = n;
          if (nowMs() - t0 > shrinkCapMs) throw new ShrinkCap();
        },
      });
      evaluations = r.evaluations;
    } catch (e) {
      if (!(e instanceof ShrinkCap)) throw e;
      capped = true;
    }
    shrunk = { ms: sig(nowMs() - t0, 4), evaluations, capped };
  }
  return {
    scenario: scenario.name,
    preset,
    seeds,
    runsPerSeed,
    found,
    medianMs: medianOrNull(perSeedMs),
    medianRuns: medianOrNull(perSeedRuns),
    perSeedMs,
    schedules,
    ms: sig(ms, 4),
    shrunk,
  };
}
