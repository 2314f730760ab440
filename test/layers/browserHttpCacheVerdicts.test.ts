// The browser HTTP cache finds what headers alone decide (load flags, whether an answer is stored)
// once per distinct set of headers (src/layers/browserHttpCacheVerdicts.ts). Its contexts must be
// exactly the plain path's, which parses every event's headers afresh: compared here, as JSON (key
// order included), over random sequences of lookups, stores and 304s drawn from header sets that
// cover every load flag, stored and unstored answers, and header names in either case.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialBrowserHttpCacheContext, reduceBrowserHttpCache, reduceBrowserHttpCacheAfresh, type BrowserHttpCacheEvent } from '../../src/layers/browserHttpCache';
import { forgetVerdicts } from '../../src/layers/browserHttpCacheVerdicts';
import type { FetchCacheMode } from '../../src/layers/browserHttpCacheLoadFlags';
import type { JsonValue } from '../../src/json';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';

const EPOCH_MS = Date.UTC(2025, 9, 6, 9);
const DATE = 'Mon, 06 Oct 2025 09:00:00 GMT';

const REQUEST_HEADERS: Array<Record<string, string>> = [
  {},
  { 'Cache-Control': 'no-cache', Pragma: 'no-cache' },
  { 'cache-control': 'max-age=0' },
  { pragma: 'no-cache' },
  { 'If-Match': '"1"' },
  { 'cache-control': ' no-store ' },
  { accept: 'application/json' },
];
const RESPONSE_HEADERS: Array<Record<string, string>> = [
  {},
  { 'cache-control': 'max-age=60', etag: '"1"' },
  { 'Cache-Control': 'max-age=0, no-cache, no-store, must-revalidate, private', Expires: DATE },
  { 'cache-control': 'no-store' },
  { 'last-modified': 'Mon, 06 Oct 2025 08:00:00 GMT', date: DATE },
  { expires: 'Mon, 06 Oct 2025 09:05:00 GMT', date: DATE },
  { 'cache-control': 'private, max-age=30' },
  { pragma: 'no-cache' },
  { 'cache-control': 'must-revalidate', 'last-modified': 'Mon, 06 Oct 2025 08:00:00 GMT' },
];
const MODES: FetchCacheMode[] = ['default', 'no-store', 'reload', 'no-cache', 'force-cache', 'only-if-cached'];
const URLS = ['/feed', '/feed?start=1', '/page'];

const event: fc.Arbitrary<BrowserHttpCacheEvent> = fc.oneof(
  fc.record({ type: fc.constant('http.lookup' as const), url: fc.constantFrom(...URLS), method: fc.constant('GET' as const), requestHeaders: fc.constantFrom(...REQUEST_HEADERS), cacheMode: fc.constantFrom(...MODES), nowMs: fc.nat(600_000) }),
  fc.record({
    type: fc.constant('http.store' as const),
    url: fc.constantFrom(...URLS),
    requestHeaders: fc.constantFrom(...REQUEST_HEADERS),
    cacheMode: fc.constantFrom(...MODES),
    response: fc.record({ status: fc.constantFrom(200, 200, 404, 500, 204), headers: fc.constantFrom(...RESPONSE_HEADERS), body: fc.constantFrom<JsonValue>(null, [1], [{ id: 'x' }]) }),
    nowMs: fc.nat(600_000),
  }),
  fc.record({ type: fc.constant('http.notModified' as const), url: fc.constantFrom(...URLS), response: fc.record({ status: fc.constant(304), headers: fc.constantFrom(...RESPONSE_HEADERS), body: fc.constant(null) }), nowMs: fc.nat(600_000) }),
);

describe('browserHttpCache verdicts (headers parsed once per distinct set)', () => {
  it('give the same contexts as parsing every event afresh, for both profiles', () => {
    forgetVerdicts();
    fc.assert(
      fc.property(fc.constantFrom('chromium' as const, 'seed-assumption' as const), fc.array(event, { maxLength: 12 }), (profile, events) => {
        let cached = initialBrowserHttpCacheContext({ profile, seedReuseMs: 60_000, epochMs: EPOCH_MS });
        let afresh = cached;
        events.sort((a, b) => a.nowMs - b.nowMs);
        for (const e of events) {
          cached = reduceBrowserHttpCache(cached, e);
          afresh = reduceBrowserHttpCacheAfresh(afresh, e);
          expect(JSON.stringify(cached)).toBe(JSON.stringify(afresh));
        }
      }),
      { numRuns: 400, seed: 11 },
    );
  });

  it('store some answers and not others in these sequences (so both paths are compared)', () => {
    const reasons = new Set<string>();
    let context = initialBrowserHttpCacheContext({ profile: 'chromium', seedReuseMs: 0, epochMs: EPOCH_MS });
    for (const headers of RESPONSE_HEADERS) {
      context = reduceBrowserHttpCache(context, { type: 'http.store', url: '/feed', requestHeaders: {}, cacheMode: 'default', response: { status: 200, headers, body: null }, nowMs: 5 });
      reasons.add((context.reply as { stored: boolean }).stored ? 'stored' : 'not stored');
    }
    expect([...reasons].sort()).toEqual(['not stored', 'stored']);
  });

  it('tell apart the same headers sent by the request or by the response (the verdicts are kept by header, request first)', () => {
    const store = (requestHeaders: Record<string, string>, headers: Record<string, string>) =>
      reduceBrowserHttpCache(initialBrowserHttpCacheContext({ profile: 'chromium', seedReuseMs: 0, epochMs: EPOCH_MS }), { type: 'http.store', url: '/feed', requestHeaders, cacheMode: 'default', response: { status: 200, headers, body: null }, nowMs: 5 });
    const onRequest = { 'cache-control': 'no-store' };
    for (let round = 0; round < 2; round++) {
      // Warm with the headers on one side, then ask with them on the other.
      const asked = round === 0 ? [store(onRequest, {}), store({}, onRequest)] : [store({}, onRequest), store(onRequest, {})];
      forgetVerdicts();
      const cold = round === 0 ? [store(onRequest, {}), store({}, onRequest)] : [store({}, onRequest), store(onRequest, {})];
      expect(JSON.stringify(asked)).toBe(JSON.stringify(cold));
    }
  });

  it('leave a scenario run as it was: the same trace with cold and warm verdicts', () => {
    const scenario = getScenario('seed-fixed');
    for (const preset of ['broken', 'seed-fix']) {
      forgetVerdicts();
      const cold = JSON.stringify(runScenario(scenario, { preset, seed: 4 }));
      expect(JSON.stringify(runScenario(scenario, { preset, seed: 4 }))).toBe(cold);
    }
  });
});
