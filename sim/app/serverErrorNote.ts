// A view that fails (an exception: Django's 500) changes nothing, so it does not test the fix: a
// check of such an app can say "ok" about a fix that never ran. So check and explore with --app
// note each scenario whose nominal run (appNominal.ts) has a 500 in it, with the first failing
// response and the exception's text.
import type { NominalRun } from './appNominal';

export interface ServerErrors {
  scenario: string;
  /** Responses of 500 or more in the nominal run. */
  count: number;
  status: number;
  atMs: number;
  /** The first one's row: "worker 1 answers 500 to DELETE ... (TypeError: ...)". */
  response: string;
}

/** The scenarios whose nominal run had a failing request. */
export function serverErrors(runs: readonly NominalRun[]): ServerErrors[] {
  const found: ServerErrors[] = [];
  for (const { scenario, events } of runs) {
    const failed = events.filter((e) => e.type === 'http.respond' && (e.payload.status as number) >= 500);
    if (failed.length) found.push({ scenario: scenario.name, count: failed.length, status: failed[0].payload.status as number, atMs: failed[0].t, response: failed[0].label });
  }
  return found;
}

/**
 * Lines to print under the verdicts (none when no request failed). `refOf` names a scenario as a
 * command takes it (`--scenario-file mine.yaml` for the user's own file), so that the one failing
 * scenario's `run` line pastes as it is.
 */
export function serverErrorNotes(found: ServerErrors[], appFlag: string, refOf: (scenario: string) => string = (name) => name): string[] {
  if (!found.length) return [];
  const which = found.length === 1 ? refOf(found[0].scenario) : '<scenario>';
  return [
    '',
    'Note: your views raised an exception (Django answers 500). A request that fails does not test your fix, whatever the verdict says:',
    ...found.map((f) => `  ${f.scenario}: ${f.count} request(s) answered ${f.status} in the nominal run, first at ${f.atMs} ms: ${f.response}`),
    `  (cachelab run ${which}${appFlag} --format timing shows the run)`,
  ];
}
