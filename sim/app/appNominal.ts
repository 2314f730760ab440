// With --app, check and explore run each scenario's nominal schedule once more, in the main thread,
// to say what the verdicts cannot: a view that raised (serverErrorNote.ts), a request your app left
// to a built-in view (builtInViewNote.ts). One run per scenario serves both notes.
import { runScenario } from '../run';
import type { Scenario } from '../scenarios/types';
import type { TraceEvent } from '../trace';

export interface NominalRun {
  scenario: Scenario;
  preset: string;
  events: TraceEvent[];
}

export function nominalRuns(runs: Array<{ scenario: Scenario; preset: string; overrides: string[] }>): NominalRun[] {
  return runs.map(({ scenario, preset, overrides }) => ({ scenario, preset, events: runScenario(scenario, { preset, overrides }).events }));
}
