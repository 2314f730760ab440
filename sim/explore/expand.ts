// One step of the explorer: take a queued schedule (a stored state before a task, the choices
// that task made up to the one that differs, and the other option taken there), restore the
// state, re-run the task with those choices, then go on with nominal choices until the run ends
// or reaches a state already visited. What comes out is a function of the schedule and the
// visited set's answers: the run's verdicts, and every alternative met on new ground (one more
// deviation each), each with the stored state it branches off from. explore.ts orders the queue
// by deviations and owns the visited set; a parallel explorer can call `expand` from worker
// threads with the same inputs (a Boundary is plain data: a SimState, trace events, numbers).
//
// A queued schedule's trace events and choices are kept once, in the run that made them (Segment):
// a run restored from a boundary gets fresh arrays of the events and choices before it, so a
// boundary that kept those whole arrays kept one more copy of everything before it per run
// (about nine in ten of the event references the queue held on cache-pressure).
import type { Config } from '../../src/config';
import type { Chooser } from '../chooser';
import { fingerprint } from '../fingerprint';
import type { Violation } from '../invariants/index';
import { resumeFactsInPlace, type GatheredFacts } from '../invariants/traceFacts';
import type { Scenario } from '../scenarios/types';
import { Simulation } from '../simulation';
import type { TraceEvent } from '../trace';
import type { SimState } from '../world/state';
import type { RunRecord, RunVisit } from './types';
import { interestingView, trimScript } from './explorePlain';
import type { IndependenceRelation } from './independence';
import { tieOptions } from './reduction';
import { retimeState, splitDue, withDeferred, type DeferJitterFlaws, type DeferredJitter, type Retime } from './deferJitter';
import type { Canonicalize } from './symmetry';
import { judgeRun } from './staleBound';
import { QuietGap, quietTagged, type QuietGapFlaws } from './quietGap';
import { appended } from '../world/appended';

/**
 * What one run added to a list (its trace events, its choices), after what the run it was
 * restored from had: the first `start` entries are `prev`'s (up to its own start, its prev's; and
 * so on), then `own`.
 */
export interface Segment<T> {
  prev: Segment<T> | null;
  start: number;
  /** Entries from `start` on, up to the last one a queued schedule needs (filled when the run ends). */
  own: T[];
}

export type EventSegment = Segment<TraceEvent>;

/** The root's: nothing. */
function rootSegment<T>(): Segment<T> {
  return { prev: null, start: 0, own: [] };
}

/** Room left in upTo's array for a run's own entries (most runs stop at a visited state after a few tasks). */
const UP_TO_ROOM = 32;

/**
 * The first `count` entries of `log`, as a new array (a run's own, from its restore on). A later
 * segment overrides its predecessors from its `start` on, and may start before them: a retimed
 * jitter's run owns its choices from the jitter's choice, which can come before where the run it
 * resumed from started its own.
 */
export function upTo<T>(log: Segment<T>, count: number): T[] {
  const parts = partsBetween(log, 0, count, 'upTo');
  // Sized once: grown by push, the array was reallocated about log1.5(count) times, and the
  // events' array is rebuilt on every run. Made with room for the events a run adds (V8 keeps an
  // array's room when shortening it keeps more than half), so that its first pushes do not copy
  // it all again: 4 to 5% fewer bytes allocated by explore than with no room.
  const out = new Array<T>(count + UP_TO_ROOM);
  let j = 0;
  for (let k = parts.length - 1; k >= 0; k--) {
    const { s, until } = parts[k];
    for (let i = s.start; i < until; i++) out[j++] = s.own[i - s.start];
  }
  out.length = count;
  return out;
}

/**
 * The segments that hold entries [from, count) of `log`, last first, each with where its part
 * ends. Walking back from the last segment: each gives [start, limit), limit the lowest start
 * after it.
 */
function partsBetween<T>(log: Segment<T>, from: number, count: number, who: string): Array<{ s: Segment<T>; until: number }> {
  const parts: Array<{ s: Segment<T>; until: number }> = [];
  let limit = count;
  for (let s: Segment<T> | null = log; s !== null && limit > from; s = s.prev) {
    if (s.start >= limit) continue;
    if (limit - s.start > s.own.length) throw new Error(`${who}: ${s.start + s.own.length} entries stored, ${limit} asked`);
    parts.push({ s, until: limit });
    limit = s.start;
  }
  if (limit > from) throw new Error(`${who}: entries before ${limit} are stored nowhere`);
  return parts;
}

/**
 * Makes `out`, the entries of the run before (which went on from segment `last`, its own entries
 * after the ones it was restored with), the first `count` entries of `log`, as upTo would give
 * them, rewriting only those after the ones both share; returns how many it kept. Most runs stop a
 * step or two after their restore, and the next one is restored from a state of the same or a
 * nearby run: copying the whole prefix again (hundreds of events) was 4% of explore's time.
 *
 * What is shared: `out` holds upTo(s)'s entries, for a segment s on last's chain, below the lowest
 * start of the segments between last and s (a segment overrides its predecessors from its start
 * on), and the same holds of log's entries on log's own chain; the first segment on both chains
 * bounds what the two agree on.
 */
export function refill<T>(out: T[], last: Segment<T> | null, log: Segment<T>, count: number): number {
  let kept = 0;
  let belowLog = count;
  search: for (let t: Segment<T> | null = log; t !== null && belowLog > 0; t = t.prev) {
    let belowLast = out.length;
    for (let s = last; s !== null && belowLast > 0; s = s.prev) {
      if (s === t) {
        kept = Math.min(belowLog, belowLast);
        break search;
      }
      if (s.start < belowLast) belowLast = s.start;
    }
    if (t.start < belowLog) belowLog = t.start;
  }
  out.length = kept;
  const parts = partsBetween(log, kept, count, 'refill');
  for (let k = parts.length - 1; k >= 0; k--) {
    const { s, until } = parts[k];
    for (let i = Math.max(s.start, kept); i < until; i++) out.push(s.own[i - s.start]);
  }
  return kept;
}

/** The world before a task: where queued schedules resume. */
export interface Boundary {
  state: SimState;
  /** Trace events before it (the first `state.eventCount` of this log). */
  log: EventSegment;
  /** The choices of the run that passed here (read up to `choiceCount`, then the task's own up to a child's `i`). */
  choices: Segment<number>;
  choiceCount: number;
  /** The "task" is start() (the steps' jitter choices), not a scheduled task. */
  beforeStart: boolean;
  /** Jitter choices of this run still to be branched (deferJitter.ts); absent: none. */
  deferred?: DeferredJitter[];
}

/** A queued schedule. */
export interface Pending {
  at: Boundary;
  /** Position (in at.choices) of the choice that differs. */
  i: number;
  /** The option taken there instead (-1: the nominal schedule itself). */
  value: number;
  /** A deferred jitter's branch: the step's task moved, `value` the offset (deferJitter.ts). */
  retime?: Retime;
}

/** What the visited set says of a state's fingerprint: new (now added), seen, or the set is full. */
export type Visit = (a: number, b: number) => 'new' | 'seen' | 'full';

export interface ExpandSetup {
  scenario: Scenario;
  config: Config;
  horizonMs: number;
  maxStaleMs?: number;
  /** The partial-order reduction's independence relation (null: every order of a tie is explored). */
  independence: IndependenceRelation | null;
  /** The symmetry reduction: a state's representative, whose fingerprint the visited set gets (null: the state's own). */
  canonicalize?: Canonicalize | null;
  /**
   * Called with the fingerprint of every state met where the clock is about to move on (every
   * task due at the instant has run), new or already visited: the reduction's soundness test
   * compares these sets, which reordering simultaneous independent tasks cannot change.
   */
  onInstantEnd?: (a: number, b: number) => void;
  /** Called with every run's record once it ended or stopped (test/sim/reductionOutcomes.test.ts). */
  onRun?: (run: RunRecord) => void;
  /** Branch a step's jitter where its task falls due rather than at start (deferJitter.ts); flaws: tests only. */
  deferJitter?: boolean;
  deferJitterFlaws?: DeferJitterFlaws;
  /** Hash a state with the gap to the next step left out when nothing can observe it (quietGap.ts); flaws: tests only. */
  quietGap?: boolean;
  quietGapFlaws?: QuietGapFlaws;
}

export interface Expansion {
  /** Alternatives met on new ground: schedules with one deviation more than this one. */
  children: Pending[];
  /** The run ended at an already visited state (or a full visited set) rather than at its end. */
  stopped: boolean;
  /** The visited set was full: the search must stop. */
  full: boolean;
  /** Violations judged on this run. */
  violations: Violation[];
  /** The run's choices, trailing nominal ones dropped, and how many deviate. */
  script: number[];
  nonNominal: number;
  /** Trace events of the run (where a violation with no cause chain is placed). */
  eventCount: number;
  /** States reached on new ground (before each task, revisits included). */
  statesExplored: number;
  choices: number;
  steps: number;
  pastHorizon: boolean;
  /** Episodes left undecided under --max-stale-ms (see ExploreResult.undecidedEpisodes). */
  undecided: number;
  /** Tie alternatives the reduction left out (each an order of independent tasks). */
  tiesPruned: number;
}

/** The root schedule: the nominal run from the scenario's start. */
export function rootPending(sim: Simulation): Pending {
  return { at: { state: sim.snapshot(), log: rootSegment(), choices: rootSegment(), choiceCount: 0, beforeStart: true }, i: 0, value: -1 };
}

/**
 * Whether the events from `from` on include an observation the safety checkers judge (a render,
 * a feed answer). A stopped run without one adds nothing to judge: every checker judges an
 * observation against what came before it, and the events before `from` were judged in the run
 * this one branched from, with fewer deviations (test/sim/exploreSnapshot.test.ts compares the
 * answers with the plain explorer's, which judges every run).
 */
function observesSince(events: readonly TraceEvent[], from: number): boolean {
  for (let i = from; i < events.length; i++) {
    const type = events[i].type;
    if (type === 'calendar.render' || type === 'http.respond') return true;
  }
  return false;
}

const NO_VIOLATIONS: Violation[] = [];
const NO_CHOICES: number[] = [];

/** Runs queued schedules on one lean simulation, restored for each. */
export class Expander {
  readonly sim: Simulation;
  private script: number[] = [];
  private pos = 0;
  /**
   * This run's choices: one array for every run, like the events (refill keeps what the runs
   * share), and the segment its last run went on from. A fresh copy of the choices before the
   * restore point for every run was about 4% of the bytes explore allocated on cache-pressure.
   */
  private readonly made: number[] = [];
  private madeSeg: Segment<number> | null = null;
  private boundary!: Boundary;
  /** This run's events as queued schedules keep them, and how many of them the ones queued so far need. */
  private seg: EventSegment = rootSegment();
  private segNeeded = -1;
  /** This run's choices as queued schedules keep them, and how many of them those need. */
  private choiceSeg: Segment<number> = rootSegment();
  private choicesNeeded = -1;
  private children: Pending[] = [];
  private visit: Visit = () => 'new';
  private full = false;
  /** The run ended at a visited state (or a full set): beforeStep said so. */
  private stopped = false;
  private statesExplored = 0;
  private tiesPruned = 0;
  /** Counted by judgeRun; one record, reset for each run. */
  private readonly undecided = { count: 0 };
  private deferred: DeferredJitter[] = [];
  /** The last run judged's facts: the next run, often a sibling restored from the same state, gathers only the events after the ones they share. */
  private lastFacts: GatheredFacts | null = null;
  private judged = 0;
  /**
   * One events array for every run (refill keeps what the runs share), and the segment its last
   * run went on from. lastFacts were gathered from it: only its first `factsKept` entries are the
   * ones they were gathered from.
   */
  private readonly events: TraceEvent[] = [];
  private eventsSeg: EventSegment | null = null;
  private factsKept = 0;
  private readonly quiet: QuietGap | null;
  /** This run's visits, recorded for onRun only (null without it). */
  private visits: RunVisit[] | null = null;

  constructor(private readonly setup: ExpandSetup) {
    const chooser: Chooser = {
      choose: (point) => {
        const i = this.made.length;
        let c = 0;
        if (this.pos < this.script.length) c = this.script[this.pos++];
        else {
          let opts = interestingView(point);
          if (point.kind === 'tie' && setup.independence) {
            const kept = tieOptions(this.sim.scheduler.dueNext(), this.sim.state, setup.independence);
            const before = opts.length;
            opts = opts.filter((k) => kept.includes(k));
            this.tiesPruned += before - opts.length;
          }
          // The step's task is scheduled right after its jitter choice: its order is the next one.
          if (point.kind === 'jitter' && setup.deferJitter) this.deferred = appended(this.deferred, { choice: i, order: this.sim.scheduler.state.nextOrder, values: opts.slice(1) });
          else if (opts.length > 1) {
            this.keeps(this.boundary, i);
            for (let k = 1; k < opts.length; k++) this.children.push({ at: this.boundary, i, value: opts[k] });
          }
        }
        this.made.push(c);
        return c;
      },
    };
    // Restored for every queued schedule, to states of its own runs: sibling runs take the same view steps.
    this.sim = new Simulation(setup.scenario, setup.config, chooser, true, { rememberViewSteps: true, unlabelledChoices: true });
    this.quiet = setup.quietGap ? new QuietGap(setup.scenario, setup.config, setup.horizonMs, setup.quietGapFlaws) : null;
    this.sim.beforeStep = () => {
      if (this.pos < this.script.length) return;
      this.statesExplored++;
      const state = setup.canonicalize ? setup.canonicalize(this.sim.state) : this.sim.state;
      const quiet = this.quiet ? this.quiet.quietForm(state, () => this.sim.snapshot()) : null;
      const exact = fingerprint(quiet ?? state, this.sim.epochMs, setup.horizonMs);
      const [a, b] = withDeferred(quiet ? quietTagged(exact) : exact, this.deferred);
      if (setup.onInstantEnd && this.sim.scheduler.dueNext()[0].t > this.sim.scheduler.nowMs) setup.onInstantEnd(a, b);
      const seen = this.visit(a, b);
      const visit: RunVisit | null = this.visits && { a, b, eventCount: this.sim.events.length, instantEnd: this.sim.scheduler.dueNext()[0].t > this.sim.scheduler.nowMs, stored: null };
      if (visit) this.visits!.push(visit);
      if (seen !== 'new') {
        if (seen === 'full') this.full = true;
        this.stopped = true;
        this.sim.stopHere();
        return;
      }
      const all = this.deferred;
      const split = all.length ? splitDue(this.sim.state, all, setup.deferJitterFlaws) : null;
      if (split) this.deferred = split.rest;
      // Built as a literal with `deferred` set after: V8 (Node 20) spreads a conditional object into a literal several times slower, and this runs at every state.
      const boundary: Boundary = { state: this.sim.snapshot(), log: this.seg, choices: this.choiceSeg, choiceCount: this.made.length, beforeStart: false };
      if (this.deferred.length) boundary.deferred = this.deferred;
      this.boundary = boundary;
      if (visit) visit.stored = boundary.state;
      // A branch leaves the other jitters due here undecided: they are decided again where it resumes.
      if (split) for (const { d, t0 } of split.due) {
        const others = all.filter((x) => x !== d);
        const at: Boundary = { ...this.boundary, deferred: others };
        if (!others.length) delete at.deferred;
        this.keeps(at, at.choiceCount);
        for (const v of d.values) this.children.push({ at, i: d.choice, value: v, retime: { order: d.order, t: t0 + v } });
      }
    };
  }

  /** The facts the last judged run was judged on (tests: they must be its whole trace's). */
  get judgedFacts(): GatheredFacts | null {
    return this.lastFacts;
  }

  /** How many runs were judged so far (tests: the facts are one object, changed in place for each). */
  get judgedRuns(): number {
    return this.judged;
  }

  /** A child that reads `choices` of them is queued at `at`: what it needs of this run's events and choices is kept. */
  private keeps(at: Boundary, choices: number): void {
    if (at.log === this.seg && at.state.eventCount > this.segNeeded) this.segNeeded = at.state.eventCount;
    if (at.choices === this.choiceSeg && choices > this.choicesNeeded) this.choicesNeeded = choices;
  }

  /** Runs one queued schedule; `visit` is asked (and records) each state met on new ground. */
  expand(pending: Pending, visit: Visit): Expansion {
    const sim = this.sim;
    const at = pending.at;
    const made = this.made;
    refill(made, this.madeSeg, at.choices, pending.retime ? at.choiceCount : Math.max(at.choiceCount, pending.i));
    this.deferred = at.deferred ?? [];
    if (pending.retime) this.script = [];
    else {
      // The task's own choices up to the one that differs, then the other option: replayed, not made.
      const script = pending.value < 0 ? [] : new Array<number>(pending.i - at.choiceCount + 1);
      if (pending.value >= 0) {
        for (let k = at.choiceCount; k < pending.i; k++) script[k - at.choiceCount] = made[k];
        script[pending.i - at.choiceCount] = pending.value;
      }
      this.script = script;
    }
    made.length = at.choiceCount;
    if (pending.retime) made[pending.i] = pending.value;
    // A retimed jitter changes a choice before the boundary's: this run's choices are its own from there.
    const choiceSeg: Segment<number> = { prev: at.choices, start: pending.retime ? Math.min(pending.i, at.choiceCount) : at.choiceCount, own: [] };
    this.choiceSeg = choiceSeg;
    this.madeSeg = choiceSeg;
    this.choicesNeeded = -1;
    this.pos = 0;
    this.children = [];
    this.visit = visit;
    this.full = false;
    this.statesExplored = 0;
    this.tiesPruned = 0;
    this.undecided.count = 0;
    this.visits = this.setup.onRun ? [] : null;
    // Alternatives found in the re-run task branch off the same state, with this run's choices.
    const boundary: Boundary = { state: at.state, log: at.log, choices: choiceSeg, choiceCount: at.choiceCount, beforeStart: at.beforeStart };
    if (at.deferred !== undefined) boundary.deferred = at.deferred;
    this.boundary = boundary;
    const seg: EventSegment = { prev: at.log, start: at.state.eventCount, own: [] };
    this.seg = seg;
    this.segNeeded = -1;
    const kept = refill(this.events, this.eventsSeg, at.log, at.state.eventCount);
    if (kept < this.factsKept) this.factsKept = kept;
    this.eventsSeg = seg;
    sim.restoreOwning(pending.retime ? retimeState(at.state, pending.retime) : at.state, this.events);
    this.stopped = false;
    if (at.beforeStart) sim.start();
    while (sim.step());
    const stopped = this.stopped;
    if (this.visits) this.setup.onRun!({ from: at.state, visits: this.visits, ended: !stopped, events: sim.events, final: sim.state });
    let violations: Violation[] = NO_VIOLATIONS;
    if (!stopped || observesSince(sim.events, at.state.eventCount)) {
      // In place: nothing but lastFacts holds the last run's facts (the violations judged on them hold none of their lists).
      this.lastFacts = resumeFactsInPlace(sim.events, this.lastFacts, this.factsKept);
      this.judged++;
      this.factsKept = sim.events.length;
      violations = judgeRun(this.lastFacts.facts, stopped, this.setup.maxStaleMs, this.undecided);
    }
    if (this.segNeeded >= 0) seg.own = sim.events.slice(seg.start, this.segNeeded);
    if (this.choicesNeeded >= 0) choiceSeg.own = this.made.slice(choiceSeg.start, this.choicesNeeded);
    // Most runs judge nothing wrong: their empty lists are shared ones (never changed by explore.ts).
    const script = violations.length ? trimScript(this.made) : NO_CHOICES;
    let nonNominal = 0;
    for (const c of script) if (c !== 0) nonNominal++;
    return {
      children: this.children,
      stopped,
      full: this.full,
      violations,
      script,
      nonNominal,
      eventCount: sim.events.length,
      statesExplored: this.statesExplored,
      choices: this.made.length,
      steps: sim.scheduler.executed,
      pastHorizon: !stopped && sim.scheduler.nowMs > this.setup.horizonMs,
      undecided: this.undecided.count,
      tiesPruned: this.tiesPruned,
    };
  }
}
