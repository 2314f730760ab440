import { describe, expect, it } from 'vitest';
import { calendarFeedKey } from '../../src/app/calendarFeedKey';
import { keysForSpans, monthBoundarySpans, sixWeekSpans } from '../../src/app/invalidation';
import { dayGridMonthRange } from '../../src/app/visibleRange';

describe("the seed's invalidation arithmetic", () => {
  it('month-boundary loop from 2025-10-06: first to last day of four months', () => {
    expect(monthBoundarySpans('2025-10-06')).toEqual([
      { start: '2025-10-01', end: '2025-10-31' },
      { start: '2025-11-01', end: '2025-11-30' },
      { start: '2025-12-01', end: '2025-12-31' },
      { start: '2026-01-01', end: '2026-01-31' },
    ]);
  });

  it('the key format is exactly the seed\'s f-string, with None for absent filters', () => {
    expect(calendarFeedKey({ userId: '1', workType: null, status: null, startDate: '2025-09-28', endDate: '2025-11-09' })).toBe(
      'calendar_feed:1:None:None:2025-09-28:2025-11-09',
    );
    expect(calendarFeedKey({ userId: '1', workType: 'task', status: 'completed', startDate: '2025-10-01', endDate: '2025-10-31', version: 6 })).toBe(
      'calendar_feed:v6:1:task:completed:2025-10-01:2025-10-31',
    );
  });

  it('100 keys for the current loop, 125 for the six-week alternative', () => {
    expect(keysForSpans('1', monthBoundarySpans('2025-10-06'))).toHaveLength(100);
    expect(keysForSpans('1', sixWeekSpans('2025-10-06'))).toHaveLength(125);
  });

  it('none of the month-boundary keys is the key of the range FullCalendar requests', () => {
    const r = dayGridMonthRange('2025-10');
    const real = calendarFeedKey({ userId: '1', workType: null, status: null, startDate: r.startDate, endDate: r.endDate });
    expect(keysForSpans('1', monthBoundarySpans('2025-10-06'))).not.toContain(real);
  });

  it('the six-week loop hits October 2025 (1st on a Wednesday) but misses the neighbouring months', () => {
    const keys = keysForSpans('1', sixWeekSpans('2025-10-06'));
    const key = (m: string) => {
      const r = dayGridMonthRange(m);
      return calendarFeedKey({ userId: '1', workType: null, status: null, startDate: r.startDate, endDate: r.endDate });
    };
    expect(keys).toContain(key('2025-10'));
    expect(keys).not.toContain(key('2025-11'));
    expect(keys).not.toContain(key('2025-09'));
  });

  it('for June 2025 (1st on a Sunday) the six-week loop starts a week early: weekday() of a Sunday is 6', () => {
    expect(sixWeekSpans('2025-06-10')[2]).toEqual({ start: '2025-05-25', end: '2025-07-06' });
    expect(dayGridMonthRange('2025-06').startDate).toBe('2025-06-01');
  });
});
