// The part of a run no chooser can change: everything before its first choice point. Every run of
// a scenario under one configuration goes through the same states until the scheduler or a
// latency first asks the chooser (for seed-fixed: the sim.start event, the page load's page and
// script requests, 14 of its 63 tasks). `check` runs thousands of schedules of one scenario, so it
// runs that prefix once, keeps the state before the task that asked the first question (a
// Simulation snapshot and the trace events so far), and starts each schedule from it.
//
// Only lean runs use it (their traces hold no per-event layer views, so the prefix's events are
// the same whoever runs on), and only where nothing watches each step (explore's beforeStep hook
// does). test/sim/runPrefix.test.ts compares the traces with and without it.
import type { Config } from '../src/config';
import type { Chooser } from './chooser';
import type { Scenario } from './scenarios/types';
import { Simulation } from './simulation';
import type { TraceEvent } from './trace';
import type { SimState } from './world/state';
import { WeakMemo } from '../src/weakMemo';

export interface RunPrefix {
  /** The state before the task during which the first choice point is asked. */
  state: SimState;
  /** The trace events recorded before that state (never changed: runs copy the array). */
  events: readonly TraceEvent[];
}

/** Ends the prefix run at its first choice point. */
class FirstChoice extends Error {}
const FIRST_CHOICE = new FirstChoice('first choice point');

const asker: Chooser = {
  choose() {
    throw FIRST_CHOICE;
  },
};

/** Prefixes by scenario, then by configuration (null: no task runs before the first choice). */
const PREFIXES = new WeakMemo<Scenario, Map<string, RunPrefix | null>>();

/**
 * The remembered prefix of `scenario` under `config` (keyed by `configKey`, the text that resolved
 * to it), computing it on first use; null when the first choice point comes before any task runs
 * (a step's jitter) or never.
 */
export function runPrefix(scenario: Scenario, config: Config, configKey: string): RunPrefix | null {
  const byConfig = PREFIXES.get(scenario, newPrefixMap);
  let prefix = byConfig.get(configKey);
  if (prefix === undefined) {
    prefix = computePrefix(scenario, config);
    byConfig.set(configKey, prefix);
  }
  return prefix;
}

function newPrefixMap(): Map<string, RunPrefix | null> {
  return new Map();
}

function computePrefix(scenario: Scenario, config: Config): RunPrefix | null {
  const sim = new Simulation(scenario, config, asker, true);
  let before: RunPrefix | null = null;
  sim.beforeStep = () => {
    before = { state: sim.snapshot(), events: sim.events.slice() };
  };
  try {
    sim.run();
  } catch (e) {
    if (e !== FIRST_CHOICE) throw e;
    return before;
  }
  return null;
}
