// `check --workers N`: the PCT search of checkScenario.ts on N threads (this one and N-1 others),
// with the same result whatever N is. PCT's run i depends only on the seed and i (its chooser is
// seeded by subSeed(seed, `pct run ${i}`)), so the run indices are cut into blocks that any
// thread makes. This thread takes the answers back in index order and counts them as the
// one-thread loop does (onRun, shouldStop before each run): the counterexample is the one of the
// lowest violating index, so a violation at i stops the handing out of blocks past i, and every
// index below i is still judged. This thread makes blocks too, from the start (the others join
// when they have loaded), and when none is left to hand out it makes the ones a thread still
// owes and has not begun, furthest first, rather than wait: every block is claimed in shared
// memory by the thread that makes it, so none is made twice. The found run is then made again here and shrunk here, as
// today (shrinking is sequential). The random strategy (fast-check) runs on one thread.
import type { Scenario } from '../../scenarios/types';
import { checkScenario, finishCheck, pctRun, pctSteps, startCheck, type CheckOptions, type CheckResult } from '../checkScenario';
import type { ScriptedRun } from '../scriptedRun';
import { PctPool, type BlockReply } from './pctPool';

/**
 * `check` starts its threads only for this many runs or more. Threads no longer make a check
 * slower by waiting (this thread starts on the first block at once and, with nothing left to hand
 * out, makes the blocks a thread still owes), but a thread costs CPU before it pays: loading (a
 * bundled copy of its code, sim/parallel/threadBundle.ts, ready in about 0.2 s here; about a
 * second of CPU under tsx, with --app or when no bundle can be built), then its first thousand
 * runs or so at a fraction of a warm thread's rate while V8 optimises its own copy of the code
 * (bench/check.ts WARM_RUNS_PER_THREAD). A check of fewer runs is over before a thread could repay
 * that, and on a busy machine the starting thread takes CPU from this one.
 */
export const THREADS_FROM_RUNS = 3000;

/** Runs per block: about 10 ms of work, so a block's answer is never long in coming. */
const BLOCK = 32;

export interface CheckThreads {
  /** Threads started already (for several checks in a row); otherwise started and closed here. */
  pool?: PctPool;
  /** The scenario as the threads get it: without --app's functions, which they load from `appFile`. */
  plainScenario?: Scenario;
  appFile?: string | null;
  /** Filled in as the search goes: runs made on this thread and on the others (not part of the result). */
  split?: { here: number; threads: number };
}

export async function checkWithWorkers(scenario: Scenario, options: CheckOptions, threads: CheckThreads = {}): Promise<CheckResult> {
  const workers = options.workers ?? 1;
  if (!(Number.isInteger(workers) && workers >= 1)) throw new RangeError(`workers must be a positive integer, got ${workers}`);
  if (workers === 1 || (options.strategy ?? 'pct') !== 'pct') return checkScenario(scenario, { ...options, workers: 1 });
  const pool = threads.pool ?? new PctPool(workers - 1, threads.appFile ?? null);
  try {
    return await searchOnThreads(scenario, options, pool, threads);
  } finally {
    if (!threads.pool) await pool.close();
  }
}

async function searchOnThreads(scenario: Scenario, options: CheckOptions, pool: PctPool, threads: CheckThreads): Promise<CheckResult> {
  const tally = startCheck(scenario, options);
  const { config, base } = tally;
  const depth = base.depth!;
  const steps = pctSteps(scenario, config);
  const total = options.runs;
  const split = threads.split ?? { here: 0, threads: 0 };
  /** Answers by their block's first index; a block stops at its first violating run. */
  const answers = new Map<number, { end: number; bad: number }>();
  /** Violating runs made on this thread, kept so as not to make them again. */
  const own = new Map<number, ScriptedRun>();
  let handedOut = 0;
  /** No block starts at or past this: one past the lowest violating index known. */
  let limit = total;
  const inFlight = new Int32Array(pool.size);
  /** Blocks a thread has and has not answered yet, by first index: this thread makes them itself rather than wait. */
  const owed = new Map<number, number>();

  const take = (): [number, number] | null => {
    if (handedOut >= limit) return null;
    const from = handedOut;
    handedOut = Math.min(from + BLOCK, limit);
    return [from, handedOut];
  };
  /** A block for this thread: claimed, so no other thread makes it too. */
  const takeHere = (): [number, number] | null => {
    const block = take();
    if (block) claim(block[0]);
    return block;
  };
  const answered = (from: number, end: number, bad: number): void => {
    owed.delete(from);
    answers.set(from, { end, bad });
    if (bad >= 0) limit = Math.min(limit, bad + 1);
  };
  /** One word per block: set by whichever thread makes it (pctServe.ts claims too). */
  const claims = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, Math.ceil(total / BLOCK))));
  const claim = (from: number): boolean => Atomics.compareExchange(claims, from / BLOCK, 0, 1) === 0;
  /**
   * A block still owed by a thread that no thread has begun, furthest from being counted first (a
   * thread makes its blocks in order), claimed for this thread; null when every owed block is under way.
   */
  const steal = (): [number, number] | null => {
    const open = [...owed].filter(([from]) => from < limit && from >= committed).sort((a, b) => b[0] - a[0]);
    for (const block of open) if (claim(block[0])) return block;
    return null;
  };
  const feed = (w: number): void => {
    // Two blocks each, so that a thread has the next at hand when it answers one.
    for (let block = inFlight[w] < 2 ? take() : null; block; block = inFlight[w] < 2 ? take() : null) {
      pool.send(w, block[0], block[1]);
      owed.set(block[0], block[1]);
      inFlight[w]++;
    }
  };
  let committed = 0;
  pool.begin(
    { scenario: threads.plainScenario ?? scenario, config, seed: options.seed, depth, steps, claims, block: BLOCK },
    {
      ready: (w) => feed(w),
      block: (w, r: BlockReply) => {
        inFlight[w]--;
        // Not made there: this thread claimed it first (and has answered it).
        if (owed.has(r.from) && r.end > r.from) {
          split.threads += r.end - r.from;
          answered(r.from, r.end, r.bad);
        }
        feed(w);
      },
    },
  );
  for (let w = 0; w < pool.size; w++) if (pool.ready(w)) feed(w);

  let found = -1;
  search: for (;;) {
    // Count the answers in index order, as the one-thread loop counts its runs.
    for (let a = answers.get(committed); a && committed < total; a = answers.get(committed)) {
      answers.delete(committed);
      for (let i = committed; i < a.end; i++) {
        if (options.shouldStop?.()) {
          tally.stoppedEarly = true;
          committed = i;
          break search;
        }
        tally.counted(i === a.bad);
        if (i === a.bad) {
          found = i;
          committed = i + 1;
          break search;
        }
      }
      committed = a.end;
    }
    if (committed >= total) break;
    pool.check();
    // Nothing left to hand out: make what a thread still owes and has not begun rather than wait
    // for it (a thread still warming up, or the last blocks).
    const block = takeHere() ?? steal();
    if (block) {
      let i = block[0];
      let bad = -1;
      while (i < block[1] && bad < 0) {
        const run = pctRun(scenario, config, options.seed, depth, steps, i);
        if (run.violations.length) {
          bad = i;
          own.set(i, run);
        }
        i++;
      }
      split.here += i - block[0];
      answered(block[0], i, bad);
      // Let the threads' answers in.
      await turn();
    } else if (!answers.has(committed)) await pool.next();
  }
  const run = found < 0 ? null : (own.get(found) ?? pctRun(scenario, config, options.seed, depth, steps, found));
  return finishCheck(scenario, tally, run, committed, options);
}

/** One turn of the event loop, so that messages from the threads come in. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
