// Conformance of the FullCalendar store model (src/layers/fullCalendarStore.ts) against the real
// FullCalendar 6.1.22 in headless Chromium (America/New_York browser, timeZone 'local'): the same
// operation scripts run in both, and after every step the fetches started and the store contents
// (getEvents: id, title, start) must be identical.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BrowserContext, Page } from 'playwright-core';
import { explainChromiumFailure, launchChromium } from './launchChromium';
import { ConformanceRecorder } from './report';
import { describeReal, openFullCalendarPage, runRealSequence } from './fullcalendar/page';
import { runModelSequence, type CalendarOp, type SequenceSetup } from './fullcalendar/ops';
import {
  getEventByIdScenarios,
  latestFetchIdScenarios,
  lazyFetchingScenarios,
  removeRefetchScenarios,
  writeScenarios,
  type Scenario,
} from './fullcalendar/scenarios';

const BROWSER_TIME_ZONE = 'America/New_York';
let browser: BrowserContext;
let page: Page;
let real = 'FullCalendar in Chromium';

// One browser serves every test here: a test failing because it went away says why.
afterEach(explainChromiumFailure);
beforeAll(async () => {
  browser = await launchChromium({ timezoneId: BROWSER_TIME_ZONE });
  page = await openFullCalendarPage(browser);
  real = await describeReal(page);
});
afterAll(async () => {
  await browser?.close();
});

/** Runs one script in both; records one case per step; returns how many steps disagreed. */
async function compare(recorder: ConformanceRecorder, name: string, setup: SequenceSetup, ops: CalendarOp[]) {
  const model = runModelSequence(setup, BROWSER_TIME_ZONE, ops);
  const realSteps = await runRealSequence(page, setup, ops);
  let disagreed = 0;
  ops.forEach((op, step) => {
    if (!recorder.record({ scenario: name, setup, step, op }, model[step], realSteps[step])) disagreed++;
  });
  return disagreed;
}

function section(name: string, notes: string[] = []) {
  return new ConformanceRecorder({ name, layer: 'fullcalendar', real, mustAgree: true, notes });
}

async function runScenarios(name: string, scenarios: Scenario[], notes: string[] = []) {
  const recorder = section(name, notes);
  try {
    for (const s of scenarios) await compare(recorder, s.name, s.setup, s.ops);
  } finally {
    recorder.write();
  }
  return recorder.result;
}

describe('FullCalendar 6.1.22 event store in real Chromium', () => {
  it('latestFetchId: only the latest fetch is accepted', async () => {
    const result = await runScenarios('fullcalendar/latest-fetch-id', latestFetchIdScenarios);
    expect(result.cases).toBeGreaterThan(0);
    expect(result.disagreements).toEqual([]);
  });

  it('remove() is store-only: a refetch returning the id brings it back', async () => {
    const result = await runScenarios('fullcalendar/remove-refetch', removeRefetchScenarios);
    expect(result.disagreements).toEqual([]);
  });

  it('getEventById: String(id), strict compare, first match', async () => {
    const result = await runScenarios('fullcalendar/get-event-by-id', getEventByIdScenarios);
    expect(result.disagreements).toEqual([]);
  });

  it('addEvent (with and without a source), setProp and setDates: what the create and edit listeners call', async () => {
    const result = await runScenarios('fullcalendar/add-set-prop', writeScenarios);
    expect(result.cases).toBeGreaterThan(0);
    expect(result.disagreements).toEqual([]);
  });

  it('lazyFetching: which navigations fetch', async () => {
    const result = await runScenarios('fullcalendar/lazy-fetching', lazyFetchingScenarios);
    expect(result.disagreements).toEqual([]);
  });
});

// Generated sequences: the seed is pinned so every run compares the same sequences.
const SEED = 20251006;
const RUNS = 120;

const POOL: { id: string | number; day: number; endDay?: number }[] = [
  { id: '1', day: 2 },
  { id: 2, day: 3, endDay: 5 },
  { id: '2', day: 4 },
  { id: 'work-item-3', day: 5, endDay: 7 },
  { id: 'a', day: 6 },
];

const opArb: fc.Arbitrary<CalendarOp> = fc.oneof(
  fc.constantFrom('2025-09', '2025-10', '2025-11').map((month): CalendarOp => ({ op: 'navigate', month })),
  fc.constant<CalendarOp>({ op: 'refetch' }),
  fc
    .record({ back: fc.nat(2), picked: fc.subarray(POOL), version: fc.nat(9) })
    .map(({ back, picked, version }): CalendarOp => ({
      op: 'resolve',
      back,
      events: picked.map((p) => ({ id: p.id, title: `${p.id} v${version}`, start: `2025-10-0${p.day}`, ...(p.endDay ? { end: `2025-10-0${p.endDay}` } : {}) })),
    })),
  fc.nat(1).map((back): CalendarOp => ({ op: 'fail', back })),
  fc.nat(5).map((index): CalendarOp => ({ op: 'remove', index })),
  fc.constantFrom<(string | number)[]>('1', 1, 2, '2', 'work-item-3', 3, 'a', 'zz').map((id): CalendarOp => ({ op: 'getEventById', id })),
  fc.constant<CalendarOp>({ op: 'removeHeld' }),
  fc.record({ id: fc.constantFrom('local', '2'), toSource: fc.boolean() }).map(({ id, toSource }): CalendarOp => ({ op: 'addEvent', event: { id, title: `${id} added`, start: '2025-10-07', end: '2025-10-09' }, toSource })),
  fc.nat(9).map((n): CalendarOp => ({ op: 'setPropHeld', title: `edited ${n}` })),
  fc.constantFrom(['2025-10-12', '2025-10-14'], ['2025-11-03', '2025-11-04']).map(([start, end]): CalendarOp => ({ op: 'setDatesHeld', start, end })),
  fc.constantFrom('2025-10', '2025-11').map((month): CalendarOp => ({ op: 'reload', month })),
);

describe('FullCalendar 6.1.22 event store, generated sequences', () => {
  it(`fast-check sequences of navigate/refetch/resolve/fail/remove/getEventById/addEvent/setProp/setDates/reload (seed ${SEED}, ${RUNS} runs)`, async () => {
    const recorder = new ConformanceRecorder({
      name: 'fullcalendar/generated-sequences',
      layer: 'fullcalendar',
      real,
      mustAgree: true,
      seed: SEED,
      notes: [`fast-check ${RUNS} runs, seed ${SEED}; one case per step; shrinking steps are not recorded`],
    });
    let failedOnce = false;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.record({ lazyFetching: fc.boolean(), firstDay: fc.constantFrom(0, 1) }),
          fc.constantFrom('2025-09', '2025-10'),
          fc.array(opArb, { minLength: 4, maxLength: 30, size: 'max' }),
          async (setup, month, rest) => {
            const ops: CalendarOp[] = [{ op: 'open', month }, ...rest];
            if (failedOnce) {
              // shrinking: compare without recording
              const model = runModelSequence(setup, BROWSER_TIME_ZONE, ops);
              expect(model).toEqual(await runRealSequence(page, setup, ops));
              return;
            }
            const disagreed = await compare(recorder, 'generated', setup, ops);
            if (disagreed > 0) {
              failedOnce = true;
              expect(runModelSequence(setup, BROWSER_TIME_ZONE, ops)).toEqual(await runRealSequence(page, setup, ops));
            }
          },
        ),
        { seed: SEED, numRuns: RUNS },
      );
    } finally {
      recorder.write();
    }
    expect(recorder.result.disagreements).toEqual([]);
  });
});
