// One queued schedule of the explorer, run to where it stops, as a record of plain data: the
// fingerprints of the states it passed (in order), why it stopped, its choices, what the checkers
// judged, and the alternatives it queued for the next level. The same runner serves the worker
// threads (which run schedules ahead of the main thread, against what they know of the visited
// set) and the main thread (which runs a schedule itself, against the whole visited set, when a
// worker's guess does not hold: checkRecord.ts). It follows explore.ts run for run: the same
// chooser, the same states counted, the same judgement; test/sim/exploreWorkers.test.ts compares
// the reports byte for byte.
//
// A schedule resumes from its boundary (the world before the task where it branches off) when
// this runner made that boundary; otherwise it replays its choices from the start (a few tasks of
// one run, deterministic), so any runner can take any schedule.
import { resolveConfig } from '../../../src/config';
import type { Chooser } from '../../chooser';
import { fingerprint } from '../../fingerprint';
import type { Violation } from '../../invariants/index';
import { STOP_RUN, StopRun } from '../../run';
import type { Scenario } from '../../scenarios/types';
import { Simulation } from '../../simulation';
import type { TraceEvent } from '../../trace';
import type { SimState } from '../../world/state';
import { observesSince } from '../explore';
import { interestingOptions } from '../explorePlain';
import { judgeRun } from '../staleBound';

/** A queued schedule, as data a worker can take: explore.ts's Pending without the stored state. */
export interface ScheduleRef {
  /** The choices from the start up to the one that differs (exclusive). */
  prefix: number[];
  /** How many of them were made before the task where the schedule branches off. */
  choiceCount: number;
  /** Trace events before that task. */
  eventCount: number;
  /** The branching task is start() (the steps' jitter), not a scheduled task. */
  beforeStart: boolean;
  /** The option taken instead (-1: the nominal schedule itself). */
  value: number;
  /** The runner holding the boundary (-1: none) and its key there. */
  owner: number;
  key: number;
  /** The boundary itself, sent along when the runner taking the schedule does not hold it. */
  boundary?: ShippedBoundary;
}

/** A stored boundary as a message carries it: the state, the events before it, the choices before its task. */
export interface ShippedBoundary {
  state: SimState;
  events: TraceEvent[];
  choiceCount: number;
}

/** What a run can ask of the visited set: the whole set (main thread) or what a worker knows of it. */
export interface VisitedView {
  has(a: number, b: number): boolean;
  add(a: number, b: number): void;
  /** Distinct states so far, for --max-states (Infinity when the view cannot tell). */
  readonly size: number;
}

export interface RunRecord {
  /** Fingerprint lanes (a, b) of every state the run counted, in order; the last is where it stopped. */
  fps: number[];
  /** 'visited': the last state was already explored; 'max-states': the bound; null: ran to its end. */
  stop: 'visited' | 'max-states' | null;
  made: number[];
  endMs: number;
  executed: number;
  /** Trace events when it stopped (where a violation with no cause is placed). */
  eventsAtEnd: number;
  violations: Violation[];
  /** Open stale episodes left undecided (judgeRun's count). */
  undecided: number;
  /** Replayed from the start (its boundary was not at hand). */
  replayed: boolean;
  /** Alternatives for the next level, six numbers each: owner key, choiceCount, eventCount, beforeStart (0/1), i, value. */
  alts: number[];
}

export interface RunnerSetup {
  scenario: Scenario;
  preset: string;
  overrides: string[];
  horizonMs: number;
  maxStaleMs?: number;
}

interface Boundary {
  state: SimState;
  events: TraceEvent[];
  /** Choices made before its task. */
  choiceCount: number;
  /** Key in this runner's store once an alternative needs it (-1: not stored). */
  key: number;
}

export class ScheduleRunner {
  private readonly sim: Simulation;
  private readonly root: SimState;
  /** Boundaries by key, one map per level they were stored at; two levels are kept. */
  private readonly store = new Map<number, Map<number, Boundary>>();
  private nextKey = 0;
  // The current run's state, read by the chooser and the step hook.
  private script: number[] = [];
  private pos = 0;
  private made: number[] = [];
  private alts: number[] = [];
  private fps: number[] = [];
  private boundary: Boundary | null = null;
  /** In a replay: the world before the last task begun while the script lasted (the branching task, once it is used up). */
  private replayed: Boundary | null = null;
  /** The branching boundary's numbers, for alternatives queued in the re-run task. */
  private branch = { choiceCount: 0, eventCount: 0, beforeStart: false };
  private view: VisitedView | null = null;
  private maxStates = Infinity;
  private stop: RunRecord['stop'] = null;
  private level = 0;
  private replaying = false;

  constructor(
    private readonly setup: RunnerSetup,
    /** This runner's id, the `owner` of the boundaries it stores. */
    readonly id: number,
  ) {
    const config = resolveConfig(setup.preset, setup.overrides, setup.scenario.configDefaults).config;
    const chooser: Chooser = { choose: (point) => this.choose(point) };
    this.sim = new Simulation(setup.scenario, config, chooser, true);
    this.root = this.sim.snapshot();
    this.sim.beforeStep = () => this.beforeStep();
  }

  private choose(point: Parameters<Chooser['choose']>[0]): number {
    const i = this.made.length;
    let c = 0;
    if (this.pos < this.script.length) c = this.script[this.pos++];
    else {
      const opts = interestingOptions(point);
      if (opts.length > 1) {
        // The first choice past a replayed script is in the branching task: its alternatives branch off the state before it.
        if (!this.boundary && this.replayed) this.boundary = this.replayed;
        const b = this.boundary;
        for (let k = 1; k < opts.length; k++) {
          if (b) this.alts.push(this.keep(b), b.choiceCount, b.state.eventCount, 0, i, opts[k]);
          else this.alts.push(-1, this.branch.choiceCount, this.branch.eventCount, this.branch.beforeStart ? 1 : 0, i, opts[k]);
        }
      }
    }
    this.made.push(c);
    return c;
  }

  private keep(b: Boundary): number {
    if (b.key < 0) {
      b.key = this.nextKey++;
      let m = this.store.get(this.level);
      if (!m) this.store.set(this.level, (m = new Map()));
      m.set(b.key, b);
    }
    return b.key;
  }

  private beforeStep(): void {
    if (this.pos < this.script.length) {
      if (this.replaying) this.replayed = { state: this.sim.snapshot(), events: this.sim.events, choiceCount: this.made.length, key: -1 };
      return;
    }
    this.replaying = false;
    this.replayed = null;
    const [a, b] = fingerprint(this.sim.state, this.sim.epochMs, this.setup.horizonMs);
    this.fps.push(a, b);
    const view = this.view!;
    if (view.has(a, b)) {
      this.stop = 'visited';
      throw STOP_RUN;
    }
    if (view.size >= this.maxStates) {
      this.stop = 'max-states';
      throw STOP_RUN;
    }
    view.add(a, b);
    this.boundary = { state: this.sim.snapshot(), events: this.sim.events, choiceCount: this.made.length, key: -1 };
  }

  /** Runs one schedule of `level` against `view`; `maxStates` as --max-states (Infinity: no bound). */
  run(p: ScheduleRef, level: number, view: VisitedView, maxStates: number): RunRecord {
    if (level !== this.level) {
      this.level = level;
      // Alternatives go one level down, so a boundary stored two levels up is never asked for again.
      for (const l of this.store.keys()) if (l < level - 1) this.store.delete(l);
    }
    const stored = p.boundary ?? (p.owner === this.id ? this.find(p.key) : undefined);
    this.view = view;
    this.maxStates = maxStates;
    this.stop = null;
    this.fps = [];
    this.alts = [];
    this.pos = 0;
    this.branch = { choiceCount: p.choiceCount, eventCount: p.eventCount, beforeStart: p.beforeStart };
    const tail = p.value < 0 ? [] : [p.value];
    if (stored) {
      // Resume where it branches off; alternatives found in the re-run task branch off the same state.
      this.made = p.prefix.slice(0, p.choiceCount);
      this.script = [...p.prefix.slice(p.choiceCount), ...tail];
      this.sim.restore(stored.state, stored.events);
      this.boundary = { state: stored.state, events: stored.events, choiceCount: p.choiceCount, key: -1 };
      this.replaying = false;
      this.replayed = null;
    } else {
      // Replay from the start: the steps' hook is quiet until the script is used up, as in a resumed run.
      this.made = [];
      this.script = [...p.prefix, ...tail];
      this.sim.restore(this.root, []);
      this.boundary = null;
      this.replaying = true;
      this.replayed = null;
    }
    let stopped = false;
    try {
      if (!stored || p.beforeStart) this.sim.start();
      while (this.sim.step());
    } catch (e) {
      if (!(e instanceof StopRun)) throw e;
      stopped = true;
    }
    const undecided = { count: 0 };
    const events = this.sim.events;
    const violations = stopped && !observesSince(events, p.eventCount) ? [] : judgeRun(events, stopped, this.setup.maxStaleMs, undecided);
    this.view = null;
    return {
      fps: this.fps,
      stop: this.stop,
      made: this.made,
      endMs: this.sim.scheduler.nowMs,
      executed: this.sim.scheduler.executed,
      eventsAtEnd: events.length,
      replayed: !stored,
      violations,
      undecided: undecided.count,
      alts: this.alts,
    };
  }

  /** A boundary this runner stored, to send to another runner (undefined: no longer stored). */
  ship(key: number): ShippedBoundary | undefined {
    const b = this.find(key);
    return b && { state: b.state, events: b.events.length === b.state.eventCount ? b.events : b.events.slice(0, b.state.eventCount), choiceCount: b.choiceCount };
  }

  private find(key: number): Boundary | undefined {
    for (const m of this.store.values()) {
      const b = m.get(key);
      if (b) return b;
    }
    return undefined;
  }
}
