import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { addMonths, dayGridMonthRange, parseMonth } from '../../src/app/visibleRange';

const DAY_MS = 86_400_000;
const daysBetween = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS;

describe('dayGridMonthRange: docs/facts.md, FullCalendar event store table (defaults, UTC)', () => {
  it.each([
    ['2025-10', '2025-09-28', '2025-11-09'],
    ['2025-06', '2025-06-01', '2025-07-13'],
    ['2025-11', '2025-10-26', '2025-12-07'],
    ['2026-02', '2026-02-01', '2026-03-15'],
  ])('%s -> %s .. %s (exclusive)', (month, startDate, endDate) => {
    expect(dayGridMonthRange(month)).toEqual({
      month,
      startDate,
      endDate,
      startStr: `${startDate}T00:00:00Z`,
      endStr: `${endDate}T00:00:00Z`,
    });
  });

  it('does not give the seed range 2025-09-28 .. 2025-11-08 for October 2025', () => {
    expect(dayGridMonthRange('2025-10').endDate).not.toBe('2025-11-08');
  });
});

describe('dayGridMonthRange: options', () => {
  it('firstDay 1 starts on Monday: 2025-09-29 .. 2025-11-10', () => {
    const range = dayGridMonthRange('2025-10', { firstDay: 1 });
    expect([range.startDate, range.endDate]).toEqual(['2025-09-29', '2025-11-10']);
  });
  it('fixedWeekCount false keeps only the weeks the month touches: 2025-09-28 .. 2025-11-02', () => {
    const range = dayGridMonthRange('2025-10', { fixedWeekCount: false });
    expect([range.startDate, range.endDate]).toEqual(['2025-09-28', '2025-11-02']);
  });
  it('showNonCurrentDates false fetches exactly the month: 2025-10-01 .. 2025-11-01', () => {
    const range = dayGridMonthRange('2025-10', { showNonCurrentDates: false });
    expect([range.startDate, range.endDate]).toEqual(['2025-10-01', '2025-11-01']);
  });
  it('fixedWeekCount false on a month that fills exactly 4 weeks (February 2026) gives 28 days', () => {
    const range = dayGridMonthRange('2026-02', { fixedWeekCount: false });
    expect([range.startDate, range.endDate]).toEqual(['2026-02-01', '2026-03-01']);
  });
});

describe('dayGridMonthRange: strings with offsets (timeZone local in a zoned browser)', () => {
  it('New York: October 2025 starts in EDT and ends in EST', () => {
    const range = dayGridMonthRange('2025-10', { timeZone: 'America/New_York' });
    expect(range.startStr).toBe('2025-09-28T00:00:00-04:00');
    expect(range.endStr).toBe('2025-11-09T00:00:00-05:00');
  });
  it('New York: March 2026 starts in EST and ends in EDT', () => {
    const range = dayGridMonthRange('2026-03', { timeZone: 'America/New_York' });
    expect(range.startStr).toBe('2026-03-01T00:00:00-05:00');
    expect(range.endStr).toBe('2026-04-12T00:00:00-04:00');
  });
  it('a zone at offset 0 keeps Z like FullCalendar; London in summer gets +01:00', () => {
    expect(dayGridMonthRange('2025-01', { timeZone: 'Europe/London' }).startStr).toBe('2024-12-29T00:00:00Z');
    expect(dayGridMonthRange('2025-07', { timeZone: 'Europe/London' }).startStr).toBe('2025-06-29T00:00:00+01:00');
  });
  it('half-hour and 45-minute zones', () => {
    expect(dayGridMonthRange('2025-10', { timeZone: 'Asia/Kolkata' }).startStr).toBe('2025-09-28T00:00:00+05:30');
    expect(dayGridMonthRange('2025-10', { timeZone: 'Asia/Kathmandu' }).startStr).toBe('2025-09-28T00:00:00+05:45');
  });
  it('a midnight that happens twice (Santiago, 2025-04-06) takes the earlier instant like JS Date', () => {
    // Chile fell back from 00:00 -03 to 23:00 -04: the only valid midnight is at -04:00
    expect(dayGridMonthRange('2025-03', { timeZone: 'America/Santiago' }).endStr).toBe('2025-04-06T00:00:00-04:00');
  });
  it('the dates themselves do not depend on the zone', () => {
    const utc = dayGridMonthRange('2025-10');
    const tokyo = dayGridMonthRange('2025-10', { timeZone: 'Asia/Tokyo' });
    expect([tokyo.startDate, tokyo.endDate]).toEqual([utc.startDate, utc.endDate]);
    expect(tokyo.startStr).toBe('2025-09-28T00:00:00+09:00');
  });
});

describe('dayGridMonthRange: properties', () => {
  const monthArb = fc.tuple(fc.integer({ min: 1900, max: 2200 }), fc.integer({ min: 1, max: 12 }))
    .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);

  fcTest.prop([monthArb, fc.integer({ min: 0, max: 6 })], { seed: 20251006 })(
    'default view is 42 days, starts on firstDay, and contains the whole month (seed 20251006)',
    (month, firstDay) => {
      const range = dayGridMonthRange(month, { firstDay });
      expect(daysBetween(range.startDate, range.endDate)).toBe(42);
      expect(new Date(`${range.startDate}T00:00:00Z`).getUTCDay()).toBe(firstDay);
      expect(range.startDate <= `${month}-01`).toBe(true);
      expect(range.endDate >= `${addMonths(month, 1)}-01`).toBe(true);
      expect(daysBetween(range.startDate, `${month}-01`)).toBeLessThan(7);
    },
  );
});

describe('parseMonth / addMonths', () => {
  it('parses YYYY-MM', () => {
    expect(parseMonth('2025-10')).toEqual({ year: 2025, month: 10 });
  });
  it.each(['2025-13', 'abc', '2025-1', '2025-00', '2025-10-01', ''])('rejects %j with a one-line RangeError', (text) => {
    expect(() => parseMonth(text)).toThrow(RangeError);
    expect(() => parseMonth(text)).toThrow(/^Invalid month .*expected YYYY-MM/);
    try {
      parseMonth(text);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });
  it('dayGridMonthRange rejects a bad month too', () => {
    expect(() => dayGridMonthRange('2025-13')).toThrow(RangeError);
  });
  it('adds across year ends, both ways', () => {
    expect(addMonths('2025-11', 2)).toBe('2026-01');
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2025-10', 0)).toBe('2025-10');
    expect(addMonths('2025-10', -22)).toBe('2023-12');
  });
});

describe('time zone and firstDay validation', () => {
  it('rejects an unknown zone, naming a valid example', () => {
    expect(() => dayGridMonthRange('2025-10', { timeZone: 'Mars/Olympus' })).toThrow(RangeError);
    expect(() => dayGridMonthRange('2025-10', { timeZone: 'Mars/Olympus' })).toThrow(/America\/New_York/);
  });
  it('rejects firstDay outside 0..6', () => {
    expect(() => dayGridMonthRange('2025-10', { firstDay: 7 })).toThrow(RangeError);
    expect(() => dayGridMonthRange('2025-10', { firstDay: 1.5 })).toThrow(RangeError);
  });
});
