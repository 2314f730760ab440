// The plain explorer, kept callable so the snapshot explorer (explore.ts) can be compared with it
// (test/sim/exploreSnapshot.test.ts): exhaustive, bounded search over the run's choice points (which of several
// simultaneous events runs first, which idle worker takes a request, each latency at its nominal,
// fastest and slowest value, each user step's jitter on a grid), replaying every path from scratch
// (stateless model checking: the simulation holds closures, so it is cheaper to re-run a prefix
// than to snapshot it).
//
// Order: by deviations from the documented schedule. Every schedule with no deviation is explored
// first, then every schedule with one (one latency at an extreme, one tie the other way, ...),
// then two, and so on (a bucket queue of choice prefixes; within a run, nominal choices cost
// nothing). So the first witness of a violation is one with the fewest deviations, and when
// --max-states stops the search the answer is still exact for a stated class of schedules:
// "every schedule with at most k deviations".
//
// Visited-state deduplication: before each task, the simulation's canonical state (see
// sim/stateHash.ts: layers, pending tasks relative to the next one, what the checkers will judge)
// is hashed; a run that reaches a state already reached stops there. States are first reached
// with the fewest deviations (that is the order), so whatever lies below a revisit has been, or
// will be, explored from the first visit. Safety invariants are judged on every run (also on
// stopped ones: a prefix that is bad stays bad); convergence only on runs that reached the end.
// Each violated invariant keeps its shortest witness (fewest deviations, then the violation seen
// at the earliest event), re-run to the end with full layer views for the report.
import type { ChoicePoint, Chooser } from '../chooser';
import { checkInvariants, type Violation } from '../invariants/index';
import { judgeRun } from './staleBound';
import { traceFacts } from '../invariants/traceFacts';
import { runScenarioDetailed, STOP_RUN } from '../run';
import type { Scenario } from '../scenarios/types';
import { hash64 } from '../stateHash';
import { collisionProbability } from './visitedSet';
import type { Trace } from '../trace';
import type { ExploreOptions, ExploreResult, ExploreStats, Witness } from './types';

interface Pending {
  /** The choices of the run this schedule branches from (shared, read up to `at`). */
  base: number[];
  /** Position of the choice that differs. */
  at: number;
  /** The option taken there instead (-1: the nominal schedule itself). */
  value: number;
}

const DONE: Pending = { base: [], at: 0, value: -1 };

export function interestingOptions(point: ChoicePoint): number[] {
  const all = point.interesting ?? Array.from({ length: point.options }, (_, i) => i);
  // Most lists (every option of a tie, a latency's extremes) are already sorted, distinct, in
  // range and start with 0: a copy, without the filter, set and sort below.
  if (all[0] === 0 && isSortedInRange(all, point.options)) return all.slice();
  const set = [...new Set(all.filter((i) => Number.isInteger(i) && i >= 0 && i < point.options))].sort((a, b) => a - b);
  return set[0] === 0 ? set : [0, ...set];
}

/**
 * interestingOptions for a caller that only reads the list: the point's own list when it is
 * already in that form, a shared 0..n-1 for a tie, not a copy. The expander asks at every choice
 * point it meets on new ground, and the copies were about 1% of the bytes explore allocated.
 */
export function interestingView(point: ChoicePoint): readonly number[] {
  const all = point.interesting ?? everyOption(point.options);
  return all[0] === 0 && isSortedInRange(all, point.options) ? all : interestingOptions(point);
}

/** 0..n-1, one shared list per n (never changed: handed out as readonly). */
const RANGES: number[][] = [];
export function everyOption(n: number): readonly number[] {
  let r = RANGES[n];
  if (r === undefined) {
    r = Array.from({ length: n }, (_, i) => i);
    RANGES[n] = r;
  }
  return r;
}

/** Whether `xs` holds integers in [0, options), strictly increasing. */
function isSortedInRange(xs: readonly number[], options: number): boolean {
  let prev = -1;
  for (const x of xs) {
    if (!Number.isInteger(x) || x <= prev || x >= options) return false;
    prev = x;
  }
  return true;
}

export function trimScript(choices: readonly number[]): number[] {
  let end = choices.length;
  while (end > 0 && choices[end - 1] === 0) end--;
  return choices.slice(0, end);
}

export function defaultHorizon(scenario: Scenario): number {
  return Math.max(0, ...scenario.steps.map((s) => s.atMs + (s.jitterMs ?? 0))) + 30_000;
}

export function explorePlain(scenario: Scenario, options: ExploreOptions): ExploreResult {
  const preset = options.preset ?? scenario.defaultPreset;
  const overrides = [...(options.overrides ?? [])];
  const horizonMs = options.horizonMs ?? defaultHorizon(scenario);
  const visited = new Set<string>();
  const best = new Map<string, { violation: Violation; script: number[]; atSeq: number; nonNominal: number }>();
  const stats: ExploreStats = { statesExplored: 0, distinctStates: 0, runs: 0, deepestChoices: 0, deepestSteps: 0, violatedInvariants: 0, tiesPruned: 0 };
  let boundReached = false;
  let runsPastHorizon = 0;
  const undecided = { count: 0 };
  /**
   * levels[d]: schedules with d deviations still to run (a bucket queue). Each is a prefix of an
   * earlier run's choices plus one other option at its end; the run's choice array is shared by
   * all the alternatives taken from it, so a queued schedule costs a few words.
   */
  const levels: Pending[][] = [[{ base: [], at: 0, value: -1 }]];
  let level = 0;

  search: for (; level < levels.length; level++) {
    const queue = levels[level];
    for (let qi = 0; qi < queue.length; qi++) {
      const pending = queue[qi];
      queue[qi] = DONE;
      const script = pending.value < 0 ? [] : [...pending.base.slice(0, pending.at), pending.value];
      const made: number[] = [];
      const chooser: Chooser = {
        choose(point) {
          const i = made.length;
          const c = i < script.length ? script[i] : 0;
          if (i >= script.length) {
            const opts = interestingOptions(point);
            for (let k = 1; k < opts.length; k++) (levels[level + 1] ??= []).push({ base: made, at: i, value: opts[k] });
          }
          made.push(c);
          return c;
        },
      };
      const { trace, stopped, sim } = runScenarioDetailed(scenario, {
        preset,
        overrides,
        chooser,
        lean: true,
        beforeStep: (s) => {
          if (made.length < script.length) return;
          stats.statesExplored++;
          const h = hash64(s.stateText(horizonMs));
          if (visited.has(h)) throw STOP_RUN;
          if (visited.size >= options.maxStates) {
            boundReached = true;
            throw STOP_RUN;
          }
          visited.add(h);
        },
      });
      stats.runs++;
      stats.distinctStates = visited.size;
      if (!stopped && sim.scheduler.nowMs > horizonMs) runsPastHorizon++;
      if (made.length > stats.deepestChoices) stats.deepestChoices = made.length;
      if (sim.scheduler.executed > stats.deepestSteps) stats.deepestSteps = sim.scheduler.executed;

      const violations = judgeRun(traceFacts({ events: trace.events }), stopped, options.maxStaleMs, undecided);
      if (violations.length) {
        const script = trimScript(trace.choices);
        const nonNominal = script.filter((c) => c !== 0).length;
        for (const v of violations) {
          const atSeq = v.causeSeqs[0] ?? trace.events.length;
          const cur = best.get(v.invariant);
          if (!cur || nonNominal < cur.nonNominal || (nonNominal === cur.nonNominal && atSeq < cur.atSeq)) best.set(v.invariant, { violation: v, script, atSeq, nonNominal });
        }
        stats.violatedInvariants = best.size;
      }
      options.onProgress?.(stats);
      if (boundReached) break search;
    }
    levels[level] = [];
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
    boundReached,
    completeDeviations: boundReached ? level - 1 : null,
    horizonMs,
    runsPastHorizon,
    undecidedEpisodes: undecided.count,
    maxStaleMs: options.maxStaleMs,
    witnesses,
    ...stats,
    engine: 'replay',
    reduction: false,
    symmetry: false,
    deferJitter: false,
    quietGap: false,
    stopReason: boundReached ? 'max-states' : null,
    fingerprintBits: 64,
    collisionProbability: collisionProbability(visited.size),
    visitedBytesPerState: null,
    shard: null,
  };
}
