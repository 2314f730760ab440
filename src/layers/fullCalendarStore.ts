// The event store of one open FullCalendar 6 calendar (dayGridMonth, one `events` function source).
// Fault model, what it can get wrong or surprise people with:
// - It is a cache: it shows whatever the last ACCEPTED fetch returned. `event.remove()` changes only
//   this store; the next accepted fetch that still returns the id brings the event back.
// - Only the response to the latest fetch (latestFetchId) is accepted; an older one that answers
//   late is dropped silently, and so are its events.
// - lazyFetching (default true) skips a navigation's fetch when the new range lies inside the last
//   completed fetch range (only the last one is remembered) and no fetch is in flight. A FAILED
//   fetch also counts as completed: its range is remembered, so navigating inside it does not retry.
// - getEventById does String(id) and a strict compare: 42 finds '42', but 'work-item-42' does not.
// - Events added with addEvent have no source: refetches never replace or remove them, so an item
//   the feed also returns is shown twice. `addEvent(input, true)` puts the event in the first
//   source instead: the next accepted fetch replaces it like any fetched event.
// - `setProp('title')` and `setDates()` change this store only: the next accepted fetch replaces a
//   source's events, edited or not, with what the feed returned (an edit reverts if that is stale).
//   On an event that a fetch has replaced since it was looked up they change nothing.
// - A page reload forgets everything; the new page fetches again on open.
// Source read: packages/core/src/reducers/eventSources.ts (isSourceDirty, fetchSource,
// receiveResponse), reducers/eventStore.ts (receiveRawEvents), api/CalendarImpl.ts (getEventById,
// addEvent), api/EventImpl.ts (setProp, setDates, mutate: MUTATE_EVENTS by instanceId).
import { assign, setup } from 'xstate';
import { dayGridMonthRange, resolveRangeOptions, type ResolvedRangeOptions, type VisibleRange } from '../app/visibleRange';

export interface FullCalendarStoreInput {
  lazyFetching: boolean;
  firstDay: number;
  /** 'UTC' or an IANA zone: a browser in that zone with FullCalendar timeZone:'local'. */
  timeZone: string;
  fixedWeekCount?: boolean;
  showNonCurrentDates?: boolean;
}

/** One event as the feed sends it (FullCalendar EventInput, the fields the app uses). */
export interface EventInput {
  id: string | number;
  title: string;
  start: string;
  end?: string | null;
}

export interface CalendarEvent {
  /** FullCalendar's public id: always a string, String(input id). */
  id: string;
  title: string;
  start: string;
  end: string | null;
  /** Unique per store entry; a refetch gives every event a new one, as FullCalendar's instanceId. */
  instanceId: number;
  /** The fetch that delivered it; 0 when addEvent put it in the source; null when added with no event source. */
  fetchId: number | null;
}

export interface FetchRequest {
  fetchId: number;
  startStr: string;
  endStr: string;
  startDate: string;
  endDate: string;
}

/** eventSource.fetchRange: the range of the last completed (answered or failed) latest fetch. */
export interface FetchRange {
  startDate: string;
  endDate: string;
}

export type FullCalendarStoreReply =
  | { fetch: FetchRequest | null }
  | { accepted: boolean }
  | { event: CalendarEvent | null }
  | { removed: boolean }
  | { changed: boolean }
  | null;

export interface FullCalendarStoreContext {
  lazyFetching: boolean;
  rangeOptions: ResolvedRangeOptions;
  /** null until calendar.open (and again after a reload). */
  month: string | null;
  range: VisibleRange | null;
  events: CalendarEvent[];
  latestFetchId: number | null;
  /** the request that latestFetchId belongs to, kept to learn its range when it completes */
  latestFetch: FetchRequest | null;
  /** eventSource.isFetching */
  fetchInFlight: boolean;
  fetchRange: FetchRange | null;
  /** Counters keep running across reloads, so a response to the old page can never match. */
  nextFetchId: number;
  nextInstanceId: number;
  reply: FullCalendarStoreReply;
}

/** An event before the scheduler stamps it with the time. */
export type FullCalendarStoreCommand =
  | { type: 'calendar.open'; month: string }
  | { type: 'calendar.navigate'; month: string }
  | { type: 'calendar.refetchEvents' }
  | { type: 'calendar.fetchSucceeded'; fetchId: number; events: EventInput[] }
  | { type: 'calendar.fetchFailed'; fetchId: number }
  | { type: 'calendar.getEventById'; id: string | number }
  | { type: 'calendar.removeEvent'; instanceId: number }
  /** calendar.addEvent(event) (no source) or addEvent(event, true) (the first source). */
  | { type: 'calendar.addEvent'; event: EventInput; toSource?: boolean }
  /** event.setProp('title', value) on the event looked up earlier. */
  | { type: 'calendar.setProp'; instanceId: number; name: 'title'; value: string }
  /** event.setDates(start, end, { allDay: true }) on the event looked up earlier (all-day dates, end exclusive). */
  | { type: 'calendar.setDates'; instanceId: number; start: string; end: string | null }
  | { type: 'calendar.reload' };

export type FullCalendarStoreEvent = FullCalendarStoreCommand & { nowMs: number };

export function initialFullCalendarStoreContext(input: FullCalendarStoreInput): FullCalendarStoreContext {
  return {
    lazyFetching: input.lazyFetching,
    rangeOptions: resolveRangeOptions({
      firstDay: input.firstDay,
      timeZone: input.timeZone,
      fixedWeekCount: input.fixedWeekCount,
      showNonCurrentDates: input.showNonCurrentDates,
    }),
    month: null,
    range: null,
    events: [],
    latestFetchId: null,
    latestFetch: null,
    fetchInFlight: false,
    fetchRange: null,
    nextFetchId: 1,
    nextInstanceId: 1,
    reply: null,
  };
}

/**
 * `context` with the fields of `patch` changed (no field is ever set to undefined), written out
 * field by field in the context's order: V8 (Node 20) builds `{ ...context, reply }` several times
 * slower, and the store takes an event at every step of every page.
 */
export function withChanges(context: FullCalendarStoreContext, patch: Partial<FullCalendarStoreContext>): FullCalendarStoreContext {
  return {
    lazyFetching: context.lazyFetching,
    rangeOptions: context.rangeOptions,
    month: patch.month !== undefined ? patch.month : context.month,
    range: patch.range !== undefined ? patch.range : context.range,
    events: patch.events !== undefined ? patch.events : context.events,
    latestFetchId: patch.latestFetchId !== undefined ? patch.latestFetchId : context.latestFetchId,
    latestFetch: patch.latestFetch !== undefined ? patch.latestFetch : context.latestFetch,
    fetchInFlight: patch.fetchInFlight !== undefined ? patch.fetchInFlight : context.fetchInFlight,
    fetchRange: patch.fetchRange !== undefined ? patch.fetchRange : context.fetchRange,
    nextFetchId: patch.nextFetchId !== undefined ? patch.nextFetchId : context.nextFetchId,
    nextInstanceId: patch.nextInstanceId !== undefined ? patch.nextInstanceId : context.nextInstanceId,
    reply: patch.reply !== undefined ? patch.reply : context.reply,
  };
}

/** fetchSource: a new fetch id; any fetch still in flight is now outdated. */
function startFetch(context: FullCalendarStoreContext, range: VisibleRange): FullCalendarStoreContext {
  const fetch: FetchRequest = {
    fetchId: context.nextFetchId,
    startStr: range.startStr,
    endStr: range.endStr,
    startDate: range.startDate,
    endDate: range.endDate,
  };
  return withChanges(context, {
    latestFetchId: fetch.fetchId,
    latestFetch: fetch,
    fetchInFlight: true,
    nextFetchId: context.nextFetchId + 1,
    reply: { fetch },
  });
}

/** isSourceDirty for a navigation. ISO dates of equal width compare correctly as strings. */
function navigationFetches(context: FullCalendarStoreContext, range: VisibleRange): boolean {
  const known = context.fetchRange;
  return (
    !context.lazyFetching ||
    known === null ||
    context.fetchInFlight ||
    range.startDate < known.startDate ||
    range.endDate > known.endDate
  );
}

/** Only the latest fetch's first answer counts (unpromisify drops a second callback). */
function isLatestPending(context: FullCalendarStoreContext, fetchId: number): boolean {
  return context.fetchInFlight && context.latestFetchId === fetchId;
}

function toCalendarEvent(input: EventInput, instanceId: number, fetchId: number | null): CalendarEvent {
  return {
    id: String(input.id),
    title: String(input.title),
    start: input.start,
    end: input.end ?? null,
    instanceId,
    fetchId,
  };
}

export function reduceFullCalendarStore(
  context: FullCalendarStoreContext,
  event: FullCalendarStoreEvent,
): FullCalendarStoreContext {
  switch (event.type) {
    case 'calendar.open': {
      // new Calendar(...).render(): a fresh store that always fetches its first range
      const range = dayGridMonthRange(event.month, context.rangeOptions);
      const fresh = withChanges(context, {
        month: event.month,
        range,
        events: [],
        latestFetchId: null,
        latestFetch: null,
        fetchInFlight: false,
        fetchRange: null,
      });
      return startFetch(fresh, range);
    }
    case 'calendar.navigate': {
      if (context.month === null) return withChanges(context, { reply: { fetch: null } });
      const range = dayGridMonthRange(event.month, context.rangeOptions);
      const moved = withChanges(context, { month: event.month, range });
      // events already in the store stay until an accepted response replaces them
      return navigationFetches(context, range) ? startFetch(moved, range) : withChanges(moved, { reply: { fetch: null } });
    }
    case 'calendar.refetchEvents':
      if (context.range === null) return withChanges(context, { reply: { fetch: null } });
      return startFetch(context, context.range);
    case 'calendar.fetchSucceeded': {
      if (!isLatestPending(context, event.fetchId) || context.latestFetch === null) {
        return withChanges(context, { reply: { accepted: false } });
      }
      // receiveRawEvents: drop every event of the source, keep sourceless ones, append the new ones
      let nextInstanceId = context.nextInstanceId;
      const received = event.events.map((input) => toCalendarEvent(input, nextInstanceId++, event.fetchId));
      return withChanges(context, {
        events: [...context.events.filter((e) => e.fetchId === null), ...received],
        fetchInFlight: false,
        fetchRange: { startDate: context.latestFetch.startDate, endDate: context.latestFetch.endDate },
        nextInstanceId,
        reply: { accepted: true },
      });
    }
    case 'calendar.fetchFailed': {
      if (!isLatestPending(context, event.fetchId) || context.latestFetch === null) {
        return withChanges(context, { reply: { accepted: false } });
      }
      // receiveResponse treats RECEIVE_EVENT_ERROR like success for the fetch memory; events stay
      return withChanges(context, {
        fetchInFlight: false,
        fetchRange: { startDate: context.latestFetch.startDate, endDate: context.latestFetch.endDate },
        reply: { accepted: true },
      });
    }
    case 'calendar.getEventById': {
      const id = String(event.id);
      return withChanges(context, { reply: { event: context.events.find((e) => e.id === id) ?? null } });
    }
    case 'calendar.removeEvent': {
      const events = context.events.filter((e) => e.instanceId !== event.instanceId);
      return withChanges(context, { events, reply: { removed: events.length !== context.events.length } });
    }
    case 'calendar.setProp':
    case 'calendar.setDates': {
      // MUTATE_EVENTS finds the instance by id; one a fetch has replaced is gone, and nothing changes.
      const target = context.events.find((e) => e.instanceId === event.instanceId);
      if (!target) return withChanges(context, { reply: { changed: false } });
      const changed: CalendarEvent = event.type === 'calendar.setProp' ? { ...target, title: event.value } : { ...target, start: event.start, end: event.end };
      return withChanges(context, { events: context.events.map((e) => (e === target ? changed : e)), reply: { changed: true } });
    }
    case 'calendar.addEvent': {
      const added = toCalendarEvent(event.event, context.nextInstanceId, event.toSource ? 0 : null);
      return withChanges(context, {
        events: [...context.events, added],
        nextInstanceId: context.nextInstanceId + 1,
        reply: { event: added },
      });
    }
    case 'calendar.reload':
      return {
        ...initialFullCalendarStoreContext({ lazyFetching: context.lazyFetching, ...context.rangeOptions }),
        nextFetchId: context.nextFetchId,
        nextInstanceId: context.nextInstanceId,
      };
  }
}

const HANDLED = [
  'calendar.open',
  'calendar.navigate',
  'calendar.refetchEvents',
  'calendar.fetchSucceeded',
  'calendar.fetchFailed',
  'calendar.getEventById',
  'calendar.removeEvent',
  'calendar.addEvent',
  'calendar.setProp',
  'calendar.setDates',
  'calendar.reload',
] as const satisfies readonly FullCalendarStoreEvent['type'][];

// Every event runs the reducer and goes to the state the reducer's result calls for, so the
// machine's state (closed / open.idle / open.fetching) can never disagree with a direct reducer
// caller. The guards pick the target from that result before the action assigns it: one
// transition per event, where an eventless `settle` state took a second (a calendar event cost an
// xstate actor about a third more). The result is computed once for the guards and the action.
const reduceThenSettle = [
  { guard: 'closes', target: '.closed', actions: 'reduce' },
  { guard: 'leavesFetching', target: '.open.fetching', actions: 'reduce' },
  { target: '.open.idle', actions: 'reduce' },
] as const;

/** The last reducer call of the machine's transitions: its guards and its action ask for the same one. */
let lastReduced: { context: FullCalendarStoreContext; event: FullCalendarStoreEvent; result: FullCalendarStoreContext } | null = null;

function reducedFor(context: FullCalendarStoreContext, event: FullCalendarStoreEvent): FullCalendarStoreContext {
  if (lastReduced === null || lastReduced.context !== context || lastReduced.event !== event) lastReduced = { context, event, result: reduceFullCalendarStore(context, event) };
  return lastReduced.result;
}

export const fullCalendarStoreMachine = setup({
  types: {
    context: {} as FullCalendarStoreContext,
    events: {} as FullCalendarStoreEvent,
    input: {} as FullCalendarStoreInput,
  },
  actions: {
    reduce: assign(({ context, event }) => reducedFor(context, event)),
  },
  guards: {
    closes: ({ context, event }) => reducedFor(context, event).month === null,
    leavesFetching: ({ context, event }) => reducedFor(context, event).fetchInFlight,
  },
}).createMachine({
  id: 'fullCalendarStore',
  context: ({ input }) => initialFullCalendarStoreContext(input),
  initial: 'closed',
  on: Object.fromEntries(HANDLED.map((type) => [type, reduceThenSettle])),
  states: {
    closed: {},
    open: {
      initial: 'idle',
      states: {
        idle: {},
        fetching: {},
      },
    },
  },
});

export interface FullCalendarStoreView {
  month: string | null;
  startStr: string | null;
  endStr: string | null;
  events: { id: string; title: string; start: string; end: string | null }[];
  latestFetchId: number | null;
  fetchInFlight: boolean;
  fetchRange: FetchRange | null;
}

export function viewFullCalendarStore(context: FullCalendarStoreContext, _nowMs: number): FullCalendarStoreView {
  return {
    month: context.month,
    startStr: context.range ? context.range.startStr : null,
    endStr: context.range ? context.range.endStr : null,
    events: context.events.map((e) => ({ id: e.id, title: e.title, start: e.start, end: e.end })),
    latestFetchId: context.latestFetchId,
    fetchInFlight: context.fetchInFlight,
    fetchRange: context.fetchRange,
  };
}
