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

/** Keys that no string equals: where a verdict is kept, and where request headers end. */
const VERDICT = {};
const END_OF_REQUEST = {};

/** A trie node: the nodes one key further down, and the verdict (under VERDICT) of the keys that lead to it. */
type Node = Map<unknown, unknown>;

/** The node one key further down, made when it is new. */
function below(node: Node, k: unknown): Node {
  let next = node.get(k) as Node | undefined;
  if (next === undefined) {
    next = new Map();
    node.set(k, next);
  }
  return next;
}

/** The node below each header's name, then its value, in turn. */
function belowHeaders(node: Node, headers: Record<string, string>): Node {
  for (const name in headers) node = below(below(node, name), headers[name]);
  return node;
}

/**
 * Verdicts by what decides them, one Map per key in turn (a trie): the cache mode, the status,
 * each header's name and value, the request's headers before the response's. Not one text joined
 * from them: joining built a string of a few hundred characters at every event, which the Map then
 * hashed in full; here header names are literals and the values mostly recur as the same strings
 * (the date from httpDate's memo), whose hashes V8 keeps. A lookup walks down from start() with
 * below and belowHeaders, and the node it ends at is where get reads and set writes.
 */
class VerdictTrie<V> {
  private root: Node = new Map();
  private count = 0;

  /** Where a lookup starts: the root, emptied first when the trie is full. */
  start(): Node {
    if (this.count >= MAX) this.clear();
    return this.root;
  }

  clear(): void {
    this.root = new Map();
    this.count = 0;
  }

  /** The verdict kept at the node a lookup ended at, if any. */
  get(at: Node): V | undefined {
    return at.get(VERDICT) as V | undefined;
  }

  /** Keeps the verdict at the node a lookup ended at. */
  set(at: Node, value: V): V {
    at.set(VERDICT, value);
    this.count++;
    return value;
  }
}

const REQUESTS = new VerdictTrie<RequestVerdict>();
const STORES = new VerdictTrie<StoreVerdict>();

export function requestVerdict(cacheMode: FetchCacheMode, requestHeaders: Record<string, string>): RequestVerdict {
  const at = belowHeaders(below(REQUESTS.start(), cacheMode), requestHeaders);
  const known = REQUESTS.get(at);
  if (known !== undefined) return known;
  const headers = lowercaseHeaders(requestHeaders);
  return REQUESTS.set(at, { headers, flags: loadFlagsFor(cacheMode, headers) });
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
  const request = belowHeaders(below(below(STORES.start(), cacheMode), status), requestHeaders);
  const at = belowHeaders(below(request, END_OF_REQUEST), responseHeaders);
  const known = STORES.get(at);
  if (known !== undefined) return known;
  const { headers, flags } = requestVerdict(cacheMode, requestHeaders);
  const lowercase = lowercaseHeaders(responseHeaders);
  const storable = newPolicy(url, headers, { status, headers: lowercase }, wallNowMs).storable();
  const notStorable = storable ? '' : whyNotStorable({ headers }, { status, headers: lowercase });
  return STORES.set(at, { headers, flags, responseHeaders: lowercase, storable, notStorable });
}

/** Empties both caches (the test compares runs with cold and warm ones). */
export function forgetVerdicts(): void {
  REQUESTS.clear();
  STORES.clear();
}
