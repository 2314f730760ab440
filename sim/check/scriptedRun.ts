// One run driven by a script of choice indices (fast-check's generated array, a shrunk
// counterexample, a --choices literal): past the script's end every choice is nominal.
import { scriptedChooser, type ChoicePoint } from '../chooser';
import { checkInvariants, type Violation } from '../invariants/index';
import { runScenarioDetailed } from '../run';
import type { Scenario } from '../scenarios/types';
import type { Trace } from '../trace';

export interface ScriptedRun {
  trace: Trace;
  /** Every choice point the run asked, in order (trace.choices holds the answers). */
  points: ChoicePoint[];
  violations: Violation[];
}

export interface RunConfig {
  preset?: string;
  overrides?: readonly string[];
  /** Tolerate staleness of at most this many ms (`--max-stale-ms`). */
  maxStaleMs?: number;
}

/** `lean`: skip the per-event layer views and labels (the checkers read neither); false for anything shown. */
export function scriptedRun(scenario: Scenario, config: RunConfig, script: readonly number[], lean = false): ScriptedRun {
  const { trace, points } = runScenarioDetailed(scenario, { preset: config.preset, overrides: config.overrides, chooser: scriptedChooser(script), lean, fromPrefix: lean });
  return { trace, points, violations: checkInvariants(trace, { maxStaleMs: config.maxStaleMs }) };
}

/** The script without its trailing nominal choices: the shortest literal that replays the run. */
export function essentialScript(choices: readonly number[]): number[] {
  let end = choices.length;
  while (end > 0 && choices[end - 1] === 0) end--;
  return choices.slice(0, end);
}
