// Deferred jitter: a user step's jitter is chosen in start() (Simulation.start), but nothing can
// tell which one was chosen until the step's task is due. So the explorer takes the nominal offset
// (0) at start and branches to the other offsets only at the first state where the tasks due next
// reach the step's nominal time: the run with offset v > 0 (and the same other choices) is, task
// for task and choice for choice, the nominal-offset run up to there, the step's task being a
// pending timer that nothing reads but the scheduler (independence.ts reads its spec, never its
// time; the trace records no step time at start). The branch is that state with the step's task
// moved to its time plus v, and the jitter choice of the run's log set to v: the same schedule,
// with the same deviations, as the one branching at start. Without this, every state before the
// step is explored once per offset (commit-race: A's page load 600 s earlier, once per each of
// A2's eleven offsets), since the offset is a pending task's time.
//
// Two steps due at the same nominal time: a branch of one resumes with the other still undecided,
// so it is decided again there (both offsets non-zero, two deviations, are reached that way).
//
// Visited states: the fingerprint also says which jitters are still deferred (the same state with
// a step pending at its nominal time has more futures when its jitter is still to be chosen than
// when it was chosen as 0). States with equal fingerprints then have the same deferred jitters,
// and whether the tasks due next reach a deferred step's time is a function of the state, so the
// first visit branches for all of them (explore.ts: whatever lies below a revisit has been, or
// will be, explored from the first visit). test/sim/reductionDeferJitter.test.ts compares the
// answers with and without it, and shows a wrong variant (branching too late) caught.
import { retimedTask, withTasks } from '../simulation';
import type { SimState, Task } from '../world/state';

/**
 * Whether the explorer defers jitter: on unless turned off, and never under a staleness bound
 * (--max-stale-ms). There a run that stops at an explored state leaves a short open episode
 * undecided (staleBound.ts), so which violations a bounded search decides depends on where its
 * runs stop, and deferring changes where they stop: one inflight-refetch search found a witness
 * its full replay does not confirm, another missed one the plain search found.
 */
export function defersJitter(options: { deferJitter?: boolean; maxStaleMs?: number }): boolean {
  return (options.deferJitter ?? true) && options.maxStaleMs === undefined;
}

/** A jitter choice taken as 0 at start whose other offsets are still to be branched. */
export interface DeferredJitter {
  /** Position of the choice in the run's choice log. */
  choice: number;
  /** Scheduling order of the step's task (scheduled right after the choice). */
  order: number;
  /** The other offsets worth exploring (the choice's option index is the offset in ms). */
  values: number[];
}

/** A queued branch: the step's task (by order) moved to `t`. */
export interface Retime {
  order: number;
  t: number;
}

/** A test-only wrong variant, shown to be caught by the soundness test. */
export interface DeferJitterFlaws {
  /** Branch late: once the clock has passed the step's nominal time (its task has run, so the branch is the nominal run again). */
  late?: boolean;
}

function stepTask(state: SimState, d: DeferredJitter): Task {
  const task = state.sched.tasks.find((t) => t.order === d.order);
  if (!task || task.spec.kind !== 'page' || task.spec.job.kind !== 'step') throw new Error(`deferred jitter: the step task of choice ${d.choice} is not pending`);
  return task;
}

/**
 * The deferred jitters whose step is due next in `state` (the first state where the runs with
 * other offsets part from this one), and those still deferred.
 */
export function splitDue(state: SimState, deferred: readonly DeferredJitter[], flaws: DeferJitterFlaws = {}): { due: Array<{ d: DeferredJitter; t0: number }>; rest: DeferredJitter[] } {
  let next = Infinity;
  for (const t of state.sched.tasks) if (t.t < next) next = t.t;
  const due: Array<{ d: DeferredJitter; t0: number }> = [];
  const rest: DeferredJitter[] = [];
  for (const d of deferred) {
    const task = flaws.late ? state.sched.tasks.find((t) => t.order === d.order) : stepTask(state, d);
    // The wrong variant waits until the clock has passed the step's time (its task may be gone).
    if (flaws.late ? task === undefined || next > task.t : next >= task!.t) due.push({ d, t0: task ? task.t : state.sched.nowMs });
    else rest.push(d);
  }
  return { due, rest };
}

/** `state` with the step's task moved (tasks are replaced, never mutated: sim/world/state.ts). */
export function retimeState(state: SimState, r: Retime): SimState {
  const tasks = state.sched.tasks.map((t) => (t.order === r.order ? retimedTask(t, r.t) : t));
  if (!tasks.some((t) => t.order === r.order)) return state;
  return withTasks(state, tasks);
}

/** The fingerprint with the deferred jitters (by choice position) mixed in. */
export function withDeferred(fp: [number, number], deferred: readonly DeferredJitter[]): [number, number] {
  if (deferred.length === 0) return fp;
  let [a, b] = fp;
  for (const d of deferred) {
    a = Math.imul(a ^ (0x6a09e667 + d.choice), 0x01000193);
    a ^= a >>> 15;
    b = Math.imul(b ^ (0x3c6ef372 + d.choice), 0x5bd1e995);
    b ^= b >>> 13;
  }
  return [a >>> 0, b >>> 0];
}
