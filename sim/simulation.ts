// One run: builds the actors a scenario needs (one layer machine per real component), plays the
// scenario's steps through the scheduler, and records every step into the trace. The page's
// behaviour (FullCalendar calling the events function, HTMX firing the listener) lives here; the
// server's behaviour is the app code in src/app, run one operation at a time.
import { createActor } from 'xstate';
import type { Config } from '../src/config';
import type { JsonObject, JsonValue } from '../src/json';
import { feedFetch } from '../src/app/calendarPage';
import { listenerIdCandidates } from '../src/app/calendarEvents';
import { handleRequest } from '../src/app/djangoHandler';
import { handleUserRequest } from '../src/app/userApp/handleUserRequest';
import { deletePath, type HttpRequest, type HttpResponse } from '../src/app/http';
import type { Op, ViewProgram } from '../src/app/ops';
import type { RequestContext } from '../src/app/requestContext';
import { databaseMachine, initialDatabaseContext, reduceDatabase, viewDatabase } from '../src/layers/database';
import { djangoCacheMachine, initialDjangoCacheContext, reduceDjangoCache, viewDjangoCache } from '../src/layers/djangoCache';
import { browserHttpCacheMachine, initialBrowserHttpCacheContext, reduceBrowserHttpCache, viewBrowserHttpCache } from '../src/layers/browserHttpCache';
import { fullCalendarStoreMachine, initialFullCalendarStoreContext, reduceFullCalendarStore, viewFullCalendarStore } from '../src/layers/fullCalendarStore';

const CALENDAR_CORE: LayerCore = { initial: initialFullCalendarStoreContext as never, reduce: reduceFullCalendarStore as never };
const BROWSER_CORE: LayerCore = { initial: initialBrowserHttpCacheContext as never, reduce: reduceBrowserHttpCache as never };
const CACHE_CORE: LayerCore = { initial: initialDjangoCacheContext as never, reduce: reduceDjangoCache as never };
const DB_CORE: LayerCore = { initial: initialDatabaseContext as never, reduce: reduceDatabase as never };
import type { Chooser } from './chooser';
import { epochMsOf } from './clock';
import { LATENCY, extremeIndices, latencyValues, type LatencyName } from './latency';
import { Scheduler } from './scheduler';
import { canonicalStateText } from './stateHash';
import type { Scenario, ScenarioStep } from './scenarios/types';
import type { TraceActor, TraceEvent } from './trace';

interface Layer {
  id: string;
  /** Delivers one event and returns the layer's reply to it. */
  send(event: Record<string, unknown>): Reply;
  context(): unknown;
  view(nowMs: number): JsonObject;
}

/** A layer's pure core, for lean runs (src/layers/README.md: "the simulator may call it directly on hot paths"). */
interface LayerCore {
  initial(input: never): unknown;
  reduce(context: never, event: never): unknown;
}

interface FetchInfo {
  fetchId: number;
  startStr: string;
  endStr: string;
}

type Reply = Record<string, unknown>;

/** Statements that only read: they see the database as it was when they began. */
const READ_STATEMENTS = new Set(['db.query', 'db.get', 'db.getVersion']);

/** The options of each latency range, computed once (a run asks hundreds of times). */
const LATENCY_CHOICES = new WeakMap<object, { values: number[]; interesting: number[] }>();

/** Events recorded so far; `causeId` links each to the one that led to it. */
export class Simulation {
  readonly scheduler: Scheduler;
  readonly events: TraceEvent[] = [];
  readonly actors: TraceActor[] = [];
  readonly epochMs: number;
  private readonly layers = new Map<string, Layer>();
  private readonly idleWorkers: number[] = [];
  private readonly waiting: Array<() => void> = [];
  private lastWorker = 0;
  private nextRequest = 1;
  private readonly itemUuids: string[];
  /** Month each user's calendar shows, for reloads. */
  private readonly shownMonth = new Map<string, string>();
  /**
   * What the invariant checkers will judge, kept so the explorer's state hash can tell two
   * histories apart when they would be judged differently: items whose delete is committed (in
   * commit order) and the (user, item) pairs whose delete the user's page has acknowledged.
   */
  readonly committedItems: string[] = [];
  readonly acks: string[] = [];
  /** Statements waiting for a transaction's lock, by the transaction they wait for (run again when it ends). */
  private readonly lockWaiters = new Map<string, Array<{ key: string; retry: () => void }>>();
  /** Keys of dispatches waiting for a free worker, in FIFO order (for the state hash). */
  private readonly waitingKeys: string[] = [];
  /** Where the run is: the scenario's steps, or the settle phase (for the state hash). */
  private phase = 'scenario';
  /**
   * Page tasks (a fetch's callback, an HTMX event, a click) that fell due while the user's
   * workItemDeleted listener was still running. JavaScript runs a listener to completion: its
   * getEventById, remove() and refetchEvents() are one task, so nothing else on that page runs
   * in between; the listener's `page.listener` time is time the page's main thread is busy.
   */
  private readonly pageBusy = new Map<string, Array<{ key: string; label: string; run: () => void }>>();

  constructor(
    readonly scenario: Scenario,
    readonly config: Config,
    private readonly chooser: Chooser,
    /**
     * Lean runs (the explorer's) skip the `after` views of layers on every event but the first:
     * the checkers never read them, and copying every layer on every event is most of a run's cost.
     */
    private readonly lean = false,
  ) {
    this.scheduler = new Scheduler(chooser, Math.min(0, ...scenario.steps.map((s) => s.atMs)));
    this.epochMs = epochMsOf(scenario.today);
    this.itemUuids = scenario.items.map((i) => i.uuid);
    this.buildActors();
  }

  // ---- actors -------------------------------------------------------------------------------

  private addLayer(actor: TraceActor, machine: Parameters<typeof createActor>[0], input: unknown, view: (ctx: never, nowMs: number) => JsonObject, core: LayerCore): void {
    this.actors.push(actor);
    if (this.lean) {
      // The machine's every transition is assign(reduce): calling the reducer is the same step
      // without an actor's bookkeeping (test/sim/explore.test.ts checks the traces agree).
      let ctx = core.initial(input as never);
      this.layers.set(actor.id, {
        id: actor.id,
        send: (event) => {
          ctx = core.reduce(ctx as never, event as never);
          return (ctx as { reply: Reply }).reply;
        },
        context: () => ctx,
        view: (nowMs) => view(ctx as never, nowMs),
      });
      return;
    }
    const ref = createActor(machine, { input } as never).start();
    this.layers.set(actor.id, {
      id: actor.id,
      send: (event) => {
        ref.send(event as never);
        return (ref.getSnapshot().context as { reply: Reply }).reply;
      },
      context: () => ref.getSnapshot().context,
      view: (nowMs) => view(ref.getSnapshot().context as never, nowMs),
    });
  }

  private buildActors(): void {
    const c = this.config;
    for (const u of this.scenario.users) {
      this.actors.push({ id: `user:${u.name}`, kind: 'user', label: `user ${u.name} (id ${u.userId})`, user: u.name });
      this.addLayer(
        { id: `calendar:${u.name}`, kind: 'calendar', label: `FullCalendar (${u.name})`, user: u.name },
        fullCalendarStoreMachine,
        { lazyFetching: c['calendar.lazyFetching'], firstDay: c['calendar.firstDay'], timeZone: c['calendar.timeZone'] },
        viewFullCalendarStore as never,
        CALENDAR_CORE,
      );
      this.addLayer(
        { id: `browser:${u.name}`, kind: 'browser', label: `browser HTTP cache (${u.name})`, user: u.name },
        browserHttpCacheMachine,
        { profile: c['browser.profile'], seedReuseMs: c['browser.seedReuseMs'], epochMs: this.epochMs },
        viewBrowserHttpCache as never,
        BROWSER_CORE,
      );
    }
    this.actors.push({ id: 'network', kind: 'network', label: 'network' });
    const cacheInput = (backend: 'locmem' | 'redis') => ({
      backend,
      maxEntries: c['cache.maxEntries'],
      cullFrequency: c['cache.cullFrequency'],
      defaultTimeoutS: 300,
      keyPrefix: '',
      version: 1,
    });
    for (let w = 1; w <= c['deploy.workers']; w++) {
      this.actors.push({ id: `worker:${w}`, kind: 'worker', label: `Django worker ${w}` });
      this.idleWorkers.push(w);
    }
    if (c['deploy.cacheBackend'] === 'redis') {
      this.addLayer({ id: 'cache:redis', kind: 'cache', label: 'Django cache (Redis, shared)' }, djangoCacheMachine, cacheInput('redis'), viewDjangoCache as never, CACHE_CORE);
    } else {
      for (let w = 1; w <= c['deploy.workers']; w++)
        this.addLayer({ id: `cache:${w}`, kind: 'cache', label: `Django cache (LocMem, worker ${w})` }, djangoCacheMachine, cacheInput('locmem'), viewDjangoCache as never, CACHE_CORE);
    }
    this.addLayer({ id: 'db', kind: 'db', label: `database (${c['deploy.database']})` }, databaseMachine, { items: this.scenario.items, engine: c['deploy.database'] }, viewDatabase as never, DB_CORE);
  }

  private send(layerId: string, event: Record<string, unknown>): Reply {
    return this.layers.get(layerId)!.send({ ...event, nowMs: this.scheduler.nowMs });
  }

  private view(layerId: string): JsonObject {
    return this.layers.get(layerId)!.view(this.scheduler.nowMs);
  }

  // ---- recording ----------------------------------------------------------------------------

  record(e: { actor: string; type: string; causeId: number | null; label: string; payload?: JsonObject; from?: string; after?: string[] }): number {
    const seq = this.events.length;
    const event: TraceEvent = { seq, t: this.scheduler.nowMs, actor: e.actor, type: e.type, causeId: e.causeId, label: e.label, payload: e.payload ?? {} };
    if (e.from !== undefined) event.from = e.from;
    if (e.after && e.after.length && (!this.lean || e.type === 'sim.start')) {
      event.after = {};
      for (const id of e.after) event.after[id] = this.view(id);
    }
    this.events.push(event);
    if (e.actor === 'db' && Array.isArray(event.payload.committed))
      for (const uuid of event.payload.committed as string[]) if (!this.committedItems.includes(uuid)) this.committedItems.push(uuid);
    return seq;
  }

  /** Items committed so far, as a short stable text for task keys. */
  private committedKey(): string {
    return this.committedItems.join(',');
  }

  /**
   * A canonical text of everything that decides the rest of the run (layers, pending tasks,
   * workers, what the checkers will judge), with times relative to the next task's time, so
   * two schedules that differ only by a time shift of finished work meet in one state. See
   * stateHash.ts for what is abstracted and why it is sound up to the horizon.
   */
  stateText(horizonMs: number): string {
    const layers: Array<[string, 'calendar' | 'browser' | 'cache' | 'db', unknown]> = [];
    for (const [id, layer] of this.layers) {
      const kind = id.startsWith('calendar:') ? 'calendar' : id.startsWith('browser:') ? 'browser' : id.startsWith('cache:') ? 'cache' : 'db';
      layers.push([id, kind, layer.context()]);
    }
    return canonicalStateText({
      nowMs: this.scheduler.nowMs,
      epochMs: this.epochMs,
      horizonMs,
      tasks: this.scheduler.tasks,
      layers,
      sim: [
        this.phase,
        [...this.idleWorkers].sort((a, b) => a - b).join(','),
        String(this.lastWorker),
        String(this.nextRequest),
        [...this.shownMonth].map(([u, m]) => `${u}=${m}`).join(','),
        this.waitingKeys.join(';'),
        this.committedKey(),
        [...this.acks].sort().join(','),
        [...this.pageBusy].map(([u, tasks]) => `${u}:${tasks.map((t) => t.key).join(';')}`).join(','),
        [...this.lockWaiters].map(([tx, ws]) => `${tx}<-${ws.map((w) => w.key).join(';')}`).join(','),
      ],
    });
  }

  private latency(name: LatencyName, label: string, table = LATENCY): number {
    const range = table[name];
    let choice = LATENCY_CHOICES.get(range);
    if (!choice) {
      choice = { values: latencyValues(range), interesting: extremeIndices(range) };
      LATENCY_CHOICES.set(range, choice);
    }
    const { values, interesting } = choice;
    if (values.length === 1) return values[0];
    return values[this.chooser.choose({ kind: 'latency', label: `${name} ${label}`, options: values.length, interesting })];
  }

  // ---- scenario -----------------------------------------------------------------------------

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
      const key = `step:${index}`;
      this.scheduler.at(at, `user:${step.user}`, `${step.user} ${step.do}`, () => this.onPage(step.user, key, `${step.user} ${step.do}`, () => this.userAction(step)), key);
    }
  }

  /** After the script: once nothing is pending, every user reloads, so convergence can be judged. */
  settle(): void {
    this.scheduler.runUntilQuiet();
    const t = this.scheduler.nowMs + 1000;
    const users = this.scenario.users.filter((u) => this.shownMonth.has(u.name));
    this.phase = 'settle';
    let seq = -1;
    this.scheduler.at(
      t,
      'db',
      'settle',
      () => {
        // The committed rows at this instant: what every calendar must converge to.
        const rows = (this.view('db').rows as Array<{ uuid: string }>).map((r) => r.uuid);
        seq = this.record({ actor: 'db', type: 'sim.settle', causeId: null, label: 'the system is quiet: every user reloads the page (convergence check)', payload: { dbItems: rows } });
      },
      'settle',
    );
    this.scheduler.runUntilQuiet();
    // One user at a time, each once the previous reload is answered: reads only, so the order
    // changes nothing the check judges, and the explorer need not interleave them.
    for (const [i, u] of users.entries()) {
      this.phase = `settle reload ${i + 1} of ${users.length}`;
      this.scheduler.at(this.scheduler.nowMs, `user:${u.name}`, `${u.name} reloads (settle)`, () => this.reload(u.name, seq), `settle-reload:${u.name}`);
      this.scheduler.runUntilQuiet();
    }
  }

  private userAction(step: ScenarioStep): void {
    const user = step.user;
    const actor = `user:${user}`;
    switch (step.do) {
      case 'open': {
        const seq = this.record({ actor, type: 'user.open', causeId: null, label: `${user} opens the calendar on ${step.month}`, payload: { month: step.month } });
        this.openCalendar(user, step.month, seq);
        return;
      }
      case 'navigate': {
        const seq = this.record({ actor, type: 'user.navigate', causeId: null, label: `${user} navigates to ${step.month}`, payload: { month: step.month } });
        this.shownMonth.set(user, step.month);
        const reply = this.send(`calendar:${user}`, { type: 'calendar.navigate', month: step.month }) as { fetch: FetchInfo | null };
        const s2 = this.render(user, seq, `navigated to ${step.month}`);
        if (reply.fetch) this.startFeedFetch(user, reply.fetch, s2);
        else this.record({ actor: `calendar:${user}`, type: 'calendar.noFetch', causeId: s2, label: 'lazyFetching: the range is inside the last fetched range, no fetch' });
        return;
      }
      case 'reload': {
        const seq = this.record({ actor, type: 'user.reload', causeId: null, label: `${user} reloads the page (F5)` });
        this.reload(user, seq);
        return;
      }
      case 'refetch': {
        const seq = this.record({ actor, type: 'user.refetch', causeId: null, label: `${user}'s page calls calendar.refetchEvents()` });
        this.refetch(user, seq);
        return;
      }
      case 'delete': {
        const item = this.scenario.items.find((i) => i.uuid === step.item);
        const seq = this.record({
          actor,
          type: 'user.delete',
          causeId: null,
          label: `${user} clicks Delete on "${item?.title ?? step.item}"`,
          payload: { item: step.item },
        });
        this.deleteItem(user, step.item, seq);
        return;
      }
    }
  }

  private openCalendar(user: string, month: string, cause: number, why = `opened on ${month}`): void {
    this.shownMonth.set(user, month);
    const reply = this.send(`calendar:${user}`, { type: 'calendar.open', month }) as { fetch: FetchInfo | null };
    const seq = this.render(user, cause, why, true);
    if (reply.fetch) this.startFeedFetch(user, reply.fetch, seq);
  }

  private reload(user: string, cause: number): void {
    this.send(`calendar:${user}`, { type: 'calendar.reload' });
    this.openCalendar(user, this.shownMonth.get(user)!, cause, 'page reloaded: FullCalendar starts empty');
  }

  private refetch(user: string, cause: number): void {
    const reply = this.send(`calendar:${user}`, { type: 'calendar.refetchEvents' }) as { fetch: FetchInfo | null };
    const seq = this.record({ actor: `calendar:${user}`, type: 'calendar.refetchEvents', causeId: cause, label: 'calendar.refetchEvents()', after: [`calendar:${user}`] });
    if (reply.fetch) this.startFeedFetch(user, reply.fetch, seq);
  }

  /** A render of the user's calendar: what the user sees now. */
  private render(user: string, cause: number, why: string, transient = false): number {
    const view = this.view(`calendar:${user}`);
    const events = (view.events as Array<{ id: string }>) ?? [];
    const ids = events.map((e) => e.id);
    const items = this.itemUuids.filter((uuid) => ids.some((id) => id.includes(uuid)));
    return this.record({
      actor: `calendar:${user}`,
      type: 'calendar.render',
      causeId: cause,
      label: `render (${why}): ${ids.length} event(s)`,
      payload: {
        user,
        why,
        // Before its first fetch answers, a freshly opened or reloaded calendar is empty: not a verdict.
        transient,
        month: (view.month as string | null) ?? null,
        rangeStart: typeof view.startStr === 'string' ? view.startStr.slice(0, 10) : null,
        rangeEnd: typeof view.endStr === 'string' ? view.endStr.slice(0, 10) : null,
        eventIds: ids,
        items,
      },
      after: [`calendar:${user}`],
    });
  }

  // ---- the page: FullCalendar's events function and the fetch ------------------------------

  private startFeedFetch(user: string, fetch: FetchInfo, cause: number): void {
    const browser = `browser:${user}`;
    const calendar = `calendar:${user}`;
    const ff = feedFetch(fetch.startStr, fetch.endStr, this.config, this.epochMs + this.scheduler.nowMs);
    const s1 = this.record({
      actor: calendar,
      type: 'calendar.fetch',
      causeId: cause,
      label: `events function called (fetch #${fetch.fetchId}): fetch('${ff.url}')`,
      payload: { fetchId: fetch.fetchId, url: ff.url, requestHeaders: ff.headers, cacheMode: ff.cacheMode, startStr: fetch.startStr, endStr: fetch.endStr },
    });
    const lookup = this.send(browser, { type: 'http.lookup', url: ff.url, method: 'GET', requestHeaders: ff.headers, cacheMode: ff.cacheMode }) as
      | { kind: 'hit'; response: HttpResponse; ageMs: number; reason: string }
      | { kind: 'network'; conditionalHeaders: Record<string, string>; reason: string };
    const hit = lookup.kind === 'hit';
    const s2 = this.record({
      actor: browser,
      type: hit ? 'http.cacheHit' : 'http.cacheMiss',
      causeId: s1,
      from: calendar,
      label: hit ? `served from the browser cache: ${lookup.reason}` : `goes to the network: ${lookup.reason}`,
      payload: { url: ff.url, reason: lookup.reason, ...(hit ? { ageMs: lookup.ageMs } : {}) },
    });
    // What the checkers judge about this fetch: the items already committed when it started.
    const fetchKey = `${user}:${fetch.fetchId}:c=${this.committedKey()}`;
    const deliver = (response: HttpResponse, from: number): void => {
      const key = `parse:${fetchKey}:${response.status}:${JSON.stringify(response.body)}`;
      this.scheduler.after(
        this.latency('page.parse', user),
        calendar,
        'parse',
        () => this.onPage(user, key, 'parse', () => this.deliverFeed(user, fetch.fetchId, response, from)),
        key,
      );
    };
    if (hit) {
      deliver(lookup.response, s2);
      return;
    }
    const request: HttpRequest = { method: 'GET', url: ff.url, headers: { ...ff.headers, ...lookup.conditionalHeaders }, userId: this.userId(user) };
    this.exchange(user, request, s2, `feed:${fetchKey}:${ff.cacheMode}:${JSON.stringify(ff.headers)}`, (response, s3) => {
      const stored = this.send(browser, { type: 'http.store', url: ff.url, requestHeaders: ff.headers, cacheMode: ff.cacheMode, response }) as {
        stored: boolean;
        freshForMs: number;
        reason: string;
      };
      const s4 = this.record({
        actor: browser,
        type: 'http.store',
        causeId: s3,
        label: stored.stored ? `stored in the browser cache (fresh for ${stored.freshForMs} ms): ${stored.reason}` : stored.reason,
        payload: { url: ff.url, stored: stored.stored, freshForMs: stored.freshForMs, reason: stored.reason },
        after: [browser],
      });
      deliver(response, s4);
    });
  }

  private deliverFeed(user: string, fetchId: number, response: HttpResponse, cause: number): void {
    const calendar = `calendar:${user}`;
    if (response.status !== 200 || !Array.isArray(response.body)) {
      this.send(calendar, { type: 'calendar.fetchFailed', fetchId });
      this.record({ actor: calendar, type: 'calendar.fetchFailed', causeId: cause, label: `fetch #${fetchId} failed (HTTP ${response.status})`, payload: { fetchId } });
      return;
    }
    const events = response.body as JsonValue[];
    const { accepted } = this.send(calendar, { type: 'calendar.fetchSucceeded', fetchId, events }) as { accepted: boolean };
    if (!accepted) {
      this.record({
        actor: calendar,
        type: 'calendar.fetchIgnored',
        causeId: cause,
        label: `response of fetch #${fetchId} ignored: a newer fetch started since (latestFetchId)`,
        payload: { fetchId },
      });
      return;
    }
    const seq = this.record({ actor: calendar, type: 'calendar.fetchSucceeded', causeId: cause, label: `successCallback: fetch #${fetchId} replaces the source's events`, payload: { fetchId, eventIds: events.map((e) => (e as { id: string }).id) } });
    this.render(user, seq, `fetch #${fetchId} arrived`);
  }

  // ---- the delete: HTMX, the server, the HX-Trigger listener --------------------------------

  private deleteItem(user: string, uuid: string, cause: number): void {
    const calendar = `calendar:${user}`;
    const sendKey = `htmx:${user}:${uuid}`;
    this.scheduler.after(this.latency('htmx.send', user), calendar, 'htmx send', () => this.onPage(user, sendKey, 'htmx send', () => {
      const s1 = this.record({ actor: calendar, type: 'htmx.request', causeId: cause, label: `HTMX sends DELETE ${deletePath(uuid)}`, payload: { item: uuid } });
      const request: HttpRequest = { method: 'DELETE', url: deletePath(uuid), headers: { 'hx-request': 'true' }, userId: this.userId(user) };
      this.exchange(user, request, s1, `delete:${user}:${uuid}`, (response, s2) => {
        const key = `trigger:${user}:${response.status}:${response.headers['hx-trigger'] ?? ''}`;
        this.scheduler.after(
          this.latency('htmx.trigger', user),
          calendar,
          'htmx trigger',
          () => this.onPage(user, key, 'htmx trigger', () => this.onWorkItemDeleted(user, response, s2)),
          key,
        );
      });
    }), sendKey);
  }

  /** Runs a page task now or, while the user's workItemDeleted listener is running, right after it. */
  private onPage(user: string, key: string, label: string, run: () => void): void {
    const waiting = this.pageBusy.get(user);
    if (waiting) waiting.push({ key, label, run });
    else run();
  }

  private onWorkItemDeleted(user: string, response: HttpResponse, cause: number): void {
    const calendar = `calendar:${user}`;
    const trigger = response.headers['hx-trigger'];
    if (response.status !== 200 || !trigger) {
      this.record({ actor: calendar, type: 'htmx.error', causeId: cause, label: `DELETE answered HTTP ${response.status}: no workItemDeleted event` });
      return;
    }
    const detail = (JSON.parse(trigger) as { workItemDeleted: { id: string; title: string } }).workItemDeleted;
    const workItemId = String(detail.id);
    const tried = listenerIdCandidates(workItemId);
    let found: { id: string; instanceId: number } | null = null;
    for (const id of tried) {
      const { event } = this.send(calendar, { type: 'calendar.getEventById', id }) as { event: { id: string; instanceId: number } | null };
      if (event) {
        found = event;
        break;
      }
    }
    const s1 = this.record({
      actor: calendar,
      type: 'page.workItemDeleted',
      causeId: cause,
      label: found ? `workItemDeleted listener: getEventById found "${found.id}"` : `workItemDeleted listener: getEventById found none of ${tried.length} id formats`,
      payload: { item: workItemId, title: detail.title, tried, found: found ? found.id : null, user },
    });
    if (!this.acks.includes(`${user}:${workItemId}`)) this.acks.push(`${user}:${workItemId}`);
    // The rest of the listener (its refetchEvents() call) runs page.listener ms later, in the
    // same JavaScript task: the page is busy until then.
    const refetchLater = (from: number) => {
      this.pageBusy.set(user, []);
      this.scheduler.after(
        this.latency('page.listener', user),
        calendar,
        'listener refetch',
        () => {
          this.refetch(user, from);
          const waited = this.pageBusy.get(user) ?? [];
          this.pageBusy.delete(user);
          for (const w of waited) this.scheduler.after(0, calendar, w.label, () => this.onPage(user, w.key, w.label, w.run), w.key);
        },
        `listener:${user}`,
      );
    };
    if (found) {
      this.send(calendar, { type: 'calendar.removeEvent', instanceId: found.instanceId });
      const s2 = this.render(user, s1, `event.remove() of "${found.id}"`);
      if (this.config['page.onDeleted'] === 'remove-and-refetch') refetchLater(s2);
    } else {
      refetchLater(s1);
    }
  }

  // ---- network and workers ------------------------------------------------------------------

  private userId(user: string): string {
    return this.scenario.users.find((u) => u.name === user)!.userId;
  }

  /** Request over the network to an idle worker (gunicorn sync workers: one request each), and back. */
  private exchange(user: string, request: HttpRequest, cause: number, what: string, onResponse: (r: HttpResponse, seq: number) => void): void {
    const browser = `browser:${user}`;
    const requestId = `r${this.nextRequest++}`;
    // `what` names the page code waiting for the answer (a feed fetch, an HTMX delete).
    const requestKey = `${requestId}:${request.method} ${request.url}:${JSON.stringify(request.headers)}:${what}`;
    const s1 = this.record({ actor: 'network', type: 'http.send', causeId: cause, from: browser, label: `${request.method} ${request.url} leaves ${user}'s browser`, payload: { requestId, method: request.method, url: request.url, headers: request.headers } });
    this.scheduler.after(this.latency('net.request', requestId), 'network', `${requestId} arrives`, () => {
      const dispatch = () => {
        const w = this.pickWorker(requestId);
        // What the checkers judge about this request: the items already committed when the worker took it.
        const programKey = `${requestKey}:w${w}:c=${this.committedKey()}`;
        const worker = `worker:${w}`;
        const s2 = this.record({ actor: worker, type: 'http.request', causeId: s1, from: 'network', label: `worker ${w} handles ${request.method} ${request.url}`, payload: { requestId, method: request.method, url: request.url, headers: request.headers, user } });
        const rc: RequestContext = { config: this.config, today: this.scenario.today, epochMs: this.epochMs, requestId, nowMs: () => this.scheduler.nowMs, txId: null, onCommit: new Map() };
        const program = this.scenario.app ? handleUserRequest(request, rc, this.scenario.app) : handleRequest(request, rc);
        this.runProgram(program, w, s2, programKey, (response, s3) => {
          const items = this.itemsIn(response.body);
          const s4 = this.record({
            actor: 'network',
            type: 'http.respond',
            causeId: s3,
            from: worker,
            label: `worker ${w} answers ${response.status} to ${request.method} ${request.url.split('?')[0]}`,
            payload: { requestId, method: request.method, status: response.status, headers: response.headers, items },
          });
          this.releaseWorker(w);
          this.scheduler.after(
            this.latency('net.response', requestId),
            browser,
            `${requestId} response`,
            () => {
              const s5 = this.record({ actor: browser, type: 'http.response', causeId: s4, from: 'network', label: `${user}'s browser receives ${response.status} for ${request.method} ${request.url.split('?')[0]}`, payload: { requestId, method: request.method, status: response.status, headers: response.headers, items } });
              onResponse(response, s5);
            },
            `response:${requestKey}:${response.status}:${JSON.stringify(headersThatMatter(response.headers))}:${JSON.stringify(response.body)}`,
          );
        });
      };
      if (this.idleWorkers.length) dispatch();
      else {
        this.record({ actor: 'network', type: 'http.queued', causeId: s1, label: `${requestId} waits: every worker is busy`, payload: { requestId } });
        this.waiting.push(dispatch);
        this.waitingKeys.push(requestKey);
      }
    }, `arrive:${requestKey}`);
  }

  /** gunicorn: any idle worker accepts the connection; nominally the next one round-robin. */
  private pickWorker(requestId: string): number {
    const idle = [...this.idleWorkers].sort((a, b) => a - b);
    const start = idle.findIndex((w) => w > this.lastWorker);
    const ordered = start < 0 ? idle : [...idle.slice(start), ...idle.slice(0, start)];
    const i = ordered.length > 1 ? this.chooser.choose({ kind: 'route', label: `route ${requestId}`, options: ordered.length }) : 0;
    const w = ordered[i];
    this.idleWorkers.splice(this.idleWorkers.indexOf(w), 1);
    this.lastWorker = w;
    return w;
  }

  private releaseWorker(w: number): void {
    this.idleWorkers.push(w);
    const next = this.waiting.shift();
    this.waitingKeys.shift();
    if (next) next();
  }

  private cacheFor(worker: number): string {
    return this.config['deploy.cacheBackend'] === 'redis' ? 'cache:redis' : `cache:${worker}`;
  }

  private itemsIn(body: JsonValue): string[] {
    if (!Array.isArray(body)) return [];
    return this.itemUuids.filter((uuid) => body.some((e) => typeof e === 'object' && e !== null && String((e as { id?: unknown }).id).includes(uuid)));
  }

  /** Runs a view program: each yielded operation takes its latency, then runs atomically. */
  private runProgram<R>(program: ViewProgram<R>, worker: number, cause: number, programKey: string, done: (result: R, seq: number) => void): void {
    // The generator's position is decided by the request and the replies it was fed: both go
    // into each step's task key, so the state hash can tell two positions apart.
    let trail = '';
    let steps = 0;
    const advance = (input: unknown, from: number): void => {
      if (steps++ > 0) trail += `|${input === undefined ? '-' : JSON.stringify(input)}`;
      const next = program.next(input);
      if (next.done) {
        done(next.value, from);
        return;
      }
      const op = next.value;
      const delay = this.latency(op.latency, `worker:${worker}`);
      const target = op.layer === 'cache' ? this.cacheFor(worker) : op.layer === 'db' ? 'db' : `worker:${worker}`;
      // READ COMMITTED: a statement sees the rows committed before it began, so a read takes its
      // snapshot now and hands it over when the statement finishes (FACTS section 4).
      const snapshotAtMs = this.scheduler.nowMs;
      const snapshot = op.layer === 'db' && READ_STATEMENTS.has(op.event.type) ? this.send('db', op.event as never) : undefined;
      const key = `op:${programKey}:${trail}:${opLabel(op)}${snapshot === undefined ? '' : `:${JSON.stringify(snapshot)}`}`;
      const run = (): void => {
        const [reply, seq] =
          snapshot !== undefined && op.layer === 'db' ? [snapshot, this.recordDb(op.event, snapshot, worker, from, snapshotAtMs)] : this.perform(op, worker, from);
        if (op.layer === 'db' && typeof (reply as Reply).waitFor === 'string') {
          // A row (PostgreSQL) or the write lock (SQLite) is held: run the statement again when that transaction ends.
          const txId = (reply as Reply).waitFor as string;
          this.lockWaiters.set(txId, [...(this.lockWaiters.get(txId) ?? []), { key: `wait:${key}`, retry: run }]);
          return;
        }
        if (op.layer === 'db' && (op.event.type === 'db.commit' || op.event.type === 'db.rollback')) this.wakeLockWaiters(op.event.txId);
        advance(reply, seq);
      };
      this.scheduler.after(delay, target, opLabel(op), run, key);
    };
    advance(undefined, cause);
  }

  /** The transaction ended: the statements waiting for its locks run again now, in the order they began waiting. */
  private wakeLockWaiters(txId: string): void {
    const waiters = this.lockWaiters.get(txId);
    if (!waiters) return;
    this.lockWaiters.delete(txId);
    for (const w of waiters) this.scheduler.after(0, 'db', 'lock released', w.retry, w.key);
  }

  /** A statement's trace event, at its end; a read also says when its snapshot was taken. */
  private recordDb(event: Extract<Op, { layer: 'db' }>['event'], reply: Reply, worker: number, cause: number, snapshotAtMs: number | null): number {
    const payload = dbPayload(event, reply);
    let label = describeDb(event, reply, this.itemUuids);
    if (snapshotAtMs !== null) {
      payload.snapshotAtMs = snapshotAtMs;
      if (snapshotAtMs !== this.scheduler.nowMs) label += `, as committed at ${snapshotAtMs} ms (when it began)`;
    }
    return this.record({ actor: 'db', type: event.type, causeId: cause, from: `worker:${worker}`, label, payload, after: ['db'] });
  }

  private perform(op: Op, worker: number, cause: number): [unknown, number] {
    const from = `worker:${worker}`;
    if (op.layer === 'cpu') {
      return [undefined, this.record({ actor: from, type: 'view.step', causeId: cause, label: op.step, payload: { step: op.step } })];
    }
    if (op.layer === 'db') {
      const reply = this.send('db', op.event as never);
      return [reply, this.recordDb(op.event, reply, worker, cause, null)];
    }
    const cache = this.cacheFor(worker);
    if ('batch' in op) {
      const deleted: string[] = [];
      for (const ev of op.batch) {
        const r = this.send(cache, ev as never) as { deleted?: boolean };
        if (r.deleted) deleted.push((ev as { key: string }).key);
      }
      const keys = op.batch.map((e) => (e as { key: string }).key);
      const seq = this.record({
        actor: cache,
        type: 'cache.deleteMany',
        causeId: cause,
        from,
        label: `${op.label}: ${keys.length} cache.delete calls, ${deleted.length} key(s) existed`,
        payload: { keys, deleted },
        after: [cache],
      });
      return [undefined, seq];
    }
    const reply = this.send(cache, op.event as never);
    const seq = this.record({ actor: cache, type: op.event.type, causeId: cause, from, label: describeCache(op.event, reply, this.itemUuids), payload: cachePayload(op.event, reply, this.itemUuids), after: [cache] });
    return [reply, seq];
  }
}

/**
 * An answer's headers as far as its future goes: an answer with `no-store` is never written to
 * the browser cache, so its Date and Expires (wall-clock times, which differ between runs shifted
 * in time) cannot change anything; any other answer keeps them, since freshness is computed from them.
 */
function headersThatMatter(headers: Record<string, string>): Record<string, string> {
  if (!/(^|[\s,])no-store([\s,]|$)/i.test(headers['cache-control'] ?? '')) return headers;
  const { date: _date, expires: _expires, ...rest } = headers;
  return rest;
}

/** The jitter offsets the explorer tries: 0, the maximum, and ones between at least 10 ms apart (at most 11). */
export function jitterGrid(jitterMs: number): number[] {
  const step = Math.max(10, Math.ceil(jitterMs / 10));
  const grid: number[] = [];
  for (let v = 0; v < jitterMs; v += step) grid.push(v);
  grid.push(jitterMs);
  return grid;
}

function opLabel(op: Op): string {
  if (op.layer === 'cpu') return op.step;
  if ('batch' in op) return op.label;
  return op.event.type;
}

function itemsInValue(value: unknown, uuids: string[]): string[] {
  if (!Array.isArray(value)) return [];
  return uuids.filter((uuid) => value.some((e) => typeof e === 'object' && e !== null && String((e as { id?: unknown }).id).includes(uuid)));
}

function describeCache(ev: { type: string; key: string }, reply: Reply, uuids: string[]): string {
  switch (ev.type) {
    case 'cache.get':
      if (!reply.hit) return `cache.get ${ev.key}: miss${reply.expired ? ' (expired)' : ''}`;
      return Array.isArray(reply.value) ? `cache.get ${ev.key}: hit (${itemsInValue(reply.value, uuids).length} item(s))` : `cache.get ${ev.key}: hit = ${JSON.stringify(reply.value)}`;
    case 'cache.set': {
      const culled = (reply.culled as string[] | undefined) ?? [];
      return `cache.set ${ev.key}${culled.length ? `, culled ${culled.length} LRU key(s) first` : ''}`;
    }
    case 'cache.incr':
      return 'error' in reply ? `cache.incr ${ev.key}: ValueError` : `cache.incr ${ev.key} -> ${String(reply.value)}`;
    case 'cache.add':
      return `cache.add ${ev.key}: ${reply.added ? 'added' : 'already there'}`;
    default:
      return `${ev.type} ${ev.key}`;
  }
}

function cachePayload(ev: Record<string, unknown>, reply: Reply, uuids: string[]): JsonObject {
  const p: JsonObject = { key: ev.key as string };
  if (ev.type === 'cache.get') {
    p.hit = Boolean(reply.hit);
    p.items = itemsInValue(reply.value, uuids);
    if (!Array.isArray(reply.value)) p.value = (reply.value as JsonValue) ?? null;
  }
  if (ev.type === 'cache.set' || ev.type === 'cache.add') {
    p.items = itemsInValue(ev.value, uuids);
    if (!Array.isArray(ev.value)) p.value = ev.value as JsonValue;
    p.timeoutS = (ev.timeoutS as number | null | undefined) ?? null;
    p.culled = (reply.culled as string[] | undefined) ?? [];
  }
  if (ev.type === 'cache.incr') p.result = 'error' in reply ? 'ValueError' : (reply.value as number);
  return p;
}

function describeDb(ev: Record<string, unknown>, reply: Reply, uuids: string[]): string {
  const tx = ev.txId ? ` in transaction ${String(ev.txId)}` : ' (autocommit)';
  if (typeof reply.waitFor === 'string') return `${String(ev.type).replace('db.', '')}${tx} waits for ${reply.waitFor}'s lock`;
  if (typeof reply.error === 'string') return `${String(ev.type).replace('db.', '')}${tx}: OperationalError: ${reply.error}`;
  switch (ev.type) {
    case 'db.query': {
      const rows = reply.rows as Array<{ uuid: string }>;
      return `SELECT work items of user ${String(ev.userId)} in [${String(ev.rangeStart)}, ${String(ev.rangeEnd)})${tx}: ${rows.length} row(s)`;
    }
    case 'db.get':
      return `get_object_or_404 ${String(ev.uuid)}${tx}: ${reply.row ? 'found' : 'not found'}`;
    case 'db.delete':
      return `DELETE work item ${String(ev.uuid)}${tx}${ev.txId ? ': invisible to others until COMMIT' : ': committed'}`;
    case 'db.commit':
      return `COMMIT ${String(ev.txId)}`;
    case 'db.rollback':
      return `ROLLBACK ${String(ev.txId)}`;
    case 'db.begin':
      return `BEGIN ${String(ev.txId)}`;
    case 'db.onCommit':
      return reply.runNow ? 'transaction.on_commit: autocommit, runs now' : 'transaction.on_commit: deferred to COMMIT';
    case 'db.getVersion':
      return `read version ${String(ev.key)}${tx} = ${String(reply.value)}`;
    case 'db.incrementVersion':
      return `UPDATE version ${String(ev.key)} = ${String(reply.value)}${tx}`;
    default:
      void uuids;
      return String(ev.type);
  }
}

function dbPayload(ev: Record<string, unknown>, reply: Reply): JsonObject {
  const p: JsonObject = {};
  for (const [k, v] of Object.entries(ev)) if (k !== 'type') p[k] = (v as JsonValue) ?? null;
  if (typeof reply.waitFor === 'string' || typeof reply.error === 'string') {
    if (typeof reply.waitFor === 'string') p.waitFor = reply.waitFor;
    else p.error = reply.error as string;
    return p;
  }
  if (ev.type === 'db.query') p.rows = (reply.rows as Array<{ uuid: string }>).map((r) => r.uuid);
  if (ev.type === 'db.get') p.found = Boolean(reply.row);
  if (ev.type === 'db.delete') {
    p.deleted = reply.deleted as number;
    // What became visible to everybody at this instant.
    p.committed = !ev.txId && reply.deleted ? [ev.uuid as string] : [];
  }
  if (ev.type === 'db.commit') {
    p.callbacks = (reply.callbacks as string[]) ?? [];
    p.committed = (reply.committed as string[]) ?? [];
  }
  if (ev.type === 'db.getVersion' || ev.type === 'db.incrementVersion') p.value = reply.value as number;
  return p;
}
