// One small language of calendar operations, run both against the real FullCalendar (harness.js)
// and against the model (runModelSequence), so every step can be compared.
import {
  initialFullCalendarStoreContext,
  reduceFullCalendarStore,
  type EventInput,
  type FullCalendarStoreCommand,
  type FullCalendarStoreContext,
} from '../../../src/layers/fullCalendarStore';

export interface SequenceSetup {
  lazyFetching: boolean;
  firstDay: number;
  fixedWeekCount?: boolean;
  showNonCurrentDates?: boolean;
}

/** `back` names a fetch: 0 = the latest one started, 1 = the one before, and so on. */
export type CalendarOp =
  | { op: 'open'; month: string }
  | { op: 'reload'; month: string }
  | { op: 'navigate'; month: string }
  | { op: 'refetch' }
  | { op: 'resolve'; back: number; events: EventInput[] }
  | { op: 'fail'; back: number }
  | { op: 'getEventById'; id: string | number }
  | { op: 'remove'; index: number }
  | { op: 'removeHeld' }
  /** calendar.addEvent(event), or addEvent(event, true): into the first (the only) event source. */
  | { op: 'addEvent'; event: EventInput; toSource?: boolean }
  /** held.setProp('title', title) on the event the last getEventById returned */
  | { op: 'setPropHeld'; title: string }
  /** held.setDates(start, end, { allDay: true }) */
  | { op: 'setDatesHeld'; start: string; end: string };

export interface PublicEvent {
  id: string;
  title: string;
  start: string;
  /** EventApi.endStr: '' for an event without an end. */
  end: string;
}

export interface Observation {
  fetched: { fetch: number; startStr: string; endStr: string }[];
  events: PublicEvent[];
  found?: PublicEvent | null;
}

/** The model side of harness.js runSequence, through the pure reducer. */
export function runModelSequence(setup: SequenceSetup, timeZone: string, ops: CalendarOp[]): Observation[] {
  let context: FullCalendarStoreContext = initialFullCalendarStoreContext({ ...setup, timeZone });
  let held: number | null = null;
  let nowMs = 0;
  const send = (command: FullCalendarStoreCommand) => {
    nowMs += 1;
    context = reduceFullCalendarStore(context, { ...command, nowMs });
    return context.reply;
  };
  const fetchIdBack = (back: number) => context.nextFetchId - 1 - back;

  return ops.map((op) => {
    const fetched: Observation['fetched'] = [];
    const noteFetch = (reply: FullCalendarStoreContext['reply']) => {
      if (reply && 'fetch' in reply && reply.fetch) {
        fetched.push({ fetch: reply.fetch.fetchId, startStr: reply.fetch.startStr, endStr: reply.fetch.endStr });
      }
    };
    let found: PublicEvent | null | undefined;
    switch (op.op) {
      case 'open':
        held = null;
        noteFetch(send({ type: 'calendar.open', month: op.month }));
        break;
      case 'reload':
        held = null;
        send({ type: 'calendar.reload' });
        noteFetch(send({ type: 'calendar.open', month: op.month }));
        break;
      case 'navigate':
        noteFetch(send({ type: 'calendar.navigate', month: op.month }));
        break;
      case 'refetch':
        noteFetch(send({ type: 'calendar.refetchEvents' }));
        break;
      case 'resolve':
        if (fetchIdBack(op.back) >= 1) send({ type: 'calendar.fetchSucceeded', fetchId: fetchIdBack(op.back), events: op.events });
        break;
      case 'fail':
        if (fetchIdBack(op.back) >= 1) send({ type: 'calendar.fetchFailed', fetchId: fetchIdBack(op.back) });
        break;
      case 'getEventById': {
        const reply = send({ type: 'calendar.getEventById', id: op.id });
        const event = reply && 'event' in reply ? reply.event : null;
        held = event ? event.instanceId : null;
        found = event ? { id: event.id, title: event.title, start: event.start, end: event.end ?? '' } : null;
        break;
      }
      case 'remove': {
        const list = context.events;
        if (list.length > 0) send({ type: 'calendar.removeEvent', instanceId: list[op.index % list.length].instanceId });
        break;
      }
      case 'removeHeld':
        if (held !== null) send({ type: 'calendar.removeEvent', instanceId: held });
        break;
      case 'addEvent':
        send({ type: 'calendar.addEvent', event: op.event, toSource: op.toSource === true });
        break;
      case 'setPropHeld':
        if (held !== null) send({ type: 'calendar.setProp', instanceId: held, name: 'title', value: op.title });
        break;
      case 'setDatesHeld':
        if (held !== null) send({ type: 'calendar.setDates', instanceId: held, start: op.start, end: op.end });
        break;
    }
    const observation: Observation = {
      fetched,
      events: context.events.map((e) => ({ id: e.id, title: e.title, start: e.start, end: e.end ?? '' })),
    };
    if (found !== undefined) observation.found = found;
    return observation;
  });
}
