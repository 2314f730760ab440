// The long CLI jobs, as functions of plain (structured-cloneable) arguments, so that one runs the
// same in the main thread (in-process tests) or in a worker thread (the real CLI: cliStoppable).
// `control.shouldStop()` turns true on Ctrl-C or at the time limit; a job then returns what it has.
import type { MessagePort } from 'node:worker_threads';
import { UsageError } from '../../src/config';
import { type CheckResult, type Strategy } from '../check/checkScenario';
import { checkWithWorkers, THREADS_FROM_RUNS } from '../check/parallel/parallelCheck';
import { PctPool } from '../check/parallel/pctPool';
import { explore, type ExploreOptions, type ExploreResult } from '../explore/explore';
import { exploreParallel } from '../explore/parallel/parallelExplore';
import { loadUserApp } from '../app/loadUserApp';
import { checkSameTwice } from '../app/sameTwice';
import { appNotes, NO_APP_NOTES, type AppNotes, type NominalRun } from '../app/appNominal';
import type { Scenario } from '../scenarios/types';
import type { ExploreStats } from '../explore/types';
import { throttleProgress } from './cliProgressThrottle';
import { fullestHeap, heapWatch, type HeapReading } from './cliHeapWatch';
import { heapBoard } from '../parallel/threadHeap';

export interface ProgressUpdate {
  /** What is running, e.g. "check commit-race". */
  what: string;
  /** The count the rate is computed from. */
  done: number;
  /** Its unit, plural ("runs", "distinct states"). */
  unit: string;
  /** The rest of the line. */
  detail: string;
  /** How full the fullest of the job's heaps was when the update was built (explore in the CLI's job thread). */
  heap?: HeapReading;
}

export interface JobControl {
  shouldStop(): boolean;
  progress(update: ProgressUpdate): void;
  /** Where the threads of `explore --workers N` post how full their heaps are, for shouldStop to read (threadHeap.ts). */
  heapBoard?: Int32Array;
  /** The fullest heap, as the heap watch reads it (runJobInWorker); absent in-process, where nothing watches it. */
  readHeap?(): HeapReading;
}

/**
 * The scenarios with the user's views of --app F attached (loaded here: functions cannot cross to a
 * worker), each checked to run the same twice (sameTwice.ts), and the notes of `scenarios` (the
 * ones the job got to) from those nominal runs (appNominal.ts).
 */
async function withApp<T extends Scenario>(scenarios: T[], appFile: string | null, preset: string | undefined, overrides: string[]): Promise<{ scenarios: T[]; notes(names: string[]): AppNotes }> {
  if (appFile === null) return { scenarios, notes: () => NO_APP_NOTES };
  const { app } = await loadUserApp(appFile);
  const attached = scenarios.map((s) => ({ ...s, app, appFile }));
  const nominal = new Map<string, NominalRun>();
  for (const s of attached) {
    const p = preset ?? s.defaultPreset;
    nominal.set(s.name, { scenario: s, preset: p, events: checkSameTwice(s, p, overrides)!.events });
  }
  return { scenarios: attached, notes: (names) => appNotes(names.map((n) => nominal.get(n)!)) };
}

export interface CheckJobArgs {
  scenarios: Scenario[];
  appFile: string | null;
  preset?: string;
  overrides: string[];
  runs: number;
  seed: number;
  strategy: Strategy;
  depth: number;
  stopAtFirst: boolean;
  /** --max-stale-ms: tolerate staleness of at most this many ms. */
  maxStaleMs?: number;
  /** --workers N: threads the PCT search is split over (absent: 1), with the same result. */
  workers?: number;
}

export interface CheckJobResult {
  results: CheckResult[];
  /** Scenarios not checked because the job stopped first. */
  skipped: string[];
  /** With --app: the notes of the scenarios checked (none without). */
  notes: AppNotes;
}

/** What a check job has done so far, kept by the job and read into a progress line when one is passed on. */
class CheckProgress {
  private scenario = '';
  /** Runs of every scenario so far, as of the latest run. */
  private done = 0;
  /** Runs of the current scenario, and how many of them violated an invariant. */
  private evaluated = 0;
  private violating = 0;
  /** Runs of the scenarios already finished. */
  private finishedRuns = 0;
  /** Scenarios that found a counterexample. */
  failed = 0;

  run(scenario: string, evaluated: number, violating: number): void {
    this.scenario = scenario;
    this.done = this.finishedRuns + evaluated;
    this.evaluated = evaluated;
    this.violating = violating;
  }

  finished(result: CheckResult): void {
    this.finishedRuns += result.evaluations;
    if (result.counterexample) this.failed++;
  }

  update(): ProgressUpdate {
    return {
      what: `check ${this.scenario}`,
      done: this.done,
      unit: 'runs',
      detail: `this scenario ${this.evaluated} (${this.violating} violating), ${this.failed} scenario(s) failed`,
    };
  }
}

export async function checkJob(args: CheckJobArgs, control: JobControl): Promise<CheckJobResult> {
  const { scenarios, notes } = await withApp(args.scenarios, args.appFile, args.preset, args.overrides);
  // The threads load the code once for every scenario; a short check is over before they would be up.
  const workers = args.workers ?? 1;
  const pool = workers > 1 && args.strategy === 'pct' && args.runs * scenarios.length >= THREADS_FROM_RUNS ? new PctPool(workers - 1, args.appFile) : null;
  // Progress after every run, throttled (cliProgressThrottle.ts): the latest figures, read when passed on.
  const progress = throttleProgress((u) => control.progress(u));
  const state = new CheckProgress();
  const update = () => state.update();
  try {
    const results: CheckResult[] = [];
    for (const [i, scenario] of scenarios.entries()) {
      if (control.shouldStop() || (args.stopAtFirst && state.failed > 0)) return { results, skipped: args.scenarios.slice(i).map((s) => s.name), notes: notes(results.map((r) => r.scenario)) };
      const options = {
        preset: args.preset,
        overrides: args.overrides,
        runs: args.runs,
        seed: args.seed,
        strategy: args.strategy,
        depth: args.depth,
        maxStaleMs: args.maxStaleMs,
        workers: pool ? workers : 1,
        shouldStop: () => control.shouldStop(),
        onRun: (evaluated: number, violating: number) => {
          state.run(scenario.name, evaluated, violating);
          progress.offer(update);
        },
      };
      const result = await checkWithWorkers(scenario, options, pool ? { pool, plainScenario: args.scenarios[i] } : {});
      results.push(result);
      state.finished(result);
      // Offered again: the scenario's last run may already have been passed on, before its failure was counted.
      progress.offer(update);
    }
    return { results, skipped: [], notes: notes(results.map((r) => r.scenario)) };
  } finally {
    progress.flush();
    await pool?.close();
  }
}

export interface ExploreJobArgs {
  scenario: Scenario;
  appFile: string | null;
  preset: string;
  overrides: string[];
  maxStates: number;
  /** --max-deviations K: explore schedules with at most K deviations only (absent: no bound). */
  maxDeviations?: number;
  /** --shard i/n as the explorer's 0-based part, or null. */
  shard: { index: number; count: number } | null;
  /** --reduction on|off (absent: on). */
  reduction?: boolean;
  /** --symmetry on|off (absent: on). */
  symmetry?: boolean;
  /** --defer-jitter on|off (absent: on). */
  deferJitter?: boolean;
  /** --quiet-gap on|off (absent: on). */
  quietGap?: boolean;
  stopAtFirst: boolean;
  /** --max-stale-ms: tolerate staleness of at most this many ms. */
  maxStaleMs?: number;
  /** --workers N: 1 runs the search in this thread; more split each level over N threads, with the same answer. */
  workers: number;
}

/** An explore's result, with --app the notes of its scenario's nominal run. */
export type ExploreJobResult = ExploreResult & { notes: AppNotes };

export async function exploreJob(args: ExploreJobArgs, control: JobControl): Promise<ExploreJobResult> {
  const attached = await withApp([args.scenario], args.appFile, args.preset, args.overrides);
  const [scenario] = attached.scenarios;
  const notes = attached.notes([scenario.name]);
  let witnessed = false;
  // Progress after every run, throttled (cliProgressThrottle.ts): the latest figures, read when passed on.
  const progress = throttleProgress((u) => control.progress(u));
  let latest: ExploreStats | null = null;
  let level = 0;
  // The heap is read only here, when an update is built (a few times a second), never per run. The
  // line keeps to what the person waiting watches (the bound --max-states counts distinct states,
  // what was violated, the memory that will stop the search) so that it fits about 100 columns.
  const update = (): ProgressUpdate => ({
    what: `explore ${args.scenario.name}${args.shard ? ` shard ${args.shard.index + 1}/${args.shard.count}` : ''}`,
    done: latest!.distinctStates,
    unit: 'distinct states',
    // What a stop now would still prove: every schedule below the level being run.
    detail: `${level > 0 ? `≤${level - 1} deviations done, ` : ''}${latest!.violatedInvariants} violated`,
    ...(control.readHeap ? { heap: control.readHeap() } : {}),
  });
  const options: ExploreOptions = {
    preset: args.preset,
    overrides: args.overrides,
    maxStates: args.maxStates,
    ...(args.maxDeviations === undefined ? {} : { maxDeviations: args.maxDeviations }),
    maxStaleMs: args.maxStaleMs,
    ...(args.shard ? { shard: args.shard } : {}),
    reduction: args.reduction ?? true,
    symmetry: args.symmetry ?? true,
    deferJitter: args.deferJitter ?? true,
    quietGap: args.quietGap,
    onProgress: (s, at) => {
      latest = s;
      level = at ?? 0;
      progress.offer(update);
    },
    hooks: {
      shouldStop: () => control.shouldStop() || (args.stopAtFirst && witnessed),
      onWitness: () => void (witnessed = true),
    },
  };
  try {
    const result = args.workers > 1 ? await exploreParallel(scenario, options, { workers: args.workers, plainScenario: args.scenario, appFile: args.appFile, heapBoard: control.heapBoard }) : explore(scenario, options);
    return { ...result, notes };
  } finally {
    progress.flush();
  }
}

export const JOBS = { check: checkJob, explore: exploreJob } as const;
export type JobName = keyof typeof JOBS;

/** Values of the shared stop flag. */
export const RUNNING = 0;
export const TIME_LIMIT = 1;
export const INTERRUPTED = 2;
/** Set by the job's own thread when its heap, or a pool thread's, is nearly full (cliHeapWatch.ts). */
export const MEMORY = 3;

/**
 * CACHELAB_HEAP_STOP=off turns the heap watch off, for tests only (test/sim/cliOutOfMemory.test.ts:
 * the thread then fills its heap and the out-of-memory line of cliStoppable.ts is what remains).
 */
function heapStopOn(): boolean {
  return process.env.CACHELAB_HEAP_STOP !== 'off';
}

/**
 * The worker side: run the job, post progress and the result (or the error) to the main thread.
 * This thread holds the search's memory (explore's queue of stored states; with --workers N, its
 * share of them, the pool's threads the rest, posted on the board), so it watches its heap and
 * theirs, after every run as it polls the flag, and stops the job as a time limit does when one
 * is nearly full; the result then carries the reading for the stop line.
 */
export async function runJobInWorker(data: { job: JobName; args: never; flag: Int32Array }, port: MessagePort): Promise<void> {
  const board = heapBoard();
  const readHeap = (): HeapReading => fullestHeap(board);
  const heapFull = heapStopOn() ? heapWatch(undefined, undefined, readHeap) : () => null;
  let heap: HeapReading | null = null;
  const control: JobControl = {
    heapBoard: board,
    readHeap,
    shouldStop: () => {
      if (heap === null && (heap = heapFull()) !== null) Atomics.compareExchange(data.flag, 0, RUNNING, MEMORY);
      return Atomics.load(data.flag, 0) !== RUNNING;
    },
    progress: (update) => port.postMessage({ type: 'progress', update }),
  };
  try {
    const result = await JOBS[data.job](data.args, control);
    port.postMessage({ type: 'result', result, heap });
  } catch (e) {
    // A pool thread (explore --workers N) that filled its heap anyway: the same as this thread doing so.
    const outOfMemory = (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
    port.postMessage({ type: 'error', message: (e as Error).message, usage: e instanceof UsageError, outOfMemory, stack: (e as Error).stack });
  }
}
