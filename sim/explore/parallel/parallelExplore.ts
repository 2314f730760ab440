// `explore --workers N`: the same search as explore.ts, its runs computed on N threads (this one
// and N-1 worker threads, or N-1 processes: ParallelOptions.kind), with the same answer whatever N
// and the kind are (every count, the visited set, each witness, byte for byte).
//
// The search goes level by level (schedules with 0 deviations, then 1, ...), and within a level
// in explore.ts's own order. The main thread holds the visited set and that order, and runs the
// schedules it stores itself, each at its turn (so exactly, against the whole visited set); the
// workers take chunks of the schedules they store and run each ahead of time (with the explorer's own step,
// expand.ts) against what they know of the visited set. The main thread then takes the records
// back in the level's order and checks each against the whole visited set as it is at that point
// (checkRecord.ts): a record that holds is exactly the run the one-thread explorer makes there,
// so it is merged as is; one that does not (it went past a state an earlier schedule of the same
// level has since claimed, or stopped at a state only a guess of its own had reached) is run
// again, exactly, by the runner that stores the schedule. Merging in order also makes
// --max-states, --stop-at-first and the deviation bound stop at the same run as with one thread;
// a time limit or Ctrl-C stops wherever the merge has got to (the report says so).
//
// A schedule is run where it is stored, and its alternatives are stored there: shipping one (its
// state and trace events) to another thread costs about as much as running it. The main thread
// stores the schedules it ran alone; when the threads are up, it keeps a fair part of those for
// itself and ships the rest, and from then on each thread runs the subtrees that grow from its
// part. (Letting the main thread run too, rather than only merge, keeps N threads busy on N
// cores with no thread waiting on another's idle main thread.)
//
// Starting a thread costs loading and warming up its own copy of the code, so the main thread
// runs the first schedules itself (`soloRuns`) and starts the threads only for a search that lasts.
import type { Scenario } from '../../scenarios/types';
import { defaultHorizon } from '../explorePlain';
import { footprintIndependence } from '../independence';
import { resolveConfig } from '../../../src/config';
import { shardShare } from '../shardShare';
import { checkShard, SearchTally } from '../searchTally';
import { defersJitter } from '../deferJitter';
import { usesQuietGap } from '../quietGap';
import { workerSymmetry } from '../symmetry';
import type { ExploreOptions, ExploreResult } from '../types';
import { recordHolds } from './checkRecord';
import { ScheduleRunner, type RunRecord } from './scheduleRunner';
import { VisitedLog } from './visitedLog';
import { WorkerPool, type WorkerKind } from './workerPool';

export interface ParallelOptions {
  /** Threads (2 or more): this one and workers - 1 worker threads. */
  workers: number;
  /** The scenario as the threads get it: without --app's functions, which they load from `appFile`. */
  plainScenario: Scenario;
  appFile: string | null;
  /** Where the other workers run: worker threads of this process (the default) or processes of their own. */
  kind?: WorkerKind;
  /** Runs the main thread makes alone before it starts the threads (default SOLO_RUNS; 0: start them at once). */
  soloRuns?: number;
  /** Wait for the threads before the first run (tests: a small search would otherwise end before they are up). */
  waitForThreads?: boolean;
  /** Filled in as the search goes: where its runs were made (not part of the report, which is the same whatever N is). */
  split?: RunSplit;
  /** Where each worker thread posts how full its heap is after each chunk (sim/parallel/threadHeap.ts), for the CLI to stop the search in time; threads only. */
  heapBoard?: Int32Array;
}

/** Runs made by the main thread (alone, or as one of the N), taken from the threads as they were, and made again exactly. */
export interface RunSplit {
  solo: number;
  fromThreads: number;
  rerun: number;
  /** Runs taken from each worker thread as they were (index: thread, from 0). */
  byThread?: number[];
}

/** A queued schedule on the main thread: the runner storing it (0: the main thread's) and its key there. */
interface Queued {
  owner: number;
  key: number;
}

/** Runs the main thread makes alone before it starts the threads: a shorter search is over before they are up. */
export const SOLO_RUNS = 200;

/** Chunks a worker has at a time: it goes on with the next while the main thread is busy with its own runs. */
const IN_FLIGHT = 3;

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
  checkShard(shard);
  if (!(Number.isInteger(par.workers) && par.workers >= 2)) throw new RangeError(`exploreParallel needs 2 or more workers, got ${par.workers}`);
  // Functions cannot cross to a thread: only the explorer's own relation, which each thread imports.
  if ((options.independence && options.independence !== footprintIndependence) || options.canonicalize || hooks.onInstantEnd || hooks.onRun || options.deferJitterFlaws || options.quietGapFlaws)
    throw new RangeError('exploreParallel takes no independence relation or canonical form of its own and no onInstantEnd or onRun hook');
  const reduction = options.independence !== undefined || (options.reduction ?? true);
  const visited = new VisitedLog();
  const tally = new SearchTally(options);
  const stats = tally.stats;
  const symmetry = (options.symmetry ?? true) && workerSymmetry(resolveConfig(preset, overrides, scenario.configDefaults).config) !== null;
  const setup = { preset, overrides, horizonMs, maxStaleMs: options.maxStaleMs, reduction, symmetry, deferJitter: defersJitter(options), quietGap: usesQuietGap(scenario, options) };
  const runner = new ScheduleRunner({ ...setup, scenario }, 0);
  const levels: Queued[][] = [[{ owner: runner.id, key: runner.root() }]];
  const soloRuns = par.soloRuns ?? SOLO_RUNS;
  const split = par.split ?? { solo: 0, fromThreads: 0, rerun: 0 };
  let pool: WorkerPool | null = null;
  const startPool = (): WorkerPool => new WorkerPool(par.workers - 1, { ...setup, scenario: par.plainScenario, appFile: par.appFile, heapBoard: par.heapBoard ?? null }, par.kind);
  let level = 0;

  /** Counts one run in the one-thread order (as explore.ts does); true when the search stops there. */
  const merge = (x: RunRecord, owner: number, addStates: boolean): boolean => {
    // The state a run stopped at (already explored, or past the bound) was not added.
    const n = x.fps.length / 2;
    if (addStates) for (let k = 0; k < (x.stop === null ? n : n - 1); k++) visited.add(x.fps[2 * k], x.fps[2 * k + 1]);
    if (x.children.length) {
      const next = (levels[level + 1] ??= []);
      for (const key of x.children) next.push({ owner, key });
    }
    return tally.count(x, visited.size);
  };

  /** Runs a schedule the main thread stores, against the whole visited set: the one-thread run itself. */
  const runHere = (q: Queued): boolean => merge(runner.run(q, level, visited, options.maxStates), runner.id, false);

  /**
   * The rest of a level from `from`, on the threads; true when the search stops. A schedule goes
   * to the worker storing it; the main thread keeps its own while it has no more than the least
   * busy worker, and ships the rest to that worker. Each worker takes its share in the level's
   * order, in chunks, IN_FLIGHT at a time; the main thread runs its own share at each one's turn.
   */
  const onThreads = async (p: WorkerPool, queue: Queued[], from: number): Promise<boolean> => {
    const shares: number[][] = Array.from({ length: p.size }, () => []);
    // where[q]: the worker running it, or -1: the main thread.
    const where = new Int32Array(queue.length - from);
    let mainShare = 0;
    for (let q = from; q < queue.length; q++) {
      const o = queue[q].owner;
      let w = o >= 1 ? o - 1 : -1;
      // The main thread's own: it keeps them while it has no more than the least busy worker.
      if (o < 1) for (let k = 0; k < p.size; k++) if (shares[k].length < (w < 0 ? mainShare : shares[w].length)) w = k;
      where[q - from] = w;
      if (w < 0) mainShare++;
      else shares[w].push(q);
    }
    // The main thread's schedules a worker is to run go to it first, all in one message, so that
    // what they share (a state, the trace events before it) is copied once, and stays shared there.
    for (let w = 0; w < p.size; w++) {
      const keys = shares[w].filter((q) => queue[q].owner === runner.id).map((q) => queue[q].key);
      if (keys.length) p.adopt(w, level, keys, keys.map((key) => runner.ship(key, level)!));
    }
    const size = chunkSize(queue.length - from, p.size);
    // chunks[w][c]: the records of worker w's c-th chunk (its share's positions c*size to (c+1)*size - 1).
    const chunks: Array<Array<Promise<RunRecord[]>>> = shares.map(() => []);
    const feed = (w: number): void => {
      const c = chunks[w].length;
      const part = shares[w].slice(c * size, (c + 1) * size);
      if (!part.length) return;
      const records = p.submit(w, level, part.map((q) => queue[q]), visited);
      chunks[w].push(records);
      void records.then(() => feed(w), () => undefined);
    };
    for (let w = 0; w < p.size; w++) for (let k = 0; k < IN_FLIGHT; k++) feed(w);
    const seen = new Int32Array(p.size);
    let ownRuns = 0;
    for (let q = from; q < queue.length; q++) {
      const w = where[q - from];
      if (w < 0) {
        // Its turn in the order: the main thread's run is the one-thread run itself.
        split.solo++;
        if (runHere(queue[q])) return true;
        // Let the threads' records in now and then, so that each gets its next chunk in time.
        if (++ownRuns % 8 === 0) await turn();
        continue;
      }
      const n = seen[w]++;
      const c = Math.floor(n / size);
      // Not sent yet: the worker is busy with its two chunks before it, and gets this one when one is done.
      while (chunks[w].length <= c) await chunks[w][chunks[w].length - 1];
      const record = (await chunks[w][c])[n % size];
      const holds = recordHolds(record, visited.set, options.maxStates);
      if (holds) {
        split.fromThreads++;
        if (split.byThread) split.byThread[w] = (split.byThread[w] ?? 0) + 1;
      } else split.rerun++;
      const owner = queue[q].owner;
      // Run again where the schedule is stored: resuming there beats sending its state back.
      const stop = holds ? merge(record, p.ownerOf(w), true) : owner >= 1 ? merge(await p.rerun(owner - 1, level, queue[q], visited, options.maxStates), owner, true) : runHere(queue[q]);
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
      tally.level = level;
      if (options.maxDeviations !== undefined && level > options.maxDeviations && queue.length) {
        tally.stopReason = 'max-deviations';
        break;
      }
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
      if (level === 0 && shard) levels[1] = shardShare(levels[1] ?? [], shard, options.shardFlaws);
    }
  } finally {
    await pool?.close();
  }

  // The schedules left are not part of the report: drop them, as explore.ts does, so that
  // re-running the witnesses has that room.
  levels.length = 0;
  runner.drop();
  return tally.result(scenario, { preset, overrides, horizonMs, reduction, symmetry, level }, { size: visited.size, bytes: visited.set.bytes });
}

/** One turn of the event loop, so that messages from the threads come in. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
