// The FullCalendar store machine picks its state from the reducer's result with guarded targets
// (one transition per event) instead of an eventless `settle` state. On random event sequences it
// must give the reducer's contexts, and the state the context calls for: closed with no month,
// open.fetching while a fetch is in flight, open.idle otherwise.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { fullCalendarStoreMachine, initialFullCalendarStoreContext, reduceFullCalendarStore, type FullCalendarStoreCommand, type FullCalendarStoreContext } from '../../src/layers/fullCalendarStore';

const INPUT = { lazyFetching: true, firstDay: 0, timeZone: 'America/New_York' };
const month = fc.constantFrom('2025-10', '2025-11', '2026-02');
const fetchId = fc.integer({ min: 1, max: 6 });
const eventInput = fc.record({ id: fc.constantFrom('a', 'b', 7), title: fc.constantFrom('A', 'B'), start: fc.constantFrom('2025-10-02', '2025-11-03') });
const command: fc.Arbitrary<FullCalendarStoreCommand> = fc.oneof(
  month.map((m) => ({ type: 'calendar.open' as const, month: m })),
  month.map((m) => ({ type: 'calendar.navigate' as const, month: m })),
  fc.constant({ type: 'calendar.refetchEvents' as const }),
  fc.tuple(fetchId, fc.array(eventInput, { maxLength: 3 })).map(([id, events]) => ({ type: 'calendar.fetchSucceeded' as const, fetchId: id, events })),
  fetchId.map((id) => ({ type: 'calendar.fetchFailed' as const, fetchId: id })),
  fc.constantFrom('a', 'b', 7).map((id) => ({ type: 'calendar.getEventById' as const, id })),
  fc.integer({ min: 0, max: 6 }).map((instanceId) => ({ type: 'calendar.removeEvent' as const, instanceId })),
  fc.constant({ type: 'calendar.reload' as const }),
);

function stateFor(context: FullCalendarStoreContext): unknown {
  if (context.month === null) return 'closed';
  return { open: context.fetchInFlight ? 'fetching' : 'idle' };
}

describe('fullCalendarStoreMachine', () => {
  it('gives the reducer contexts and the state each context calls for, on random event sequences', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 25 }), (commands) => {
        const actor = createActor(fullCalendarStoreMachine, { input: INPUT }).start();
        let context = initialFullCalendarStoreContext(INPUT);
        commands.forEach((c, i) => {
          const event = { ...c, nowMs: i * 10 } as Parameters<typeof reduceFullCalendarStore>[1];
          context = reduceFullCalendarStore(context, event);
          actor.send(event);
          expect(actor.getSnapshot().context).toEqual(context);
          expect(actor.getSnapshot().value).toEqual(stateFor(context));
        });
        actor.stop();
      }),
      { numRuns: 300 },
    );
  });

  it('an actor restored in the closed state with an open context takes the right state on its next event', () => {
    const open = reduceFullCalendarStore(initialFullCalendarStoreContext(INPUT), { type: 'calendar.open', month: '2025-10', nowMs: 0 });
    const snapshot = fullCalendarStoreMachine.resolveState({ value: 'closed', context: open });
    const actor = createActor(fullCalendarStoreMachine, { snapshot } as never).start();
    actor.send({ type: 'calendar.getEventById', id: 'a', nowMs: 5 });
    expect(actor.getSnapshot().value).toEqual({ open: 'fetching' });
  });
});
