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
  /** fetch(url, {headers, cache}) and response.json(): the answer. */
  | { call: 'fetch'; url: string; headers: Record<string, string>; cacheMode: Config['page.fetchCacheMode'] }
  /** successCallback(events) */
  | { call: 'successCallback'; events: JsonValue[] }
  /** failureCallback(error) */
  | { call: 'failureCallback'; status: number };

export type PageProgram<R = void> = Generator<PageCall, R, unknown>;

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
