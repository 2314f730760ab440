// The calendar page script under study (oobc_calendar.html), written as generators like the views:
// each yields one call into the page's APIs (FullCalendar's calendar object, fetch) and receives
// its result. The simulator decides when each call happens (sim/world/page.ts): FullCalendar calls
// run at once, a fetch goes through the browser's HTTP cache and maybe the network, and the
// listener's refetchEvents() comes page.listener ms into the same JavaScript task.
import type { Config } from '../config';
import { listenerIdCandidates } from './calendarEvents';
import { feedFetch } from './calendarPage';
import type { HttpResponse } from './http';
import type { JsonValue } from '../json';

export type PageCall =
  /** calendar.getEventById(id): the event, or null. */
  | { call: 'calendar.getEventById'; id: string }
  /** event.remove() */
  | { call: 'calendar.removeEvent'; instanceId: number; id: string }
  /** calendar.refetchEvents() */
  | { call: 'calendar.refetchEvents' }
  /** calendar.addEvent(event) or, with toSource, addEvent(event, true): into the feed's source. */
  | { call: 'calendar.addEvent'; event: WrittenEvent; toSource: boolean }
  /** event.setProp('title', value) */
  | { call: 'calendar.setProp'; instanceId: number; id: string; name: 'title'; value: string }
  /** event.setDates(start, end, { allDay: true }) */
  | { call: 'calendar.setDates'; instanceId: number; id: string; start: string; end: string }
  /** fetch(url, {headers, cache}) and response.json(): the answer. */
  | { call: 'fetch'; url: string; headers: Record<string, string>; cacheMode: Config['page.fetchCacheMode'] }
  /** successCallback(events) */
  | { call: 'successCallback'; events: JsonValue[] }
  /** failureCallback(error) */
  | { call: 'failureCallback'; status: number };

export type PageProgram<R = void> = Generator<PageCall, R, unknown>;

/** The detail of `workItemCreated` and `workItemUpdated`: the item as a FullCalendar event (all-day, end exclusive). */
export interface WrittenEvent {
  id: string;
  title: string;
  start: string;
  end: string;
}

/**
 * document.body.addEventListener('workItemCreated', (evt) => calendar.addEvent(evt.detail)): the
 * usual code adds the event with no source; fix 4's pattern adds it to the feed's source and
 * refetches (a sourceless event would be shown twice once the feed returns it too).
 */
export function* workItemCreatedListener(detail: WrittenEvent, onCreated: Config['page.onCreated']): PageProgram {
  if (onCreated !== 'refetch') yield { call: 'calendar.addEvent', event: detail, toSource: onCreated === 'add-and-refetch' };
  if (onCreated !== 'add-event') yield { call: 'calendar.refetchEvents' };
}

/**
 * document.body.addEventListener('workItemUpdated', (evt) => { ... }): look the event up under each
 * id format the delete's listener tries, set its title and dates, and (fix 4's pattern) refetch;
 * when none is found, refetch.
 */
export function* workItemUpdatedListener(detail: WrittenEvent, onUpdated: Config['page.onUpdated']): PageProgram {
  let found: { id: string; instanceId: number } | null = null;
  if (onUpdated !== 'refetch') {
    for (const id of listenerIdCandidates(detail.id)) {
      found = ((yield { call: 'calendar.getEventById', id }) as { event: { id: string; instanceId: number } | null }).event;
      if (found) break;
    }
  }
  if (found) {
    yield { call: 'calendar.setProp', instanceId: found.instanceId, id: found.id, name: 'title', value: detail.title };
    yield { call: 'calendar.setDates', instanceId: found.instanceId, id: found.id, start: detail.start, end: detail.end };
    if (onUpdated !== 'set-and-refetch') return;
  }
  yield { call: 'calendar.refetchEvents' };
}

/**
 * document.body.addEventListener('workItemDeleted', (evt) => { ... }): look the event up under each
 * id format the seed tries, remove it, and (with the seed's fix) refetch.
 */
export function* workItemDeletedListener(workItemId: string, onDeleted: Config['page.onDeleted']): PageProgram {
  let found: { id: string; instanceId: number } | null = null;
  for (const id of listenerIdCandidates(workItemId)) {
    found = ((yield { call: 'calendar.getEventById', id }) as { event: { id: string; instanceId: number } | null }).event;
    if (found) break;
  }
  if (found) {
    yield { call: 'calendar.removeEvent', instanceId: found.instanceId, id: found.id };
    if (onDeleted !== 'remove-and-refetch') return;
  }
  yield { call: 'calendar.refetchEvents' };
}

/**
 * events: function(info, successCallback, failureCallback) { fetch('...?start=' + info.startStr +
 * '&end=' + info.endStr ...).then((r) => r.json()).then(successCallback) }
 */
export function* eventsFunction(info: { startStr: string; endStr: string }, config: Config, wallClockMs: number): PageProgram {
  const { url, headers, cacheMode } = feedFetch(info.startStr, info.endStr, config, wallClockMs);
  const response = (yield { call: 'fetch', url, headers, cacheMode }) as HttpResponse;
  if (response.status !== 200 || !Array.isArray(response.body)) yield { call: 'failureCallback', status: response.status };
  else yield { call: 'successCallback', events: response.body };
}
