// When a user presses F5 in a run, for a lesson's words: a reload's page and script requests go
// out before the feed, so the F5 comes before the scenario step's time (4940 ms for a step at
// 5 s), and a text that says "reloads at 5 s" drifts whenever the page load changes.
import type { Trace } from '../trace';
import { nominalRun } from './nominalRun';

/** The time of the user's first F5 in a trace. */
export function reloadMsOf(t: Trace, user = 'A'): number {
  const e = t.events.find((x) => x.type === 'user.reload' && x.actor === `user:${user}`);
  if (!e) throw new Error(`${t.scenario}: ${user} never reloads`);
  return e.t;
}

/** The time of the user's first F5 on the scenario's nominal schedule under a preset. */
export function reloadMs(scenario: string, preset: string, overrides: readonly string[] = [], user = 'A'): number {
  return reloadMsOf(nominalRun(scenario, preset, overrides), user);
}
