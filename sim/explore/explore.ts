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
// taken there. Running it restores the state and re-runs that one task with those choices. A
// step's jitter is branched where the step falls due instead (deferJitter.ts): that schedule is
// the state there with the step's task moved to the other offset.
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
import type { Scenario } from '../scenarios/types';
import { Expander, rootPending, type Pending } from './expand';
import { defaultHorizon } from './explorePlain';
import { defersJitter } from './deferJitter';
import { footprintIndependence } from './independence';
import { usesQuietGap } from './quietGap';
import { checkShard, SearchTally } from './searchTally';
import { shardShare } from './shardShare';
import { workerSymmetry } from './symmetry';
import type { ExploreOptions, ExploreResult } from './types';
import { VisitedSet } from './visitedSet';

export type { ExploreHooks, ExploreOptions, ExploreResult, ExploreStats, RunRecord, RunVisit, Witness, WitnessFound } from './types';
export { explorePlain } from './explorePlain';
export { Expander, rootPending, type Boundary, type Expansion, type ExpandSetup, type Pending, type Visit } from './expand';

export function explore(scenario: Scenario, options: ExploreOptions): ExploreResult {
  const preset = options.preset ?? scenario.defaultPreset;
  const overrides = [...(options.overrides ?? [])];
  const horizonMs = options.horizonMs ?? defaultHorizon(scenario);
  const config = resolveConfig(preset, overrides, scenario.configDefaults).config;
  const hooks = options.hooks ?? {};
  const shard = options.shard ?? null;
  checkShard(shard);
  const reduction = options.reduction ?? true;
  const independence = options.independence ?? (reduction ? footprintIndependence : null);
  const canonicalize = options.canonicalize ?? ((options.symmetry ?? true) ? workerSymmetry(config) : null);
  const visited = new VisitedSet();
  const tally = new SearchTally(options);

  const expander = new Expander({ scenario, config, horizonMs, maxStaleMs: options.maxStaleMs, independence, canonicalize, onInstantEnd: hooks.onInstantEnd, onRun: hooks.onRun, deferJitter: defersJitter(options), deferJitterFlaws: options.deferJitterFlaws, quietGap: usesQuietGap(scenario, options), quietGapFlaws: options.quietGapFlaws });
  const visit = (a: number, b: number) => visited.visit(a, b, options.maxStates);
  let level = 0;
  // A level's schedules are dropped (null) once run: the ones run so far kept their boundaries' states and events alive until the level ended.
  const levels: Array<Array<Pending | null>> = [[rootPending(expander.sim)]];

  search: for (; level < levels.length; level++) {
    const queue = levels[level];
    tally.level = level;
    if (options.maxDeviations !== undefined && level > options.maxDeviations && queue.length) {
      tally.stopReason = 'max-deviations';
      break;
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const x = expander.expand(queue[qi]!, visit);
      queue[qi] = null;
      if (x.children.length) (levels[level + 1] ??= []).push(...x.children);
      if (tally.count(x, visited.size)) break search;
    }
    levels[level] = [];
    // A shard keeps its share of the nominal run's alternatives; everything below them is its own.
    if (level === 0 && shard) levels[1] = shardShare(levels[1] ?? [], shard, options.shardFlaws);
  }
  // The schedules left (most of the heap when a bound or a stop cut the search short) are not part
  // of the report: drop them, so that re-running the witnesses has that room (a search stopped
  // because its heap was nearly full, sim/cli/cliHeapWatch.ts, would otherwise have little).
  levels.length = 0;
  return tally.result(scenario, { preset, overrides, horizonMs, reduction: independence !== null, symmetry: canonicalize !== null, level }, visited);
}
