// Shrinking a found counterexample: the delta-debugging shrinker (what `cachelab check` does)
// against fast-check's own shrinking (the plain path it replaced), from the same found schedule:
// the first one fast-check's uniform random search finds with seed 1. Also the shrinker on what
// PCT (the default strategy) finds with seed 1. Each shrink is timed from the found schedule to
// the shrunk one; fast-check's is capped (it ran past 10 s on concurrent-deletes).
import { checkScenario, type CheckResult, type Shrinker, type Strategy } from '../sim/check/checkScenario';
import { deviationsOf } from '../sim/check/deviations';
import type { Scenario } from '../sim/scenarios/types';
import { nowMs, sig } from './stats';

class Cap extends Error {}

export interface ShrinkFigures {
  strategy: Strategy;
  shrinker: Shrinker;
  /** Schedules searched before the found one (not timed). */
  searchRuns: number;
  /** Deviations of the found schedule and of the shrunk one (null: capped before the end). */
  foundDeviations: number | null;
  shrunkDeviations: number | null;
  /** Runs the shrinker made, and ms from the found schedule to the shrunk one. */
  evaluations: number;
  ms: number;
  capped: boolean;
}

export interface ShrinkComparison {
  scenario: string;
  preset: string;
  pct: ShrinkFigures | null;
  randomDdmin: ShrinkFigures | null;
  randomFastCheck: ShrinkFigures | null;
}

function shrinkOnce(scenario: Scenario, preset: string, strategy: Strategy, shrinker: Shrinker, runs: number, capMs: number): ShrinkFigures | null {
  let searchRuns = 0;
  let foundAt: number | null = null;
  let capped = false;
  let evaluations = 0;
  let result: CheckResult | null = null;
  try {
    result = checkScenario(scenario, {
      preset,
      runs,
      seed: 1,
      strategy,
      shrinker,
      onRun: (n, violating) => {
        evaluations = n;
        if (foundAt === null && violating > 0) {
          foundAt = nowMs();
          searchRuns = n;
        }
        if (foundAt !== null && nowMs() - foundAt > capMs) throw new Cap();
      },
    });
  } catch (e) {
    if (!(e instanceof Cap)) throw e;
    capped = true;
  }
  if (foundAt === null) return null;
  const ms = nowMs() - foundAt;
  const cx = result?.counterexample ?? null;
  return {
    strategy,
    shrinker,
    searchRuns,
    foundDeviations: cx && shrinker === 'ddmin' ? cx.foundDeviations : null,
    shrunkDeviations: cx ? deviationsOf(cx.run.points, cx.run.trace.choices).length : null,
    evaluations: (result?.evaluations ?? evaluations) - searchRuns,
    ms: sig(ms, 4),
    capped,
  };
}

export function measureShrinking(scenario: Scenario, preset: string, runs: number, capMs: number): ShrinkComparison {
  return {
    scenario: scenario.name,
    preset,
    pct: shrinkOnce(scenario, preset, 'pct', 'ddmin', runs, capMs),
    randomDdmin: shrinkOnce(scenario, preset, 'random', 'ddmin', runs, capMs),
    randomFastCheck: shrinkOnce(scenario, preset, 'random', 'fast-check', runs, capMs),
  };
}
