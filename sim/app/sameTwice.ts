// A view must compute only from its request and its calls' answers: the simulator replays a view
// by feeding it the same answers again, and explore reuses its steps across schedules. A view that
// keeps state in its module (a counter, a memo), or reads a clock or randomness, breaks that, and
// every verdict on it is noise. The nominal schedule run twice shows it: the module's state has
// moved on between the two runs, so they differ.
import { UsageError } from '../../src/config';
import { runScenario } from '../run';
import type { Scenario } from '../scenarios/types';
import type { Trace } from '../trace';

/**
 * Throws a UsageError when two runs of `scenario`'s nominal schedule (with its app) differ; else
 * gives the first, which is the nominal run (appNominal.ts reads it; `run` prints it).
 */
export function checkSameTwice(scenario: Scenario, preset: string, overrides: string[]): Trace | null {
  if (!scenario.app) return null;
  const traces = [0, 1].map(() => runScenario(scenario, { preset, overrides }));
  const [a, b] = traces.map((t) => t.events.map((e) => JSON.stringify(e)));
  const i = a.findIndex((e, k) => e !== b[k]);
  if (i < 0 && a.length === b.length) return traces[0];
  const at = i < 0 ? Math.min(a.length, b.length) : i;
  const what = (events: string[]) => (at < events.length ? (JSON.parse(events[at]) as { label: string }).label.slice(0, 100) : 'the end of the run');
  const [first, second] = [what(a), what(b)];
  const differed = first === second ? `in what event #${at} carried ("${first}")` : `at event #${at} ("${first}", then "${second}")`;
  throw new UsageError(
    `your views are not deterministic: the nominal schedule of ${scenario.name}, run twice, differed ${differed}; a view must compute only from its request and its calls' answers: no module-level state, clock or randomness`,
  );
}
