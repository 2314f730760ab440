// The app's remembered computations (the visible range, the invalidation loops' keys, the page's
// script paths) give exactly what the plain computation gives, on the first call and after.
import { describe, expect, it } from 'vitest';
import { scriptPaths } from '../../src/app/calendarPageView';
import { parseQuery, queryParams } from '../../src/app/http';
import { makeKey } from '../../src/layers/djangoCache';
import { keysForSpans, monthBoundarySpans, sixWeekSpans } from '../../src/app/invalidation';
import { computeDayGridMonthRange, dayGridMonthRange, resolveRangeOptions, type RangeOptions } from '../../src/app/visibleRange';
import { loopKeys } from '../../src/app/writeInvalidation';

const MONTHS = ['2025-10', '2025-06', '2026-02', '2026-03', '2024-02', '2025-11', '2025-12'];
const OPTIONS: RangeOptions[] = [{}, { firstDay: 1 }, { fixedWeekCount: false }, { showNonCurrentDates: false }, { timeZone: 'America/New_York' }, { timeZone: 'Australia/Sydney', firstDay: 6 }];

describe('dayGridMonthRange remembers its ranges', () => {
  it('equals the plain computation for every month and option set, twice, and hands out copies', () => {
    for (let round = 0; round < 2; round++) {
      for (const month of MONTHS) {
        for (const options of OPTIONS) {
          const got = dayGridMonthRange(month, options);
          expect(got).toEqual(computeDayGridMonthRange(month, resolveRangeOptions(options)));
          got.startDate = 'changed by a caller';
          expect(dayGridMonthRange(month, options).startDate).not.toBe('changed by a caller');
        }
      }
    }
  });

  it('tells option sets apart (a memo keyed on the month alone would fail here)', () => {
    expect(dayGridMonthRange('2025-10', { firstDay: 1 }).startDate).toBe('2025-09-29');
    expect(dayGridMonthRange('2025-10').startDate).toBe('2025-09-28');
    expect(dayGridMonthRange('2025-10', { timeZone: 'America/New_York' }).startStr).toBe('2025-09-28T00:00:00-04:00');
  });

  it('still throws on a bad month or option after good ones', () => {
    dayGridMonthRange('2025-10');
    expect(() => dayGridMonthRange('2025-13')).toThrow(RangeError);
    expect(() => dayGridMonthRange('2025-10', { firstDay: 7 })).toThrow(RangeError);
    expect(() => dayGridMonthRange('2025-10', { timeZone: 'Nowhere/Land' })).toThrow(RangeError);
  });
});

describe('loopKeys remembers each loop', () => {
  it("equals keysForSpans of the loop's spans, per loop, user and day", () => {
    for (let round = 0; round < 2; round++) {
      for (const today of ['2025-10-06', '2025-06-15', '2026-02-01', '2024-12-31']) {
        for (const userId of ['1', '2']) {
          expect(loopKeys('six-week', userId, today)).toEqual(keysForSpans(userId, sixWeekSpans(today)));
          expect(loopKeys('month-boundary', userId, today)).toEqual(keysForSpans(userId, monthBoundarySpans(today)));
        }
      }
    }
    expect(loopKeys('six-week', '1', '2025-10-06')).toHaveLength(125);
    expect(loopKeys('month-boundary', '1', '2025-10-06')).toHaveLength(100);
    expect(Object.isFrozen(loopKeys('six-week', '1', '2025-10-06'))).toBe(true);
  });
});

describe('scriptPaths remembers each count', () => {
  it('gives the same paths on every call, in document order', () => {
    for (let round = 0; round < 2; round++) {
      expect(scriptPaths(3)).toEqual(['/static/fullcalendar-core.js', '/static/fullcalendar-daygrid.js', '/static/calendar.js']);
      expect(scriptPaths(4)).toEqual(['/static/fullcalendar-core.js', '/static/fullcalendar-daygrid.js', '/static/calendar.js', '/static/script-4.js']);
      expect(scriptPaths(0)).toEqual([]);
    }
  });
});

describe('queryParams remembers each URL', () => {
  it('equals the plain parse on every call, and hands out copies', () => {
    const urls = [
      '/oobc-management/calendar/work-items/feed/?start=2025-09-28T00%3A00%3A00Z&end=2025-11-09T00%3A00%3A00Z',
      '/feed/?work_type=task&status=in_progress&start=2025-09-28&end=2025-11-09&_=1759752000000',
      '/feed/?a=1&a=2&b&c=x+y&2=two&1=one',
      '/feed/',
      '/feed/?__proto__=x&constructor=y',
    ];
    for (let round = 0; round < 2; round++) {
      for (const url of urls) {
        const got = queryParams(url);
        expect(got).toEqual(parseQuery(url));
        expect(Object.keys(got)).toEqual(Object.keys(parseQuery(url)));
        got.start = 'changed by a caller';
        expect(queryParams(url).start).not.toBe('changed by a caller');
      }
    }
    expect(() => queryParams('/feed/?start=%E0%A4%A')).toThrow(URIError);
  });
});

describe('makeKey remembers the keys it made with the default prefix and version', () => {
  it("equals Django's '%s:%s:%s' % (key_prefix, version, key) for every key, default or not", () => {
    for (let round = 0; round < 2; round++) {
      for (const key of loopKeys('six-week', '1', '2025-10-06')) {
        expect(makeKey(key, '', 1)).toBe(`:1:${key}`);
        expect(makeKey(key, 'site', 1)).toBe(`site:1:${key}`);
        expect(makeKey(key, '', 2)).toBe(`:2:${key}`);
      }
    }
  });
});
