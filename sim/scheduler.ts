// Discrete-event scheduler with a virtual integer-millisecond clock. It owns time: layers and app
// code never read a clock; they are handed `nowMs`. Tasks are data (sim/world/state.ts), ordered by
// time, then by the order they were scheduled; when several are due at the same instant the
// chooser decides which runs first (index 0: the one scheduled first). The scheduler's whole
// state is a SchedulerState inside the world's state, so a snapshot holds the clock and the queue;
// the queue array is copied on the first change after a snapshot, and changed in place after that.
import type { Chooser } from './chooser';
import { appended } from './world/appended';
import type { SchedulerState, Task, TaskSpec } from './world/state';

export type { Task } from './world/state';

export function initialSchedulerState(startMs: number): SchedulerState {
  return { nowMs: startMs, nextOrder: 0, executed: 0, tasks: [] };
}

export class Scheduler {
  /** Replaced wholesale on restore (Simulation.restore), which then calls shareTasks. */
  state: SchedulerState;
  /**
   * Copy-on-write of the queue: true while `state.tasks` is also held by a snapshot (or by the
   * state restored from), so the next change copies it first; false once the array is this run's
   * own, which is then changed in place. A snapshot at every step shared the array, yet every
   * at() and take() copied it.
   */
  private tasksShared = false;

  /** Tie points get '' for a label (SimulationOptions.unlabelledChoices: the chooser never reads it). */
  unlabelledTies = false;

  /** `startMs` may be negative: scenarios put the moment that matters (the click) at 0. */
  constructor(private readonly chooser: Chooser, startMs = 0, private readonly maxTasks = 200_000) {
    this.state = initialSchedulerState(startMs);
  }

  get nowMs(): number {
    return this.state.nowMs;
  }

  get executed(): number {
    return this.state.executed;
  }

  /** `state.tasks` is now held elsewhere too (a snapshot was taken, or a state restored): never to be changed in place again. */
  shareTasks(): void {
    this.tasksShared = true;
  }

  at(t: number, actor: string, label: string, spec: TaskSpec): void {
    const s = this.state;
    if (!Number.isInteger(t) || t < s.nowMs) throw new Error(`cannot schedule "${label}" at ${t} ms (now ${s.nowMs} ms)`);
    const task: Task = { t, order: s.nextOrder++, actor, label, spec };
    if (this.tasksShared) {
      s.tasks = appended(s.tasks, task);
      this.tasksShared = false;
    } else s.tasks.push(task);
  }

  after(delayMs: number, actor: string, label: string, spec: TaskSpec): void {
    this.at(this.state.nowMs + delayMs, actor, label, spec);
  }

  /** The pending tasks, in scheduling order (read-only). */
  get tasks(): readonly Task[] {
    return this.state.tasks;
  }

  get pending(): number {
    return this.state.tasks.length;
  }

  /** Tasks due next (same earliest time), in scheduling order. */
  dueNext(): Task[] {
    let t = Infinity;
    for (const task of this.state.tasks) if (task.t < t) t = task.t;
    return this.state.tasks.filter((task) => task.t === t);
  }

  /** Takes the next task off the queue (asking the chooser on a tie) and moves the clock to it. */
  take(): Task | null {
    const s = this.state;
    const tasks = s.tasks;
    if (tasks.length === 0) return null;
    // The first task due next, and whether another is due with it (most often not: no list built).
    let task = tasks[0];
    let tie = false;
    for (let k = 1; k < tasks.length; k++) {
      const x = tasks[k];
      if (x.t < task.t) {
        task = x;
        tie = false;
      } else if (x.t === task.t) tie = true;
    }
    if (tie) {
      const due = this.dueNext();
      const label = this.unlabelledTies ? '' : `tie at ${task.t} ms: ${due.map((d) => d.label).join(' | ')}`;
      const i = this.chooser.choose({ kind: 'tie', label, options: due.length });
      task = due[i];
    }
    let own = tasks;
    if (this.tasksShared) {
      // slice: an array of exactly this length, which the pop below leaves room for one at() in.
      s.tasks = own = tasks.slice();
      this.tasksShared = false;
    }
    // The later tasks move up one place, keeping the scheduling order.
    for (let k = own.indexOf(task); k + 1 < own.length; k++) own[k] = own[k + 1];
    own.pop();
    s.nowMs = task.t;
    s.executed++;
    if (s.executed > this.maxTasks) throw new Error(`run exceeded ${this.maxTasks} tasks: the scenario does not settle`);
    return task;
  }
}
