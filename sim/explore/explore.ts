// `explore`: exhaustive, bounded search over the run's choice points (which of several
// simultaneous events runs first, which idle worker takes a request, each latency at its nominal,
// fastest and slowest value, each user step's jitter on a grid), resuming every schedule from the
// stored state where it branches off (stateful model checking: the world's state is data,
// sim/world/state.ts), never replaying from the start.
//
// Order: by deviations from the documented schedule. Every schedule with no deviation is explored
// first, then every schedule with one (one latency at an extreme, one tie the other way, ...),
// then two, and so on (a bucket queue; within a run, nominal choices cost nothing). So the first
// witness of a violation is one with the fewest deviations, and when --max-states stops the search
// the answer is still exact for a stated class of schedules: "every schedule with at most k
// deviations".
//
// A queued schedule is a state before some task (a snapshot, shared by every alternative taken
// in that task), the choices the task made before the one that differs, and the other option
// taken there. Running it restores the state and re-runs that one task with those choices.
//
// Visited-state deduplication: before each task, the state's 64-bit structural fingerprint
// (sim/fingerprint.ts) goes into a set of fingerprints only (visitedSet.ts); a run that reaches a
// fingerprint already seen stops there. States are first reached with the fewest deviations (that
// is the order), so whatever lies below a revisit has been, or will be, explored from the first
// visit. Safety invariants are judged on every run (also on stopped ones: a prefix that is bad
// stays bad); convergence only on runs that reached the end. Each violated invariant keeps its
// shortest witness (fewest deviations, then the violation seen at the earliest event), re-run from
// the start with full layer views for the report.
import { resolveConfig } from '../../src/config';
import type { Chooser } from '../chooser';
import { fingerprint } from '../fingerprint';
import { checkInvariants } from '../invariants/index';
import { judgeRun } from './staleBound';
import { runScenarioDetailed, STOP_RUN, StopRun } from '../run';
import type { Scenario } from '../scenarios/types';
import { Simulation } from '../simulation';
import type { Trace, TraceEvent } from '../trace';
import type { SimState } from '../world/state';
import { defaultHorizon, interestingOptions, trimScript } from './explorePlain';
import type { ExploreOptions, ExploreResult, ExploreStats, Witness, WitnessFound } from './types';
import { collisionProbability, VisitedSet } from './visitedSet';

export type { ExploreHooks, ExploreOptions, ExploreResult, ExploreStats, Witness, WitnessFound } from './types';
export { explorePlain } from './explorePlain';

/** The world before a task: where queued schedules resume. */
interface Boundary {
  state: SimState;
  /** Trace events before it (the first `state.eventCount` of this run's array). */
  events: TraceEvent[];
  /** The choices of the run that passed here (shared, read up to `choiceCount`, then the task's own). */
  choices: number[];
  choiceCount: number;
  /** The "task" is start() (the steps' jitter choices), not a scheduled task. */
  beforeStart: boolean;
}

interface Pending {
  at: Boundary;
  /** Position (in at.choices) of the choice that differs. */
  i: number;
  /** The option taken there instead (-1: the nominal schedule itself). */
  value: number;
}

/**
 * Whether the events from `from` on include an observation the safety checkers judge (a render,
 * a feed answer). A stopped run without one adds nothing to judge: every checker judges an
 * observation against what came before it, and the events before `from` were judged in the run
 * this one branched from, with fewer deviations (test/sim/exploreSnapshot.test.ts compares the
 * answers with the plain explorer's, which judges every run).
 */
export function observesSince(events: readonly TraceEvent[], from: number): boolean {
  for (let i = from; i < events.length; i++) {
    const type = events[i].type;
    if (type === 'calendar.render' || type === 'http.respond') return true;
  }
  return false;
}

export function explore(scenario: Scenario, options: ExploreOptions): ExploreResult {
  const preset = options.preset ?? scenario.defaultPreset;
  const overrides = [...(options.overrides ?? [])];
  const horizonMs = options.horizonMs ?? defaultHorizon(scenario);
  const config = resolveConfig(preset, overrides, scenario.configDefaults).config;
  const hooks = options.hooks ?? {};
  const shard = options.shard ?? null;
  if (shard && !(Number.isInteger(shard.count) && shard.count >= 1 && Number.isInteger(shard.index) && shard.index >= 0 && shard.index < shard.count))
    throw new RangeError(`shard ${shard.index} of ${shard.count}: the index must be 0 to count - 1`);
  const visited = new VisitedSet();
  const best = new Map<string, WitnessFound>();
  const stats: ExploreStats = { statesExplored: 0, distinctStates: 0, runs: 0, deepestChoices: 0, deepestSteps: 0, violatedInvariants: 0 };
  let stopReason: 'max-states' | 'hook' | null = null;
  let runsPastHorizon = 0;
  const undecided = { count: 0 };

  // One lean simulation, restored for every run; its chooser reads the current run's script.
  let script: number[] = [];
  let pos = 0;
  let made: number[] = [];
  let boundary: Boundary;
  let level = 0;
  const levels: Pending[][] = [];
  const chooser: Chooser = {
    choose(point) {
      const i = made.length;
      let c = 0;
      if (pos < script.length) c = script[pos++];
      else {
        const opts = interestingOptions(point);
        for (let k = 1; k < opts.length; k++) (levels[level + 1] ??= []).push({ at: boundary, i, value: opts[k] });
      }
      made.push(c);
      return c;
    },
  };
  const sim = new Simulation(scenario, config, chooser, true);
  const root: Boundary = { state: sim.snapshot(), events: [], choices: [], choiceCount: 0, beforeStart: true };
  levels.push([{ at: root, i: 0, value: -1 }]);
  sim.beforeStep = () => {
    if (pos < script.length) return;
    stats.statesExplored++;
    const [a, b] = fingerprint(sim.state, sim.epochMs, horizonMs);
    if (visited.has(a, b)) throw STOP_RUN;
    if (visited.size >= options.maxStates) {
      stopReason = 'max-states';
      throw STOP_RUN;
    }
    visited.add(a, b);
    boundary = { state: sim.snapshot(), events: sim.events, choices: made, choiceCount: made.length, beforeStart: false };
  };

  search: for (; level < levels.length; level++) {
    const queue = levels[level];
    for (let qi = 0; qi < queue.length; qi++) {
      const pending = queue[qi];
      const at = pending.at;
      made = at.choices.slice(0, at.choiceCount);
      script = pending.value < 0 ? [] : [...at.choices.slice(at.choiceCount, pending.i), pending.value];
      pos = 0;
      // Alternatives found in the re-run task branch off the same state, with this run's choices.
      boundary = { ...at, choices: made };
      sim.restore(at.state, at.events);
      let stopped = false;
      try {
        if (at.beforeStart) sim.start();
        while (sim.step());
      } catch (e) {
        if (!(e instanceof StopRun)) throw e;
        stopped = true;
      }
      stats.runs++;
      stats.distinctStates = visited.size;
      if (!stopped && sim.scheduler.nowMs > horizonMs) runsPastHorizon++;
      if (made.length > stats.deepestChoices) stats.deepestChoices = made.length;
      if (sim.scheduler.executed > stats.deepestSteps) stats.deepestSteps = sim.scheduler.executed;

      const violations = stopped && !observesSince(sim.events, at.state.eventCount) ? [] : judgeRun(sim.events, stopped, options.maxStaleMs, undecided);
      if (violations.length) {
        const trimmed = trimScript(made);
        const nonNominal = trimmed.filter((c) => c !== 0).length;
        for (const v of violations) {
          const atSeq = v.causeSeqs[0] ?? sim.events.length;
          const cur = best.get(v.invariant);
          if (!cur || nonNominal < cur.nonNominal || (nonNominal === cur.nonNominal && atSeq < cur.atSeq)) {
            const found = { invariant: v.invariant, violation: v, script: trimmed, atSeq, nonNominal };
            best.set(v.invariant, found);
            hooks.onWitness?.(found);
          }
        }
        stats.violatedInvariants = best.size;
      }
      options.onProgress?.(stats);
      if (stopReason) break search;
      if (hooks.shouldStop?.()) {
        stopReason = 'hook';
        // This level is not finished: the complete class is the one below it.
        break search;
      }
    }
    levels[level] = [];
    // A shard keeps its share of the nominal run's alternatives; everything below them is its own.
    if (level === 0 && shard) levels[1] = (levels[1] ?? []).filter((_, k) => k % shard.count === shard.index);
  }

  const witnesses: Witness[] = [];
  for (const [invariant, w] of best) {
    const full = runScenarioDetailed(scenario, { preset, overrides, choices: w.script }).trace;
    const again = checkInvariants(full, { maxStaleMs: options.maxStaleMs }).find((v) => v.invariant === invariant) ?? w.violation;
    witnesses.push({ invariant, violation: again, script: w.script, trace: full, atSeq: w.atSeq, nonNominal: w.nonNominal });
  }
  return {
    scenario: scenario.name,
    preset,
    overrides,
    maxStates: options.maxStates,
    boundReached: stopReason !== null,
    completeDeviations: stopReason !== null ? level - 1 : null,
    horizonMs,
    runsPastHorizon,
    undecidedEpisodes: undecided.count,
    maxStaleMs: options.maxStaleMs,
    witnesses,
    ...stats,
    engine: 'snapshot',
    stopReason,
    fingerprintBits: 64,
    collisionProbability: collisionProbability(visited.size),
    visitedBytesPerState: visited.size ? visited.bytes / visited.size : null,
    shard,
  };
}
