// `check`: random schedules through fast-check. A schedule is an array of integers fed to the
// scripted chooser (each taken modulo its point's number of options; past the end, nominal), so
// fast-check's shrinking, which drops elements and moves values toward 0, walks a failing
// schedule back toward the documented one until only the choices that matter are left.
import fc from 'fast-check';
import type { Scenario } from '../scenarios/types';
import type { Violation } from '../invariants/index';
import { essentialScript, scriptedRun, type RunConfig, type ScriptedRun } from './scriptedRun';

export interface CheckOptions extends RunConfig {
  runs: number;
  seed: number;
  /** Called after each property evaluation (runs and shrink steps), for progress lines. */
  onRun?: (evaluated: number, violating: number) => void;
}

export interface Counterexample {
  /** The shrunk script: only up to its last non-nominal choice. */
  script: number[];
  run: ScriptedRun;
  violations: Violation[];
  /** fast-check's own replay handle: the seed and the path of the shrunk case. */
  fcSeed: number;
  fcPath: string;
  shrinks: number;
}

export interface CheckResult {
  scenario: string;
  preset: string;
  overrides: string[];
  seed: number;
  /** Random schedules tried before the first violation (or all of them). */
  runs: number;
  /** Property evaluations including shrinking. */
  evaluations: number;
  counterexample: Counterexample | null;
}

/** Upper bound on a script's length: the nominal run's choice count, plus room for detours. */
function scriptLength(scenario: Scenario, config: RunConfig): number {
  return scriptedRun(scenario, config, []).trace.choices.length + 16;
}

export function checkScenario(scenario: Scenario, options: CheckOptions): CheckResult {
  const config: RunConfig = { preset: options.preset ?? scenario.defaultPreset, overrides: options.overrides ?? [], maxStaleMs: options.maxStaleMs };
  const maxLength = scriptLength(scenario, config);
  let evaluations = 0;
  let violating = 0;
  const property = fc.property(fc.array(fc.nat({ max: 1 << 20 }), { maxLength, size: 'max' }), (script) => {
    const { violations } = scriptedRun(scenario, config, script, true);
    evaluations++;
    if (violations.length) violating++;
    options.onRun?.(evaluations, violating);
    return violations.length === 0;
  });
  const details = fc.check(property, { numRuns: options.runs, seed: options.seed });
  const base = { scenario: scenario.name, preset: config.preset!, overrides: [...config.overrides!], seed: options.seed, evaluations };
  if (!details.failed || !details.counterexample) return { ...base, runs: details.numRuns, evaluations, counterexample: null };
  if (details.errorInstance) {
    const e = details.errorInstance;
    if (!(e instanceof Error) || !/fast-check|Property failed/.test(e.message)) throw e;
  }
  const run = scriptedRun(scenario, config, details.counterexample[0]);
  const script = essentialScript(run.trace.choices);
  const replayed = script.length === run.trace.choices.length ? run : scriptedRun(scenario, config, script);
  return {
    ...base,
    runs: details.numRuns,
    evaluations,
    counterexample: { script, run: replayed, violations: replayed.violations, fcSeed: details.seed, fcPath: details.counterexamplePath ?? '', shrinks: details.numShrinks },
  };
}
