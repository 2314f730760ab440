import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import {
  fullCalendarStoreMachine,
  initialFullCalendarStoreContext,
  reduceFullCalendarStore,
  viewFullCalendarStore,
  type FullCalendarStoreCommand,
  type FullCalendarStoreContext,
  type FullCalendarStoreInput,
} from '../../src/layers/fullCalendarStore';

type Sendable = FullCalendarStoreCommand;

const NEW_YORK: FullCalendarStoreInput = { lazyFetching: true, firstDay: 0, timeZone: 'America/New_York' };

/** Runs events through the pure reducer; returns the final context and every reply. */
function run(events: Sendable[], input: FullCalendarStoreInput = NEW_YORK) {
  let context = initialFullCalendarStoreContext(input);
  const replies: FullCalendarStoreContext['reply'][] = [];
  events.forEach((event, i) => {
    context = reduceFullCalendarStore(context, { ...event, nowMs: i * 10 });
    replies.push(context.reply);
  });
  return { context, replies };
}

const ids = (context: FullCalendarStoreContext) => context.events.map((e) => `${e.id}:${e.title}`);
const fetchOf = (reply: FullCalendarStoreContext['reply']) => (reply && 'fetch' in reply ? reply.fetch : 'no fetch reply');

describe('calendar.open', () => {
  it('always fetches the 6-week range with local offsets', () => {
    const { replies } = run([{ type: 'calendar.open', month: '2025-10' }]);
    expect(fetchOf(replies[0])).toEqual({
      fetchId: 1,
      startStr: '2025-09-28T00:00:00-04:00',
      endStr: '2025-11-09T00:00:00-05:00',
      startDate: '2025-09-28',
      endDate: '2025-11-09',
    });
  });
});

describe('latestFetchId race', () => {
  it('#1 in flight, refetchEvents starts #2, #2 answers, #1 answers late: store keeps #2', () => {
    const { context, replies } = run([
      { type: 'calendar.open', month: '2025-10' },
      { type: 'calendar.refetchEvents' },
      { type: 'calendar.fetchSucceeded', fetchId: 2, events: [{ id: 'a', title: 'new', start: '2025-10-02' }] },
      {
        type: 'calendar.fetchSucceeded',
        fetchId: 1,
        events: [
          { id: 'a', title: 'old', start: '2025-10-02' },
          { id: 'deleted', title: 'old', start: '2025-10-03' },
        ],
      },
    ]);
    expect(fetchOf(replies[1])).toMatchObject({ fetchId: 2 });
    expect(replies[2]).toEqual({ accepted: true });
    expect(replies[3]).toEqual({ accepted: false });
    expect(ids(context)).toEqual(['a:new']);
    expect(context.latestFetchId).toBe(2);
  });

  it('the older answer arriving first is dropped too, and the store stays empty until #2', () => {
    const { context, replies } = run([
      { type: 'calendar.open', month: '2025-10' },
      { type: 'calendar.refetchEvents' },
      { type: 'calendar.fetchSucceeded', fetchId: 1, events: [{ id: 'x', title: 'old', start: '2025-10-02' }] },
    ]);
    expect(replies[2]).toEqual({ accepted: false });
    expect(context.events).toEqual([]);
    expect(context.fetchInFlight).toBe(true);
  });

  it('a second answer to the same fetch is ignored (FullCalendar guards its callbacks)', () => {
    const { context, replies } = run([
      { type: 'calendar.open', month: '2025-10' },
      { type: 'calendar.fetchSucceeded', fetchId: 1, events: [{ id: 'a', title: 'first', start: '2025-10-02' }] },
      { type: 'calendar.fetchSucceeded', fetchId: 1, events: [{ id: 'a', title: 'second', start: '2025-10-02' }] },
    ]);
    expect(replies[2]).toEqual({ accepted: false });
    expect(ids(context)).toEqual(['a:first']);
  });
});

describe('remove() then refetch', () => {
  it('removeEvent changes the store only: a refetch returning the id brings it back', () => {
    const item = { id: 'work-item-7', title: 'Deleted item', start: '2025-10-08' };
    let { context } = run([
      { type: 'calendar.open', month: '2025-10' },
      { type: 'calendar.fetchSucceeded', fetchId: 1, events: [item] },
      { type: 'calendar.getEventById', id: 'work-item-7' },
    ]);
    const reply = context.reply;
    if (!reply || !('event' in reply) || !reply.event) throw new Error('event not found');
    context = reduceFullCalendarStore(context, { type: 'calendar.removeEvent', instanceId: reply.event.instanceId, nowMs: 40 });
    expect(context.reply).toEqual({ removed: true });
    expect(context.events).toEqual([]);
    context = reduceFullCalendarStore(context, { type: 'calendar.refetchEvents', nowMs: 50 });
    context = reduceFullCalendarStore(context, { type: 'calendar.fetchSucceeded', fetchId: 2, events: [item], nowMs: 60 });
    expect(ids(context)).toEqual(['work-item-7:Deleted item']);
  });

  it('a stale handle (instance replaced by a refetch) removes nothing', () => {
    const item = { id: '7', title: 'T', start: '2025-10-08' };
    const { context, replies } = run([
      { type: 'calendar.open', month: '2025-10' },
      { type: 'calendar.fetchSucceeded', fetchId: 1, events: [item] },
      { type: 'calendar.refetchEvents' },
      { type: 'calendar.fetchSucceeded', fetchId: 2, events: [item] },
      { type: 'calendar.removeEvent', instanceId: 1 },
    ]);
    expect(replies[4]).toEqual({ removed: false });
    expect(ids(context)).toEqual(['7:T']);
    expect(context.events[0].instanceId).toBe(2);
  });

  it('addEvent survives refetches; fetched events are replaced', () => {
    const { context } = run([
      { type: 'calendar.open', month: '2025-10' },
      { type: 'calendar.fetchSucceeded', fetchId: 1, events: [{ id: 'f', title: 'one', start: '2025-10-02' }] },
      { type: 'calendar.addEvent', event: { id: 'local', title: 'added', start: '2025-10-04' } },
      { type: 'calendar.refetchEvents' },
      { type: 'calendar.fetchSucceeded', fetchId: 2, events: [{ id: 'g', title: 'two', start: '2025-10-05' }] },
    ]);
    expect(ids(context)).toEqual(['local:added', 'g:two']);
    expect(context.events[0].fetchId).toBeNull();
  });
});

describe('addEvent, setProp and setDates (the create and edit listeners)', () => {
  const visit = { id: 'work-item-7', title: 'Site visit', start: '2025-10-15', end: '2025-10-17' };

  it('addEvent(event, true) joins the source: the next accepted answer replaces it', () => {
    const { context } = run([
      { type: 'calendar.open', month: '2025-10' },
      { type: 'calendar.fetchSucceeded', fetchId: 1, events: [visit] },
      { type: 'calendar.addEvent', event: { id: 'new', title: 'Team lunch', start: '2025-10-21', end: '2025-10-22' }, toSource: true },
      { type: 'calendar.refetchEvents' },
      { type: 'calendar.fetchSucceeded', fetchId: 2, events: [visit] },
    ]);
    expect(ids(context)).toEqual(['work-item-7:Site visit']);
  });

  it('addEvent without a source plus a feed that returns the item too: two events with one id', () => {
    const lunch = { id: 'new', title: 'Team lunch', start: '2025-10-21', end: '2025-10-22' };
    const { context } = run([
      { type: 'calendar.open', month: '2025-10' },
      { type: 'calendar.fetchSucceeded', fetchId: 1, events: [visit] },
      { type: 'calendar.addEvent', event: lunch },
      { type: 'calendar.refetchEvents' },
      { type: 'calendar.fetchSucceeded', fetchId: 2, events: [visit, lunch] },
    ]);
    expect(ids(context)).toEqual(['new:Team lunch', 'work-item-7:Site visit', 'new:Team lunch']);
  });

  it('setProp and setDates change the found event in place; a refetch with the old row reverts both', () => {
    const { context, replies } = run([
      { type: 'calendar.open', month: '2025-10' },
      { type: 'calendar.fetchSucceeded', fetchId: 1, events: [visit] },
      { type: 'calendar.setProp', instanceId: 1, name: 'title', value: 'Site visit (client)' },
      { type: 'calendar.setDates', instanceId: 1, start: '2025-10-22', end: '2025-10-24' },
    ]);
    expect(replies.slice(2)).toEqual([{ changed: true }, { changed: true }]);
    expect(context.events.map((e) => [e.title, e.start, e.end, e.instanceId])).toEqual([['Site visit (client)', '2025-10-22', '2025-10-24', 1]]);
    let after = reduceFullCalendarStore(context, { type: 'calendar.refetchEvents', nowMs: 100 });
    after = reduceFullCalendarStore(after, { type: 'calendar.fetchSucceeded', fetchId: 2, events: [visit], nowMs: 110 });
    expect(after.events.map((e) => [e.title, e.start, e.end])).toEqual([['Site visit', '2025-10-15', '2025-10-17']]);
  });

  it('setProp on an instance a refetch has replaced changes nothing', () => {
    const { context, replies } = run([
      { type: 'calendar.open', month: '2025-10' },
      { type: 'calendar.fetchSucceeded', fetchId: 1, events: [visit] },
      { type: 'calendar.refetchEvents' },
      { type: 'calendar.fetchSucceeded', fetchId: 2, events: [visit] },
      { type: 'calendar.setProp', instanceId: 1, name: 'title', value: 'too late' },
    ]);
    expect(replies[4]).toEqual({ changed: false });
    expect(ids(context)).toEqual(['work-item-7:Site visit']);
  });
});

describe('getEventById', () => {
  const feed: Sendable[] = [
    { type: 'calendar.open', month: '2025-10' },
    {
      type: 'calendar.fetchSucceeded',
      fetchId: 1,
      events: [
        { id: 42, title: 'numeric id in feed', start: '2025-10-02' },
        { id: '42', title: 'duplicate id', start: '2025-10-03' },
        { id: 'work-item-7', title: 'prefixed', start: '2025-10-04' },
      ],
    },
  ];
  const found = (id: string | number) => {
    const reply = run([...feed, { type: 'calendar.getEventById', id }]).context.reply;
    return reply && 'event' in reply && reply.event ? reply.event.title : null;
  };
  it('a number finds the string id (String(id)), first match wins', () => {
    expect(found(42)).toBe('numeric id in feed');
    expect(found('42')).toBe('numeric id in feed');
  });
  it('the compare is strict: no prefix stripping, no numeric equality', () => {
    expect(found(7)).toBeNull();
    expect(found('042')).toBeNull();
    expect(found('work-item-7')).toBe('prefixed');
  });
  it('stores feed ids as strings', () => {
    expect(run(feed).context.events[0].id).toBe('42');
  });
});

describe('lazyFetching navigations', () => {
  const open: Sendable[] = [
    { type: 'calendar.open', month: '2025-10' },
    { type: 'calendar.fetchSucceeded', fetchId: 1, events: [] },
  ];
  const fetched = (events: Sendable[], input: FullCalendarStoreInput = NEW_YORK) =>
    run(events, input).replies.map((r) => (r && 'fetch' in r ? (r.fetch ? r.fetch.startDate : null) : '-'));

  it('same month again: no fetch', () => {
    expect(fetched([...open, { type: 'calendar.navigate', month: '2025-10' }])).toEqual(['2025-09-28', '-', null]);
  });
  it('Oct -> Nov -> Oct: three fetches (only the last range is remembered)', () => {
    const replies = fetched([
      ...open,
      { type: 'calendar.navigate', month: '2025-11' },
      { type: 'calendar.fetchSucceeded', fetchId: 2, events: [] },
      { type: 'calendar.navigate', month: '2025-10' },
    ]);
    expect(replies).toEqual(['2025-09-28', '-', '2025-10-26', '-', '2025-09-28']);
  });
  it('a fetch in flight makes even a range inside the remembered one fetch again', () => {
    // #1 (October) completed; #2 (November) is in flight; back to October is inside #1's range
    const replies = fetched([
      ...open,
      { type: 'calendar.navigate', month: '2025-11' },
      { type: 'calendar.navigate', month: '2025-10' },
    ]);
    expect(replies).toEqual(['2025-09-28', '-', '2025-10-26', '2025-09-28']);
  });
  it('a failed fetch still counts as completed: navigating inside its range does not retry', () => {
    const { replies, context } = run([
      { type: 'calendar.open', month: '2025-10' },
      { type: 'calendar.fetchFailed', fetchId: 1 },
      { type: 'calendar.navigate', month: '2025-10' },
    ]);
    expect(fetchOf(replies[2])).toBeNull();
    expect(context.fetchRange).toEqual({ startDate: '2025-09-28', endDate: '2025-11-09' });
  });
  it('lazyFetching false: every navigation fetches', () => {
    expect(fetched([...open, { type: 'calendar.navigate', month: '2025-10' }], { ...NEW_YORK, lazyFetching: false })).toEqual([
      '2025-09-28',
      '-',
      '2025-09-28',
    ]);
  });
  it('navigation keeps the old events until the new answer replaces them', () => {
    const { context } = run([
      { type: 'calendar.open', month: '2025-10' },
      { type: 'calendar.fetchSucceeded', fetchId: 1, events: [{ id: 'oct', title: 'o', start: '2025-10-02' }] },
      { type: 'calendar.navigate', month: '2025-11' },
    ]);
    expect(ids(context)).toEqual(['oct:o']);
  });
});

describe('reload', () => {
  it('empties the store, forgets the fetch memory and rejects answers to the old page', () => {
    const { context, replies } = run([
      { type: 'calendar.open', month: '2025-10' },
      { type: 'calendar.fetchSucceeded', fetchId: 1, events: [{ id: 'a', title: 'x', start: '2025-10-02' }] },
      { type: 'calendar.refetchEvents' },
      { type: 'calendar.reload' },
      { type: 'calendar.fetchSucceeded', fetchId: 2, events: [{ id: 'b', title: 'old page', start: '2025-10-02' }] },
      { type: 'calendar.open', month: '2025-10' },
    ]);
    expect(replies[4]).toEqual({ accepted: false });
    expect(fetchOf(replies[5])).toMatchObject({ fetchId: 3 });
    expect(context.events).toEqual([]);
  });
});

describe('machine and view', () => {
  it('states follow the context: closed -> open.fetching -> open.idle -> closed', () => {
    const actor = createActor(fullCalendarStoreMachine, { input: NEW_YORK }).start();
    const states: unknown[] = [actor.getSnapshot().value];
    actor.send({ type: 'calendar.open', month: '2025-10', nowMs: 0 });
    states.push(actor.getSnapshot().value);
    actor.send({ type: 'calendar.fetchSucceeded', fetchId: 1, events: [{ id: 1, title: 't', start: '2025-10-01' }], nowMs: 5 });
    states.push(actor.getSnapshot().value);
    actor.send({ type: 'calendar.getEventById', id: 1, nowMs: 6 });
    expect(actor.getSnapshot().context.reply).toMatchObject({ event: { id: '1', title: 't' } });
    actor.send({ type: 'calendar.reload', nowMs: 7 });
    states.push(actor.getSnapshot().value);
    expect(states).toEqual(['closed', { open: 'fetching' }, { open: 'idle' }, 'closed']);
  });

  it('the machine gives the same context as the reducer', () => {
    const events: Sendable[] = [
      { type: 'calendar.open', month: '2025-10' },
      { type: 'calendar.navigate', month: '2025-11' },
      { type: 'calendar.fetchSucceeded', fetchId: 2, events: [{ id: 'n', title: 'nov', start: '2025-11-03' }] },
    ];
    const actor = createActor(fullCalendarStoreMachine, { input: NEW_YORK }).start();
    events.forEach((event, i) => actor.send({ ...event, nowMs: i * 10 }));
    expect(actor.getSnapshot().context).toEqual(run(events).context);
  });

  it('view is JSON-safe and shows what the calendar holds', () => {
    const { context } = run([
      { type: 'calendar.open', month: '2025-10' },
      { type: 'calendar.fetchSucceeded', fetchId: 1, events: [{ id: 'a', title: 'A', start: '2025-10-02' }] },
    ]);
    const view = viewFullCalendarStore(context, 100);
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
    expect(JSON.parse(JSON.stringify(context))).toEqual(context);
    expect(view).toEqual({
      month: '2025-10',
      startStr: '2025-09-28T00:00:00-04:00',
      endStr: '2025-11-09T00:00:00-05:00',
      events: [{ id: 'a', title: 'A', start: '2025-10-02', end: null }],
      latestFetchId: 1,
      fetchInFlight: false,
      fetchRange: { startDate: '2025-09-28', endDate: '2025-11-09' },
    });
  });

  it('the reducer does not mutate its argument', () => {
    const before = run([{ type: 'calendar.open', month: '2025-10' }]).context;
    const frozen = JSON.stringify(before);
    reduceFullCalendarStore(before, { type: 'calendar.fetchSucceeded', fetchId: 1, events: [{ id: 'a', title: 'A', start: '2025-10-02' }], nowMs: 1 });
    expect(JSON.stringify(before)).toBe(frozen);
  });

  it('rejects a bad time zone when the store is created', () => {
    expect(() => initialFullCalendarStoreContext({ ...NEW_YORK, timeZone: 'New_York' })).toThrow(/America\/New_York/);
  });
});
