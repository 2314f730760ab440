import { afterEach, describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import {
  browserHttpCacheMachine,
  initialBrowserHttpCacheContext,
  reduceBrowserHttpCache,
  viewBrowserHttpCache,
  type BrowserHttpCacheContext,
  type BrowserHttpCacheLookupReply,
  type BrowserHttpCacheNotModifiedReply,
  type BrowserHttpCacheProfile,
  type BrowserHttpCacheStoreReply,
  type FetchCacheMode,
  type HttpResponseRecord,
} from '../../src/layers/browserHttpCache';

// Virtual 0 is a whole second, so Date headers written at virtual 0 carry no apparent age.
const EPOCH_MS = Date.UTC(2025, 9, 6, 12, 0, 0);
const SEED_REUSE_MS = 300_000;
const HOUR_MS = 3_600_000;
const FEED = '/oobc-management/calendar/work-items/feed/?start=2025-09-28T00:00:00Z&end=2025-11-09T00:00:00Z';

const httpDate = (nowMs: number) => new Date(EPOCH_MS + nowMs).toUTCString();

/** A server answer's headers, given the second-aligned virtual time it is sent at. */
type Answer = (dateMs: number) => Record<string, string>;

const ANSWERS = {
  none: (d) => ({ date: httpDate(d), 'content-type': 'application/json' }),
  neverCache: (d) => ({ date: httpDate(d), expires: httpDate(d), 'cache-control': 'max-age=0, no-cache, no-store, must-revalidate, private' }),
  maxAge60: (d) => ({ date: httpDate(d), 'cache-control': 'max-age=60' }),
  lastModified10h: (d) => ({ date: httpDate(d), 'last-modified': httpDate(-10 * HOUR_MS) }),
  etag: (d) => ({ date: httpDate(d), etag: '"v1"' }),
  expires1h: (d) => ({ date: httpDate(d), expires: httpDate(d + HOUR_MS) }),
  maxAge60Etag: (d) => ({ date: httpDate(d), 'cache-control': 'max-age=60', etag: '"v1"' }),
  maxAge60Pragma: (d) => ({ date: httpDate(d), 'cache-control': 'max-age=60', pragma: 'no-cache' }),
  maxAge60MustRevalidate: (d) => ({ date: httpDate(d), 'cache-control': 'max-age=60, must-revalidate' }),
  lastModified10hMustRevalidate: (d) => ({ date: httpDate(d), 'cache-control': 'must-revalidate', 'last-modified': httpDate(-10 * HOUR_MS) }),
  privateMaxAge60: (d) => ({ date: httpDate(d), 'cache-control': 'private, max-age=60' }),
} satisfies Record<string, Answer>;

type AnswerName = keyof typeof ANSWERS;

interface FetchOptions {
  cacheMode?: FetchCacheMode;
  requestHeaders?: Record<string, string>;
  url?: string;
}

interface FetchResult {
  context: BrowserHttpCacheContext;
  lookup: BrowserHttpCacheLookupReply;
  /** What reached the server: 'none', 'unconditional' or 'conditional'. */
  request: 'none' | 'unconditional' | 'conditional';
  /** The answer the page got, or null when fetch() rejected. */
  body: unknown;
  store: BrowserHttpCacheStoreReply | null;
}

/**
 * One fetch() through the layer against a server that answers with `answer` (a 304 when the
 * request's If-None-Match / If-Modified-Since matches), the way the simulator wires it.
 */
function fetchThrough(context: BrowserHttpCacheContext, nowMs: number, answer: Answer, options: FetchOptions = {}, serial = 0): FetchResult {
  const url = options.url ?? FEED;
  const cacheMode = options.cacheMode ?? 'default';
  const requestHeaders = options.requestHeaders ?? {};
  let ctx = reduceBrowserHttpCache(context, { type: 'http.lookup', url, method: 'GET', requestHeaders, cacheMode, nowMs });
  const lookup = ctx.reply as BrowserHttpCacheLookupReply;
  if (lookup.kind === 'hit') return { context: ctx, lookup, request: 'none', body: lookup.response.body, store: null };
  if (lookup.kind === 'error') return { context: ctx, lookup, request: 'none', body: null, store: null };
  const headers = answer(Math.floor(nowMs / 1000) * 1000);
  const conditional = Object.keys(lookup.conditionalHeaders).length > 0;
  const matches =
    (headers['etag'] !== undefined && lookup.conditionalHeaders['if-none-match'] === headers['etag']) ||
    (headers['last-modified'] !== undefined && lookup.conditionalHeaders['if-modified-since'] === headers['last-modified']);
  if (matches) {
    ctx = reduceBrowserHttpCache(ctx, { type: 'http.notModified', url, response: { status: 304, headers, body: null }, nowMs });
    const reply = ctx.reply as BrowserHttpCacheNotModifiedReply;
    return { context: ctx, lookup, request: 'conditional', body: reply.response.body, store: null };
  }
  const response: HttpResponseRecord = { status: 200, headers, body: { serial } };
  ctx = reduceBrowserHttpCache(ctx, { type: 'http.store', url, requestHeaders, cacheMode, response, nowMs });
  return { context: ctx, lookup, request: conditional ? 'conditional' : 'unconditional', body: response.body, store: ctx.reply as BrowserHttpCacheStoreReply };
}

function browser(profile: BrowserHttpCacheProfile = 'chromium'): BrowserHttpCacheContext {
  return initialBrowserHttpCacheContext({ profile, seedReuseMs: SEED_REUSE_MS, epochMs: EPOCH_MS });
}

/** Two fetches of the same URL 1 s apart; returns the requests that reached the server. */
function twoFetches(profile: BrowserHttpCacheProfile, answer: AnswerName, second: FetchOptions = {}, first: FetchOptions = {}): FetchResult[] {
  const a = fetchThrough(browser(profile), 0, ANSWERS[answer], first, 1);
  const b = fetchThrough(a.context, 1000, ANSWERS[answer], second, 2);
  return [a, b];
}

const serverHits = (results: FetchResult[]) => results.filter((r) => r.request !== 'none').length;

// docs/facts.md, browser HTTP cache: [row, answer, second fetch, first fetch, Chromium's server hits, the seed's belief]
const FACTS_TABLE: [string, AnswerName, FetchOptions, FetchOptions, number, number][] = [
  ["none (Django's JsonResponse)", 'none', {}, {}, 2, 1],
  ['Cache-Control: max-age=60', 'maxAge60', {}, {}, 1, 1],
  ['Django never_cache headers', 'neverCache', {}, {}, 2, 2],
  ['Last-Modified 10 h ago only', 'lastModified10h', {}, {}, 1, 1],
  ['ETag only', 'etag', {}, {}, 2, 1],
  ['Expires in 1 h only', 'expires1h', {}, {}, 1, 1],
  ["{cache: 'no-store'} (max-age=60)", 'maxAge60', { cacheMode: 'no-store' }, { cacheMode: 'no-store' }, 2, 2],
  ["{cache: 'no-store'} (Last-Modified)", 'lastModified10h', { cacheMode: 'no-store' }, { cacheMode: 'no-store' }, 2, 2],
  ["max-age=60, second {cache: 'no-cache'}", 'maxAge60', { cacheMode: 'no-cache' }, {}, 2, 2],
  ['max-age=60, second Cache-Control: no-cache', 'maxAge60', { requestHeaders: { 'Cache-Control': 'no-cache' } }, {}, 2, 2],
  ['max-age=60, second Pragma: no-cache', 'maxAge60', { requestHeaders: { Pragma: 'no-cache' } }, {}, 2, 2],
  ["none, second {cache: 'force-cache'}", 'none', { cacheMode: 'force-cache' }, {}, 1, 1],
  ["never_cache, second {cache: 'force-cache'}", 'neverCache', { cacheMode: 'force-cache' }, {}, 2, 2],
];

describe('docs/facts.md, browser HTTP cache, two fetch() calls of the same URL', () => {
  it.each(FACTS_TABLE)('chromium: %s', (_row, answer, second, first, chromiumHits) => {
    expect(serverHits(twoFetches('chromium', answer, second, first))).toBe(chromiumHits);
  });

  it.each(FACTS_TABLE)('seed-assumption: %s', (_row, answer, second, first, _chromiumHits, seedHits) => {
    expect(serverHits(twoFetches('seed-assumption', answer, second, first))).toBe(seedHits);
  });

  it('chromium stores a header-less answer but a default fetch does not reuse it', () => {
    const [a, b] = twoFetches('chromium', 'none');
    expect(a!.store).toEqual({ stored: true, freshForMs: 0, reason: 'stored, but heuristic freshness is 0: no Last-Modified' });
    expect(b!.lookup).toMatchObject({ kind: 'network', conditionalHeaders: {} });
    expect(b!.body).toEqual({ serial: 2 });
  });

  it('the seed believes the header-less answer is served again from the cache', () => {
    const [a, b] = twoFetches('seed-assumption', 'none');
    expect(a!.store).toMatchObject({ stored: true, freshForMs: SEED_REUSE_MS });
    expect(b!.lookup).toMatchObject({ kind: 'hit', ageMs: 1000 });
    expect(b!.body).toEqual({ serial: 1 });
  });

  it('chromium revalidates an ETag-only answer with If-None-Match and gets the stored body from a 304', () => {
    const [, b] = twoFetches('chromium', 'etag');
    expect(b!.lookup).toMatchObject({ kind: 'network', conditionalHeaders: { 'if-none-match': '"v1"' } });
    expect(b!.request).toBe('conditional');
    expect(b!.body).toEqual({ serial: 1 });
  });

  it('the heuristic from a Last-Modified 10 h old is 1 h of freshness', () => {
    const [a] = twoFetches('chromium', 'lastModified10h');
    expect(a!.store).toMatchObject({ stored: true, freshForMs: HOUR_MS });
  });

  it('never_cache is not stored, and the reason names no-store', () => {
    const [a] = twoFetches('chromium', 'neverCache');
    expect(a!.store).toEqual({ stored: false, freshForMs: 0, reason: 'not stored: response has Cache-Control: no-store' });
    expect(a!.context.entries).toEqual({});
  });

  it('a request header Cache-Control: no-cache bypasses the cache with an unconditional request', () => {
    const a = fetchThrough(browser(), 0, ANSWERS.maxAge60Etag);
    const b = fetchThrough(a.context, 1000, ANSWERS.maxAge60Etag, { requestHeaders: { 'cache-control': 'no-cache' } });
    expect(b.lookup).toEqual({
      kind: 'network',
      conditionalHeaders: {},
      reason: 'request carries Cache-Control: no-cache: cache bypassed, unconditional request (the answer will still be stored)',
    });
  });
});

describe('fetch cache modes (chromium)', () => {
  it("'reload' goes to the network and stores the answer for the next default fetch", () => {
    let r = fetchThrough(browser(), 0, ANSWERS.maxAge60, {}, 1);
    r = fetchThrough(r.context, 1000, ANSWERS.maxAge60, { cacheMode: 'reload' }, 2);
    expect(r.request).toBe('unconditional');
    r = fetchThrough(r.context, 2000, ANSWERS.maxAge60, {}, 3);
    expect(r.request).toBe('none');
    expect(r.body).toEqual({ serial: 2 });
  });

  it("'no-store' neither reads nor writes, and leaves the stored entry alone", () => {
    let r = fetchThrough(browser(), 0, ANSWERS.maxAge60, {}, 1);
    r = fetchThrough(r.context, 1000, ANSWERS.maxAge60, { cacheMode: 'no-store' }, 2);
    expect(r.request).toBe('unconditional');
    expect(r.store).toMatchObject({ stored: false });
    r = fetchThrough(r.context, 2000, ANSWERS.maxAge60, {}, 3);
    expect(r.body).toEqual({ serial: 1 });
  });

  it("'no-cache' revalidates with the validator, a fresh entry included", () => {
    const a = fetchThrough(browser(), 0, ANSWERS.maxAge60Etag, {}, 1);
    const b = fetchThrough(a.context, 1000, ANSWERS.maxAge60Etag, { cacheMode: 'no-cache' }, 2);
    expect(b.lookup).toMatchObject({ kind: 'network', conditionalHeaders: { 'if-none-match': '"v1"' } });
    expect(b.body).toEqual({ serial: 1 });
  });

  it("'force-cache' uses a stale stored answer", () => {
    const a = fetchThrough(browser(), 0, ANSWERS.maxAge60, {}, 1);
    const b = fetchThrough(a.context, 10 * HOUR_MS, ANSWERS.maxAge60, { cacheMode: 'force-cache' }, 2);
    expect(b.lookup).toMatchObject({ kind: 'hit', ageMs: 10 * HOUR_MS });
  });

  it("'force-cache' with Pragma: no-cache goes to the network (the header wins)", () => {
    const a = fetchThrough(browser(), 0, ANSWERS.maxAge60, {}, 1);
    const b = fetchThrough(a.context, 1000, ANSWERS.maxAge60, { cacheMode: 'force-cache', requestHeaders: { Pragma: 'no-cache' } }, 2);
    expect(b.request).toBe('unconditional');
  });

  it("'only-if-cached' rejects when nothing is stored, and when asked to bypass the cache", () => {
    const none = fetchThrough(browser(), 0, ANSWERS.maxAge60, { cacheMode: 'only-if-cached' });
    expect(none.lookup.kind).toBe('error');
    const a = fetchThrough(browser(), 0, ANSWERS.maxAge60, {}, 1);
    const bypass = fetchThrough(a.context, 1000, ANSWERS.maxAge60, { cacheMode: 'only-if-cached', requestHeaders: { 'Cache-Control': 'no-cache' } });
    expect(bypass.lookup.kind).toBe('error');
    const stale = fetchThrough(fetchThrough(browser(), 0, ANSWERS.none, {}, 1).context, 1000, ANSWERS.none, { cacheMode: 'only-if-cached' });
    expect(stale.lookup).toMatchObject({ kind: 'hit', response: { body: { serial: 1 } } });
  });

  it('an answer with no-store evicts the stored entry', () => {
    let r = fetchThrough(browser(), 0, ANSWERS.maxAge60, {}, 1);
    r = fetchThrough(r.context, 1000, ANSWERS.neverCache, { cacheMode: 'reload' }, 2);
    expect(r.store?.reason).toBe('not stored: response has Cache-Control: no-store (the old entry is dropped too)');
    r = fetchThrough(r.context, 2000, ANSWERS.maxAge60, {}, 3);
    expect(r.request).toBe('unconditional');
  });
});

describe('where Chromium reads headers differently from plain http-cache-semantics', () => {
  it('Pragma: no-cache beside max-age=60 makes the answer stale at once', () => {
    expect(serverHits(twoFetches('chromium', 'maxAge60Pragma'))).toBe(2);
  });

  it('max-age=60, must-revalidate is still used while fresh', () => {
    expect(serverHits(twoFetches('chromium', 'maxAge60MustRevalidate'))).toBe(1);
  });

  it('must-revalidate switches off the Last-Modified heuristic: revalidation with If-Modified-Since', () => {
    const [, b] = twoFetches('chromium', 'lastModified10hMustRevalidate');
    expect(b!.lookup).toMatchObject({ kind: 'network', conditionalHeaders: { 'if-modified-since': httpDate(-10 * HOUR_MS) } });
  });

  it('private is stored: a browser is a private cache', () => {
    expect(serverHits(twoFetches('chromium', 'privateMaxAge60'))).toBe(1);
  });
});

describe('cache-buster URLs (_=)', () => {
  const busted = (n: number) => `${FEED}&_=${n}`;

  it.each(['chromium', 'seed-assumption'] as const)('%s: every new _= value is a new entry, so nothing is reused', (profile) => {
    let ctx = browser(profile);
    let hits = 0;
    for (let i = 0; i < 5; i++) {
      const r = fetchThrough(ctx, i * 1000, ANSWERS.maxAge60, { url: busted(EPOCH_MS + i * 1000) }, i);
      if (r.request !== 'none') hits++;
      ctx = r.context;
    }
    expect(hits).toBe(5);
    expect(viewBrowserHttpCache(ctx, 5000).entries).toHaveLength(5);
  });

  it('the reason says why the URL is new', () => {
    const r = fetchThrough(browser(), 0, ANSWERS.maxAge60, { url: busted(1) });
    expect(r.lookup.reason).toBe('nothing stored for this URL (its _= cache-buster makes every URL new)');
  });

  it('two fetches in the same millisecond get the same _= value, and the second is served from the cache', () => {
    const a = fetchThrough(browser(), 0, ANSWERS.maxAge60, { url: busted(EPOCH_MS) }, 1);
    const b = fetchThrough(a.context, 0, ANSWERS.maxAge60, { url: busted(EPOCH_MS) }, 2);
    expect(b.request).toBe('none');
  });

  it('a busted URL leaves the plain URL untouched', () => {
    const a = fetchThrough(browser(), 0, ANSWERS.maxAge60, {}, 1);
    const b = fetchThrough(a.context, 1000, ANSWERS.maxAge60, { url: busted(1) }, 2);
    const c = fetchThrough(b.context, 2000, ANSWERS.maxAge60, {}, 3);
    expect([a.request, b.request, c.request]).toEqual(['unconditional', 'unconditional', 'none']);
    expect(c.body).toEqual({ serial: 1 });
  });
});

describe('expiry as virtual time passes', () => {
  const at = (answer: AnswerName, laterMs: number, profile: BrowserHttpCacheProfile = 'chromium') =>
    fetchThrough(fetchThrough(browser(profile), 0, ANSWERS[answer], {}, 1).context, laterMs, ANSWERS[answer], {}, 2);

  it('max-age=60: fresh at 59.999 s, stale at 60 s', () => {
    expect(at('maxAge60', 59_999).request).toBe('none');
    expect(at('maxAge60', 60_000).request).toBe('unconditional');
  });

  it('Last-Modified 10 h ago: fresh for 1 h, then revalidated with If-Modified-Since', () => {
    expect(at('lastModified10h', HOUR_MS - 1).request).toBe('none');
    const later = at('lastModified10h', HOUR_MS);
    expect(later.lookup).toMatchObject({ kind: 'network', conditionalHeaders: { 'if-modified-since': httpDate(-10 * HOUR_MS) } });
    expect(later.body).toEqual({ serial: 1 });
  });

  it('Expires in 1 h: fresh until Expires', () => {
    expect(at('expires1h', HOUR_MS - 1).request).toBe('none');
    expect(at('expires1h', HOUR_MS).request).toBe('unconditional');
  });

  it('an answer whose Date is already 0.5 s old on arrival expires 60 s after its Date, not after its arrival', () => {
    // Arrives at virtual 0.5 s; its Date header says 0 s (HTTP dates have whole seconds).
    const a = fetchThrough(browser(), 500, ANSWERS.maxAge60, {}, 1);
    expect(a.store).toMatchObject({ freshForMs: 59_500 });
    expect(fetchThrough(a.context, 59_999, ANSWERS.maxAge60).request).toBe('none');
    expect(fetchThrough(a.context, 60_000, ANSWERS.maxAge60).request).toBe('unconditional');
  });

  it('a 304 refreshes the entry: fresh for another max-age from the revalidation', () => {
    let r = fetchThrough(browser(), 0, ANSWERS.maxAge60Etag, {}, 1);
    r = fetchThrough(r.context, 60_000, ANSWERS.maxAge60Etag, {}, 2);
    expect(r.request).toBe('conditional');
    expect(viewBrowserHttpCache(r.context, 60_000).entries[0]).toMatchObject({ storedAtMs: 60_000, freshForMs: 60_000, fresh: true });
    r = fetchThrough(r.context, 119_999, ANSWERS.maxAge60Etag, {}, 3);
    expect(r.request).toBe('none');
    expect(r.body).toEqual({ serial: 1 });
  });

  it('seed-assumption: a header-less answer is reused until seedReuseMs, then fetched again', () => {
    expect(at('none', SEED_REUSE_MS - 1, 'seed-assumption').request).toBe('none');
    expect(at('none', SEED_REUSE_MS, 'seed-assumption').request).toBe('unconditional');
  });

  it('the view counts freshness down and marks the entry stale', () => {
    const ctx = fetchThrough(browser(), 0, ANSWERS.maxAge60, {}, 7).context;
    expect(viewBrowserHttpCache(ctx, 15_000)).toEqual({
      profile: 'chromium',
      entries: [{ url: FEED, storedAtMs: 0, freshForMs: 45_000, fresh: true, status: 200, cacheControl: 'max-age=60', body: { serial: 7 } }],
    });
    expect(viewBrowserHttpCache(ctx, 61_000).entries[0]).toMatchObject({ freshForMs: 0, fresh: false });
  });
});

describe('the layer pattern', () => {
  afterEach(() => vi.restoreAllMocks());

  it('never reads the real clock (http-cache-semantics would call Date.now)', () => {
    vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('Date.now() called');
    });
    let ctx = browser();
    for (const [name, answer] of Object.entries(ANSWERS)) {
      ctx = fetchThrough(ctx, 0, answer, { url: `${FEED}&answer=${name}` }).context;
      ctx = fetchThrough(ctx, 1000, ANSWERS.etag).context;
      ctx = fetchThrough(ctx, 70_000, ANSWERS.etag).context;
    }
    expect(() => viewBrowserHttpCache(ctx, 80_000)).not.toThrow();
    expect(Object.keys(ctx.entries).length).toBeGreaterThan(3);
  });

  it('keeps the context JSON-safe: a JSON round trip changes nothing and the model carries on', () => {
    let ctx = browser();
    ctx = fetchThrough(ctx, 0, ANSWERS.maxAge60Etag).context;
    ctx = fetchThrough(ctx, 0, ANSWERS.lastModified10h, { url: `${FEED}&x=1` }).context;
    const copy = JSON.parse(JSON.stringify(ctx)) as BrowserHttpCacheContext;
    expect(copy).toEqual(ctx);
    expect(fetchThrough(copy, 70_000, ANSWERS.maxAge60Etag).lookup).toEqual(fetchThrough(ctx, 70_000, ANSWERS.maxAge60Etag).lookup);
  });

  it('does not mutate the context it is given', () => {
    const before = fetchThrough(browser(), 0, ANSWERS.maxAge60).context;
    const frozen = JSON.parse(JSON.stringify(before)) as BrowserHttpCacheContext;
    fetchThrough(before, 60_000, ANSWERS.neverCache, { cacheMode: 'reload' });
    expect(before).toEqual(frozen);
  });

  it('the xstate machine replies like the reducer', () => {
    const actor = createActor(browserHttpCacheMachine, { input: { profile: 'chromium', seedReuseMs: SEED_REUSE_MS, epochMs: EPOCH_MS } }).start();
    actor.send({ type: 'http.lookup', url: FEED, method: 'GET', requestHeaders: {}, cacheMode: 'default', nowMs: 0 });
    expect(actor.getSnapshot().context.reply).toMatchObject({ kind: 'network', reason: 'nothing stored for this URL' });
    const response = { status: 200, headers: ANSWERS.maxAge60(0), body: [1] };
    actor.send({ type: 'http.store', url: FEED, requestHeaders: {}, cacheMode: 'default', response, nowMs: 0 });
    expect(actor.getSnapshot().context.reply).toEqual({ stored: true, freshForMs: 60_000, reason: 'stored, fresh for 60 s (max-age=60)' });
    actor.send({ type: 'http.lookup', url: FEED, method: 'GET', requestHeaders: {}, cacheMode: 'default', nowMs: 12_000 });
    expect(actor.getSnapshot().context.reply).toEqual({
      kind: 'hit',
      response,
      ageMs: 12_000,
      reason: 'stored answer is fresh: age 12 s < lifetime 60 s (max-age=60)',
    });
    expect(actor.getSnapshot().value).toBe('ready');
  });
});
