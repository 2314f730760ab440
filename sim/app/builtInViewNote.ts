// An app need not define every view: the ones it leaves out are answered by the built-in views,
// under the scenario's preset (handleUserRequest.ts). A scenario whose writes all went to a
// built-in view judges that view, not the user's fix: with invalidate-on-commit.ts (feed and delete
// only), create-appears and edit-reverts fail under broken's create and update views. Say so.
import { USER_VIEW_NAMES, type UserApp } from '../../src/app/userApp/types';
import { viewFor, type ViewName } from '../../src/app/urls';
import type { NominalRun } from './appNominal';

export interface BuiltInView {
  view: ViewName;
  /** The scenarios whose nominal run sent it a request, each with its preset. */
  scenarios: Array<{ scenario: string; preset: string }>;
}

/** An app of knobs only means the built-in views, under its config: nothing to say. */
function definesViews(app: UserApp | undefined): app is UserApp {
  return app !== undefined && USER_VIEW_NAMES.some((v) => app[v] !== undefined);
}

/** Per view the app leaves out, the scenarios that called it (none: an empty list). */
export function builtInViews(runs: readonly NominalRun[]): BuiltInView[] {
  const found: BuiltInView[] = [];
  for (const view of USER_VIEW_NAMES) {
    const scenarios = runs
      .filter(({ scenario, events }) => definesViews(scenario.app) && !scenario.app[view] && events.some((e) => e.type === 'http.request' && viewFor(e.payload.method as string, e.payload.url as string)?.view === view))
      .map(({ scenario, preset }) => ({ scenario: scenario.name, preset }));
    if (scenarios.length) found.push({ view, scenarios });
  }
  return found;
}

/** Lines to print under the verdicts (none when the app's own views answered every request). */
export function builtInViewNotes(found: readonly BuiltInView[]): string[] {
  if (!found.length) return [];
  return [
    '',
    "Note: your app does not define these views, so the built-in ones answered their requests, with each scenario's preset; those verdicts judge the built-in view, not yours:",
    ...found.map((f) => `  ${f.view}: ${f.scenarios.map((s) => `${s.scenario} [${s.preset}]`).join(', ')}`),
  ];
}
