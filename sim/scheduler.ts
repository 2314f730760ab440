// Discrete-event scheduler with a virtual integer-millisecond clock. It owns time: layers and app
// code never read a clock; they are handed `nowMs`. Tasks are ordered by time, then by the order
// they were scheduled; when several are due at the same instant the chooser decides which runs
// first (index 0: the one scheduled first).
import type { Chooser } from './chooser';

export interface Task {
  t: number;
  /** Scheduling order, the default tie-break. */
  order: number;
  actor: string;
  label: string;
  /**
   * What the task will do, for the explorer's visited-state hash: two tasks with equal keys (and
   * equal times) must behave the same given the same layer state. Defaults to the label.
   */
  key: string;
  run: () => void;
}

export class Scheduler {
  nowMs = 0;
  private readonly queue: Task[] = [];
  private nextOrder = 0;
  /** Tasks run so far: a guard against runaway scenarios. */
  executed = 0;
  /**
   * Called before each task is picked (explore: hash the state, maybe stop the run). Runs only
   * when a task is due, so it sees every state the run passes through between two tasks.
   */
  beforeStep: (() => void) | null = null;

  /** `startMs` may be negative: scenarios put the moment that matters (the click) at 0. */
  constructor(private readonly chooser: Chooser, startMs = 0, private readonly maxTasks = 200_000) {
    this.nowMs = startMs;
  }

  at(t: number, actor: string, label: string, run: () => void, key: string = label): void {
    if (!Number.isInteger(t) || t < this.nowMs) throw new Error(`cannot schedule "${label}" at ${t} ms (now ${this.nowMs} ms)`);
    this.queue.push({ t, order: this.nextOrder++, actor, label, key, run });
  }

  after(delayMs: number, actor: string, label: string, run: () => void, key: string = label): void {
    this.at(this.nowMs + delayMs, actor, label, run, key);
  }

  /** The pending tasks, unordered (read-only use: state hashing). */
  get tasks(): readonly Task[] {
    return this.queue;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Tasks due next (same earliest time), in scheduling order. */
  dueNext(): Task[] {
    let t = Infinity;
    for (const task of this.queue) if (task.t < t) t = task.t;
    return this.queue.filter((task) => task.t === t).sort((a, b) => a.order - b.order);
  }

  /** Runs one task; false when nothing is left. */
  step(): boolean {
    if (this.queue.length === 0) return false;
    if (this.beforeStep) this.beforeStep();
    const due = this.dueNext();
    let task = due[0];
    if (due.length > 1) {
      const i = this.chooser.choose({ kind: 'tie', label: `tie at ${task.t} ms: ${due.map((d) => d.label).join(' | ')}`, options: due.length });
      task = due[i];
    }
    this.queue.splice(this.queue.indexOf(task), 1);
    this.nowMs = task.t;
    this.executed++;
    if (this.executed > this.maxTasks) throw new Error(`run exceeded ${this.maxTasks} tasks: the scenario does not settle`);
    task.run();
    return true;
  }

  runUntilQuiet(): void {
    while (this.step());
  }
}
