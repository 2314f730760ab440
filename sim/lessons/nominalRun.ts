// A scenario's nominal run under a preset and overrides, run once per process: several lesson
// figures (the F5's time, the COMMIT's margin, the round-robin routes) read the same runs.
import { runScenario } from '../run';
import { getScenario } from '../scenarios/index';
import type { Trace } from '../trace';

const traces = new Map<string, Trace>();

/** The nominal run's trace (shared: callers only read it). */
export function nominalRun(scenario: string, preset: string, overrides: readonly string[] = []): Trace {
  const key = [scenario, preset, ...overrides].join(' ');
  let t = traces.get(key);
  if (t === undefined) {
    t = runScenario(getScenario(scenario), { preset, overrides: [...overrides] });
    traces.set(key, t);
  }
  return t;
}
