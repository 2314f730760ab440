import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addNeverCacheHeaders, formatHttpDate, httpDate } from '../../src/app/neverCache';

// 2025-10-06T12:00:00Z, a Monday (the seed analysis date).
const EPOCH_MS = Date.UTC(2025, 9, 6, 12, 0, 0);

describe('httpDate', () => {
  it('writes IMF-fixdate', () => {
    expect(httpDate(0)).toBe('Thu, 01 Jan 1970 00:00:00 GMT');
    expect(httpDate(EPOCH_MS)).toBe('Mon, 06 Oct 2025 12:00:00 GMT');
    expect(httpDate(Date.UTC(2024, 1, 29, 23, 59, 59))).toBe('Thu, 29 Feb 2024 23:59:59 GMT');
  });

  it('drops milliseconds instead of rounding (gmtime truncates)', () => {
    expect(httpDate(EPOCH_MS + 999)).toBe('Mon, 06 Oct 2025 12:00:00 GMT');
  });

  it('remembers each second it formats: the same text as formatting it afresh, whatever the order of instants', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5_000, max: 30_000 }), { minLength: 1, maxLength: 40 }), (offsets) => {
        for (const offset of offsets) expect(httpDate(EPOCH_MS + offset)).toBe(formatHttpDate(Math.floor((EPOCH_MS + offset) / 1000)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('addNeverCacheHeaders', () => {
  it('adds exactly Expires=now and the five Cache-Control directives, and no Pragma', () => {
    expect(addNeverCacheHeaders(90_500, EPOCH_MS)).toEqual({
      expires: 'Mon, 06 Oct 2025 12:01:30 GMT',
      'cache-control': 'max-age=0, no-cache, no-store, must-revalidate, private',
    });
  });

  it('is not what the seed documents claim (Pragma: no-cache, Expires: 0, or no-store, max-age=0)', () => {
    const headers = addNeverCacheHeaders(0, EPOCH_MS);
    expect(headers).not.toHaveProperty('pragma');
    expect(headers['expires']).not.toBe('0');
    expect(headers['cache-control']).not.toBe('no-store, max-age=0');
  });

  it('keeps an Expires the view had already set', () => {
    expect(addNeverCacheHeaders(0, EPOCH_MS, { expires: 'Tue, 07 Oct 2025 00:00:00 GMT' })['expires']).toBe(
      'Tue, 07 Oct 2025 00:00:00 GMT',
    );
  });

  it('lowers an existing max-age to 0 in place and drops public for private', () => {
    expect(addNeverCacheHeaders(0, EPOCH_MS, { 'cache-control': 'public, max-age=60' })['cache-control']).toBe(
      'max-age=0, no-cache, no-store, must-revalidate, private',
    );
    expect(addNeverCacheHeaders(0, EPOCH_MS, { 'cache-control': 's-maxage=30, Max-Age=60' })['cache-control']).toBe(
      's-maxage=30, max-age=0, no-cache, no-store, must-revalidate, private',
    );
  });

  it('leaves other headers alone', () => {
    expect(addNeverCacheHeaders(0, EPOCH_MS, { 'content-type': 'application/json' })['content-type']).toBe('application/json');
  });
});
