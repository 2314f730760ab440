// One user's browser HTTP cache (Chromium's disk cache as fetch() sees it).
//
// What it can get wrong, or surprise people with:
// - It stores answers that carry no cache headers at all (Django's JsonResponse), but a default
//   fetch() never reuses them: with no Last-Modified the heuristic freshness is 0, so each fetch
//   goes to the server. Stale feeds come from answers that *do* carry freshness (max-age,
//   Expires, or a Last-Modified that buys 10% of its age), and those are reused without asking.
// - `cache: 'force-cache'` / 'only-if-cached' reuse any stored answer however stale, including a
//   header-less one.
// - A request header `Cache-Control: no-cache` or `Pragma: no-cache` makes Chromium skip the
//   stored copy and send an unconditional request, yet it still stores the answer: the next plain
//   fetch may be served that answer from the cache if it is fresh.
// - `cache: 'no-cache'` revalidates (If-None-Match / If-Modified-Since, 304) instead of skipping.
// - An answer with `no-store` (Django's never_cache) is not stored and evicts the old entry;
//   `cache: 'no-store'` neither reads nor writes, and leaves the old entry in place.
// - A cache-buster query (`&_=` + the page's clock in ms) makes every URL new: nothing is ever reused, and the
//   cache fills with entries nobody reads again.
//
// Two profiles, so a teacher can show both: 'chromium' is the measured behaviour (docs/facts.md,
// the browser's HTTP cache, checked against real Chromium in test/conformance/browserHttpCache.test.ts);
// 'seed-assumption' is what the seed documents believe: every GET answer without never_cache
// headers is reused for `seedReuseMs`.
import { assign, setup } from 'xstate';
import type { JsonObject, JsonValue } from '../json';
import { headerHasToken, loadFlagsFor, lowercaseHeaders, type FetchCacheMode, type LoadFlags } from './browserHttpCacheLoadFlags';
import {
  conditionalHeadersFor,
  describeFreshnessSource,
  freshnessAt,
  newPolicy,
  policyToJson,
  restorePolicy,
  type CachePolicyObject,
} from './browserHttpCachePolicy';
import { requestVerdict, storeVerdict, whyNotStorable } from './browserHttpCacheVerdicts';

export type { FetchCacheMode } from './browserHttpCacheLoadFlags';

export type BrowserHttpCacheProfile = 'chromium' | 'seed-assumption';

export interface BrowserHttpCacheInput {
  profile: BrowserHttpCacheProfile;
  /** seed-assumption only: how long the seed believes a header-less answer is reused. */
  seedReuseMs: number;
  /** Wall-clock ms of virtual time 0, so HTTP dates (Date, Expires, Last-Modified) can be compared. */
  epochMs: number;
}

export interface HttpResponseRecord {
  status: number;
  /** Lowercase header names. */
  headers: Record<string, string>;
  body: JsonValue;
}

export interface BrowserHttpCacheEntry {
  url: string;
  /** Virtual ms when the answer (or the 304 that refreshed it) arrived: Chromium's response_time. */
  storedAtMs: number;
  response: HttpResponseRecord;
  /** chromium: http-cache-semantics policy as plain data (see browserHttpCachePolicy.ts); seed: null. */
  policy: CachePolicyObject | null;
}

export type BrowserHttpCacheLookupReply =
  | { kind: 'hit'; response: HttpResponseRecord; ageMs: number; reason: string }
  | { kind: 'network'; conditionalHeaders: Record<string, string>; reason: string }
  // cache: 'only-if-cached' with nothing usable: fetch() rejects with a TypeError.
  | { kind: 'error'; reason: string };

export interface BrowserHttpCacheStoreReply {
  stored: boolean;
  freshForMs: number;
  reason: string;
}

export interface BrowserHttpCacheNotModifiedReply {
  /** What fetch() resolves with: the stored answer (status 200) with the 304's headers merged in. */
  response: HttpResponseRecord;
  reason: string;
}

export type BrowserHttpCacheReply = BrowserHttpCacheLookupReply | BrowserHttpCacheStoreReply | BrowserHttpCacheNotModifiedReply;

export interface BrowserHttpCacheContext extends BrowserHttpCacheInput {
  /** Keyed by the exact URL (path and query): a different query string is a different entry. */
  entries: Record<string, BrowserHttpCacheEntry>;
  reply: BrowserHttpCacheReply | null;
}

export type BrowserHttpCacheEvent =
  | {
      type: 'http.lookup';
      url: string;
      method: 'GET';
      requestHeaders: Record<string, string>;
      cacheMode: FetchCacheMode;
      nowMs: number;
    }
  | {
      type: 'http.store';
      url: string;
      requestHeaders: Record<string, string>;
      cacheMode: FetchCacheMode;
      response: HttpResponseRecord;
      nowMs: number;
    }
  | { type: 'http.notModified'; url: string; response: HttpResponseRecord; nowMs: number };

/**
 * A context with new entries and reply, written out field by field in the context's order: V8
 * (Node 20) builds `{ ...context, reply }` several times slower, and every feed fetch looks up and
 * stores an answer.
 */
export function withReply(context: BrowserHttpCacheContext, entries: Record<string, BrowserHttpCacheEntry>, reply: BrowserHttpCacheReply | null): BrowserHttpCacheContext {
  return { profile: context.profile, seedReuseMs: context.seedReuseMs, epochMs: context.epochMs, entries, reply };
}

export function initialBrowserHttpCacheContext(input: BrowserHttpCacheInput): BrowserHttpCacheContext {
  return { profile: input.profile, seedReuseMs: input.seedReuseMs, epochMs: input.epochMs, entries: {}, reply: null };
}

/**
 * The layer's step. Under the chromium profile, what a request's and a response's headers decide
 * without a clock (load flags; an answer that is not stored) comes from browserHttpCacheVerdicts.ts,
 * found once per distinct set of headers; reduceBrowserHttpCacheAfresh is the plain path, which
 * parses every event's headers again, and gives the same contexts (its test compares the two).
 */
export function reduceBrowserHttpCache(context: BrowserHttpCacheContext, event: BrowserHttpCacheEvent): BrowserHttpCacheContext {
  if (context.profile !== 'chromium') return reduceBrowserHttpCacheAfresh(context, event);
  switch (event.type) {
    case 'http.lookup': {
      const { headers, flags } = requestVerdict(event.cacheMode, event.requestHeaders);
      return withReply(context, context.entries, chromiumLookup(context, event.url, headers, event.cacheMode, event.nowMs, flags));
    }
    case 'http.store': {
      const verdict = storeVerdict(event.url, event.cacheMode, event.requestHeaders, event.response.status, event.response.headers, context.epochMs + event.nowMs);
      if (verdict.flags.disableCache !== null || verdict.storable) {
        const request = { url: event.url, headers: verdict.headers, cacheMode: event.cacheMode };
        return chromiumStore(context, request, { ...event.response, headers: verdict.responseHeaders }, event.nowMs, verdict.flags);
      }
      return notStored(context, event.url, verdict.notStorable);
    }
    case 'http.notModified':
      return reduceBrowserHttpCacheAfresh(context, event);
  }
}

/** The plain path: every event's headers lowercased and parsed afresh. */
export function reduceBrowserHttpCacheAfresh(context: BrowserHttpCacheContext, event: BrowserHttpCacheEvent): BrowserHttpCacheContext {
  const chromium = context.profile === 'chromium';
  switch (event.type) {
    case 'http.lookup': {
      const requestHeaders = lowercaseHeaders(event.requestHeaders);
      const reply = chromium
        ? chromiumLookup(context, event.url, requestHeaders, event.cacheMode, event.nowMs)
        : seedLookup(context, event.url, requestHeaders, event.cacheMode, event.nowMs);
      return withReply(context, context.entries, reply);
    }
    case 'http.store': {
      const request = { url: event.url, headers: lowercaseHeaders(event.requestHeaders), cacheMode: event.cacheMode };
      const response = { ...event.response, headers: lowercaseHeaders(event.response.headers) };
      return chromium ? chromiumStore(context, request, response, event.nowMs) : seedStore(context, request, response, event.nowMs);
    }
    case 'http.notModified':
      return notModified(context, event.url, { ...event.response, headers: lowercaseHeaders(event.response.headers) }, event.nowMs);
  }
}

// ---- chromium ----------------------------------------------------------------------------------

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function hasCacheBuster(url: string): boolean {
  return /[?&]_=/.test(url);
}

function nothingStored(url: string): string {
  return hasCacheBuster(url)
    ? 'nothing stored for this URL (its _= cache-buster makes every URL new)'
    : 'nothing stored for this URL';
}

function chromiumLookup(
  context: BrowserHttpCacheContext,
  url: string,
  requestHeaders: Record<string, string>,
  cacheMode: FetchCacheMode,
  nowMs: number,
  flags: LoadFlags = loadFlagsFor(cacheMode, requestHeaders),
): BrowserHttpCacheLookupReply {
  if (flags.disableCache !== null) {
    return { kind: 'network', conditionalHeaders: {}, reason: `${flags.disableCache}: the cache is neither read nor written` };
  }
  if (flags.onlyFromCache !== null && flags.bypassCache !== null) {
    return { kind: 'error', reason: `cache: 'only-if-cached' with ${flags.bypassCache.replace('request carries ', '')}: Chromium refuses (ERR_CACHE_MISS), fetch() rejects` };
  }
  if (flags.bypassCache !== null) {
    return { kind: 'network', conditionalHeaders: {}, reason: `${flags.bypassCache}: cache bypassed, unconditional request (the answer will still be stored)` };
  }
  const entry = context.entries[url];
  if (entry === undefined || entry.policy === null) {
    if (flags.onlyFromCache !== null) return { kind: 'error', reason: `cache: 'only-if-cached' and ${nothingStored(url)}: fetch() rejects` };
    return { kind: 'network', conditionalHeaders: {}, reason: nothingStored(url) };
  }
  const wallNowMs = context.epochMs + nowMs;
  const { lifetimeMs, ageMs, apparentAgeMs } = freshnessAt(entry.policy, wallNowMs);
  const skew = apparentAgeMs >= 1000 ? `, ${seconds(apparentAgeMs)} of it before arrival, by its Date header` : '';
  const source = describeFreshnessSource(entry.response.headers);
  if (flags.skipCacheValidation !== null) {
    const state = lifetimeMs > ageMs ? 'fresh' : `stale: ${source}`;
    return { kind: 'hit', response: entry.response, ageMs, reason: `${flags.skipCacheValidation}: stored answer used without checking freshness (it is ${state}, age ${seconds(ageMs)})` };
  }
  if (flags.validateCache === null && lifetimeMs > ageMs) {
    return { kind: 'hit', response: entry.response, ageMs, reason: `stored answer is fresh: age ${seconds(ageMs)}${skew} < lifetime ${seconds(lifetimeMs)} (${source})` };
  }
  const staleness = lifetimeMs > 0 ? `age ${seconds(ageMs)}${skew} >= lifetime ${seconds(lifetimeMs)} (${source})` : source;
  const why = flags.validateCache !== null ? `${flags.validateCache}: stored answer must be revalidated` : `stored answer is stale: ${staleness}`;
  const conditionalHeaders = conditionalHeadersFor(restorePolicy(entry.policy, wallNowMs), url);
  const names = Object.keys(conditionalHeaders);
  if (names.length === 0) {
    return { kind: 'network', conditionalHeaders, reason: `${why}; no ETag or Last-Modified to revalidate with: unconditional request` };
  }
  const pretty = names.map((n) => (n === 'if-none-match' ? 'If-None-Match' : 'If-Modified-Since')).join(' + ');
  return { kind: 'network', conditionalHeaders, reason: `${why}: conditional request with ${pretty} (a 304 reuses the stored body)` };
}

interface StoreRequest {
  url: string;
  headers: Record<string, string>;
  cacheMode: FetchCacheMode;
}

function withoutEntry(entries: Record<string, BrowserHttpCacheEntry>, url: string): Record<string, BrowserHttpCacheEntry> {
  const next = { ...entries };
  delete next[url];
  return next;
}

/** An answer http-cache-semantics would not store (with no load flag that keeps the cache out of it): the old entry goes too. */
function notStored(context: BrowserHttpCacheContext, url: string, why: string): BrowserHttpCacheContext {
  const evicted = context.entries[url] !== undefined;
  const reason = `not stored: ${why}${evicted ? ' (the old entry is dropped too)' : ''}`;
  return withReply(context, withoutEntry(context.entries, url), { stored: false, freshForMs: 0, reason });
}

function chromiumStore(
  context: BrowserHttpCacheContext,
  request: StoreRequest,
  response: HttpResponseRecord,
  nowMs: number,
  flags: LoadFlags = loadFlagsFor(request.cacheMode, request.headers),
): BrowserHttpCacheContext {
  if (flags.disableCache !== null) {
    const reply = { stored: false, freshForMs: 0, reason: `${flags.disableCache}: the answer is not written to the cache` };
    return withReply(context, context.entries, reply);
  }
  const wallNowMs = context.epochMs + nowMs;
  const policy = newPolicy(request.url, request.headers, response, wallNowMs);
  if (!policy.storable()) return notStored(context, request.url, whyNotStorable(request, response));
  const stored = policyToJson(policy);
  const { lifetimeMs, ageMs } = freshnessAt(stored, wallNowMs);
  const freshForMs = Math.max(0, lifetimeMs - ageMs);
  const source = describeFreshnessSource(response.headers);
  let reason: string;
  if (freshForMs > 0) reason = `stored, fresh for ${seconds(freshForMs)} (${source})`;
  else if (lifetimeMs > 0) reason = `stored, but already stale on arrival: age ${seconds(ageMs)} >= lifetime ${seconds(lifetimeMs)} (${source})`;
  else if (/heuristic/.test(source)) reason = `stored, but ${source}`;
  else reason = `stored, but stale at once: ${source}`;
  const entry: BrowserHttpCacheEntry = { url: request.url, storedAtMs: nowMs, response, policy: stored };
  return withReply(context, { ...withoutEntry(context.entries, request.url), [request.url]: entry }, { stored: true, freshForMs, reason });
}

// Chromium's HttpResponseHeaders::Update: a 304's headers replace the stored ones, except these
// (they describe the stored body, which the 304 does not carry).
const NOT_UPDATED_BY_304 = new Set([
  'connection', 'proxy-connection', 'keep-alive', 'www-authenticate', 'proxy-authenticate', 'proxy-authorization',
  'te', 'trailer', 'transfer-encoding', 'upgrade', 'content-location', 'content-md5', 'etag', 'content-encoding',
  'content-range', 'content-type', 'content-length', 'x-frame-options', 'x-xss-protection',
]);

function notModified(context: BrowserHttpCacheContext, url: string, response304: HttpResponseRecord, nowMs: number): BrowserHttpCacheContext {
  const entry = context.entries[url];
  if (entry === undefined) {
    return withReply(context, context.entries, { response: response304, reason: `${nothingStored(url)}: the 304 has no body to complete` });
  }
  const headers = { ...entry.response.headers };
  for (const [name, value] of Object.entries(response304.headers)) {
    if (!NOT_UPDATED_BY_304.has(name) && !name.startsWith('x-content-') && !name.startsWith('x-webkit-')) headers[name] = value;
  }
  const response: HttpResponseRecord = { status: entry.response.status, headers, body: entry.response.body };
  // Revalidation restarts the clock: response_time becomes the 304's arrival.
  const policy = entry.policy === null ? null : policyToJson(newPolicy(url, {}, response, context.epochMs + nowMs));
  const refreshed: BrowserHttpCacheEntry = { url, storedAtMs: nowMs, response, policy };
  const reason = '304 Not Modified: stored body reused, its headers and age refreshed';
  return withReply(context, { ...context.entries, [url]: refreshed }, { response, reason });
}

// ---- seed-assumption ---------------------------------------------------------------------------
// The seed documents never mention fetch cache modes or revalidation; this profile gives the modes
// their plain-English meaning and knows no 304s.

function seedLookup(
  context: BrowserHttpCacheContext,
  url: string,
  requestHeaders: Record<string, string>,
  cacheMode: FetchCacheMode,
  nowMs: number,
): BrowserHttpCacheLookupReply {
  if (cacheMode === 'no-store' || cacheMode === 'reload' || cacheMode === 'no-cache') {
    return { kind: 'network', conditionalHeaders: {}, reason: `seed's belief: cache: '${cacheMode}' skips the cache` };
  }
  if (headerHasToken(requestHeaders, 'cache-control', 'no-cache') || headerHasToken(requestHeaders, 'pragma', 'no-cache')) {
    return { kind: 'network', conditionalHeaders: {}, reason: "seed's belief: request no-cache headers make the browser bypass its cache" };
  }
  const entry = context.entries[url];
  if (entry === undefined) {
    if (cacheMode === 'only-if-cached') return { kind: 'error', reason: `cache: 'only-if-cached' and ${nothingStored(url)}: fetch() rejects` };
    return { kind: 'network', conditionalHeaders: {}, reason: nothingStored(url) };
  }
  const ageMs = nowMs - entry.storedAtMs;
  if (cacheMode === 'force-cache' || cacheMode === 'only-if-cached') {
    return { kind: 'hit', response: entry.response, ageMs, reason: `seed's belief: cache: '${cacheMode}' uses the stored answer` };
  }
  if (ageMs < context.seedReuseMs) {
    return { kind: 'hit', response: entry.response, ageMs, reason: `seed's belief: a GET answer without never_cache headers is reused (age ${seconds(ageMs)} < ${seconds(context.seedReuseMs)})` };
  }
  return { kind: 'network', conditionalHeaders: {}, reason: `seed's belief: the stored answer is too old to reuse (age ${seconds(ageMs)})` };
}

/** What the seed calls "cache headers": never_cache's directives (or a part of them). */
function seedForbidsCaching(headers: Record<string, string>): string | null {
  for (const token of ['no-store', 'no-cache', 'max-age=0']) {
    if (headerHasToken(headers, 'cache-control', token)) return `Cache-Control: ${token}`;
  }
  if (headerHasToken(headers, 'pragma', 'no-cache')) return 'Pragma: no-cache';
  return null;
}

function seedStore(context: BrowserHttpCacheContext, request: StoreRequest, response: HttpResponseRecord, nowMs: number): BrowserHttpCacheContext {
  if (request.cacheMode === 'no-store' || request.cacheMode === 'only-if-cached') {
    return withReply(context, context.entries, { stored: false, freshForMs: 0, reason: `seed's belief: cache: '${request.cacheMode}' does not write the cache` });
  }
  const forbidden = seedForbidsCaching(response.headers);
  if (forbidden !== null) {
    const reply = { stored: false, freshForMs: 0, reason: `seed's belief: ${forbidden} stops the browser from caching` };
    return withReply(context, withoutEntry(context.entries, request.url), reply);
  }
  const entry: BrowserHttpCacheEntry = { url: request.url, storedAtMs: nowMs, response, policy: null };
  const reply = { stored: true, freshForMs: context.seedReuseMs, reason: `seed's belief: a GET answer is cached and reused for ${seconds(context.seedReuseMs)}` };
  return withReply(context, { ...withoutEntry(context.entries, request.url), [request.url]: entry }, reply);
}

// ---- machine and view --------------------------------------------------------------------------

export const browserHttpCacheMachine = setup({
  types: {
    context: {} as BrowserHttpCacheContext,
    events: {} as BrowserHttpCacheEvent,
    input: {} as BrowserHttpCacheInput,
  },
}).createMachine({
  id: 'browserHttpCache',
  context: ({ input }) => initialBrowserHttpCacheContext(input),
  initial: 'ready',
  states: {
    ready: {
      on: {
        'http.lookup': { actions: assign(({ context, event }) => reduceBrowserHttpCache(context, event)) },
        'http.store': { actions: assign(({ context, event }) => reduceBrowserHttpCache(context, event)) },
        'http.notModified': { actions: assign(({ context, event }) => reduceBrowserHttpCache(context, event)) },
      },
    },
  },
});

export interface BrowserHttpCacheViewEntry extends JsonObject {
  url: string;
  storedAtMs: number;
  /** Freshness left at the view's nowMs (0 once stale). */
  freshForMs: number;
  fresh: boolean;
  status: number;
  cacheControl: string | null;
  body: JsonValue;
}

export interface BrowserHttpCacheView extends JsonObject {
  profile: BrowserHttpCacheProfile;
  entries: BrowserHttpCacheViewEntry[];
}

export function viewBrowserHttpCache(context: BrowserHttpCacheContext, nowMs: number): BrowserHttpCacheView {
  const entries = Object.values(context.entries).map((entry): BrowserHttpCacheViewEntry => {
    let freshForMs: number;
    if (entry.policy !== null) {
      const { lifetimeMs, ageMs } = freshnessAt(entry.policy, context.epochMs + nowMs);
      freshForMs = Math.max(0, lifetimeMs - ageMs);
    } else {
      freshForMs = Math.max(0, entry.storedAtMs + context.seedReuseMs - nowMs);
    }
    return {
      url: entry.url,
      storedAtMs: entry.storedAtMs,
      freshForMs,
      fresh: freshForMs > 0,
      status: entry.response.status,
      cacheControl: entry.response.headers['cache-control'] ?? null,
      body: entry.response.body,
    };
  });
  return { profile: context.profile, entries };
}
