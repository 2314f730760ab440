// A long job (check, explore) that the person waiting can stop: --time-limit, Ctrl-C, and progress
// on stderr meanwhile. In the real CLI the job runs in a worker thread: a search is one long
// synchronous loop, and while it runs the main thread's event loop (where SIGINT and timers are
// delivered) would not turn. The main thread sets a shared flag; the job polls it after every run
// and returns what it has found so far, which the command prints as a partial report. A second
// Ctrl-C quits at once. The job's thread also stops itself, the same way, when its heap (or a pool
// thread's) is nearly full (cliHeapWatch.ts), so that a search too large for the machine still
// prints what it found. In-process (tests), the job runs in the calling thread and only the time
// limit can stop it. Real time is read here for the time limit and progress only. The thread loads
// the job module bundled when it can (jobBundle), else through tsx.
import { Worker } from 'node:worker_threads';
import { UsageError } from '../../src/config';
import type { CliIO } from './cliCommand';
import { INTERRUPTED, JOBS, MEMORY, RUNNING, TIME_LIMIT, type JobName, type ProgressUpdate } from './cliJobs';
import { readHeap, type HeapReading } from '../parallel/threadHeap';
import { bundledModule } from '../parallel/threadBundle';
import { progressReporter } from './cliProgress';
import { viewBoard } from '../app/viewBoard';
import { watchViews } from './cliViewWatchdog';

export type StopReason = 'time-limit' | 'interrupted' | 'memory';

export interface Stoppable<R> {
  result: R;
  /** Why the job stopped before it was done; null when it ran to its end. */
  stopped: StopReason | null;
  /** With 'memory': the fullest heap (the job thread's or a pool thread's) when it stopped. */
  heap?: HeapReading | null;
}

/** "30s", "2m", "1h", "500ms", or a bare number of seconds, as milliseconds. */
export function parseDurationFlag(value: string | undefined, flag: string): number | null {
  if (value === undefined) return null;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  const ms = m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'] : NaN;
  if (!m || !(ms > 0)) throw new UsageError(`${flag} expects a positive duration such as 30s, 2m or 1h, got "${value}"`);
  return Math.round(ms);
}

/** "time limit (30 s) reached", "interrupted (Ctrl-C)", or "memory nearly full (...): stopped; <what to change>". */
export function describeStop(stop: Pick<Stoppable<unknown>, 'stopped' | 'heap'> & { stopped: StopReason }, timeLimitMs: number | null, job: JobName): string {
  if (stop.stopped === 'interrupted') return 'interrupted (Ctrl-C)';
  if (stop.stopped === 'time-limit') return `time limit (${formatSeconds(timeLimitMs ?? 0)}) reached`;
  const h = stop.heap;
  const how = h ? ` (${mb(h.usedMb)} MB of the ${mb(h.limitMb)} MB heap)` : '';
  return `memory nearly full${how}: stopped; ${lowerHint(job)}, or raise NODE_OPTIONS=--max-old-space-size=<MB>`;
}

/**
 * The heap reading for a --json report, `{ heap: { usedMb, limitMb } }` in whole MB as the stop line
 * gives them, only when memory stopped the job: the figures depend on the machine, as that stop
 * does, and every other report of the same inputs stays byte-identical.
 */
export function heapJson(stop: Pick<Stoppable<unknown>, 'stopped' | 'heap'>): { heap?: { usedMb: number; limitMb: number } } {
  const h = stop.stopped === 'memory' ? stop.heap : null;
  return h ? { heap: { usedMb: Math.round(h.usedMb), limitMb: Math.round(h.limitMb) } } : {};
}

/** What bounds a job's memory, and how to split it: the person's to change. */
function lowerHint(job: JobName): string {
  return job === 'explore' ? 'lower --max-states, split with --shard i/n' : 'lower --runs';
}

function mb(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

export async function runStoppable<R>(job: JobName, args: unknown, io: CliIO, timeLimitMs: number | null): Promise<Stoppable<R>> {
  const progress = progressReporter(io);
  try {
    if (!io.signals) return await runInline<R>(job, args, timeLimitMs, progress.update);
    return await runInWorker<R>(job, args, io, timeLimitMs, progress.update);
  } finally {
    progress.end();
  }
}

async function runInline<R>(job: JobName, args: unknown, timeLimitMs: number | null, update: (u: ProgressUpdate) => void): Promise<Stoppable<R>> {
  const deadline = timeLimitMs === null ? null : Date.now() + timeLimitMs;
  let stopped: StopReason | null = null;
  const control = {
    shouldStop: () => {
      if (stopped === null && deadline !== null && Date.now() >= deadline) stopped = 'time-limit';
      return stopped !== null;
    },
    progress: update,
  };
  const result = (await JOBS[job](args as never, control)) as R;
  return { result, stopped };
}

/** What jobBundle needs of a job's arguments (CheckJobArgs and ExploreJobArgs both have it). */
interface JobArgs {
  appFile: string | null;
}

/**
 * The job module bundled as one JavaScript file (sim/parallel/threadBundle.ts), so the job thread
 * starts without compiling ~110 modules through tsx; null (the thread then runs it under tsx) with
 * --app, whose TypeScript file only tsx can import.
 */
function jobBundle(args: JobArgs): URL | null {
  if (args.appFile !== null) return null;
  return bundledModule(new URL('./cliJobs.ts', import.meta.url));
}

function runInWorker<R>(job: JobName, args: unknown, io: CliIO, timeLimitMs: number | null, update: (u: ProgressUpdate) => void): Promise<Stoppable<R>> {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const bundled = jobBundle(args as JobArgs);
  const module = bundled ?? new URL('./cliJobs.ts', import.meta.url);
  const worker = new Worker(new URL('./cliWorker.mjs', import.meta.url), { workerData: { job, args, flag, module: module.href, plain: bundled !== null } });
  const stop = (reason: number): boolean => Atomics.compareExchange(flag, 0, RUNNING, reason) === RUNNING;
  // SIGTERM as Ctrl-C: a CI job's cancel or timeout, a Kubernetes pod's deadline or eviction send
  // it, and a shard stopped so still writes its partial report for `cachelab merge`.
  const onSigint = (signal: NodeJS.Signals): void => {
    if (!stop(INTERRUPTED)) process.exit(signal === 'SIGTERM' ? 143 : 130);
    io.err(signal === 'SIGTERM' ? 'cachelab: SIGTERM: stopping at the next run to print what was found so far (a second one quits at once)' : 'cachelab: stopping at the next run to print what was found so far (Ctrl-C again to quit at once)');
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const timer = timeLimitMs === null ? null : setTimeout(() => stop(TIME_LIMIT), timeLimitMs);
  return new Promise<Stoppable<R>>((resolve, reject) => {
    // With --app: a view that never gives control back stops the job (cliViewWatchdog.ts); the
    // threads of --workers N that the job thread started end with it.
    const board = (args as JobArgs).appFile === null ? null : viewBoard();
    const unwatch = board
      ? watchViews(board, (message) => {
          done();
          reject(new UsageError(message));
          void worker.terminate();
        })
      : null;
    const done = (): void => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
      if (timer) clearTimeout(timer);
      unwatch?.();
    };
    let last: ProgressUpdate | null = null;
    worker.on('message', (m: { type: string; update?: ProgressUpdate; result?: R; heap?: HeapReading | null; message?: string; usage?: boolean; outOfMemory?: boolean; stack?: string }) => {
      if (m.type === 'progress') update((last = m.update!));
      else if (m.type === 'result') {
        done();
        const state = Atomics.load(flag, 0);
        const stopped = state === INTERRUPTED ? 'interrupted' : state === TIME_LIMIT ? 'time-limit' : state === MEMORY ? 'memory' : null;
        resolve({ result: m.result!, stopped, heap: stopped === 'memory' ? (m.heap ?? null) : null });
        void worker.terminate();
      } else if (m.type === 'error') {
        done();
        const e = m.outOfMemory ? outOfMemory(job, last) : m.usage ? new UsageError(m.message!) : Object.assign(new Error(m.message), { stack: m.stack });
        reject(e);
        void worker.terminate();
      }
    });
    worker.on('error', (e) => {
      done();
      reject((e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? outOfMemory(job, last) : e);
    });
  });
}

/**
 * The job's thread filled its JavaScript heap (explore keeps every stored state, so a large
 * --max-states can ask for more than V8's limit) before the heap watch stopped it (a heap that
 * outgrew the watch's margin between two readings, or the watch turned off): the bound asked for
 * more than this machine's heap, which the person can change, so it is said as such, with what
 * to lower; not a bug.
 */
function outOfMemory(job: JobName, last: ProgressUpdate | null): UsageError {
  const heapMb = Math.round(readHeap().limitMb);
  const where = last ? ` after ${last.done.toLocaleString('en-US')} ${last.unit}` : '';
  const lower = job === 'explore' ? 'lower --max-states, stop it with --time-limit, or split it with --shard i/n' : 'lower --runs or stop it with --time-limit';
  return new UsageError(`out of memory: the search filled its JavaScript heap (about ${heapMb} MB)${where}; ${lower}, or raise the heap with NODE_OPTIONS=--max-old-space-size=<MB>`);
}
