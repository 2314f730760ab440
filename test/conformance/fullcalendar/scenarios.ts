// Hand-written operation scripts for the FullCalendar store conformance: each names the behaviour
// it pins down. Dates are all-day so the real startStr round-trips unchanged.
import type { EventInput } from '../../../src/layers/fullCalendarStore';
import type { CalendarOp, SequenceSetup } from './ops';

export interface Scenario {
  name: string;
  setup: SequenceSetup;
  ops: CalendarOp[];
}

export const ev = (id: string | number, title: string, day: number): EventInput => ({
  id,
  title,
  start: `2025-10-${String(day).padStart(2, '0')}`,
});

const LAZY: SequenceSetup = { lazyFetching: true, firstDay: 0 };
const open: CalendarOp = { op: 'open', month: '2025-10' };

export const latestFetchIdScenarios: Scenario[] = [
  {
    name: '#1 in flight, refetchEvents starts #2, #2 answers, #1 answers late',
    setup: LAZY,
    ops: [
      open,
      { op: 'refetch' },
      { op: 'resolve', back: 0, events: [ev('a', 'a from #2', 2)] },
      { op: 'resolve', back: 1, events: [ev('a', 'a from #1', 2), ev('deleted', 'deleted from #1', 3)] },
    ],
  },
  {
    name: 'the outdated #1 answers first, then #2',
    setup: LAZY,
    ops: [
      open,
      { op: 'refetch' },
      { op: 'resolve', back: 1, events: [ev('x', 'x from #1', 2)] },
      { op: 'resolve', back: 0, events: [ev('a', 'a from #2', 2)] },
    ],
  },
  {
    name: 'navigation outdates the October fetch: its late answer is dropped',
    setup: LAZY,
    ops: [
      open,
      { op: 'navigate', month: '2025-11' },
      { op: 'resolve', back: 1, events: [ev('oct', 'october', 8)] },
      { op: 'resolve', back: 0, events: [ev('nov', 'november', 30)] },
    ],
  },
  {
    name: 'an outdated fetch failing changes nothing; the latest one still lands',
    setup: LAZY,
    ops: [open, { op: 'refetch' }, { op: 'fail', back: 1 }, { op: 'resolve', back: 0, events: [ev('a', 'a', 2)] }],
  },
  {
    name: 'a second answer to the same fetch is ignored',
    setup: LAZY,
    ops: [
      open,
      { op: 'resolve', back: 0, events: [ev('a', 'first answer', 2)] },
      { op: 'resolve', back: 0, events: [ev('a', 'second answer', 2)] },
    ],
  },
  {
    name: 'answers to the page before a reload never arrive',
    setup: LAZY,
    ops: [
      open,
      { op: 'resolve', back: 0, events: [ev('a', 'before reload', 2)] },
      { op: 'refetch' },
      { op: 'reload', month: '2025-10' },
      { op: 'resolve', back: 1, events: [ev('b', 'old page', 2)] },
      { op: 'resolve', back: 0, events: [ev('c', 'new page', 2)] },
    ],
  },
];

const item = ev('work-item-7', 'Deleted work item', 8);
const other = ev('work-item-8', 'Other work item', 9);

export const removeRefetchScenarios: Scenario[] = [
  {
    name: 'getEventById + remove(), then a refetch that still returns the id brings it back',
    setup: LAZY,
    ops: [
      open,
      { op: 'resolve', back: 0, events: [item, other] },
      { op: 'getEventById', id: 'work-item-7' },
      { op: 'removeHeld' },
      { op: 'refetch' },
      { op: 'resolve', back: 0, events: [item, other] },
    ],
  },
  {
    name: 'remove() then a refetch without the id: it stays gone',
    setup: LAZY,
    ops: [
      open,
      { op: 'resolve', back: 0, events: [item, other] },
      { op: 'remove', index: 0 },
      { op: 'refetch' },
      { op: 'resolve', back: 0, events: [other] },
    ],
  },
  {
    name: 'optimistic remove() during an in-flight refetch whose answer is stale',
    setup: LAZY,
    ops: [
      open,
      { op: 'resolve', back: 0, events: [item, other] },
      { op: 'refetch' },
      { op: 'getEventById', id: 'work-item-7' },
      { op: 'removeHeld' },
      { op: 'resolve', back: 0, events: [item, other] },
    ],
  },
  {
    name: 'a handle held across a refetch removes nothing',
    setup: LAZY,
    ops: [
      open,
      { op: 'resolve', back: 0, events: [item] },
      { op: 'getEventById', id: 'work-item-7' },
      { op: 'refetch' },
      { op: 'resolve', back: 0, events: [item] },
      { op: 'removeHeld' },
    ],
  },
  {
    name: 'addEvent (no source) survives refetches until removed',
    setup: LAZY,
    ops: [
      open,
      { op: 'resolve', back: 0, events: [item] },
      { op: 'addEvent', event: ev('local', 'added in the page', 10) },
      { op: 'refetch' },
      { op: 'resolve', back: 0, events: [other] },
      { op: 'navigate', month: '2025-11' },
      { op: 'resolve', back: 0, events: [] },
      { op: 'remove', index: 0 },
    ],
  },
];

export const getEventByIdScenarios: Scenario[] = [
  {
    name: 'String(id) and strict compare over numeric, string, prefixed and duplicate ids',
    setup: LAZY,
    ops: [
      open,
      {
        op: 'resolve',
        back: 0,
        events: [
          ev(42, 'numeric 42 in the feed', 2),
          ev('42', 'string 42, second', 3),
          ev('work-item-7', 'prefixed 7', 4),
          ev(0, 'numeric 0', 5),
          ev('7.0', 'string 7.0', 6),
        ],
      },
      ...([42, '42', '042', 42.0, 7, '7', 'work-item-7', 'coordination-event-7', 0, '0', 7.0, '7.0', ''] as const).map(
        (id): CalendarOp => ({ op: 'getEventById', id }),
      ),
    ],
  },
  {
    name: 'after remove() of the first duplicate, the second is found',
    setup: LAZY,
    ops: [
      open,
      { op: 'resolve', back: 0, events: [ev('42', 'first', 2), ev(42, 'second', 3)] },
      { op: 'getEventById', id: 42 },
      { op: 'removeHeld' },
      { op: 'getEventById', id: '42' },
    ],
  },
];

/** Which navigations fetch; each runs with lazyFetching true and false and firstDay 0 and 1. */
const lazyScripts: { name: string; ops: CalendarOp[] }[] = [
  { name: 'same month again', ops: [open, { op: 'resolve', back: 0, events: [] }, { op: 'navigate', month: '2025-10' }] },
  {
    name: 'Oct -> Nov -> Oct',
    ops: [
      open,
      { op: 'resolve', back: 0, events: [] },
      { op: 'navigate', month: '2025-11' },
      { op: 'resolve', back: 0, events: [] },
      { op: 'navigate', month: '2025-10' },
    ],
  },
  { name: 'same month while the first fetch is in flight', ops: [open, { op: 'navigate', month: '2025-10' }] },
  {
    name: 'back to October while November is in flight',
    ops: [open, { op: 'resolve', back: 0, events: [] }, { op: 'navigate', month: '2025-11' }, { op: 'navigate', month: '2025-10' }],
  },
  {
    name: 'a failed fetch is remembered as completed',
    ops: [open, { op: 'fail', back: 0 }, { op: 'navigate', month: '2025-10' }, { op: 'navigate', month: '2025-11' }],
  },
  { name: 'refetchEvents always fetches', ops: [open, { op: 'resolve', back: 0, events: [] }, { op: 'refetch' }, { op: 'refetch' }] },
  {
    name: 'a year of months forward and back',
    ops: [
      open,
      ...['2025-11', '2025-12', '2026-01', '2025-12', '2025-12'].flatMap((month): CalendarOp[] => [
        { op: 'navigate', month },
        { op: 'resolve', back: 0, events: [] },
      ]),
    ],
  },
];

export const lazyFetchingScenarios: Scenario[] = lazyScripts.flatMap(({ name, ops }) =>
  [true, false].flatMap((lazyFetching) =>
    [0, 1].map((firstDay) => ({ name: `${name} (lazyFetching ${lazyFetching}, firstDay ${firstDay})`, setup: { lazyFetching, firstDay }, ops })),
  ),
);

/** An all-day event with an exclusive end, as the feed and the create/edit listeners give them. */
export const evEnd = (id: string, title: string, day: number, endDay: number): EventInput => ({
  ...ev(id, title, day),
  end: `2025-10-${String(endDay).padStart(2, '0')}`,
});

const visit = evEnd('work-item-7', 'Site visit', 15, 17);

/** The create and edit listeners' calls: addEvent with and without a source, setProp and setDates. */
export const writeScenarios: Scenario[] = [
  {
    name: 'addEvent (no source) and a refetch that also returns the item: shown twice',
    setup: LAZY,
    ops: [
      open,
      { op: 'resolve', back: 0, events: [visit] },
      { op: 'addEvent', event: evEnd('new', 'Team lunch', 21, 22) },
      { op: 'refetch' },
      { op: 'resolve', back: 0, events: [visit, evEnd('new', 'Team lunch', 21, 22)] },
    ],
  },
  {
    name: 'addEvent(event, true) joins the source: the next answer replaces it',
    setup: LAZY,
    ops: [
      open,
      { op: 'resolve', back: 0, events: [visit] },
      { op: 'addEvent', event: evEnd('new', 'Team lunch', 21, 22), toSource: true },
      { op: 'refetch' },
      { op: 'resolve', back: 0, events: [visit] },
    ],
  },
  {
    name: 'addEvent(event, true) while a fetch is in flight: that answer drops it',
    setup: LAZY,
    ops: [open, { op: 'addEvent', event: evEnd('new', 'Team lunch', 21, 22), toSource: true }, { op: 'resolve', back: 0, events: [visit] }],
  },
  {
    name: 'setProp(title) and setDates change the store; a refetch with the old version reverts both',
    setup: LAZY,
    ops: [
      open,
      { op: 'resolve', back: 0, events: [visit] },
      { op: 'getEventById', id: 'work-item-7' },
      { op: 'setPropHeld', title: 'Site visit (client)' },
      { op: 'setDatesHeld', start: '2025-10-22', end: '2025-10-24' },
      { op: 'refetch' },
      { op: 'resolve', back: 0, events: [visit] },
    ],
  },
  {
    name: 'setProp on a handle held across a refetch changes nothing',
    setup: LAZY,
    ops: [
      open,
      { op: 'resolve', back: 0, events: [visit] },
      { op: 'getEventById', id: 'work-item-7' },
      { op: 'refetch' },
      { op: 'resolve', back: 0, events: [visit] },
      { op: 'setPropHeld', title: 'too late' },
      { op: 'setDatesHeld', start: '2025-10-01', end: '2025-10-02' },
    ],
  },
  {
    name: 'setProp on an event added without a source survives refetches',
    setup: LAZY,
    ops: [
      open,
      { op: 'resolve', back: 0, events: [visit] },
      { op: 'addEvent', event: evEnd('new', 'Team lunch', 21, 22) },
      { op: 'getEventById', id: 'new' },
      { op: 'setPropHeld', title: 'Team lunch (moved)' },
      { op: 'setDatesHeld', start: '2025-11-03', end: '2025-11-04' },
      { op: 'refetch' },
      { op: 'resolve', back: 0, events: [visit] },
    ],
  },
  {
    name: 'setDates moves an event across the month boundary; navigating keeps it until a fetch answers',
    setup: LAZY,
    ops: [
      open,
      { op: 'resolve', back: 0, events: [evEnd('work-item-3', 'Quarterly report', 27, 31)] },
      { op: 'getEventById', id: 'work-item-3' },
      { op: 'setDatesHeld', start: '2025-11-03', end: '2025-11-06' },
      { op: 'navigate', month: '2025-11' },
      { op: 'resolve', back: 0, events: [evEnd('work-item-3', 'Quarterly report', 27, 31)] },
    ],
  },
];
