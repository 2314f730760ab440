// What `check` finds beyond the run on screen: docs/check-at-a-glance.json (tools/checkAtAGlance.ts,
// each scenario on its own deployment, PCT, 500 schedules, seed 1; test/sim/checkAtAGlance.test.ts
// replays every stored counterexample). A preset that holds on the nominal schedule may still fail
// on another: the "Does it hold?" strip must not say "holds" where check shows it does not.
import glance from '../../docs/check-at-a-glance.json';
import type { RunSpec } from './runSpec';

export interface CheckCounterexample {
  /** The shrunk schedule's choices, as `--choices` takes them. */
  script: number[];
  deviations: number;
  invariants: string[];
}

type Row = { scenario: string; preset: string; counterexample: CheckCounterexample | null };
const ROWS = glance as Row[];

/**
 * check's counterexample for the spec's scenario and preset, when the spec runs on the
 * deployment check measured (no knob changed); null when check found none or measured none.
 */
export function checkCounterexample(spec: RunSpec): CheckCounterexample | null {
  if (spec.overrides.length) return null;
  return ROWS.find((r) => r.scenario === spec.scenario && r.preset === spec.preset)?.counterexample ?? null;
}

/** Catalog scenarios where check finds a schedule that breaks `preset`. */
export function checkFailures(preset: string): string[] {
  return ROWS.filter((r) => r.preset === preset && r.counterexample).map((r) => r.scenario);
}
