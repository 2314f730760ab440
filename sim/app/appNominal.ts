// With --app, check and explore say what the verdicts cannot: a view that raised (serverErrorNote.ts),
// a request your app left to a built-in view (builtInViewNote.ts). Both read each scenario's
// nominal run, which the job has already made: the first of the two runs that show the views
// deterministic (sameTwice.ts). The notes are worked out in the job's thread and travel as plain
// data, so the nominal schedule is not run a third time in the main thread.
import type { Scenario } from '../scenarios/types';
import type { TraceEvent } from '../trace';
import { builtInViews, type BuiltInView } from './builtInViewNote';
import { serverErrors, type ServerErrors } from './serverErrorNote';

export interface NominalRun {
  scenario: Scenario;
  preset: string;
  events: TraceEvent[];
}

/** What the notes under the verdicts say, for the scenarios a job got to. */
export interface AppNotes {
  serverErrors: ServerErrors[];
  builtInViews: BuiltInView[];
}

export const NO_APP_NOTES: AppNotes = { serverErrors: [], builtInViews: [] };

/** The notes of `runs`, in their order. */
export function appNotes(runs: readonly NominalRun[]): AppNotes {
  return { serverErrors: serverErrors(runs), builtInViews: builtInViews(runs) };
}
