// What the browser HTTP cache decides from a request's and a response's headers alone, found once
// per distinct set of headers. Lowercasing the headers, Chromium's load flags and whether
// http-cache-semantics would store the answer read no clock, so they are a function of the header
// text (and the fetch cache mode, and the status); a check makes the same few requests in
// thousands of runs, and parsing them again each time was 3-5% of a run's cost. Only what is
// clock-free is kept here: a storable answer's policy (its age, its freshness) is still built at
// the event's instant by browserHttpCache.ts. test/layers/browserHttpCacheVerdicts.test.ts compares
// the layer with and without these verdicts.
import { headerHasToken, loadFlagsFor, lowercaseHeaders, type FetchCacheMode, type LoadFlags } from './browserHttpCacheLoadFlags';
import { newPolicy } from './browserHttpCachePolicy';

export interface RequestVerdict {
  /** The request headers, lowercase names and trimmed values (never changed: shared by every use). */
  headers: Record<string, string>;
  flags: LoadFlags;
}

export interface StoreVerdict extends RequestVerdict {
  /** The response headers, lowercase names and trimmed values (never changed: shared by every use). */
  responseHeaders: Record<string, string>;
  /** http-cache-semantics' storable(): clock-free (method, status, Cache-Control, Expires, authorization). */
  storable: boolean;
  /** Why not, when not storable (whyNotStorable's words: clock-free too). */
  notStorable: string;
}

/** Why http-cache-semantics would not store an answer, from the headers and status alone (no clock). */
export function whyNotStorable(request: { headers: Record<string, string> }, response: { status: number; headers: Record<string, string> }): string {
  if (headerHasToken(response.headers, 'cache-control', 'no-store')) return 'response has Cache-Control: no-store';
  if (headerHasToken(request.headers, 'cache-control', 'no-store')) return 'request has Cache-Control: no-store';
  return `status ${response.status} is not cacheable`;
}

/** Bounded: cleared when full (cache-buster URLs and Date headers make new keys without end). */
const MAX = 4096;
const REQUESTS = new Map<string, RequestVerdict>();
const STORES = new Map<string, StoreVerdict>();

/** The headers as one text; NUL cannot occur in a header, so different sets give different texts. */
function headerText(headers: Record<string, string>): string {
  let text = '';
  for (const name in headers) text += `${name}\u0000${headers[name]}\u0000`;
  return text;
}

function remember<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size >= MAX) map.clear();
  map.set(key, value);
  return value;
}

export function requestVerdict(cacheMode: FetchCacheMode, requestHeaders: Record<string, string>): RequestVerdict {
  const key = `${cacheMode}\u0001${headerText(requestHeaders)}`;
  const known = REQUESTS.get(key);
  if (known !== undefined) return known;
  const headers = lowercaseHeaders(requestHeaders);
  return remember(REQUESTS, key, { headers, flags: loadFlagsFor(cacheMode, headers) });
}

/** The raw headers of an http.store event (the instant only stands in for every instant: storable() reads no clock). */
export function storeVerdict(
  url: string,
  cacheMode: FetchCacheMode,
  requestHeaders: Record<string, string>,
  status: number,
  responseHeaders: Record<string, string>,
  wallNowMs: number,
): StoreVerdict {
  const key = `${cacheMode}\u0001${status}\u0001${headerText(requestHeaders)}\u0001${headerText(responseHeaders)}`;
  const known = STORES.get(key);
  if (known !== undefined) return known;
  const { headers, flags } = requestVerdict(cacheMode, requestHeaders);
  const lowercase = lowercaseHeaders(responseHeaders);
  const storable = newPolicy(url, headers, { status, headers: lowercase }, wallNowMs).storable();
  const notStorable = storable ? '' : whyNotStorable({ headers }, { status, headers: lowercase });
  return remember(STORES, key, { headers, flags, responseHeaders: lowercase, storable, notStorable });
}

/** Empties both caches (the test compares runs with cold and warm ones). */
export function forgetVerdicts(): void {
  REQUESTS.clear();
  STORES.clear();
}
