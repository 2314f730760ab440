// What the explorer keeps of its runs, taken in the search's order, and the report made from it:
// shared by the one-thread explorer (explore.ts) and the parallel one (parallel/parallelExplore.ts),
// so that both count a run, pick the shortest witness, stop, and re-run witnesses the same way
// (their reports must be byte-identical whatever --workers is).
import { checkInvariants } from '../invariants/index';
import { runScenarioDetailed } from '../run';
import type { Scenario } from '../scenarios/types';
import { defersJitter } from './deferJitter';
import type { Expansion } from './expand';
import { usesQuietGap } from './quietGap';
import type { ExploreOptions, ExploreResult, ExploreStats, Witness, WitnessFound } from './types';
import { collisionProbability } from './visitedSet';

/** What a run gives back to be counted (an expansion, or a worker's record of one). */
export type RunTotals = Omit<Expansion, 'children' | 'stopped'>;

/** Throws on a shard that names no part (the CLI checks its own input first). */
export function checkShard(shard: ExploreOptions['shard'] | null): void {
  if (shard && !(Number.isInteger(shard.count) && shard.count >= 1 && Number.isInteger(shard.index) && shard.index >= 0 && shard.index < shard.count))
    throw new RangeError(`shard ${shard.index} of ${shard.count}: the index must be 0 to count - 1`);
}

/** The search judged a schedule to break an invariant that its replay from the start does not break. */
export class WitnessReplayError extends Error {
  constructor(scenario: string, invariant: string, script: readonly number[]) {
    super(`explore ${scenario}: the witness for ${invariant} (choices ${script.join(',') || 'none'}) does not break it when replayed from the start, so the search and the replay disagree`);
    this.name = 'WitnessReplayError';
  }
}

export class SearchTally {
  readonly stats: ExploreStats = { statesExplored: 0, distinctStates: 0, runs: 0, deepestChoices: 0, deepestSteps: 0, violatedInvariants: 0, tiesPruned: 0 };
  /** Each violated invariant's shortest witness so far. */
  readonly best = new Map<string, WitnessFound>();
  stopReason: ExploreResult['stopReason'] = null;
  private runsPastHorizon = 0;
  private undecided = 0;

  constructor(private readonly options: ExploreOptions) {}

  /** Counts one run, in the search's order, with the visited set's size after it; true when the search stops there. */
  count(x: RunTotals, distinctStates: number): boolean {
    const stats = this.stats;
    const hooks = this.options.hooks ?? {};
    if (x.full) this.stopReason = 'max-states';
    stats.runs++;
    stats.statesExplored += x.statesExplored;
    stats.distinctStates = distinctStates;
    stats.tiesPruned += x.tiesPruned;
    if (x.pastHorizon) this.runsPastHorizon++;
    this.undecided += x.undecided;
    if (x.choices > stats.deepestChoices) stats.deepestChoices = x.choices;
    if (x.steps > stats.deepestSteps) stats.deepestSteps = x.steps;
    for (const v of x.violations) {
      const atSeq = v.causeSeqs[0] ?? x.eventCount;
      const cur = this.best.get(v.invariant);
      // Shortest: fewest deviations, then the violation seen at the earliest event.
      if (!cur || x.nonNominal < cur.nonNominal || (x.nonNominal === cur.nonNominal && atSeq < cur.atSeq)) {
        const found = { invariant: v.invariant, violation: v, script: x.script, atSeq, nonNominal: x.nonNominal };
        this.best.set(v.invariant, found);
        hooks.onWitness?.(found);
      }
    }
    stats.violatedInvariants = this.best.size;
    this.options.onProgress?.(stats);
    if (this.stopReason) return true;
    if (hooks.shouldStop?.()) {
      // This level is not finished: the complete class is the one below it.
      this.stopReason = 'hook';
      return true;
    }
    return false;
  }

  /**
   * The report: each witness re-run from the start with full layer views. `level` is the
   * deviation level the search was at when it ended.
   */
  result(
    scenario: Scenario,
    run: { preset: string; overrides: string[]; horizonMs: number; reduction: boolean; symmetry: boolean; level: number },
    visited: { size: number; bytes: number },
  ): ExploreResult {
    const { preset, overrides } = run;
    const options = this.options;
    const witnesses: Witness[] = [];
    for (const [invariant, w] of this.best) {
      const full = runScenarioDetailed(scenario, { preset, overrides, choices: w.script }).trace;
      const again = checkInvariants(full, { maxStaleMs: options.maxStaleMs }).find((v) => v.invariant === invariant);
      // A witness its own replay does not confirm is an engine bug: never report the search's violation in its place.
      if (!again) throw new WitnessReplayError(scenario.name, invariant, w.script);
      witnesses.push({ invariant, violation: again, script: w.script, trace: full, atSeq: w.atSeq, nonNominal: w.nonNominal });
    }
    const stopReason = this.stopReason;
    return {
      scenario: scenario.name,
      preset,
      overrides,
      maxStates: options.maxStates,
      boundReached: stopReason !== null,
      completeDeviations: stopReason !== null ? run.level - 1 : null,
      horizonMs: run.horizonMs,
      runsPastHorizon: this.runsPastHorizon,
      undecidedEpisodes: this.undecided,
      maxStaleMs: options.maxStaleMs,
      witnesses,
      // levelsDone is progress only: the result says how far it got in completeDeviations.
      ...withoutProgress(this.stats),
      engine: 'snapshot',
      reduction: run.reduction,
      symmetry: run.symmetry,
      deferJitter: defersJitter(options),
      quietGap: usesQuietGap(scenario, options),
      stopReason,
      fingerprintBits: 64,
      collisionProbability: collisionProbability(visited.size),
      visitedBytesPerState: visited.size ? visited.bytes / visited.size : null,
      shard: options.shard ?? null,
    };
  }
}

function withoutProgress(stats: ExploreStats): ExploreStats {
  const { levelsDone: _, ...rest } = stats;
  return rest;
}
