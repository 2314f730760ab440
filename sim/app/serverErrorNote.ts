// A view that fails (an exception: Django's 500) changes nothing, so it breaks no invariant: a
// check of such an app says "ok" about a fix that never ran. So check and explore with --app run
// the scenario's nominal schedule once more and note each 500 in it, with the exception's text.
import { runScenario } from '../run';
import type { Scenario } from '../scenarios/types';

/** Lines to print under the verdicts (none when no request failed), for the scenarios given with their app. */
export function serverErrorNotes(runs: Array<{ scenario: Scenario; preset: string; overrides: string[] }>, appFlag: string): string[] {
  const lines: string[] = [];
  for (const { scenario, preset, overrides } of runs) {
    const failed = runScenario(scenario, { preset, overrides }).events.filter((e) => e.type === 'http.respond' && (e.payload.status as number) >= 500);
    if (!failed.length) continue;
    lines.push(`  ${scenario.name}: ${failed.length} request(s) answered ${failed[0].payload.status} in the nominal run, first at ${failed[0].t} ms: ${failed[0].label}`);
  }
  if (!lines.length) return [];
  return [
    '',
    'Note: your views raised an exception (Django answers 500). A request that fails does not test your fix, whatever the verdict says:',
    ...lines,
    `  (cachelab run <scenario>${appFlag} --format timing shows the run)`,
  ];
}
