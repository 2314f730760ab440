// fullCalendarStore builds each new context field by field (withChanges) instead of spreading the
// old one: every patch must give exactly what `{ ...context, ...patch }` gives, key order included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialFullCalendarStoreContext, reduceFullCalendarStore, withChanges, type FullCalendarStoreCommand, type FullCalendarStoreContext, type FullCalendarStoreEvent } from '../../src/layers/fullCalendarStore';

const initial = initialFullCalendarStoreContext({ lazyFetching: true, firstDay: 0, timeZone: 'UTC' });
const FIELDS = Object.keys(initial) as Array<keyof FullCalendarStoreContext>;
const CHANGEABLE = FIELDS.filter((f) => f !== 'lazyFetching' && f !== 'rangeOptions');

describe('fullCalendarStore withChanges', () => {
  it('equals the spread for any patch of the changeable fields, key order included', () => {
    const value = fc.oneof(fc.constant(null), fc.integer(), fc.boolean(), fc.string(), fc.array(fc.integer(), { maxLength: 2 }), fc.record({ fetch: fc.constant(null) }));
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...CHANGEABLE), value), (patch) => {
        const spread = { ...initial, ...patch } as FullCalendarStoreContext;
        const built = withChanges(initial, patch as Partial<FullCalendarStoreContext>);
        expect(JSON.stringify(built)).toBe(JSON.stringify(spread));
        expect(built).toEqual(spread);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the initial key order through every kind of event', () => {
    const events: FullCalendarStoreCommand[] = [
      { type: 'calendar.navigate', month: '2025-11' },
      { type: 'calendar.refetchEvents' },
      { type: 'calendar.open', month: '2025-10' },
      { type: 'calendar.fetchSucceeded', fetchId: 1, events: [{ id: 'a', title: 'A', start: '2025-10-08' }] },
      { type: 'calendar.fetchSucceeded', fetchId: 1, events: [] },
      { type: 'calendar.getEventById', id: 'a' },
      { type: 'calendar.addEvent', event: { id: 'c', title: 'C', start: '2025-10-20' } },
      { type: 'calendar.setProp', instanceId: 2, name: 'title', value: 'C2' },
      { type: 'calendar.setDates', instanceId: 9, start: '2025-10-21', end: null },
      { type: 'calendar.removeEvent', instanceId: 1 },
      { type: 'calendar.navigate', month: '2025-12' },
      { type: 'calendar.fetchFailed', fetchId: 2 },
      { type: 'calendar.reload' },
    ];
    let context = initial;
    for (const [i, e] of events.entries()) {
      context = reduceFullCalendarStore(context, { ...e, nowMs: i } as FullCalendarStoreEvent);
      expect(Object.keys(context)).toEqual(FIELDS);
    }
  });
});
