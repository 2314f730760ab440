// The page: what each user's browser tab does. FullCalendar calls the page's events function
// (src/app/pageScript.ts), whose fetch goes through the browser's HTTP cache and maybe the network;
// the answer is parsed and handed to successCallback; HTMX sends the DELETE and fires the
// HX-Trigger event, which runs the page's workItemDeleted listener (src/app/pageScript.ts). This
// file performs the calls those scripts yield. Page work runs on one main thread: while the
// listener runs, other page jobs wait for it (SimState.pageBusy).
import { browserId, calendarId, userActorId } from './actorIds';
import { appended } from './appended';
import { listenerIdCandidates } from '../../src/app/calendarEvents';
import { eventsFunction, workItemDeletedListener, type PageCall } from '../../src/app/pageScript';
import { deletePath, type HttpRequest, type HttpResponse } from '../../src/app/http';
import { firstItemNamed, itemsNamed } from './itemsNamed';
import { onWriteTrigger, postWrite, writeItem } from './pageWrites';
import { CALENDAR_PAGE_PATH, scriptPaths } from '../../src/app/calendarPageView';
import { NO_FILTER, type FeedFilter } from '../../src/app/calendarPage';
import type { ScenarioStep } from '../scenarios/types';
import type { Simulation } from '../simulation';
import { exchange } from './server';
import type { PageJob, RequestThen } from './state';
import type { JsonObject } from '../../src/json';

interface FetchInfo {
  fetchId: number;
  startStr: string;
  endStr: string;
}

/** The label of a page job's task. */
export function pageJobLabel(sim: Simulation, user: string, job: PageJob): string {
  switch (job.kind) {
    case 'step': {
      const step = sim.scenario.steps[job.index];
      return `${step.user} ${step.do}`;
    }
    case 'parse':
      return 'parse';
    case 'htmxSend':
      return 'htmx send';
    case 'htmxTrigger':
    case 'htmxWriteTrigger':
      return 'htmx trigger';
    case 'htmxPost':
      return 'htmx post';
    case 'calendarStart':
      return 'FullCalendar starts';
  }
  void user;
}

function busyJobs(sim: Simulation, user: string): PageJob[] | undefined {
  return sim.state.pageBusy.find(([u]) => u === user)?.[1];
}

/** Runs a page job now or, while the user's workItemDeleted listener is running, right after it. */
export function onPage(sim: Simulation, user: string, job: PageJob): void {
  const busy = sim.state.pageBusy;
  const i = busy.findIndex(([u]) => u === user);
  if (i >= 0) {
    sim.state.pageBusy = busy.map((entry, k) => (k === i ? [user, [...entry[1], job]] : entry));
    return;
  }
  switch (job.kind) {
    case 'step':
      userAction(sim, sim.scenario.steps[job.index]);
      return;
    case 'parse':
      deliverFeed(sim, user, job);
      return;
    case 'htmxSend':
      sendDelete(sim, user, job.uuid, job.cause);
      return;
    case 'htmxTrigger':
      onWorkItemDeleted(sim, user, job.response, job.cause);
      return;
    case 'htmxPost':
      postWrite(sim, user, job);
      return;
    case 'htmxWriteTrigger':
      onWriteTrigger(sim, user, job);
      return;
    case 'calendarStart':
      if (job.isReload) reload(sim, user, job.cause);
      else openCalendar(sim, user, job.month, job.cause);
      return;
  }
}

/** How long before the step's time a page load starts, so FullCalendar still starts at the step's time when no worker is busy. */
export const PAGE_LOAD_LEAD_MS = 60;

export function pageLoadLeadMs(step: ScenarioStep, config: Simulation['config']): number {
  return config['page.loadRequests'] && (step.do === 'open' || step.do === 'reload') ? PAGE_LOAD_LEAD_MS : 0;
}

/**
 * A page load (FACTS section 6): the page request, then one request per script file (unless a CDN
 * or whitenoise serves them), one after another in document order, each through a worker like any
 * other request; FullCalendar starts once the scripts are in, and not before `startAtMs`.
 */
export function loadPage(sim: Simulation, user: string, month: string, cause: number, startAtMs: number, isReload: boolean): void {
  setShownMonth(sim, user, month);
  if (!sim.config['page.loadRequests']) {
    if (isReload) reload(sim, user, cause);
    else openCalendar(sim, user, month, cause);
    return;
  }
  const page: HttpRequest = { method: 'GET', url: `${CALENDAR_PAGE_PATH}?month=${month}`, headers: {}, userId: userIdOf(sim, user) };
  exchange(sim, user, page, cause, { kind: 'page', month, isReload, startAtMs });
}

function userIdOf(sim: Simulation, user: string): string {
  return sim.scenario.users.find((u) => u.name === user)!.userId;
}

/** The page or a script file arrived: request the next script, or start FullCalendar. */
function pageLoadAnswer(sim: Simulation, user: string, then: Extract<RequestThen, { kind: 'page' | 'script' }>, cause: number): void {
  const scripts = sim.config['deploy.staticFiles'] === 'django' ? scriptPaths(sim.config['page.scriptFiles']) : [];
  const index = then.kind === 'page' ? 0 : then.index + 1;
  if (index < scripts.length) {
    const request: HttpRequest = { method: 'GET', url: scripts[index], headers: {}, userId: userIdOf(sim, user) };
    exchange(sim, user, request, cause, { kind: 'script', index, month: then.month, isReload: then.isReload, startAtMs: then.startAtMs });
    return;
  }
  const job: PageJob = { kind: 'calendarStart', user, month: then.month, isReload: then.isReload, cause };
  sim.scheduler.after(Math.max(0, then.startAtMs - sim.scheduler.nowMs), calendarId(user), 'FullCalendar starts', { kind: 'page', user, job });
}

function setShownMonth(sim: Simulation, user: string, month: string): void {
  const shown = sim.state.shownMonth;
  const i = shown.findIndex(([u]) => u === user);
  sim.state.shownMonth = i >= 0 ? shown.map((e, k) => (k === i ? [user, month] : e)) : appended(shown, [user, month]);
}

export function shownMonthOf(sim: Simulation, user: string): string | undefined {
  return sim.state.shownMonth.find(([u]) => u === user)?.[1];
}

function userAction(sim: Simulation, step: ScenarioStep): void {
  const user = step.user;
  const actor = userActorId(user);
  switch (step.do) {
    case 'open': {
      const seq = sim.record({ actor, type: 'user.open', causeId: null, label: `${user} opens the calendar on ${step.month}`, payload: { month: step.month } });
      loadPage(sim, user, step.month, seq, sim.scheduler.nowMs + pageLoadLeadMs(step, sim.config), false);
      return;
    }
    case 'navigate': {
      const seq = sim.record({ actor, type: 'user.navigate', causeId: null, label: `${user} navigates to ${step.month}`, payload: { month: step.month } });
      // FullCalendar's navigation does not change the page's URL: a reload opens the page's month again.
      const reply = sim.send(calendarId(user), { type: 'calendar.navigate', month: step.month }) as { fetch: FetchInfo | null };
      const s2 = render(sim, user, seq, `navigated to ${step.month}`);
      if (reply.fetch) startFeedFetch(sim, user, reply.fetch, s2);
      else sim.record({ actor: calendarId(user), type: 'calendar.noFetch', causeId: s2, label: 'lazyFetching: the range is inside the last fetched range, no fetch' });
      return;
    }
    case 'reload': {
      const seq = sim.record({ actor, type: 'user.reload', causeId: null, label: `${user} reloads the page (F5)` });
      loadPage(sim, user, shownMonthOf(sim, user)!, seq, sim.scheduler.nowMs + pageLoadLeadMs(step, sim.config), true);
      return;
    }
    case 'refetch': {
      const seq = sim.record({ actor, type: 'user.refetch', causeId: null, label: `${user}'s page calls calendar.refetchEvents()` });
      refetch(sim, user, seq);
      return;
    }
    case 'delete': {
      const item = sim.scenario.items.find((i) => i.uuid === step.item);
      const seq = sim.record({ actor, type: 'user.delete', causeId: null, label: `${user} clicks Delete on "${item?.title ?? step.item}"`, payload: { item: step.item } });
      deleteItem(sim, user, step.item, seq);
      return;
    }
    case 'create':
    case 'edit':
      writeItem(sim, step);
      return;
    case 'filter': {
      const what = [step.workType === null ? 'all work types' : `work type ${step.workType}`, step.status === null ? 'all statuses' : `status ${step.status}`].join(', ');
      const seq = sim.record({ actor, type: 'user.filter', causeId: null, label: `${user} filters the calendar: ${what}`, payload: { workType: step.workType, status: step.status } });
      setFilter(sim, user, { workType: step.workType, status: step.status });
      // The filter form's change handler: calendar.refetchEvents(), whose events function sends the new filter.
      refetch(sim, user, seq);
      return;
    }
  }
}

function openCalendar(sim: Simulation, user: string, month: string, cause: number, why = `opened on ${month}`): void {
  setShownMonth(sim, user, month);
  const reply = sim.send(calendarId(user), { type: 'calendar.open', month }) as { fetch: FetchInfo | null };
  const seq = render(sim, user, cause, why, true);
  if (reply.fetch) startFeedFetch(sim, user, reply.fetch, seq);
}

/** The user's page filter now (none: all items). */
export function filterOf(sim: Simulation, user: string): FeedFilter {
  return sim.state.filters.find(([u]) => u === user)?.[1] ?? NO_FILTER;
}

function setFilter(sim: Simulation, user: string, filter: FeedFilter): void {
  const rest = sim.state.filters.filter(([u]) => u !== user);
  sim.state.filters = filter.workType === null && filter.status === null ? rest : appended(rest, [user, filter]);
}

export function reload(sim: Simulation, user: string, cause: number): void {
  sim.send(calendarId(user), { type: 'calendar.reload' });
  // A new page: its filter form starts at "all".
  setFilter(sim, user, NO_FILTER);
  openCalendar(sim, user, shownMonthOf(sim, user)!, cause, 'page reloaded: FullCalendar starts empty');
}

export function refetch(sim: Simulation, user: string, cause: number): void {
  const reply = sim.send(calendarId(user), { type: 'calendar.refetchEvents' }) as { fetch: FetchInfo | null };
  const seq = sim.record({ actor: calendarId(user), type: 'calendar.refetchEvents', causeId: cause, label: 'calendar.refetchEvents()', after: [calendarId(user)] });
  if (reply.fetch) startFeedFetch(sim, user, reply.fetch, seq);
}

/** A render of the user's calendar: what the user sees now. */
export function render(sim: Simulation, user: string, cause: number, why: string, transient = false): number {
  const view = sim.view(calendarId(user));
  const events = (view.events as Array<{ id: string; title: string; start: string; end: string | null }>) ?? [];
  const ids = events.map((e) => e.id);
  const items = itemsNamed(sim.itemUuids, ids);
  // What each shown event says about its item (title, all-day start, exclusive end): the read-your-writes checks compare it.
  // Simulation.bodyItems builds the same entries from a feed answer's JSON. Written out in both: one
  // helper for the two cost check 0.2-0.5% more instructions (cachegrind, 3000 schedules).
  const shown: JsonObject[] = [];
  for (const e of events) {
    const item = firstItemNamed(sim.itemUuids, e.id);
    if (item !== undefined) shown.push({ item, title: e.title, start: e.start.slice(0, 10), end: e.end === null ? null : e.end.slice(0, 10) });
  }
  return sim.record({
    actor: calendarId(user),
    type: 'calendar.render',
    causeId: cause,
    label: sim.lean ? '' : `render (${why}): ${ids.length} event(s)`,
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
      shown,
      // The page's filter: items it leaves out are not missing.
      filter: { workType: filterOf(sim, user).workType, status: filterOf(sim, user).status },
    },
    after: [calendarId(user)],
  });
}

// ---- FullCalendar's events function and the fetch -------------------------------------------

function startFeedFetch(sim: Simulation, user: string, fetch: FetchInfo, cause: number): void {
  const browser = browserId(user);
  const calendar = calendarId(user);
  const wallClockMs = sim.epochMs + sim.scheduler.nowMs;
  const ff = eventsFunction(fetch, sim.config, wallClockMs, filterOf(sim, user)).next().value as Extract<PageCall, { call: 'fetch' }>;
  const info: FetchCall = { fetchId: fetch.fetchId, startStr: fetch.startStr, endStr: fetch.endStr, wallClockMs };
  const s1 = sim.record({
    actor: calendar,
    type: 'calendar.fetch',
    causeId: cause,
    label: sim.lean ? '' : `events function called (fetch #${fetch.fetchId}): fetch('${ff.url}')`,
    payload: { fetchId: fetch.fetchId, url: ff.url, requestHeaders: ff.headers, cacheMode: ff.cacheMode, startStr: fetch.startStr, endStr: fetch.endStr },
  });
  const lookup = sim.send(browser, { type: 'http.lookup', url: ff.url, method: 'GET', requestHeaders: ff.headers, cacheMode: ff.cacheMode }) as
    | { kind: 'hit'; response: HttpResponse; ageMs: number; reason: string }
    | { kind: 'network'; conditionalHeaders: Record<string, string>; reason: string };
  const hit = lookup.kind === 'hit';
  const s2 = sim.record({
    actor: browser,
    type: hit ? 'http.cacheHit' : 'http.cacheMiss',
    causeId: s1,
    from: calendar,
    label: hit ? `served from the browser cache: ${lookup.reason}` : `goes to the network: ${lookup.reason}`,
    payload: { url: ff.url, reason: lookup.reason, ...(hit ? { ageMs: lookup.ageMs } : {}) },
  });
  // What the checkers judge about this fetch: the items already committed when it started.
  const committed = sim.committedKey();
  if (hit) {
    scheduleParse(sim, user, info, committed, lookup.response, s2);
    return;
  }
  const request: HttpRequest = { method: 'GET', url: ff.url, headers: { ...ff.headers, ...lookup.conditionalHeaders }, userId: sim.userId(user) };
  exchange(sim, user, request, s2, { kind: 'feed', fetchId: info.fetchId, startStr: info.startStr, endStr: info.endStr, wallClockMs: info.wallClockMs, url: ff.url, requestHeaders: ff.headers, cacheMode: ff.cacheMode, committed });
}

/** One call of the events function: which fetch, its range, and the page's clock when it was called. */
type FetchCall = { fetchId: number; startStr: string; endStr: string; wallClockMs: number };

function scheduleParse(sim: Simulation, user: string, info: FetchCall, committed: string, response: HttpResponse, cause: number): void {
  sim.scheduler.after(sim.latency('page.parse', user), calendarId(user), 'parse', { kind: 'page', user, job: { kind: 'parse', user, fetchId: info.fetchId, startStr: info.startStr, endStr: info.endStr, wallClockMs: info.wallClockMs, committed, response, cause } });
}

/** A request's answer reached the browser: the fetch stores and parses it, HTMX fires its trigger. */
export function receiveAnswer(sim: Simulation, user: string, then: RequestThen, response: HttpResponse, cause: number): void {
  const browser = browserId(user);
  if (then.kind === 'delete') {
    sim.scheduler.after(sim.latency('htmx.trigger', user), calendarId(user), 'htmx trigger', { kind: 'page', user, job: { kind: 'htmxTrigger', user, response, cause } });
    return;
  }
  if (then.kind === 'write') {
    sim.scheduler.after(sim.latency('htmx.trigger', user), calendarId(user), 'htmx trigger', { kind: 'page', user, job: { kind: 'htmxWriteTrigger', user, write: then.write, uuid: then.uuid, response, cause } });
    return;
  }
  if (then.kind === 'page' || then.kind === 'script') {
    pageLoadAnswer(sim, user, then, cause);
    return;
  }
  const stored = sim.send(browser, { type: 'http.store', url: then.url, requestHeaders: then.requestHeaders, cacheMode: then.cacheMode, response }) as { stored: boolean; freshForMs: number; reason: string };
  const s4 = sim.record({
    actor: browser,
    type: 'http.store',
    causeId: cause,
    label: stored.stored ? `stored in the browser cache (fresh for ${stored.freshForMs} ms): ${stored.reason}` : stored.reason,
    payload: { url: then.url, stored: stored.stored, freshForMs: stored.freshForMs, reason: stored.reason },
    after: [browser],
  });
  scheduleParse(sim, user, then, then.committed, response, s4);
}

/** The answer is parsed: the events function, rebuilt and handed its fetch's answer, calls back. */
function deliverFeed(sim: Simulation, user: string, job: Extract<PageJob, { kind: 'parse' }>): void {
  const { fetchId, response, cause } = job;
  const calendar = calendarId(user);
  const script = eventsFunction(job, sim.config, job.wallClockMs);
  script.next();
  const callback = script.next(response).value as PageCall;
  if (callback.call === 'failureCallback') {
    sim.send(calendar, { type: 'calendar.fetchFailed', fetchId });
    sim.record({ actor: calendar, type: 'calendar.fetchFailed', causeId: cause, label: sim.lean ? '' : `fetch #${fetchId} failed (HTTP ${response.status})`, payload: { fetchId } });
    return;
  }
  const events = (callback as Extract<PageCall, { call: 'successCallback' }>).events;
  const { accepted } = sim.send(calendar, { type: 'calendar.fetchSucceeded', fetchId, events }) as { accepted: boolean };
  if (!accepted) {
    sim.record({ actor: calendar, type: 'calendar.fetchIgnored', causeId: cause, label: sim.lean ? '' : `response of fetch #${fetchId} ignored: a newer fetch started since (latestFetchId)`, payload: { fetchId } });
    return;
  }
  const seq = sim.record({ actor: calendar, type: 'calendar.fetchSucceeded', causeId: cause, label: sim.lean ? '' : `successCallback: fetch #${fetchId} replaces the source's events`, payload: { fetchId, eventIds: events.map((e) => (e as { id: string }).id) } });
  render(sim, user, seq, `fetch #${fetchId} arrived`);
}

// ---- the delete: HTMX, the HX-Trigger listener ----------------------------------------------

function deleteItem(sim: Simulation, user: string, uuid: string, cause: number): void {
  sim.scheduler.after(sim.latency('htmx.send', user), calendarId(user), 'htmx send', { kind: 'page', user, job: { kind: 'htmxSend', user, uuid, cause } });
}

function sendDelete(sim: Simulation, user: string, uuid: string, cause: number): void {
  const s1 = sim.record({ actor: calendarId(user), type: 'htmx.request', causeId: cause, label: sim.lean ? '' : `HTMX sends DELETE ${deletePath(uuid)}`, payload: { item: uuid } });
  const request: HttpRequest = { method: 'DELETE', url: deletePath(uuid), headers: { 'hx-request': 'true' }, userId: sim.userId(user) };
  exchange(sim, user, request, s1, { kind: 'delete', uuid });
}

function onWorkItemDeleted(sim: Simulation, user: string, response: HttpResponse, cause: number): void {
  const calendar = calendarId(user);
  const trigger = response.headers['hx-trigger'];
  if (response.status !== 200 || !trigger) {
    sim.record({ actor: calendar, type: 'htmx.error', causeId: cause, label: sim.lean ? '' : `DELETE answered HTTP ${response.status}: no workItemDeleted event` });
    return;
  }
  const detail = (JSON.parse(trigger) as { workItemDeleted: { id: string; title: string } }).workItemDeleted;
  const workItemId = String(detail.id);
  const script = workItemDeletedListener(workItemId, sim.config['page.onDeleted']);
  let next = script.next();
  let found: { id: string; instanceId: number } | null = null;
  while (!next.done && next.value.call === 'calendar.getEventById') {
    const reply = sim.send(calendar, { type: 'calendar.getEventById', id: next.value.id }) as { event: { id: string; instanceId: number } | null };
    found = reply.event;
    next = script.next(reply);
  }
  const tried = listenerIdCandidates(workItemId);
  const s1 = sim.record({
    actor: calendar,
    type: 'page.workItemDeleted',
    causeId: cause,
    label: found ? `workItemDeleted listener: getEventById found "${found.id}"` : `workItemDeleted listener: getEventById found none of ${tried.length} id formats`,
    payload: { item: workItemId, title: detail.title, tried, found: found ? found.id : null, user },
  });
  const ack = `${user}:${workItemId}`;
  if (!sim.state.acks.includes(ack)) sim.state.acks = appended(sim.state.acks, ack);
  let from = s1;
  for (; !next.done; next = script.next()) {
    const call = next.value;
    if (call.call === 'calendar.removeEvent') {
      sim.send(calendar, { type: 'calendar.removeEvent', instanceId: call.instanceId });
      from = render(sim, user, from, `event.remove() of "${call.id}"`);
    } else if (call.call === 'calendar.refetchEvents') {
      listenerRefetchLater(sim, user, from);
    } else throw new Error(`the workItemDeleted listener called ${call.call}, which a listener does not`);
  }
}

/**
 * A listener's refetchEvents() call runs page.listener ms later, in the same JavaScript task as
 * the rest of the listener: the page is busy until then.
 */
export function listenerRefetchLater(sim: Simulation, user: string, cause: number): void {
  const busy = sim.state.pageBusy;
  const i = busy.findIndex(([u]) => u === user);
  sim.state.pageBusy = i >= 0 ? busy.map((e, k) => (k === i ? [user, []] : e)) : appended(busy, [user, []]);
  sim.scheduler.after(sim.latency('page.listener', user), calendarId(user), 'listener refetch', { kind: 'listenerRefetch', user, cause });
}

/** The listener's refetchEvents(); then the page is free, and the jobs that waited run in order. */
export function listenerRefetch(sim: Simulation, user: string, cause: number): void {
  refetch(sim, user, cause);
  const waited = busyJobs(sim, user) ?? [];
  sim.state.pageBusy = sim.state.pageBusy.filter(([u]) => u !== user);
  for (const job of waited) sim.scheduler.after(0, calendarId(user), pageJobLabel(sim, user, job), { kind: 'page', user, job });
}
