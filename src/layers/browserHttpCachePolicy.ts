// http-cache-semantics (RFC 9111) on the simulation's virtual clock, for the browserHttpCache layer.
//
// Why a subclass: CachePolicy reads the clock through its `now()` method, which reads the real
// wall clock. The model must never do that, so every policy is built from a subclass whose `now()`
// returns the wall-clock time of the virtual instant (epochMs + nowMs), which is also the scale of
// the HTTP `Date`/`Expires`/`Last-Modified` headers it compares with.
//
// Why no CachePolicy in the layer's context: a class instance is not JSON-safe (the trace and the
// visualizer need plain data), so the context holds `policy.toObject()` and each event rebuilds
// the policy with `fromObject`, bound to that event's clock.
import CachePolicy from 'http-cache-semantics';

export type CachePolicyObject = CachePolicy.CachePolicyObject;

/** The instant the policy being built or restored answers for (read by its constructor). */
let buildingAtWallMs = 0;

/**
 * A CachePolicy whose clock is stopped at the wall-clock time it was built for. One class for
 * every instant (a class per instant would cost a class definition per cache event): the
 * constructor reads the clock before the subclass's field exists, so it reads the instant set
 * just before `new`.
 */
class VirtualClockCachePolicy extends CachePolicy {
  readonly wallNowMs: number = buildingAtWallMs;

  // Not in @types/http-cache-semantics, but the library's only clock (index.js `now()`).
  now(): number {
    return this.wallNowMs ?? buildingAtWallMs;
  }
}

/** `shared: false`: a browser is a private cache (the default models a proxy and refuses `private`). */
const BROWSER_OPTIONS: CachePolicy.Options = { shared: false };

export function newPolicy(
  url: string,
  requestHeaders: Record<string, string>,
  response: { status: number; headers: Record<string, string> },
  wallNowMs: number,
): CachePolicy {
  buildingAtWallMs = wallNowMs;
  return new VirtualClockCachePolicy({ url, method: 'GET', headers: requestHeaders }, { status: response.status, headers: response.headers }, BROWSER_OPTIONS);
}

export function restorePolicy(stored: CachePolicyObject, wallNowMs: number): CachePolicy {
  buildingAtWallMs = wallNowMs;
  return VirtualClockCachePolicy.fromObject(stored);
}

/** toObject() leaves `u`/`h` undefined when unknown: drop them so the context stays JSON-safe. */
export function policyToJson(policy: CachePolicy): CachePolicyObject {
  const obj = policy.toObject() as unknown as Record<string, unknown>;
  const clean: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) if (obj[key] !== undefined) clean[key] = obj[key];
  return clean as unknown as CachePolicyObject;
}

/** The validators a cache sends to revalidate (If-None-Match / If-Modified-Since), nothing else. */
export function conditionalHeadersFor(policy: CachePolicy, url: string): Record<string, string> {
  const all = policy.revalidationHeaders({ url, method: 'GET', headers: {} });
  const conditional: Record<string, string> = {};
  for (const name of ['if-none-match', 'if-modified-since']) {
    const value = all[name];
    if (typeof value === 'string') conditional[name] = value;
  }
  return conditional;
}

export interface Freshness {
  /** How long the stored answer may be used without asking the server. */
  lifetimeMs: number;
  /** How old the stored answer is now. */
  ageMs: number;
  /** How old the answer already was on arrival, going by its Date header (server clock behind). */
  apparentAgeMs: number;
}

function hasToken(value: string | undefined, token: string): boolean {
  return value !== undefined && value.split(',').some((part) => part.trim().toLowerCase() === token);
}

function hasMaxAge(cacheControl: string | undefined): boolean {
  return cacheControl !== undefined && cacheControl.split(',').some((part) => /^\s*max-age\s*=/i.test(part));
}

/**
 * Freshness lifetime and current age of a stored answer at `wallNowMs`: http-cache-semantics'
 * verdict, corrected where Chromium (net/http/http_response_headers.cc) measurably reads the
 * headers differently (test/conformance/browserHttpCache.test.ts, "headers Chromium reads its own
 * way" and the skewed-Date expiry case).
 */
export function freshnessAt(stored: CachePolicyObject, wallNowMs: number): Freshness {
  const policy = restorePolicy(stored, wallNowMs);
  // The layer builds every policy from Record<string, string> headers (no multi-valued ones).
  const headers = stored.resh as Record<string, string>;
  const cacheControl = headers['cache-control'];
  let lifetimeMs = policy.maxAge() * 1000;
  if (hasToken(headers['pragma'], 'no-cache')) {
    // GetFreshnessLifetimes treats Pragma: no-cache as Cache-Control: no-cache even when a
    // Cache-Control header is present; http-cache-semantics only when it is absent.
    lifetimeMs = 0;
  } else if (hasToken(cacheControl, 'must-revalidate') && !hasMaxAge(cacheControl) && headers['expires'] === undefined) {
    // must-revalidate switches off the Last-Modified heuristic in Chromium.
    lifetimeMs = 0;
  }
  // RFC 9111 4.2.3 as Chromium's GetCurrentAge does it: the answer was already
  // max(0, response_time - Date) old on arrival. http-cache-semantics counts only the Age header
  // and the time since arrival, so a server clock behind the browser's would look fresher to it.
  // (Chromium also adds the request's round trip to the Age header; the model has no request time.)
  const residentMs = wallNowMs - stored.t;
  const ageValueMs = policy.age() * 1000 - residentMs;
  const apparentAgeMs = Math.max(0, stored.t - policy.date());
  const ageMs = Math.max(apparentAgeMs, ageValueMs) + residentMs;
  return { lifetimeMs: Math.round(lifetimeMs), ageMs: Math.round(ageMs), apparentAgeMs: Math.round(apparentAgeMs) };
}

/** Where the freshness lifetime comes from, in words for learners (Chromium's order of rules). */
export function describeFreshnessSource(headers: Record<string, string>): string {
  const cc = headers['cache-control'];
  if (hasToken(cc, 'no-store')) return 'Cache-Control: no-store';
  if (hasToken(cc, 'no-cache')) return 'Cache-Control: no-cache';
  if (hasToken(headers['pragma'], 'no-cache')) return 'Pragma: no-cache, which Chromium honours even beside Cache-Control';
  const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d+)/i.exec(cc ?? '');
  if (maxAge) return `max-age=${maxAge[1]}`;
  if (headers['expires'] !== undefined) return 'Expires minus Date';
  if (headers['last-modified'] !== undefined) {
    return hasToken(cc, 'must-revalidate')
      ? 'no heuristic freshness: must-revalidate switches off the Last-Modified heuristic'
      : 'heuristic: 10% of the time since Last-Modified';
  }
  return 'heuristic freshness is 0: no Last-Modified';
}
