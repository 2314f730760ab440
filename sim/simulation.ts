// One run: the world's state (sim/world/state.ts), the layer machines over it, and the step that
// runs one pending task. The scenario's steps become tasks at start; when nothing is pending, the
// settle phase schedules the convergence check and one reload per user. The page's behaviour
// lives in sim/world/page.ts, the server's (workers, routing, views) in sim/world/server.ts.
//
// The state is data: snapshot() copies it (layer contexts and request records are never mutated
// in place, and the task list and the layers' record are copied on the run's next change to
// them, so the copy shares them all), restore() puts one back, and the run goes on as if
// it had never stopped (test/sim/snapshot.test.ts). Trace events live beside the state (the
// state holds their count), so whoever restores a state also supplies the events before it.
import { browserId, cacheId, calendarId, userActorId, workerId } from './world/actorIds';
import type { Config } from '../src/config';
import type { WorkItem } from '../src/layers/database';
import type { JsonObject, JsonValue } from '../src/json';
import type { ChoicePoint, Chooser } from './chooser';
import { epochMsOf } from './clock';
import { LATENCY, extremeIndices, latencyValues, type LatencyName, type LatencyRange } from './latency';
import { Scheduler } from './scheduler';
import type { Scenario } from './scenarios/types';
import type { TraceActor, TraceEvent } from './trace';
import { LAYER_CORES, layerHandle, layerKind, viewLayer, type LayerHandle, type Reply } from './world/layers';
import { eventIds, firstItemNamed, itemsNamed } from './world/itemsNamed';
import { listenerRefetch, loadPage, onPage, pageLoadLeadMs, shownMonthOf } from './world/page';

export { PAGE_LOAD_LEAD_MS } from './world/page';
import { arrive, deliverResponse, finishOp, type LiveView } from './world/server';
import type { SimState, Task } from './world/state';
import type { ViewSteps } from './world/viewSteps';
import { simText, taskKey } from './world/taskKey';
import { canonicalStateText } from './stateHash';
import { WeakMemo } from '../src/weakMemo';

/** A Django cache layer's input (a function, not a closure per run: each closure made costs a __name call under tsx). */
function cacheInput(c: Config, backend: 'locmem' | 'redis') {
  return { backend, maxEntries: c['cache.maxEntries'], cullFrequency: c['cache.cullFrequency'], defaultTimeoutS: 300, keyPrefix: '', version: 1 };
}

/** Each scenario's item uuids (Simulation.itemUuids), listed once rather than at every run. */
const ITEM_UUIDS = new WeakMemo<Scenario, readonly string[]>();

function itemUuidsOf(scenario: Scenario): readonly string[] {
  return Object.freeze([...scenario.items.map((i) => i.uuid), ...scenario.steps.flatMap((s) => (s.do === 'create' ? [s.item.uuid] : []))]);
}

/** What each response body shows (Simulation.bodyItems), by the item list it was looked up in. */
// Not a WeakMemo: a hit counts only for the same item list (bodyItems checks it, and makes it again otherwise).
const BODY_ITEMS = new WeakMap<object, BodyItems>();

interface BodyItems {
  uuids: readonly string[];
  /** The known items the body lists. */
  items: string[];
  /** Each event of a known item: its title and all-day dates. */
  shown: JsonObject[];
}

/** The options of each latency range, computed once (a run asks hundreds of times). */
const LATENCY_CHOICES = new WeakMemo<LatencyRange, LatencyChoices>();

interface LatencyChoices {
  values: number[];
  interesting: number[];
}

function latencyChoicesOf(range: LatencyRange): LatencyChoices {
  return { values: latencyValues(range), interesting: extremeIndices(range) };
}

export interface SimulationOptions {
  /**
   * Remember the steps views take (sim/world/viewSteps.ts): for a simulation restored again and
   * again to states of its own runs (the explorer's). Elsewhere each step would be remembered
   * (an object and a WeakMap entry per step) and never asked for: check's runs are each a fresh
   * simulation.
   */
  rememberViewSteps?: boolean;
  /**
   * Its chooser never reads a choice point's label (the explorer's: it branches on kinds and
   * options, and re-runs a witness in full): latency and tie points get '' rather than a text
   * built at every choice. check's choosers read them (PCT's threads, deviations by name).
   */
  unlabelledChoices?: boolean;
}

export class Simulation {
  readonly scheduler: Scheduler;
  /** Events recorded so far; `causeId` links each to the one that led to it. */
  events: TraceEvent[] = [];
  readonly actors: TraceActor[] = [];
  readonly epochMs: number;
  /** Items the scenario starts with, then those its create steps add (one array per scenario: never changed). */
  readonly itemUuids: readonly string[];
  state: SimState;
  /** Layer handles by actor id, over `state.layers`. */
  private readonly layers = new Map<string, LayerHandle>();
  /** Live view generators of requests in flight (a cache: rebuilt from the state when stale). */
  readonly liveViews = new Map<string, LiveView>();
  /**
   * Steps views have taken, for runs restored from the same state (sim/world/viewSteps.ts); null
   * unless asked for (SimulationOptions.rememberViewSteps).
   */
  readonly viewSteps: ViewSteps | null;
  /** SimulationOptions.unlabelledChoices. */
  private readonly unlabelledChoices: boolean;
  /**
   * Called before each task is picked (explore: hash the state, maybe stop the run). Runs only
   * when a task is due, so it sees every state the run passes through between two tasks. It may
   * end the run there by calling stopHere() (or by throwing StopRun).
   */
  beforeStep: (() => void) | null = null;
  /** Set by stopHere: the next step returns false (after beforeStep, before its task). */
  private stopAsked = false;

  constructor(
    readonly scenario: Scenario,
    readonly config: Config,
    private readonly chooser: Chooser,
    /**
     * Lean runs (the explorer's) skip the `after` views of layers on every event but the first,
     * and call the layers' reducers directly: the checkers never read the views, and copying
     * every layer on every event is most of a run's cost. Their events' labels are '' too: no
     * checker reads a label, and the explorer keeps every queued schedule's events alive, so
     * each label would be copied by the collector again and again; what is shown (a witness, a
     * counterexample) is re-run in full (test/sim/leanLabels.test.ts). The events recorded at
     * every request, fetch and render do not even build theirs (`sim.lean ? '' : ...`). Nor do
     * they say whom a message came `from` (no checker reads it either): added after the event's
     * literal, it gave each such event a second hidden class and a 40-byte property array, a
     * megabyte of what commit-race seed-fix's queue held at its first witness.
     */
    readonly lean = false,
    options: SimulationOptions = {},
  ) {
    this.viewSteps = options.rememberViewSteps ? new WeakMap() : null;
    this.unlabelledChoices = options.unlabelledChoices === true;
    this.scheduler = new Scheduler(chooser, Math.min(0, ...scenario.steps.map((s) => s.atMs - pageLoadLeadMs(s, config))));
    this.scheduler.unlabelledTies = this.unlabelledChoices;
    this.epochMs = epochMsOf(scenario.today);
    this.itemUuids = ITEM_UUIDS.get(scenario, itemUuidsOf);
    this.state = {
      sched: this.scheduler.state,
      layers: {},
      idleWorkers: [],
      waiting: [],
      lastWorker: 0,
      nextRequest: 1,
      requests: {},
      shownMonth: [],
      filters: [],
      committedItems: [],
      acks: [],
      pageBusy: [],
      lockWaiters: [],
      proxied: 0,
      workerQueues: [],
      phase: 'scenario',
      settleUsers: [],
      settleSeq: -1,
      eventCount: 0,
    };
    this.buildActors();
  }

  // ---- state ---------------------------------------------------------------------------------

  /**
   * Whether `state.layers` is also held by a snapshot (or by the state restored from): the next
   * layer event copies the record first (writableLayers). Most steps between two snapshots change
   * no layer, or change one: the record was copied at every snapshot and restore.
   */
  private layersShared = false;

  /** `state.layers`, copied first if a snapshot shares it: the only way the run writes a layer's context. */
  private writableLayers(): Record<string, unknown> {
    if (this.layersShared) {
      // Object.assign keeps the ids' order (none is an integer) and copies faster than a for-in loop.
      this.state.layers = Object.assign({}, this.state.layers);
      this.layersShared = false;
    }
    return this.state.layers;
  }

  /** The scheduler's queue and the layers' record now belong to `state` and to another value too: both are copied before their next change. */
  private shareContainers(): void {
    this.layersShared = true;
    this.scheduler.shareTasks();
  }

  /** The world's state now, as a value that later changes to the run do not touch. */
  snapshot(): SimState {
    const copy = copyState(this.state);
    copy.eventCount = this.events.length;
    this.shareContainers();
    return copy;
  }

  /**
   * Puts a snapshot back. `events` are the trace events recorded before it (at least
   * `state.eventCount` of them; later ones are dropped). The snapshot itself is not kept: the
   * run goes on from a copy, so one snapshot can be restored many times.
   */
  restore(state: SimState, events: readonly TraceEvent[]): void {
    if (events.length < state.eventCount) throw new Error(`restore: the state follows ${state.eventCount} events, ${events.length} given`);
    this.state = copyState(state);
    this.scheduler.state = this.state.sched;
    this.shareContainers();
    this.events = events.length === state.eventCount ? [...events] : events.slice(0, state.eventCount);
  }

  /** As restore, with `events` exactly the events before the state, taken over as the run's own array (not copied). */
  restoreOwning(state: SimState, events: TraceEvent[]): void {
    if (events.length !== state.eventCount) throw new Error(`restore: the state follows ${state.eventCount} events, ${events.length} given`);
    this.state = copyState(state);
    this.scheduler.state = this.state.sched;
    this.shareContainers();
    this.events = events;
  }

  /**
   * The plain explorer's canonical text of everything that decides the rest of the run (layers,
   * pending tasks, workers, what the checkers will judge), with times relative to the next task's
   * time; see sim/stateHash.ts for what is abstracted and why it is sound up to the horizon.
   */
  stateText(horizonMs: number): string {
    const layers: Array<[string, 'calendar' | 'browser' | 'cache' | 'db', unknown]> = [];
    for (const id of this.layers.keys()) layers.push([id, layerKind(id), this.state.layers[id]]);
    return canonicalStateText({
      nowMs: this.scheduler.nowMs,
      epochMs: this.epochMs,
      horizonMs,
      tasks: this.scheduler.tasks.map((t) => ({ t: t.t, actor: t.actor, key: taskKey(t, this.state) })),
      layers,
      sim: simText(this.state),
    });
  }

  // ---- actors -------------------------------------------------------------------------------

  private addLayer(actor: TraceActor, input: unknown): void {
    this.actors.push(actor);
    this.state.layers[actor.id] = LAYER_CORES[layerKind(actor.id)].initial(input as never);
    this.layers.set(actor.id, layerHandle(actor.id, () => this.writableLayers(), this.lean));
  }

  private buildActors(): void {
    const c = this.config;
    for (const u of this.scenario.users) {
      this.actors.push({ id: userActorId(u.name), kind: 'user', label: `user ${u.name} (id ${u.userId})`, user: u.name });
      this.addLayer(
        { id: calendarId(u.name), kind: 'calendar', label: `FullCalendar (${u.name})`, user: u.name },
        { lazyFetching: c['calendar.lazyFetching'], firstDay: c['calendar.firstDay'], timeZone: c['calendar.timeZone'] },
      );
      this.addLayer(
        { id: browserId(u.name), kind: 'browser', label: `browser HTTP cache (${u.name})`, user: u.name },
        { profile: c['browser.profile'], seedReuseMs: c['browser.seedReuseMs'], epochMs: this.epochMs },
      );
    }
    this.actors.push({ id: 'network', kind: 'network', label: 'network' });
    for (let w = 1; w <= c['deploy.workers']; w++) {
      this.actors.push({ id: workerId(w), kind: 'worker', label: `Django worker ${w}` });
      this.state.idleWorkers.push(w);
    }
    if (c['deploy.cacheBackend'] === 'redis') {
      this.addLayer({ id: 'cache:redis', kind: 'cache', label: 'Django cache (Redis, shared)' }, cacheInput(c, 'redis'));
    } else {
      for (let w = 1; w <= c['deploy.workers']; w++) this.addLayer({ id: cacheId(w), kind: 'cache', label: `Django cache (LocMem, worker ${w})` }, cacheInput(c, 'locmem'));
    }
    this.addLayer({ id: 'db', kind: 'db', label: `database (${c['deploy.database']})` }, { items: this.scenario.items, engine: c['deploy.database'] });
  }

  /** Layer ids, in the order the actors were built. */
  layerIds(): string[] {
    return [...this.layers.keys()];
  }

  send(layerId: string, event: Record<string, unknown>): Reply {
    // { ...event, nowMs } by Object.assign: events come in many shapes, and V8 (Node 20) takes
    // over ten times as long to spread one into a literal with one more field.
    const stamped: Record<string, unknown> = Object.assign({}, event);
    stamped.nowMs = this.scheduler.nowMs;
    return this.layers.get(layerId)!.send(stamped);
  }

  view(layerId: string): JsonObject {
    return viewLayer(layerId, this.state.layers[layerId], this.scheduler.nowMs);
  }

  userId(user: string): string {
    return this.scenario.users.find((u) => u.name === user)!.userId;
  }

  itemsIn(body: JsonValue): string[] {
    return Array.isArray(body) ? [...this.bodyItems(body).items] : [];
  }

  /** Each event of a known item in a feed answer: its title and all-day dates (the read-your-writes checks compare them). */
  shownIn(body: JsonValue): JsonObject[] {
    return Array.isArray(body) ? this.bodyItems(body).shown.slice() : [];
  }

  /**
   * A response's body is read twice (when the worker answers and when the browser receives it),
   * most bodies are met again (the sibling runs the explorer restores take the same view steps),
   * and none is ever changed: what it shows is found once per body. Handed out as copies of the
   * exact size: built by push, each array had room for 17 entries, and the explorer keeps the
   * events of queued schedules, and their payloads, alive.
   */
  private bodyItems(body: JsonValue[]): BodyItems {
    const known = BODY_ITEMS.get(body);
    if (known !== undefined && known.uuids === this.itemUuids) return known;
    const shown: JsonObject[] = [];
    for (const e of body) {
      if (typeof e !== 'object' || e === null || Array.isArray(e)) continue;
      const item = firstItemNamed(this.itemUuids, String(e.id));
      if (item === undefined) continue;
      // The entry render (sim/world/page.ts) makes from a store's event, from raw JSON here.
      const end = typeof e.end === 'string' ? e.end.slice(0, 10) : null;
      shown.push({ item, title: String(e.title), start: String(e.start).slice(0, 10), end });
    }
    const made: BodyItems = { uuids: this.itemUuids, items: itemsNamed(this.itemUuids, eventIds(body)), shown };
    BODY_ITEMS.set(body, made);
    return made;
  }

  // ---- recording ----------------------------------------------------------------------------

  record(e: { actor: string; type: string; causeId: number | null; label: string; payload?: JsonObject; from?: string; after?: string[] }): number {
    const seq = this.events.length;
    const event: TraceEvent = { seq, t: this.scheduler.nowMs, actor: e.actor, type: e.type, causeId: e.causeId, label: this.lean ? '' : e.label, payload: e.payload ?? {} };
    if (e.from !== undefined && !this.lean) event.from = e.from;
    if (e.after && e.after.length && (!this.lean || e.type === 'sim.start')) {
      event.after = {};
      for (const id of e.after) event.after[id] = this.view(id);
    }
    this.events.push(event);
    this.state.eventCount = this.events.length;
    if (e.actor === 'db' && Array.isArray(event.payload.committed)) {
      const fresh = (event.payload.committed as string[]).filter((uuid) => !this.state.committedItems.includes(uuid));
      if (fresh.length) this.state.committedItems = this.state.committedItems.concat([...new Set(fresh)]);
    }
    if (e.actor === 'db' && Array.isArray(event.payload.written)) {
      const marks = (event.payload.written as Array<{ kind: string; uuid: string }>).map((w) =>
        w.kind === 'create' ? `create:${w.uuid}` : `edit:${w.uuid}:${this.state.committedItems.filter((m) => m.startsWith(`edit:${w.uuid}:`)).length + 1}`,
      );
      this.state.committedItems = this.state.committedItems.concat(marks);
    }
    return seq;
  }

  /** Items committed so far, as a short stable text (what a fetch or request started after). */
  committedKey(): string {
    return this.state.committedItems.join(',');
  }

  choose(point: ChoicePoint): number {
    return this.chooser.choose(point);
  }

  latency(name: LatencyName, label: string, table = LATENCY): number {
    const { values, interesting } = LATENCY_CHOICES.get(table[name], latencyChoicesOf);
    if (values.length === 1) return values[0];
    return values[this.chooser.choose({ kind: 'latency', label: this.unlabelledChoices ? '' : `${name} ${label}`, options: values.length, interesting })];
  }

  // ---- the run ------------------------------------------------------------------------------

  /** Records the start and schedules the scenario's steps (each at its time, plus its jitter). */
  start(): void {
    this.record({
      actor: 'db',
      type: 'sim.start',
      causeId: null,
      label: `scenario ${this.scenario.name}: ${this.scenario.items.length} work items, ${this.scenario.users.length} user(s), today ${this.scenario.today}`,
      // Who is who (the checkers match users to the items they may see) and every work item.
      payload: {
        scenario: this.scenario.name,
        today: this.scenario.today,
        users: this.scenario.users.map((u) => ({ name: u.name, userId: u.userId })),
        items: this.scenario.items.map((i) => ({ ...i, visibleTo: [...i.visibleTo] })),
      },
      after: [...this.layers.keys()],
    });
    for (const [index, step] of this.scenario.steps.entries()) {
      let at = step.atMs;
      if (step.jitterMs && step.jitterMs > 0) {
        at += this.chooser.choose({ kind: 'jitter', label: `jitter ${step.user} ${step.do} at ${step.atMs} ms`, options: step.jitterMs + 1, interesting: jitterGrid(step.jitterMs) });
      }
      // A page load starts earlier, so that FullCalendar starts at the step's time (PAGE_LOAD_LEAD_MS).
      this.scheduler.at(at - pageLoadLeadMs(step, this.config), userActorId(step.user), `${step.user} ${step.do}`, { kind: 'page', user: step.user, job: { kind: 'step', index } });
    }
  }

  /**
   * From beforeStep: the run ends before the task due now, step() returning false. A return
   * rather than a StopRun throw: the explorer stops nearly every run there, and V8 builds a message
   * object and unwinds the stack at every throw (3% of explore's time on commit-race seed-fix).
   */
  stopHere(): void {
    this.stopAsked = true;
  }

  /** Runs one task (scheduling the next settle phase first when nothing is pending); false when the run is over. */
  step(): boolean {
    if (this.scheduler.pending === 0 && !this.settleNext()) return false;
    if (this.beforeStep !== null) {
      this.beforeStep();
      if (this.stopAsked) {
        this.stopAsked = false;
        return false;
      }
    }
    const task = this.scheduler.take()!;
    this.runTask(task);
    return true;
  }

  /** start(), then every task until the run is over. */
  run(): void {
    this.start();
    while (this.step());
  }

  private runTask(task: Task): void {
    const spec = task.spec;
    switch (spec.kind) {
      case 'page':
        onPage(this, spec.user, spec.job);
        return;
      case 'listenerRefetch':
        listenerRefetch(this, spec.user, spec.cause);
        return;
      case 'arrive':
        arrive(this, spec.requestId);
        return;
      case 'op':
      case 'lockRetry':
        finishOp(this, spec.requestId);
        return;
      case 'response':
        deliverResponse(this, spec.requestId);
        return;
      case 'settle': {
        // The committed rows at this instant: what every calendar must converge to.
        const rows = this.view('db').rows as unknown as WorkItem[];
        this.state.settleSeq = this.record({
          actor: 'db',
          type: 'sim.settle',
          causeId: null,
          label: 'the system is quiet: every user reloads the page (convergence check)',
          payload: { dbItems: rows.map((r) => r.uuid), dbRows: rows.map((r) => ({ ...r, visibleTo: [...r.visibleTo] })) },
        });
        return;
      }
      case 'settleReload':
        loadPage(this, spec.user, shownMonthOf(this, spec.user)!, spec.cause, this.scheduler.nowMs, true);
        return;
    }
  }

  /**
   * After the script, once nothing is pending: the settle task 1 s later, then every user who
   * opened the calendar reloads, one at a time, each once the previous reload is answered (reads
   * only, so the order changes nothing the check judges, and the explorer need not interleave
   * them). False when the run is over.
   */
  private settleNext(): boolean {
    const s = this.state;
    if (s.phase === 'scenario') {
      s.settleUsers = this.scenario.users.filter((u) => shownMonthOf(this, u.name) !== undefined).map((u) => u.name);
      s.phase = 'settle';
      this.scheduler.at(this.scheduler.nowMs + 1000, 'db', 'settle', { kind: 'settle' });
      return true;
    }
    const done = s.phase === 'settle' ? 0 : Number(/^settle reload (\d+) of/.exec(s.phase)?.[1] ?? s.settleUsers.length);
    if (done >= s.settleUsers.length) {
      s.phase = 'done';
      return false;
    }
    const user = s.settleUsers[done];
    s.phase = `settle reload ${done + 1} of ${s.settleUsers.length}`;
    this.scheduler.at(this.scheduler.nowMs, userActorId(user), `${user} reloads (settle)`, { kind: 'settleReload', user, cause: s.settleSeq });
    return true;
  }
}

/**
 * A copy of the state's top level and of the scheduler's record (whose numbers change in place
 * at every task). Every other field is replaced, never mutated, when it changes, and the task list
 * and the layers' record are copy-on-write (the caller marks them shared: shareContainers), so the
 * copy shares all of them. Written out field by field (a SimState field left out does not
 * compile): the explorer copies a state at every step, and V8 (Node 20) spreads
 * `{ ...state, sched: ... }` several times slower.
 */
function copyState(s: SimState): SimState {
  return {
    sched: { nowMs: s.sched.nowMs, nextOrder: s.sched.nextOrder, executed: s.sched.executed, tasks: s.sched.tasks },
    layers: s.layers,
    idleWorkers: s.idleWorkers,
    waiting: s.waiting,
    lastWorker: s.lastWorker,
    nextRequest: s.nextRequest,
    requests: s.requests,
    shownMonth: s.shownMonth,
    filters: s.filters,
    committedItems: s.committedItems,
    acks: s.acks,
    pageBusy: s.pageBusy,
    lockWaiters: s.lockWaiters,
    proxied: s.proxied,
    workerQueues: s.workerQueues,
    phase: s.phase,
    settleUsers: s.settleUsers,
    settleSeq: s.settleSeq,
    eventCount: s.eventCount,
  };
}

/**
 * `s` with `tasks` pending in place of its own, in copyState's shape: the explorer's reductions
 * that move or drop tasks (deferred jitter, the quiet gap) hand their states to the same
 * fingerprint and restore as the run's own, and a spread `{ ...s, sched: {...} }` gives V8 a second
 * shape of both records there, which makes it throw away their optimised code.
 */
export function withTasks(s: SimState, tasks: Task[]): SimState {
  const copy = copyState(s);
  copy.sched.tasks = tasks;
  return copy;
}

/** `task` at time `t`, in the scheduler's shape (Scheduler.schedule), for the same reason. */
export function retimedTask(task: Task, t: number): Task {
  return { t, order: task.order, actor: task.actor, label: task.label, spec: task.spec };
}

/** The jitter offsets the explorer tries: 0, the maximum, and ones between at least 10 ms apart (at most 11). */
export function jitterGrid(jitterMs: number): number[] {
  const step = Math.max(10, Math.ceil(jitterMs / 10));
  const grid: number[] = [];
  for (let v = 0; v < jitterMs; v += step) grid.push(v);
  grid.push(jitterMs);
  return grid;
}
