// What explore's visited-state deduplication costs per state: seeded lean runs of a scenario with a
// beforeStep hook that builds the canonical state text and its 64-bit digest before every task,
// as explore does, timed apart from the runs themselves (the same seeds without the hook).
import { runScenarioDetailed } from '../sim/run';
import type { Scenario } from '../sim/scenarios/types';
import { hash64 } from '../sim/stateHash';
import { nowMs, sig } from './stats';

export interface StateHashFigures {
  scenario: string;
  runs: number;
  /** States hashed (one before each task). */
  states: number;
  /** Canonical text per state, in characters (mean). */
  textChars: number;
  /** Building the text and hashing it, per state. */
  hashUs: number;
  /** A lean run without the hook, per task (run set-up included). */
  stepUs: number;
  /** hashUs / stepUs: how many tasks' worth of time one state's hash costs. */
  hashOverStep: number;
}

/** explore's default horizon: the last step (with its jitter) + 30 s. */
function horizonOf(scenario: Scenario): number {
  return Math.max(0, ...scenario.steps.map((s) => s.atMs + (s.jitterMs ?? 0))) + 30_000;
}

export function measureStateHash(scenario: Scenario, budgetMs: number): StateHashFigures {
  const horizon = horizonOf(scenario);
  let hashMs = 0;
  let states = 0;
  let chars = 0;
  let sink = 0;
  const hook = () => (s: { stateText(h: number): string }) => {
    const t = nowMs();
    const text = s.stateText(horizon);
    sink += hash64(text).length;
    hashMs += nowMs() - t;
    states++;
    chars += text.length;
  };
  runScenarioDetailed(scenario, { seed: 1, lean: true, beforeStep: hook() });
  hashMs = 0;
  states = 0;
  chars = 0;
  const t0 = nowMs();
  let runs = 0;
  while (runs < 3 || nowMs() - t0 < budgetMs / 2) runScenarioDetailed(scenario, { seed: 100 + runs++, lean: true, beforeStep: hook() });
  let tasks = 0;
  const t1 = nowMs();
  for (let i = 0; i < runs; i++) tasks += runScenarioDetailed(scenario, { seed: 100 + i, lean: true }).sim.scheduler.executed;
  const stepMs = nowMs() - t1;
  if (sink < 0) throw new Error('unreachable');
  const hashUs = (1000 * hashMs) / states;
  const stepUs = (1000 * stepMs) / tasks;
  return { scenario: scenario.name, runs, states, textChars: Math.round(chars / states), hashUs: sig(hashUs), stepUs: sig(stepUs), hashOverStep: sig(hashUs / stepUs) };
}
