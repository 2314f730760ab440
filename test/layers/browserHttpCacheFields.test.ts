// browserHttpCache builds each new context field by field (withReply) instead of spreading the
// old one: it must give exactly what `{ ...context, entries, reply }` gives, key order included.
import { describe, expect, it } from 'vitest';
import { initialBrowserHttpCacheContext, reduceBrowserHttpCache, withReply, type BrowserHttpCacheContext, type BrowserHttpCacheEvent } from '../../src/layers/browserHttpCache';

const EPOCH_MS = Date.UTC(2025, 9, 6, 9);

describe('browserHttpCache withReply', () => {
  it('equals the spread for both profiles, key order included', () => {
    for (const profile of ['chromium', 'seed-assumption'] as const) {
      const initial = initialBrowserHttpCacheContext({ profile, seedReuseMs: 60_000, epochMs: EPOCH_MS });
      const entries = { '/x': { url: '/x', storedAtMs: 5, response: { status: 200, headers: {}, body: null }, policy: null } };
      const reply = { stored: true, freshForMs: 0, reason: 'r' };
      const spread: BrowserHttpCacheContext = { ...initial, entries, reply };
      expect(JSON.stringify(withReply(initial, entries, reply))).toBe(JSON.stringify(spread));
      expect(withReply(initial, entries, reply)).toEqual(spread);
    }
  });

  it('keeps the initial key order through lookups, stores and 304s', () => {
    for (const profile of ['chromium', 'seed-assumption'] as const) {
      let context = initialBrowserHttpCacheContext({ profile, seedReuseMs: 60_000, epochMs: EPOCH_MS });
      const keys = Object.keys(context);
      const events: BrowserHttpCacheEvent[] = [
        { type: 'http.lookup', url: '/f', method: 'GET', requestHeaders: {}, cacheMode: 'default', nowMs: 0 },
        { type: 'http.store', url: '/f', requestHeaders: {}, cacheMode: 'default', response: { status: 200, headers: { 'cache-control': 'max-age=60', etag: '"1"' }, body: [1] }, nowMs: 10 },
        { type: 'http.lookup', url: '/f', method: 'GET', requestHeaders: {}, cacheMode: 'default', nowMs: 20 },
        { type: 'http.lookup', url: '/f', method: 'GET', requestHeaders: {}, cacheMode: 'no-store', nowMs: 20 },
        { type: 'http.notModified', url: '/f', response: { status: 304, headers: { 'cache-control': 'max-age=60' }, body: null }, nowMs: 30 },
        { type: 'http.notModified', url: '/g', response: { status: 304, headers: {}, body: null }, nowMs: 30 },
        { type: 'http.store', url: '/f', requestHeaders: {}, cacheMode: 'default', response: { status: 200, headers: { 'cache-control': 'no-store' }, body: [2] }, nowMs: 40 },
        { type: 'http.store', url: '/f', requestHeaders: {}, cacheMode: 'no-store', response: { status: 200, headers: {}, body: [3] }, nowMs: 50 },
      ];
      for (const e of events) {
        context = reduceBrowserHttpCache(context, e);
        expect(Object.keys(context)).toEqual(keys);
      }
    }
  });
});
