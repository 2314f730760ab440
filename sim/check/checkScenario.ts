// `check`: random schedules against every invariant, until one violates an invariant; that
// schedule is then shrunk to the few deviations from the nominal schedule that matter.
//
// Two search strategies (docs/performance.md compares them on every known counterexample):
// - `pct` (the default): probabilistic concurrency testing, sim/pctChooser.ts: each run gives
//   every thread a random priority (its speed) and drops `depth - 1` of them to the slowest at
//   random points, so the orderings a race needs come up far more often than by chance;
// - `random`: fast-check draws an array of integers, each choice point taking the next one modulo
//   its options (past the array's end, nominal), so every latency, tie, route and jitter is a
//   uniform, independent draw.
// Two shrinkers: `ddmin` (the default), delta debugging over the found schedule's deviations
// (sim/check/shrinkSchedule.ts), and `fast-check`, fast-check's own shrinking of the integer
// array (random strategy only; the plain path the test suite compares ddmin against).
import fc from 'fast-check';
import type { Scenario } from '../scenarios/types';
import type { Violation } from '../invariants/index';
import { pctChooser } from '../pctChooser';
import { checkInvariants } from '../invariants/index';
import { subSeed } from '../prng';
import { runScenarioDetailed } from '../run';
import { deviationRun, deviationsOf } from './deviations';
import { shrinkDeviations } from './shrinkSchedule';
import { essentialScript, scriptedRun, type RunConfig, type ScriptedRun } from './scriptedRun';

export const STRATEGIES = ['pct', 'random'] as const;
export type Strategy = (typeof STRATEGIES)[number];
export const SHRINKERS = ['ddmin', 'fast-check'] as const;
export type Shrinker = (typeof SHRINKERS)[number];
/** Schedules per scenario `cachelab check` tries by default (and the bench gives each seed). */
export const DEFAULT_CHECK_RUNS = 500;
/**
 * PCT's bug depth when none is given: 2, the depth with the most violating schedules of commit-race
 * under seed-fix in the bench's depth table (docs/performance.md), and the one at which seeds 1-10
 * all found both commit-race and inflight-refetch under seed-fix within 500 schedules (depth 3
 * missed inflight-refetch on one seed).
 */
export const DEFAULT_PCT_DEPTH = 2;

export interface CheckOptions extends RunConfig {
  runs: number;
  seed: number;
  strategy?: Strategy;
  /** PCT's depth d (d-1 priority change points). */
  depth?: number;
  shrinker?: Shrinker;
  /** Called after each evaluation (runs and shrink steps), for progress lines. */
  onRun?: (evaluated: number, violating: number) => void;
  /** Polled after each evaluation: true ends the search (a time limit, Ctrl-C). */
  shouldStop?: () => boolean;
  /**
   * Threads the PCT search is split over (default 1). More than 1 needs the async
   * checkWithWorkers (sim/check/parallel/parallelCheck.ts), which gives the same result.
   */
  workers?: number;
}

export interface Counterexample {
  /** The shrunk script: only up to its last non-nominal choice. */
  script: number[];
  run: ScriptedRun;
  violations: Violation[];
  /** The invariant the shrinker kept violated (the found schedule's first violation's). */
  invariant: string;
  /** Deviations from the nominal schedule before shrinking. */
  foundDeviations: number;
  /** Runs spent shrinking. */
  shrinks: number;
  /** False when a stop request cut the shrinking short (the schedule still violates the invariant). */
  shrinkComplete: boolean;
}

export interface CheckResult {
  scenario: string;
  preset: string;
  overrides: string[];
  seed: number;
  strategy: Strategy;
  depth: number | null;
  /** Random schedules tried before the first violation (or all of them). */
  runs: number;
  /** Property evaluations including shrinking. */
  evaluations: number;
  /** True when shouldStop ended the search before `runs` schedules or before shrinking ended. */
  stoppedEarly: boolean;
  counterexample: Counterexample | null;
}

class Stop extends Error {}

/** What a check keeps between its search and its shrinking: the counts, in the one-thread order. */
export interface CheckTally {
  config: RunConfig;
  base: Omit<CheckResult, 'runs' | 'evaluations' | 'stoppedEarly' | 'counterexample'>;
  evaluations: number;
  stoppedEarly: boolean;
  /** Counts one evaluation (a run or a shrink step) and reports it to onRun. */
  counted(bad: boolean): void;
}

export function startCheck(scenario: Scenario, options: CheckOptions): CheckTally {
  const config: RunConfig = { preset: options.preset ?? scenario.defaultPreset, overrides: options.overrides ?? [], maxStaleMs: options.maxStaleMs };
  const strategy = options.strategy ?? 'pct';
  const shrinker = options.shrinker ?? 'ddmin';
  if (shrinker === 'fast-check' && strategy !== 'random') throw new Error('the fast-check shrinker needs the random strategy');
  let violating = 0;
  const tally: CheckTally = {
    config,
    base: {
      scenario: scenario.name,
      preset: config.preset!,
      overrides: [...config.overrides!],
      seed: options.seed,
      strategy,
      depth: strategy === 'pct' ? (options.depth ?? DEFAULT_PCT_DEPTH) : null,
    },
    evaluations: 0,
    stoppedEarly: false,
    counted: (bad) => {
      tally.evaluations++;
      if (bad) violating++;
      options.onRun?.(tally.evaluations, violating);
    },
  };
  return tally;
}

/** Choice points of the nominal run: PCT spreads its change points over them. */
export function pctSteps(scenario: Scenario, config: RunConfig): number {
  return scriptedRun(scenario, config, [], true).trace.choices.length;
}

/** PCT's run number `index` of a search with this seed: depends on nothing else, so any thread can make it. */
export function pctRun(scenario: Scenario, config: RunConfig, seed: number, depth: number, steps: number, index: number): ScriptedRun {
  const chooser = pctChooser({ seed: subSeed(seed, `pct run ${index}`), depth, steps });
  // Options written out, not spread from config: a spread with more fields is several times slower in V8 (Node 20).
  // The run records its choice points itself (a second recording chooser logged each choice twice).
  const { trace, points } = runScenarioDetailed(scenario, { preset: config.preset, overrides: config.overrides, chooser, lean: true, fromPrefix: true });
  // Judged as the shrinker and the random strategy judge it: under --max-stale-ms too.
  return { trace, points, violations: checkInvariants(trace, { maxStaleMs: config.maxStaleMs }) };
}

export function checkScenario(scenario: Scenario, options: CheckOptions): CheckResult {
  if ((options.workers ?? 1) !== 1) throw new RangeError('checkScenario runs on one thread: use checkWithWorkers for workers > 1');
  const tally = startCheck(scenario, options);
  const { config, base, counted } = tally;
  const strategy = base.strategy;
  const shrinker = options.shrinker ?? 'ddmin';

  // Search: the first violating schedule, as a run with its choice points.
  let found: ScriptedRun | null = null;
  let runs = 0;
  if (strategy === 'pct') {
    const steps = pctSteps(scenario, config);
    for (; runs < options.runs && !found; runs++) {
      if (options.shouldStop?.()) {
        tally.stoppedEarly = true;
        break;
      }
      const run = pctRun(scenario, config, options.seed, base.depth!, steps, runs);
      counted(run.violations.length > 0);
      if (run.violations.length) found = run;
    }
  } else {
    const maxLength = scriptedRun(scenario, config, [], true).trace.choices.length + 16;
    const property = fc.property(fc.array(fc.nat({ max: 1 << 20 }), { maxLength, size: 'max' }), (script) => {
      if (options.shouldStop?.()) throw new Stop();
      const { violations } = scriptedRun(scenario, config, script, true);
      counted(violations.length > 0);
      return violations.length === 0;
    });
    const details = fc.check(property, { numRuns: options.runs, seed: options.seed, endOnFailure: shrinker === 'ddmin' });
    runs = details.numRuns;
    if (details.errorInstance && !(details.errorInstance instanceof Error && /fast-check|Property failed/.test(details.errorInstance.message))) {
      if (!(details.errorInstance instanceof Stop)) throw details.errorInstance;
      tally.stoppedEarly = true;
    } else if (details.failed && details.counterexample) {
      found = scriptedRun(scenario, config, details.counterexample[0], true);
      if (shrinker === 'fast-check') {
        const script = essentialScript(found.trace.choices);
        const run = scriptedRun(scenario, config, script);
        const cx: Counterexample = {
          script,
          run,
          violations: run.violations,
          invariant: run.violations[0]?.invariant ?? '',
          foundDeviations: deviationsOf(found.points, found.trace.choices).length,
          shrinks: details.numShrinks,
          shrinkComplete: true,
        };
        return { ...base, runs, evaluations: tally.evaluations, stoppedEarly: tally.stoppedEarly, counterexample: cx };
      }
    }
  }
  return finishCheck(scenario, tally, found, runs, options);
}

/** The result of a search: with a violating schedule, shrunk (sequentially, whatever the search's threads). */
export function finishCheck(scenario: Scenario, tally: CheckTally, found: ScriptedRun | null, runs: number, options: Pick<CheckOptions, 'shouldStop'>): CheckResult {
  const { config, base, counted } = tally;
  if (!found) return { ...base, runs, evaluations: tally.evaluations, stoppedEarly: tally.stoppedEarly, counterexample: null };

  // Shrink: delta debugging over the deviations, keeping the first violated invariant violated.
  const invariant = found.violations[0].invariant;
  const deviations = deviationsOf(found.points, found.trace.choices);
  const before = tally.evaluations;
  let stopped = false;
  const shrunk = shrinkDeviations(scenario, config, deviations, invariant, {
    onRun: (bad) => counted(bad),
    shouldStop: () => (stopped ||= options.shouldStop?.() ?? false),
  });
  if (stopped) tally.stoppedEarly = true;
  const full = deviationRun(scenario, config, shrunk.deviations);
  const script = essentialScript(full.trace.choices);
  return {
    ...base,
    runs,
    evaluations: tally.evaluations,
    stoppedEarly: tally.stoppedEarly,
    counterexample: {
      script,
      run: full,
      violations: full.violations,
      invariant,
      foundDeviations: deviations.length,
      shrinks: tally.evaluations - before,
      shrinkComplete: !stopped,
    },
  };
}
