// Runs a scenario under a configuration and a schedule, and returns its trace.
import { resolveConfig, UsageError } from '../src/config';
import { inRange, SEED } from './input/numbers';
import { labelledChooser, nominalChooser, recordingChooser, ReplayDivergence, replayChooser, scriptedChooser, seededChooser, type ChoicePoint, type ChoiceRecord, type Chooser, type LabelledChoice } from './chooser';
import { epochIso } from './clock';
import { computeOutcome } from './outcome';
import { runPrefix } from './runPrefix';
import type { Scenario } from './scenarios/types';
import { Simulation } from './simulation';
import { TRACE_FORMAT, TRACE_VERSION, type Trace } from './trace';
import { BoundedMemo } from '../src/boundedMemo';
import { WeakMemo } from '../src/weakMemo';

export interface RunOptions {
  /** Config preset; the scenario's default when absent. */
  preset?: string;
  /** `key=value` overrides, as given to --set. */
  overrides?: readonly string[];
  /** null or absent: the nominal schedule. */
  seed?: number | null;
  /** Recorded choices to replay (then the seed only fills in past their end). */
  choices?: readonly number[];
  /** With `choices`: an index beyond a point's options is a ReplayDivergence (else it wraps, for shrinking). */
  strictChoices?: boolean;
  /** A trace's labelled log, replayed exactly: a choice point that differs is a ReplayDivergence. */
  choiceLog?: readonly ChoiceRecord[];
  /** Named choices (`--choices label=value`); every other point nominal, an unmatched name an error. */
  labelledChoices?: readonly LabelledChoice[];
  /** A chooser of the caller's own (explore); recorded like the others. */
  chooser?: Chooser;
  /** Called before each task runs (explore: hash the state); throwing StopRun ends the run there. */
  beforeStep?: (sim: Simulation) => void;
  /** Skip the per-event layer views and labels (explore's and check's runs: the checkers read neither). */
  lean?: boolean;
  /**
   * With `lean` and no `beforeStep`: start from the remembered state before the run's first
   * choice point (sim/runPrefix.ts) instead of running up to it again; the trace is the same.
   */
  fromPrefix?: boolean;
}

/** Thrown from a beforeStep hook to end a run early; the trace then holds the events so far. */
export class StopRun extends Error {
  override readonly name = 'StopRun';
}

/** One shared instance: the explorer stops thousands of runs, and a stack trace is of no use here. */
export const STOP_RUN = new StopRun('stop');

/** epochIso per scenario day, formatted once (check builds a trace per schedule); bounded: scenario files bring days without end. */
const EPOCH_ISO = new BoundedMemo<string, string>(256);

/** Each scenario's user names by user id (computeOutcome reads it, never changes it), built once. */
const USER_NAMES = new WeakMemo<Scenario, Record<string, string>>();

function userNamesOf(scenario: Scenario): Record<string, string> {
  const names: Record<string, string> = {};
  for (const u of scenario.users) names[u.userId] = u.name;
  return names;
}

export function runScenario(scenario: Scenario, options: RunOptions = {}): Trace {
  return runScenarioDetailed(scenario, options).trace;
}

/** As runScenario, and says whether a beforeStep hook stopped the run before it settled, and gives every choice point the run asked. */
export function runScenarioDetailed(scenario: Scenario, options: RunOptions = {}): { trace: Trace; stopped: boolean; sim: Simulation; points: ChoicePoint[] } {
  const preset = options.preset ?? scenario.defaultPreset;
  const resolved = resolveConfig(preset, options.overrides ?? [], scenario.configDefaults);
  const seed = options.seed ?? null;
  // The PRNG keeps 32 bits: a larger or fractional seed would run as another seed and be recorded
  // as itself (Infinity even as null). Callers parse seeds with sim/input/numbers' SEED.
  if (seed !== null && !inRange(seed, SEED)) throw new UsageError(`a seed must be an integer from ${SEED.min} to ${SEED.max}; got ${seed}`);
  const base = options.chooser ?? (seed === null ? nominalChooser : seededChooser(seed));
  const replay = options.choiceLog ? replayChooser(options.choiceLog) : null;
  const labelled = options.labelledChoices ? labelledChooser(options.labelledChoices) : null;
  const inner = replay ?? labelled ?? (options.choices ? scriptedChooser(options.choices, base, options.strictChoices) : base);
  const chooser = recordingChooser(inner);
  const sim = new Simulation(scenario, resolved.config, chooser, options.lean ?? false);
  const hook = options.beforeStep;
  if (hook) sim.beforeStep = () => hook(sim);
  const prefix = options.fromPrefix && options.lean && !hook ? runPrefix(scenario, resolved.config, JSON.stringify([preset, ...resolved.overrides])) : null;
  let stopped = false;
  try {
    if (prefix === null) sim.run();
    else {
      sim.restore(prefix.state, prefix.events);
      while (sim.step());
    }
  } catch (e) {
    if (!(e instanceof StopRun)) throw e;
    stopped = true;
  }
  if (!stopped) {
    replay?.finish();
    const unused = labelled?.unused() ?? [];
    if (unused.length) {
      const names = [...new Set(chooser.points.map((p) => p.label))];
      throw new ReplayDivergence(`--choices: no choice point "${unused[0].label}"${unused[0].occurrence > 1 ? ` (occurrence ${unused[0].occurrence})` : ''} in this run; its choice points include: ${names.slice(0, 8).join('; ')}${names.length > 8 ? '; ...' : ''}`);
    }
  }
  const userNames = USER_NAMES.get(scenario, userNamesOf);
  const trace: Trace = {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    scenario: scenario.name,
    description: scenario.description,
    preset,
    overrides: [...resolved.overrides],
    ...(scenario.appFile !== undefined ? { app: scenario.appFile } : {}),
    config: resolved.config,
    seed,
    choices: chooser.log,
    choiceLog: chooser.records,
    epoch: EPOCH_ISO.get(scenario.today, epochIso),
    actors: sim.actors,
    events: sim.events,
    outcome: computeOutcome(sim.events, scenario.items, userNames),
  };
  return { trace, stopped, sim, points: chooser.points };
}
