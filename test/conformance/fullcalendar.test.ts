// Conformance of the visible-range rule (src/app/visibleRange.ts) against the real FullCalendar
// 6.1.22 in headless Chromium: the startStr/endStr its `events` function receives for every month
// of 2024..2030, in a UTC browser and a New York browser (timeZone 'local'), and for the options
// that change the range. One browser per time zone (the zone is fixed per browser context), one
// page.evaluate per batch.
import { describe, expect, it } from 'vitest';
import { dayGridMonthRange } from '../../src/app/visibleRange';
import { retryIfBrowserGone } from './browserWatch';
import { withChromium } from './launchChromium';
import { ConformanceRecorder } from './report';
import { describeReal, openFullCalendarPage, realRanges, type RangeCase } from './fullcalendar/page';

const MONTHS: string[] = [];
for (let year = 2024; year <= 2030; year++) {
  for (let month = 1; month <= 12; month++) MONTHS.push(`${year}-${String(month).padStart(2, '0')}`);
}

/**
 * Records every case in one zone's browser against the model. The browser only
 * gathers FullCalendar's answers, in a fresh profile, and the recording comes after it closed, so
 * losing Chromium part-way is run again once from scratch (logged) without counting a case twice.
 */
async function compareRanges(recorder: ConformanceRecorder, timeZone: string, cases: RangeCase[]) {
  const { value: seen } = await retryIfBrowserGone(`the ${timeZone} ranges`, () =>
    withChromium({ timezoneId: timeZone }, async (context) => {
      const page = await openFullCalendarPage(context);
      return { real: await realRanges(page, cases), description: await describeReal(page) };
    }),
  );
  const notes = recorder.result.notes ?? [];
  notes.push(seen.description);
  recorder.result.notes = notes;
  cases.forEach((c, i) => {
    const model = dayGridMonthRange(c.month, { ...c, timeZone });
    recorder.record({ browserTimeZone: timeZone, ...c }, { startStr: model.startStr, endStr: model.endStr }, seen.real[i]);
  });
}

function allMonths(setups: Omit<RangeCase, 'month'>[]): RangeCase[] {
  return setups.flatMap((setup) => MONTHS.map((month) => ({ ...setup, month })));
}

describe('FullCalendar 6.1.22 dayGridMonth ranges in real Chromium', () => {
  it('startStr/endStr for every month 2024..2030, firstDay 0 and 1, UTC and America/New_York browsers (336 cases)', async () => {
    const recorder = new ConformanceRecorder({
      name: 'fullcalendar/ranges',
      layer: 'fullcalendar',
      real: 'FullCalendar in Chromium',
      mustAgree: true,
    });
    const cases = allMonths([
      { lazyFetching: true, firstDay: 0 },
      { lazyFetching: true, firstDay: 1 },
    ]);
    try {
      await compareRanges(recorder, 'UTC', cases);
      await compareRanges(recorder, 'America/New_York', cases);
    } finally {
      recorder.result.real = recorder.result.notes?.[0]?.replace(/, browser time zone .*$/, '') ?? recorder.result.real;
      recorder.write();
    }
    const section = recorder.result;
    expect(section.cases).toBe(7 * 12 * 2 * 2);
    expect(section.disagreements).toEqual([]);
  });

  it('fixedWeekCount false and showNonCurrentDates false, every month 2024..2030, New York browser (336 cases)', async () => {
    const recorder = new ConformanceRecorder({
      name: 'fullcalendar/range-options',
      layer: 'fullcalendar',
      real: 'FullCalendar in Chromium',
      mustAgree: true,
    });
    const cases = allMonths([
      { lazyFetching: true, firstDay: 0, fixedWeekCount: false },
      { lazyFetching: true, firstDay: 1, fixedWeekCount: false },
      { lazyFetching: true, firstDay: 0, showNonCurrentDates: false },
      { lazyFetching: true, firstDay: 1, showNonCurrentDates: false },
    ]);
    try {
      await compareRanges(recorder, 'America/New_York', cases);
    } finally {
      recorder.result.real = recorder.result.notes?.[0]?.replace(/, browser time zone .*$/, '') ?? recorder.result.real;
      recorder.write();
    }
    expect(recorder.result.cases).toBe(336);
    expect(recorder.result.disagreements).toEqual([]);
  });

  it('zones whose clocks change at midnight (Asia/Beirut, America/Santiago), firstDay 0 and 1 (336 cases)', async () => {
    // a range edge can fall on a skipped or doubled local midnight: the offset FullCalendar prints
    // is whatever JS Date makes of that midnight
    const recorder = new ConformanceRecorder({
      name: 'fullcalendar/ranges-midnight-dst',
      layer: 'fullcalendar',
      real: 'FullCalendar in Chromium',
      mustAgree: true,
    });
    const cases = allMonths([
      { lazyFetching: true, firstDay: 0 },
      { lazyFetching: true, firstDay: 1 },
    ]);
    try {
      await compareRanges(recorder, 'Asia/Beirut', cases);
      await compareRanges(recorder, 'America/Santiago', cases);
    } finally {
      recorder.result.real = recorder.result.notes?.[0]?.replace(/, browser time zone .*$/, '') ?? recorder.result.real;
      recorder.write();
    }
    expect(recorder.result.cases).toBe(336);
    expect(recorder.result.disagreements).toEqual([]);
  });
});
