// The answers the conformance server can give, and the fetch() options a step can use. Pure, so the
// server (what Chromium sees) and the model replay (when the model asks something Chromium did not)
// build responses the same way.
import type { FetchCacheMode, HttpResponseRecord } from '../../../src/layers/browserHttpCache';

export type HeaderVariant =
  // The docs/facts.md, browser HTTP cache rows.
  | 'none' // what Django's JsonResponse sends
  | 'neverCache' // Django's never_cache: Expires: <now>, Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private
  | 'maxAge60'
  | 'lastModified10h' // Last-Modified 10 h before the path's first answer, nothing else
  | 'etag' // ETag only; If-None-Match with it gets a 304
  | 'expires1h' // Expires one hour after Date, nothing else
  // Where Chromium and http-cache-semantics read headers differently.
  | 'maxAge60Pragma' // Cache-Control: max-age=60 plus Pragma: no-cache
  | 'maxAge60MustRevalidate'
  | 'lastModified10hMustRevalidate'
  | 'noCacheEtag' // Cache-Control: no-cache plus ETag: stored, revalidated on every use
  | 'privateMaxAge60' // private is fine for a browser (shared: false)
  | 'maxAge60Date59sAgo' // a server clock 59 s behind: Date says the answer is already 59 s old
  // Short lifetimes for expiry in real time (dedicated cases only: their boundaries are 1 s coarse).
  | 'maxAge2'
  | 'lastModified20s'; // heuristic lifetime 2 s

/** Variants safe for generated sequences: no outcome there depends on sub-second timing. */
export const GENERATED_VARIANTS: HeaderVariant[] = [
  'none',
  'neverCache',
  'maxAge60',
  'lastModified10h',
  'etag',
  'expires1h',
  'maxAge60Pragma',
  'maxAge60MustRevalidate',
  'lastModified10hMustRevalidate',
  'noCacheEtag',
  'privateMaxAge60',
];

export type RequestHeaderChoice = 'none' | 'cacheControl' | 'pragma' | 'both';

export interface Step {
  /** What the server answers this step's request with. */
  variant: HeaderVariant;
  cacheMode: FetchCacheMode;
  requestHeaders: RequestHeaderChoice;
  /** Append `&_=<unique number>` as the seed's Fix 3 does with Date.now(). */
  cacheBuster: boolean;
  /** Real milliseconds to wait before this step. */
  waitMs: number;
}

export function requestHeadersFor(choice: RequestHeaderChoice): Record<string, string> {
  switch (choice) {
    case 'none':
      return {};
    case 'cacheControl':
      return { 'Cache-Control': 'no-cache' };
    case 'pragma':
      return { Pragma: 'no-cache' };
    case 'both':
      return { 'Cache-Control': 'no-cache', Pragma: 'no-cache' };
  }
}

/** Per path: fixed validators, so a revalidation can match. */
export interface PathState {
  etag: string;
  /** Second-aligned wall ms of the path's creation; Last-Modified values are relative to it. */
  createdMs: number;
}

function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

const HOUR_MS = 3_600_000;

/** Response headers (lowercase) for `variant`, answered at second-aligned wall time `dateMs`. */
export function variantHeaders(variant: HeaderVariant, dateMs: number, path: PathState): Record<string, string> {
  const date = httpDate(dateMs);
  switch (variant) {
    case 'none':
      return { date };
    case 'neverCache':
      return { date, expires: date, 'cache-control': 'max-age=0, no-cache, no-store, must-revalidate, private' };
    case 'maxAge60':
      return { date, 'cache-control': 'max-age=60' };
    case 'lastModified10h':
      return { date, 'last-modified': httpDate(path.createdMs - 10 * HOUR_MS) };
    case 'etag':
      return { date, etag: path.etag };
    case 'expires1h':
      return { date, expires: httpDate(dateMs + HOUR_MS) };
    case 'maxAge60Pragma':
      return { date, 'cache-control': 'max-age=60', pragma: 'no-cache' };
    case 'maxAge60MustRevalidate':
      return { date, 'cache-control': 'max-age=60, must-revalidate' };
    case 'lastModified10hMustRevalidate':
      return { date, 'cache-control': 'must-revalidate', 'last-modified': httpDate(path.createdMs - 10 * HOUR_MS) };
    case 'noCacheEtag':
      return { date, 'cache-control': 'no-cache', etag: path.etag };
    case 'privateMaxAge60':
      return { date, 'cache-control': 'private, max-age=60' };
    case 'maxAge60Date59sAgo':
      return { date: httpDate(dateMs - 59_000), 'cache-control': 'max-age=60' };
    case 'maxAge2':
      return { date, 'cache-control': 'max-age=2' };
    case 'lastModified20s':
      return { date, 'last-modified': httpDate(path.createdMs - 20_000) };
  }
}

/**
 * The server's answer: 304 when the request's validator matches the variant's (as Django's
 * ConditionalGetMiddleware does), else 200 with a body naming the answer's serial number.
 */
export function answer(
  variant: HeaderVariant,
  requestHeaders: Record<string, string>,
  path: PathState,
  dateMs: number,
  serial: number,
): HttpResponseRecord {
  const headers = variantHeaders(variant, dateMs, path);
  const etagMatches = headers['etag'] !== undefined && requestHeaders['if-none-match'] === headers['etag'];
  const lastModifiedMatches =
    headers['last-modified'] !== undefined && requestHeaders['if-modified-since'] === headers['last-modified'];
  if (etagMatches || lastModifiedMatches) return { status: 304, headers, body: null };
  return { status: 200, headers: { ...headers, 'content-type': 'application/json' }, body: { serial } };
}

export function secondAligned(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
