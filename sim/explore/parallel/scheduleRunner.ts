// One queued schedule of the explorer, run by the explorer's own step (expand.ts) and given back
// as a record of plain data: the fingerprints of the states it passed (in order), why it stopped,
// the expansion's verdicts and counts, and the keys of the alternatives it queued for the next
// level. The queued schedules themselves (each a stored state and a few numbers) stay with the
// runner that made them, so a schedule is best run where it was made; a runner can also take a
// level's worth from another runner in one message (adopt). The same runner serves the worker threads (which run schedules ahead
// of the main thread, against what they know of the visited set) and the main thread (which runs
// a schedule itself, against the whole visited set, when a worker's guess does not hold:
// checkRecord.ts).
import { resolveConfig } from '../../../src/config';
import type { Scenario } from '../../scenarios/types';
import { Expander, rootPending, type Expansion, type Pending, type Visit } from '../expand';
import { footprintIndependence } from '../independence';
import { workerSymmetry } from '../symmetry';

/** A queued schedule as a worker gets it: the runner that stored it and its key there (the schedule is here, or was adopted). */
export interface ScheduleRef {
  owner: number;
  key: number;
}

/** What a run can ask of the visited set: the whole set (main thread) or what a worker knows of it. */
export interface VisitedView {
  /**
   * The explorer's question at every state, with one probe where the view can: 'seen' when the
   * state is there, 'full' when `maxStates` distinct states are already there (--max-states; a
   * worker's guess has no bound), otherwise 'new', and the state is added.
   */
  visit(a: number, b: number, maxStates: number): 'new' | 'seen' | 'full';
}

/** The schedules stored for one level: keys are handed out in order, so a level's are `base` on, one after another. */
interface LevelStore {
  base: number;
  items: Pending[];
}

export interface RunRecord extends Omit<Expansion, 'children'> {
  /** Fingerprint lanes (a, b) of every state the run asked about, in order; the last is where it stopped. */
  fps: number[];
  /** 'visited': the last state was already explored; 'max-states': the bound; null: ran to its end. */
  stop: 'visited' | 'max-states' | null;
  /** Keys (at this runner) of the alternatives it queued for the next level, in order. */
  children: number[];
}

export interface RunnerSetup {
  scenario: Scenario;
  preset: string;
  overrides: string[];
  horizonMs: number;
  maxStaleMs?: number;
  /** Partial-order reduction with the explorer's own independence relation. */
  reduction: boolean;
  /** Worker symmetry, where it applies (sim/explore/symmetry.ts). */
  symmetry: boolean;
  /** Deferred jitter (sim/explore/deferJitter.ts). */
  deferJitter: boolean;
  /** Quiet gap (sim/explore/quietGap.ts). */
  quietGap: boolean;
}

export class ScheduleRunner {
  private readonly expander: Expander;
  /**
   * Queued schedules by level (the one they run at), each level's in key order: a run at level L
   * stores its alternatives at L + 1, and the levels are run one after the other, so each level's
   * keys come in one unbroken series. An array by key, not a Map: the Map's set (and its iterator
   * where a key was looked up) cost about 2% of a worker thread's time on cache-pressure.
   */
  private readonly store = new Map<number, LevelStore>();
  /** Schedules another runner stored and sent here to run, by level and that runner's key (adopt). */
  private readonly adopted = new Map<number, Map<number, Pending>>();
  private nextKey = 0;
  private level = 0;

  constructor(
    setup: RunnerSetup,
    /** This runner's id, the `owner` of the schedules it stores. */
    readonly id: number,
  ) {
    const config = resolveConfig(setup.preset, setup.overrides, setup.scenario.configDefaults).config;
    this.expander = new Expander({ scenario: setup.scenario, config, horizonMs: setup.horizonMs, maxStaleMs: setup.maxStaleMs, independence: setup.reduction ? footprintIndependence : null, canonicalize: setup.symmetry ? workerSymmetry(config) : null, deferJitter: setup.deferJitter, quietGap: setup.quietGap });
  }

  /** Stores the root schedule (the nominal run from the start) and gives its key. */
  root(): number {
    return this.keep(rootPending(this.expander.sim), 0);
  }

  /** A schedule stored here for `level`, to run or send to another runner (undefined: not stored). */
  ship(key: number, level: number): Pending | undefined {
    const m = this.store.get(level);
    return m === undefined ? undefined : m.items[key - m.base];
  }

  /**
   * Takes schedules of `level` that another runner stores, sent in one message: a schedule sent
   * alone is copied whole (its state and every trace event before it), and siblings sent in
   * separate messages share nothing here, while one message keeps what they share shared.
   */
  adopt(level: number, keys: readonly number[], schedules: readonly Pending[]): void {
    let m = this.adopted.get(level);
    if (!m) this.adopted.set(level, (m = new Map()));
    for (let k = 0; k < keys.length; k++) m.set(keys[k], schedules[k]);
  }

  /** Forgets every stored schedule (the search is over: its report needs none of them). */
  drop(): void {
    this.store.clear();
    this.adopted.clear();
  }

  private keep(p: Pending, level: number): number {
    const key = this.nextKey++;
    let m = this.store.get(level);
    if (!m) this.store.set(level, (m = { base: key, items: [] }));
    if (key !== m.base + m.items.length) throw new Error(`explore --workers: runner ${this.id} stored level ${level}'s schedules out of turn`);
    m.items.push(p);
    return key;
  }

  // The run in progress, read by `visit` (one closure for the runner's life: under tsx and in the
  // bundle each closure made costs a __name call, and this runs once per schedule).
  private fps: number[] = [];
  private stop: RunRecord['stop'] = null;
  private view: VisitedView | null = null;
  private maxStates = Infinity;
  private readonly visit: Visit = (a, b) => {
    this.fps.push(a, b);
    const seen = this.view!.visit(a, b, this.maxStates);
    if (seen === 'seen') this.stop = 'visited';
    else if (seen === 'full') this.stop = 'max-states';
    return seen;
  };

  /** Runs one schedule of `level` against `view`; `maxStates` as --max-states (Infinity: no bound). */
  run(ref: ScheduleRef, level: number, view: VisitedView, maxStates: number): RunRecord {
    if (level !== this.level) {
      this.level = level;
      // A schedule made while running level L is run at L + 1: older ones are never asked for again.
      for (const l of this.store.keys()) if (l < level) this.store.delete(l);
      for (const l of this.adopted.keys()) if (l < level) this.adopted.delete(l);
    }
    const pending = ref.owner === this.id ? this.ship(ref.key, level) : this.adopted.get(level)?.get(ref.key);
    if (!pending) throw new Error(`explore --workers: schedule ${ref.key} of runner ${ref.owner} is not at runner ${this.id}`);
    const fps: number[] = (this.fps = []);
    this.stop = null;
    this.view = view;
    this.maxStates = maxStates;
    const x = this.expander.expand(pending, this.visit);
    this.view = null;
    const children: number[] = new Array<number>(x.children.length);
    for (let k = 0; k < children.length; k++) children[k] = this.keep(x.children[k], level + 1);
    // A literal, not { ...x, ... }: V8 (Node 20) builds a spread object several times slower, and this runs once per schedule.
    return {
      stopped: x.stopped,
      full: x.full,
      violations: x.violations,
      script: x.script,
      nonNominal: x.nonNominal,
      eventCount: x.eventCount,
      statesExplored: x.statesExplored,
      choices: x.choices,
      steps: x.steps,
      pastHorizon: x.pastHorizon,
      undecided: x.undecided,
      tiesPruned: x.tiesPruned,
      fps,
      stop: x.stopped ? this.stop : null,
      children,
    };
  }
}
