// `explore`: exhaustive, bounded search over the run's choice points (which of several
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
import { runScenarioDetailed, STOP_RUN } from '../run';
import type { Scenario } from '../scenarios/types';
import { hash64 } from '../stateHash';
import type { Trace } from '../trace';

export interface ExploreOptions {
  preset?: string;
  overrides?: readonly string[];
  /** Stop after this many distinct states (the answer is then not exhaustive). */
  maxStates: number;
  /** Expiries past this virtual ms are treated as never reached (default: last step + 30 s). */
  horizonMs?: number;
  /** Tolerate staleness of at most this many ms (`--max-stale-ms`). */
  maxStaleMs?: number;
  onProgress?: (stats: ExploreStats) => void;
}

export interface ExploreStats {
  /** States reached on new ground (revisits included), one per task boundary. */
  statesExplored: number;
  /** Different states (the visited set). */
  distinctStates: number;
  /** Executions (each replays its prefix from scratch). */
  runs: number;
  /** Choice points on the longest path. */
  deepestChoices: number;
  /** Tasks run on the longest path. */
  deepestSteps: number;
  violatedInvariants: number;
}

export interface Witness {
  invariant: string;
  violation: Violation;
  /** Choices that reproduce it (trailing nominal ones dropped). */
  script: number[];
  /** The full run, with layer views. */
  trace: Trace;
  /** Event seq where the violation is first seen: what "shortest" means here. */
  atSeq: number;
  /** Deviations from the nominal schedule. */
  nonNominal: number;
}

export interface ExploreResult extends ExploreStats {
  scenario: string;
  preset: string;
  overrides: string[];
  maxStates: number;
  /** True when the search stopped at --max-states: the answer is then not exhaustive. */
  boundReached: boolean;
  /**
   * When the bound was reached: every schedule with at most this many deviations from the
   * nominal one was explored (-1: not even the nominal schedule finished). null when exhaustive.
   */
  completeDeviations: number | null;
  horizonMs: number;
  /** Runs that went past the horizon (dedup of far expiries may then have merged different states). */
  runsPastHorizon: number;
  /**
   * With maxStaleMs: stale episodes still open, and not yet longer than the bound, where a run
   * stopped at an already explored state. The state does not record when an open episode began,
   * so whether such an episode outlasts the bound was not decided: the answer is then not
   * exhaustive for the bound. Always 0 without a bound (any stale moment is a violation at once).
   */
  undecidedEpisodes: number;
  maxStaleMs?: number;
  witnesses: Witness[];
}

interface Pending {
  /** The choices of the run this schedule branches from (shared, read up to `at`). */
  base: number[];
  /** Position of the choice that differs. */
  at: number;
  /** The option taken there instead (-1: the nominal schedule itself). */
  value: number;
}

const DONE: Pending = { base: [], at: 0, value: -1 };

function interestingOptions(point: ChoicePoint): number[] {
  const all = point.interesting ?? Array.from({ length: point.options }, (_, i) => i);
  const set = [...new Set(all.filter((i) => Number.isInteger(i) && i >= 0 && i < point.options))].sort((a, b) => a - b);
  return set[0] === 0 ? set : [0, ...set];
}

function trimScript(choices: readonly number[]): number[] {
  let end = choices.length;
  while (end > 0 && choices[end - 1] === 0) end--;
  return choices.slice(0, end);
}

function defaultHorizon(scenario: Scenario): number {
  return Math.max(0, ...scenario.steps.map((s) => s.atMs + (s.jitterMs ?? 0))) + 30_000;
}

export function explore(scenario: Scenario, options: ExploreOptions): ExploreResult {
  const preset = options.preset ?? scenario.defaultPreset;
  const overrides = [...(options.overrides ?? [])];
  const horizonMs = options.horizonMs ?? defaultHorizon(scenario);
  const visited = new Set<string>();
  const best = new Map<string, { violation: Violation; script: number[]; atSeq: number; nonNominal: number }>();
  const stats: ExploreStats = { statesExplored: 0, distinctStates: 0, runs: 0, deepestChoices: 0, deepestSteps: 0, violatedInvariants: 0 };
  let boundReached = false;
  let runsPastHorizon = 0;
  let undecidedEpisodes = 0;
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

      // With a bound, an episode still open where the run stopped is a violation only once it has
      // already lasted longer than the bound; otherwise it is undecided (see undecidedEpisodes).
      const lastT = trace.events.length ? trace.events[trace.events.length - 1].t : 0;
      const violations = checkInvariants(trace, { maxStaleMs: options.maxStaleMs }).filter((v) => {
        if (!stopped) return true;
        if (v.invariant === 'convergence') return false;
        if (options.maxStaleMs === undefined || v.staleUntil !== 'end-of-run' || lastT - v.startT > options.maxStaleMs) return true;
        undecidedEpisodes++;
        return false;
      });
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
    undecidedEpisodes,
    maxStaleMs: options.maxStaleMs,
    witnesses,
    ...stats,
  };
}
