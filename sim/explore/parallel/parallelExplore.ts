// `explore --workers N`: the same search as explore.ts, its runs computed on N worker threads,
// with the same answer whatever N is (every count, the visited set, each witness, byte for byte).
//
// The search goes level by level (schedules with 0 deviations, then 1, ...), and within a level
// in explore.ts's own order. The main thread holds the visited set and that order; the workers
// take consecutive chunks of the level's schedules and run each ahead of time against what they
// know of the visited set. The main thread then takes the records back in the level's order and
// checks each against the whole visited set as it is at that point (checkRecord.ts): a record
// that holds is exactly the run the one-thread explorer makes there, so it is merged as is; one
// that does not (it went past a state an earlier schedule of the same level has since claimed,
// or stopped at a state only a guess of its own had reached) is run again by the main thread.
// Merging in order also makes --max-states and --stop-at-first stop at the same run as with one
// thread; a time limit or Ctrl-C stops wherever the merge has got to (the report says so).
//
// Starting a thread costs about a second of compiling, so the main thread runs the first
// schedules itself (`soloRuns`) and starts the threads only for a search that lasts.
import { checkInvariants } from '../../invariants/index';
import { runScenarioDetailed } from '../../run';
import type { Scenario } from '../../scenarios/types';
import { defaultHorizon, trimScript } from '../explorePlain';
import type { ExploreOptions, ExploreResult, ExploreStats, Witness, WitnessFound } from '../types';
import { collisionProbability } from '../visitedSet';
import { recordHolds } from './checkRecord';
import { ScheduleRunner, type RunRecord, type ScheduleRef } from './scheduleRunner';
import { VisitedLog } from './visitedLog';
import { WorkerPool } from './workerPool';

export interface ParallelOptions {
  /** Worker threads (2 or more). */
  workers: number;
  /** The scenario as the threads get it: without --app's functions, which they load from `appFile`. */
  plainScenario: Scenario;
  appFile: string | null;
  /** Runs the main thread makes alone before it starts the threads (default 1000; 0: start them at once). */
  soloRuns?: number;
  /** Wait for the threads before the first run (tests: a small search would otherwise end before they are up). */
  waitForThreads?: boolean;
  /** Filled in as the search goes: where its runs were made (not part of the report, which is the same whatever N is). */
  split?: RunSplit;
}

/** Runs made by the main thread alone, taken from the threads as they were, and made again by the main thread. */
export interface RunSplit {
  solo: number;
  fromThreads: number;
  rerun: number;
  /** Runs the threads replayed from the start, their boundary being elsewhere. */
  replayed?: number;
}

/** A queued schedule on the main thread: its run's choices are shared, read up to `i`. */
interface Queued {
  choices: number[];
  i: number;
  choiceCount: number;
  eventCount: number;
  beforeStart: boolean;
  value: number;
  owner: number;
  key: number;
}

function refOf(q: Queued): ScheduleRef {
  return { prefix: q.choices.slice(0, q.i), choiceCount: q.choiceCount, eventCount: q.eventCount, beforeStart: q.beforeStart, value: q.value, owner: q.owner, key: q.key };
}

/** Schedules per chunk: small enough to keep every worker's view of the visited set fresh, large enough to keep it busy. */
function chunkSize(remaining: number, workers: number): number {
  return Math.min(32, Math.max(4, Math.ceil(remaining / (workers * 8))));
}

export async function exploreParallel(scenario: Scenario, options: ExploreOptions, par: ParallelOptions): Promise<ExploreResult> {
  const preset = options.preset ?? scenario.defaultPreset;
  const overrides = [...(options.overrides ?? [])];
  const horizonMs = options.horizonMs ?? defaultHorizon(scenario);
  const hooks = options.hooks ?? {};
  const shard = options.shard ?? null;
  if (shard && !(Number.isInteger(shard.count) && shard.count >= 1 && Number.isInteger(shard.index) && shard.index >= 0 && shard.index < shard.count))
    throw new RangeError(`shard ${shard.index} of ${shard.count}: the index must be 0 to count - 1`);
  if (!(Number.isInteger(par.workers) && par.workers >= 2)) throw new RangeError(`exploreParallel needs 2 or more workers, got ${par.workers}`);
  const visited = new VisitedLog();
  const best = new Map<string, WitnessFound>();
  const stats: ExploreStats = { statesExplored: 0, distinctStates: 0, runs: 0, deepestChoices: 0, deepestSteps: 0, violatedInvariants: 0 };
  let stopReason: 'max-states' | 'hook' | null = null;
  let runsPastHorizon = 0;
  let undecided = 0;
  const setup = { preset, overrides, horizonMs, maxStaleMs: options.maxStaleMs };
  const runner = new ScheduleRunner({ ...setup, scenario }, 0);
  const levels: Queued[][] = [[{ choices: [], i: 0, choiceCount: 0, eventCount: 0, beforeStart: true, value: -1, owner: -1, key: -1 }]];
  const soloRuns = par.soloRuns ?? 1000;
  let pool: WorkerPool | null = null;
  const startPool = (): WorkerPool => new WorkerPool(par.workers, { ...setup, scenario: par.plainScenario, appFile: par.appFile });
  let level = 0;

  /** Counts one run in the one-thread order; true when the search stops there. */
  const merge = (rec: RunRecord, owner: number, addStates: boolean): boolean => {
    const n = rec.fps.length / 2;
    stats.statesExplored += n;
    // The state a run stopped at (already explored, or past the bound) was not added.
    if (addStates) for (let k = 0; k < (rec.stop === null ? n : n - 1); k++) visited.add(rec.fps[2 * k], rec.fps[2 * k + 1]);
    if (rec.stop === 'max-states') stopReason = 'max-states';
    const next = (levels[level + 1] ??= []);
    const a = rec.alts;
    for (let j = 0; j < a.length; j += 6)
      next.push({ choices: rec.made, i: a[j + 4], choiceCount: a[j + 1], eventCount: a[j + 2], beforeStart: a[j + 3] === 1, value: a[j + 5], owner: a[j] < 0 ? -1 : owner, key: a[j] });
    stats.runs++;
    stats.distinctStates = visited.size;
    if (rec.stop === null && rec.endMs > horizonMs) runsPastHorizon++;
    if (rec.made.length > stats.deepestChoices) stats.deepestChoices = rec.made.length;
    if (rec.executed > stats.deepestSteps) stats.deepestSteps = rec.executed;
    undecided += rec.undecided;
    if (rec.violations.length) {
      const trimmed = trimScript(rec.made);
      const nonNominal = trimmed.filter((c) => c !== 0).length;
      for (const v of rec.violations) {
        const atSeq = v.causeSeqs[0] ?? rec.eventsAtEnd;
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
    if (stopReason) return true;
    if (hooks.shouldStop?.()) {
      // This level is not finished: the complete class is the one below it.
      stopReason = 'hook';
      return true;
    }
    return false;
  };

  /** Runs a schedule on the main thread, against the whole visited set: the one-thread run itself. */
  const split = par.split ?? { solo: 0, fromThreads: 0, rerun: 0 };
  const runHere = (q: Queued): boolean => merge(runner.run(refOf(q), level, visited, options.maxStates), 0, false);

  /**
   * The rest of a level from `from`, on the threads; true when the search stops. A schedule goes
   * to the worker holding its boundary (resuming there costs a fraction of a replay); the others
   * (boundaries of the main thread's runs, or none) go to whichever worker has the least so far.
   * Each worker takes its share in the level's order, in chunks, two at a time.
   */
  /** A schedule for a worker; one that branches off a boundary stored here takes it along (far cheaper than a replay). */
  const shipped = (q: Queued): ScheduleRef => {
    const ref = refOf(q);
    if (q.owner === runner.id) {
      const boundary = runner.ship(q.key);
      if (boundary) ref.boundary = boundary;
    }
    return ref;
  };

  const onThreads = async (p: WorkerPool, queue: Queued[], from: number): Promise<boolean> => {
    const shares: number[][] = Array.from({ length: p.size }, () => []);
    const where = new Int32Array(queue.length - from);
    for (let q = from; q < queue.length; q++) {
      const o = queue[q].owner;
      let w = o >= 1 && o <= p.size ? o - 1 : 0;
      if (!(o >= 1 && o <= p.size)) for (let k = 1; k < p.size; k++) if (shares[k].length < shares[w].length) w = k;
      where[q - from] = w;
      shares[w].push(q);
    }
    const size = chunkSize(queue.length - from, p.size);
    // chunks[w][c]: the records of worker w's c-th chunk (its share's positions c*size to (c+1)*size - 1).
    const chunks: Array<Array<Promise<RunRecord[]>>> = shares.map(() => []);
    const feed = (w: number): void => {
      const c = chunks[w].length;
      const part = shares[w].slice(c * size, (c + 1) * size);
      if (!part.length) return;
      const records = p.submit(w, level, part.map((q) => shipped(queue[q])), visited);
      chunks[w].push(records);
      void records.then(() => feed(w), () => undefined);
    };
    for (let w = 0; w < p.size; w++) for (let k = 0; k < 2; k++) feed(w);
    const seen = new Int32Array(p.size);
    for (let q = from; q < queue.length; q++) {
      const w = where[q - from];
      const n = seen[w]++;
      const c = Math.floor(n / size);
      // Not sent yet: the worker is busy with its two chunks before it, and sends for it when one is done.
      while (chunks[w].length <= c) await chunks[w][chunks[w].length - 1];
      const record = (await chunks[w][c])[n % size];
      const holds = recordHolds(record, visited.set, options.maxStates);
      if (record.replayed) split.replayed = (split.replayed ?? 0) + 1;
      if (holds) split.fromThreads++;
      else split.rerun++;
      const owner = queue[q].owner;
      // Run again where its boundary is stored: resuming there beats replaying it here from the start.
      const stop = holds ? merge(record, p.ownerOf(w), true) : owner >= 1 && owner <= p.size ? merge(await p.rerun(owner - 1, level, refOf(queue[q]), visited, options.maxStates), owner, true) : runHere(queue[q]);
      if (stop) return true;
    }
    return false;
  };

  try {
    if (soloRuns === 0 || par.waitForThreads) pool = startPool();
    while (par.waitForThreads && !pool?.ready) {
      pool?.check();
      await turn();
    }
    search: for (; level < levels.length; level++) {
      const queue = levels[level];
      for (let qi = 0; qi < queue.length; qi++) {
        if (pool?.ready) {
          if (await onThreads(pool, queue, qi)) break search;
          break;
        }
        split.solo++;
        if (runHere(queue[qi])) break search;
        if (!pool && stats.runs >= soloRuns) pool = startPool();
        // Let the threads' "ready" in now and then.
        if (pool && stats.runs % 16 === 0) await turn();
        pool?.check();
      }
      levels[level] = [];
      // A shard keeps its share of the nominal run's alternatives; everything below them is its own.
      if (level === 0 && shard) levels[1] = (levels[1] ?? []).filter((_, k) => k % shard.count === shard.index);
    }
  } finally {
    await pool?.close();
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
    undecidedEpisodes: undecided,
    maxStaleMs: options.maxStaleMs,
    witnesses,
    ...stats,
    engine: 'snapshot',
    stopReason,
    fingerprintBits: 64,
    collisionProbability: collisionProbability(visited.size),
    visitedBytesPerState: visited.size ? visited.set.bytes / visited.size : null,
    shard,
  };
}

/** One turn of the event loop, so that messages from the threads come in. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
