// Quiet gap: the exact time left until the next scenario step, when provably nothing can observe it.
//
// A scenario's steps (a user opens, reloads, deletes) are tasks scheduled at start at fixed times,
// often far ahead: commit-race's delete comes 600 s after A opened the calendar, cache-pressure's
// reloads a second after the other users' page loads. The fingerprint measures every pending task
// from the next one, so while a page load is still running, two states with the same work in
// flight but reached by different latencies differ by the exact gap to the next step, and the
// explorer runs the rest of the page load once per gap, though every one of those runs ends in the
// same quiet state before the step. This reduction hashes such a state with the steps measured from
// the first of them (and a tag that keeps these fingerprints apart from exact ones), when that is
// sound:
//
// Let S be a state whose pending tasks are "activity" (everything but steps) and steps, the first
// step G ms after the next activity task (time R), and A the same state without its steps. Every
// run of A (every latency option explore tries and every order of every tie: a superset of the
// runs explore takes) goes on until nothing is pending. `reaches` follows them all, depth first,
// memoised by A's fingerprint (which measures time from R, so what it learns is relative to R),
// and asks whether one of them runs a task, or ends in a quiet state that still hashes differently
// as its reference time moves later (settleTime: a Django cache entry not yet expired, a browser
// answer still fresh, an answer under a recent cache-buster, anything left in flight), at or after
// R + G. If none does, then from S, for the same choices, the run is A's run (no step is due
// before it ends, and no world code reads the pending steps: only the scheduler takes them), and
// it ends in a quiet state Q whose next task is the first step and whose hash, measured from that
// step, no longer depends on when the step comes. Two such states S1, S2 that differ only by the
// gap (the steps keep their spacing) reach, for the same choices, the same events relative to R
// (the fingerprint's own premise: equal states at different times have the same futures, shifted)
// and quiet states Q1, Q2 with equal fingerprints: the same violations with the same deviations
// below them, so the explorer keeps one. States with a gap under MIN_GAP_MS, or with the work of
// more users in flight than usersAtMost allows (one; two with one gunicorn worker), are hashed
// exactly: cost guards (following every run of several users' work can cost more than the merge
// saves); the merge is exact either way, whichever states the guards let through.
//
// Assumption, the fingerprint's own (sim/fingerprint.ts): a view reads the clock only for the
// Date headers of its answer; the layers hold no other clock readings than those hashed relatively.
// Not applied under a staleness bound (--max-stale-ms: runs stopping at explored states leave
// undecided episodes that depend on where they stop, as with deferred jitter), nor to a scenario
// with views of the user's own (--app), which may read the clock for anything (usesQuietGap).
// test/sim/reductionQuietGap.test.ts compares answers with and without it on every scenario and
// shows a wrong variant (merging without the activity bound) caught, and checks the bound at the
// thresholds of two purpose-built scenarios, where one following nominal or slowest latencies
// only would merge (the latest run is not always the all-slowest one: runs queue on a worker).
import type { Config } from '../../src/config';
import { isExpired, type DjangoCacheContext } from '../../src/layers/djangoCache';
import type { BrowserHttpCacheContext } from '../../src/layers/browserHttpCache';
import { freshnessAt } from '../../src/layers/browserHttpCachePolicy';
import type { Chooser } from '../chooser';
import { fingerprint } from '../fingerprint';
import type { Scenario } from '../scenarios/types';
import { retimedTask, Simulation, withTasks } from '../simulation';
import type { TraceEvent } from '../trace';
import { layerKind } from '../world/layers';
import type { SimState, Task } from '../world/state';
import { everyOption, interestingView } from './explorePlain';

/**
 * Whether the explorer uses the quiet gap: on unless turned off, never under a staleness bound, and
 * never with views of the user's own (`app`, --app): those may keep clock readings in the caches,
 * which the argument above excludes. Decided here, so every caller of explore() gets the same rule.
 */
export function usesQuietGap(scenario: Pick<Scenario, 'app'>, options: { quietGap?: boolean; maxStaleMs?: number }): boolean {
  return (options.quietGap ?? true) && options.maxStaleMs === undefined && scenario.app === undefined;
}

/** Test-only wrong variants, each shown to be caught by the soundness test. */
export interface QuietGapFlaws {
  /** Drop the gap whenever a step is pending behind other work, however near (a step can then come due mid-activity). */
  noBound?: boolean;
  /** Bound the work in flight at nominal latencies only (every tie order still): a slower run can reach the step. */
  nominalOnly?: boolean;
  /** Bound the work in flight at the slowest latencies only (every tie order still): a run with a faster option can end later. */
  slowestOnly?: boolean;
}

/** Gaps below this are not worth the bound's search, which often finds a run reaching the step (a cost guard only: the merge is exact either way). */
export const MIN_GAP_MS = 300;

/**
 * Whether the work in flight is at most `most` users' (their pages' tasks and requests): a cost
 * guard. Several users' page loads at once interleave in many ways, and following every one of
 * them can cost more than the merge saves; one user's work has few, and so have two users' on one
 * gunicorn worker, where their requests queue (QuietGap's mostUsers). Pure, like the rest: the same
 * state, the same answer.
 */
function usersAtMost(state: SimState, most: number): boolean {
  // Indexed loops, the users met in a reused scratch list, no closure: it runs at most states the
  // explorer meets, and its closure, its list's growth and its iterators were about 6% of the
  // bytes explore allocated on cache-pressure (each scavenge follows from the bytes allocated).
  MET.n = 0;
  const tasks = state.sched.tasks;
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i];
    if (isStep(t)) continue;
    const spec = t.spec;
    const u = spec.kind === 'page' || spec.kind === 'listenerRefetch' || spec.kind === 'settleReload' ? spec.user : spec.kind === 'settle' ? null : (state.requests[spec.requestId]?.user ?? null);
    if (!fits(u, most)) return false;
  }
  for (const id in state.requests) if (!fits(state.requests[id].user, most)) return false;
  const busy = state.pageBusy;
  for (let i = 0; i < busy.length; i++) if (busy[i][1].length && !fits(busy[i][0], most)) return false;
  return true;
}

/** The users usersAtMost has met so far (the first `n` of `users`): one scratch list, reset at each call. */
const MET: { users: string[]; n: number } = { users: [], n: 0 };

/** Each user met is one already met, or a new one while fewer than `most` were met. */
function fits(u: string | null, most: number): boolean {
  if (u === null) return false;
  for (let k = 0; k < MET.n; k++) if (MET.users[k] === u) return true;
  if (MET.n === most) return false;
  MET.users[MET.n++] = u;
  return true;
}

const isStep = (t: Task) => t.spec.kind === 'page' && t.spec.job.kind === 'step';

const BUSTER = /[?&]_=(\d+)/;
const NO_EVENTS: readonly TraceEvent[] = [];

/**
 * The time from which `state` (nothing pending, at its clock) hashes the same whatever later
 * reference time it is measured from (sim/fingerprint.ts): each Django cache entry expired ('x')
 * or past the horizon ('far'), each browser answer stale or 'far', each answer under a
 * cache-buster URL left out. Its clock when no fact changes later; Infinity when something is
 * left in flight. Facts already settled at its clock are left alone (their exact times are not
 * hashed, and the clock bounds the answer from below anyway).
 */
export function settleTime(state: SimState, horizonMs: number): number {
  const now = state.sched.nowMs;
  let settled = now;
  for (const _ in state.requests) return Infinity;
  if (state.pageBusy.length || state.waiting.length || state.lockWaiters.length) return Infinity;
  const from = (t: number) => {
    if (t > settled) settled = t;
  };
  for (const id in state.layers) {
    const kind = layerKind(id);
    if (kind === 'cache') {
      const ctx = state.layers[id] as DjangoCacheContext;
      // Expired from exp on (LocMem) or from exp + 1 (Redis): isExpired.
      for (const e of ctx.entries) if (e.expiresAtMs !== null && e.expiresAtMs <= horizonMs) from(isExpired(ctx.backend, e.expiresAtMs, e.expiresAtMs) ? e.expiresAtMs : e.expiresAtMs + 1);
    } else if (kind === 'browser') {
      const ctx = state.layers[id] as BrowserHttpCacheContext;
      for (const url in ctx.entries) {
        const entry = ctx.entries[url];
        const m = BUSTER.exec(url);
        // Left out once the buster's time is before the reference.
        if (m) from(Number(m[1]) - ctx.epochMs + 1);
        else {
          let freshUntil: number;
          if (entry.policy !== null) {
            const { lifetimeMs, ageMs } = freshnessAt(entry.policy, ctx.epochMs + now);
            freshUntil = now + lifetimeMs - ageMs;
          } else freshUntil = entry.storedAtMs + ctx.seedReuseMs;
          if (freshUntil <= horizonMs) from(freshUntil);
        }
      }
    }
  }
  return settled;
}

/** Where the quiet-gap reduction keeps what it learnt of the work in flight (one per explorer). */
export class QuietGap {
  private readonly probe: Simulation;
  /** The cost guard's most users with work in flight (usersAtMost). */
  private readonly mostUsers: number;
  /**
   * By the fingerprint of a state without steps (time measured from its next task): the latest
   * task time or settle time over all its runs, relative to that task, once every run was followed
   * (exact), or a value some run reaches (lower). Both are functions of the state, so the answer
   * to "does some run reach `limit`" never depends on what was learnt before, only its cost does.
   */
  private readonly exact = new Map<string, number>();
  private readonly lower = new Map<string, number>();
  private script: number[] = [];
  private made: number[] = [];
  private alternatives: number[][] = [];

  constructor(
    scenario: Scenario,
    config: Config,
    private readonly horizonMs: number,
    private readonly flaws: QuietGapFlaws = {},
  ) {
    // Two users' work with one worker: their requests take the worker one at a time, so following
    // every run costs little more than one user's; with several workers they overlap in many ways.
    this.mostUsers = config['deploy.workers'] === 1 ? 2 : 1;
    const chooser: Chooser = {
      choose: (point) => {
        const i = this.made.length;
        let c = 0;
        if (i < this.script.length) c = this.script[i];
        else {
          // Every order of a tie (the reduction's orders are among them), the latencies explore tries.
          const opts = point.kind === 'tie' ? everyOption(point.options) : interestingView(point);
          if (point.kind === 'latency' && (flaws.nominalOnly || flaws.slowestOnly)) {
            // The wrong variants: one latency option only (latencyValues lists the slowest last).
            if (flaws.slowestOnly) c = opts[opts.length - 1];
          } else for (let k = 1; k < opts.length; k++) this.alternatives.push([...this.made, opts[k]]);
        }
        this.made.push(c);
        return c;
      },
    };
    // Restored to the same state for each alternative it tries: they take the same view steps.
    this.probe = new Simulation(scenario, config, chooser, true, { rememberViewSteps: true, unlabelledChoices: true });
  }

  /**
   * The state to fingerprint in place of `state` (its steps moved so the first falls at the next
   * task's time), or null when the exact gap must be kept. `snapshot` gives the world as a stored
   * value (the bound's search restores it).
   */
  quietForm(state: SimState, snapshot: () => SimState): SimState | null {
    let firstStep = Infinity;
    let r = Infinity;
    for (const t of state.sched.tasks) {
      if (isStep(t)) {
        if (t.t < firstStep) firstStep = t.t;
      } else if (t.t < r) r = t.t;
    }
    if (firstStep === Infinity || r === Infinity) return null;
    const gap = firstStep - r;
    if ((gap < MIN_GAP_MS || !usersAtMost(state, this.mostUsers)) && !this.flaws.noBound) return null;
    if (!this.flaws.noBound) {
      const snap = snapshot();
      const active = withTasks(snap, snap.sched.tasks.filter((t) => !isStep(t)));
      if (this.reaches(active, gap)) return null;
    }
    return withTasks(state, state.sched.tasks.map((t) => (isStep(t) ? retimedTask(t, t.t - gap) : t)));
  }

  /**
   * Whether some run of `state` (steps removed, something pending) runs a task, or ends in a quiet
   * state that still hashes differently, at or after `limit` ms past its next task. Depth first
   * over every choice; it stops at the first run that does.
   */
  private reaches(state: SimState, limit: number): boolean {
    const [a, b] = fingerprint(state, this.probe.epochMs, this.horizonMs);
    const key = `${a}:${b}`;
    const known = this.exact.get(key);
    if (known !== undefined) return known >= limit;
    if ((this.lower.get(key) ?? -Infinity) >= limit) return true;
    let r = Infinity;
    for (const t of state.sched.tasks) if (t.t < r) r = t.t;
    let latest = 0;
    const start = state.eventCount === 0 ? state : { ...state, eventCount: 0 };
    const queue: number[][] = [[]];
    while (queue.length) {
      this.script = queue.pop()!;
      this.made = [];
      this.alternatives = [];
      // The probe's runs start a trace of their own: no world code reads past events, and seq numbers are not hashed.
      this.probe.restore(start, NO_EVENTS);
      this.probe.step();
      queue.push(...this.alternatives);
      const next = this.probe.snapshot();
      let reached: number;
      if (next.sched.tasks.length === 0) {
        // Quiet: the last task ran now; its facts settle at settleTime.
        reached = settleTime(next, this.horizonMs) - r;
      } else {
        let rn = Infinity;
        for (const t of next.sched.tasks) if (t.t < rn) rn = t.t;
        // The task times are integers: a run reaching limit - (rn - r) from there reaches limit from here.
        if (this.reaches(next, limit - (rn - r))) reached = limit;
        else reached = rn - r + this.exact.get(fingerprintKey(next, this.probe.epochMs, this.horizonMs))!;
      }
      if (reached >= limit) {
        this.lower.set(key, Math.max(limit, this.lower.get(key) ?? -Infinity));
        return true;
      }
      if (reached > latest) latest = reached;
    }
    this.exact.set(key, latest);
    return false;
  }
}

function fingerprintKey(state: SimState, epochMs: number, horizonMs: number): string {
  const [a, b] = fingerprint(state, epochMs, horizonMs);
  return `${a}:${b}`;
}

/** The fingerprint of a state hashed in its quiet form, kept apart from exact ones. */
export function quietTagged(fp: [number, number]): [number, number] {
  let [a, b] = fp;
  a = Math.imul(a ^ 0x51e7ca95, 0x01000193);
  a ^= a >>> 15;
  b = Math.imul(b ^ 0x7a11d00d, 0x5bd1e995);
  b ^= b >>> 13;
  return [a >>> 0, b >>> 0];
}
