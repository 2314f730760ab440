// What explore takes and gives back, shared by the snapshot explorer (explore.ts) and the plain
// one it is compared with (explorePlain.ts).
import type { Violation } from '../invariants/index';
import type { Trace, TraceEvent } from '../trace';
import type { IndependenceRelation } from './independence';
import type { Canonicalize } from './symmetry';
import type { DeferJitterFlaws } from './deferJitter';
import type { QuietGapFlaws } from './quietGap';
import type { ShardFlaws } from './shardShare';
import type { SimState } from '../world/state';

/** Hooks a caller (the CLI) can give: when to stop, each witness as found, progress. */
export interface ExploreHooks {
  /** Asked after every run; true ends the search there (the answer is then not exhaustive). */
  shouldStop?: () => boolean;
  /** A violated invariant's witness, when first found and whenever a shorter one replaces it. */
  onWitness?: (w: WitnessFound) => void;
  /** Each state met where the clock moves on, new or visited, by fingerprint (the reduction's soundness test). */
  onInstantEnd?: (a: number, b: number) => void;
  /** Every run as the search took it, once it ended or stopped (the reductions' outcome test: test/sim/helpers/runOutcomes.ts). */
  onRun?: (run: RunRecord) => void;
}

/**
 * One run of the snapshot explorer: where it resumed, each state it decided on, how it ended. The
 * runs' records together make the graph the search explored (a visit's fingerprint is a node; the
 * events between two visits, an edge), whose paths are every schedule the search stands for.
 */
export interface RunRecord {
  /** The stored state it resumed from: an earlier run's visit's `stored`, or the root's (before start). */
  from: SimState;
  /** Each state decided on (before a task), in order; the last one a visited state when the run stopped there. */
  visits: RunVisit[];
  /** Reached the scenario's end (false: stopped at a visited state). */
  ended: boolean;
  /** The whole trace, from the scenario's start (the events before `from` included). */
  events: readonly TraceEvent[];
  /** The state it ended in (its state at the stop when stopped). */
  final: SimState;
}

export interface RunVisit {
  /** The fingerprint the visited set was asked about. */
  a: number;
  b: number;
  /** Trace events before it. */
  eventCount: number;
  /** Whether the clock moves on from it (every task due at its instant has run). */
  instantEnd: boolean;
  /** The state stored for the schedules queued there (null: it had been visited, and the run stopped). */
  stored: SimState | null;
}

/** A witness as the search finds it (before the full re-run that makes its trace). */
export interface WitnessFound {
  invariant: string;
  violation: Violation;
  script: number[];
  atSeq: number;
  nonNominal: number;
}

export interface ExploreOptions {
  preset?: string;
  overrides?: readonly string[];
  /** Stop after this many distinct states (the answer is then not exhaustive). */
  maxStates: number;
  /** Expiries past this virtual ms are treated as never reached (default: last step + 30 s). */
  horizonMs?: number;
  /** Tolerate staleness of at most this many ms (`--max-stale-ms`). */
  maxStaleMs?: number;
  /**
   * After each run, in the search's order; `level` (the snapshot explorer only) is the deviations of
   * the schedules being run, so every schedule with fewer is done: what a stop now would still prove.
   */
  onProgress?: (stats: ExploreStats, level?: number) => void;
  /** when to stop early, each witness as found (the snapshot explorer only) */
  hooks?: ExploreHooks;
  /**
   * Explore one part of the schedules (the snapshot explorer only): the nominal run, then only
   * the first deviations whose position among the nominal run's alternatives is `index` modulo
   * `count` (index from 0), with everything below them. The parts together cover every schedule;
   * `cachelab merge` combines their reports.
   */
  shard?: { index: number; count: number };
  /** A deliberately wrong split (tests: must be caught). */
  shardFlaws?: ShardFlaws;
  /**
   * Partial-order reduction (the snapshot explorer only; default on): at a tie, explore only the
   * orders that start with the nominal task's dependency component (sim/explore/reduction.ts).
   */
  reduction?: boolean;
  /**
   * Worker symmetry (default on): with a cache shared by every worker and no proxy, states that
   * differ only by a rotation of the workers' numbers are one state (sim/explore/symmetry.ts).
   */
  symmetry?: boolean;
  /**
   * Deferred jitter (default on): a user step's jitter offsets are branched where the step's task
   * falls due, not at start, so the states before it are explored once (sim/explore/deferJitter.ts).
   */
  deferJitter?: boolean;
  /** Deliberately wrong variants of it (tests: each must be caught). */
  deferJitterFlaws?: DeferJitterFlaws;
  /**
   * Quiet gap (default on): while work is in flight and the next scenario step provably comes
   * after all of it ends, states are hashed without the exact gap to that step (sim/explore/quietGap.ts).
   */
  quietGap?: boolean;
  /** A deliberately wrong variant of it (tests: must be caught). */
  quietGapFlaws?: QuietGapFlaws;
  /** The symmetry's canonical form (tests: a deliberately wrong one must be caught). */
  canonicalize?: Canonicalize;
  /** Explore only schedules with at most this many deviations (the answer is then exact for that class). */
  maxDeviations?: number;
  /** The independence relation the reduction uses (tests: a deliberately wrong one must be caught). */
  independence?: IndependenceRelation;
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
  /** Tie alternatives the partial-order reduction left out (orders of independent tasks); 0 without it. */
  tiesPruned: number;
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
  /** True when the search stopped at --max-states, a deviation bound or a hook: the answer is then not exhaustive. */
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
  /** 'snapshot': runs resume from stored states; 'replay': every run replays its prefix from the start. */
  engine: 'snapshot' | 'replay';
  /** Whether the partial-order reduction was on. */
  reduction: boolean;
  /** Whether the worker symmetry reduction was on and applies to this configuration (sim/explore/symmetry.ts). */
  symmetry: boolean;
  /** Whether a step's jitter was branched where the step falls due (on, and no --max-stale-ms; sim/explore/deferJitter.ts). */
  deferJitter: boolean;
  /** Whether states were hashed without the quiet gap to the next step (on, no --max-stale-ms and no --app; sim/explore/quietGap.ts). */
  quietGap: boolean;
  /** Why the search stopped before the end: --max-states, or a hook (a time limit, Ctrl-C); null when exhaustive. */
  stopReason: 'max-states' | 'max-deviations' | 'hook' | null;
  fingerprintBits: 64;
  /** Probability that two distinct states shared a fingerprint (TLC's estimate, n^2 / 2^65). */
  collisionProbability: number;
  /** Bytes the visited set held per distinct state (null: a Set of strings, not measured). */
  visitedBytesPerState: number | null;
  /** The part explored, when sharded (index from 0). */
  shard: { index: number; count: number } | null;
}

