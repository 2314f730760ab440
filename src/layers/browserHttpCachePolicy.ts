// http-cache-semantics (RFC 9111) on the simulation's virtual clock, for the browserHttpCache layer.
//
// Why a subclass: CachePolicy reads the clock through its `now()` method, which calls Date.now().
// The model must never read a real clock, so every policy is built from a subclass whose `now()`
// returns the wall-clock time of the virtual instant (epochMs + nowMs), which is also the scale of
// the HTTP `Date`/`Expires`/`Last-Modified` headers it compares with.
//
// Why no CachePolicy in the layer's context: a class instance is not JSON-safe (the trace and the
// visualizer need plain data), so the context holds `policy.toObject()` and each event rebuilds
// the policy with `fromObject`, bound to that event's clock.
import CachePolicy from 'http-cache-semantics';

export type CachePolicyObject = CachePolicy.CachePolicyObject;

/** A CachePolicy class whose clock is stopped at `wallNowMs`. */
function policyClassAt(wallNowMs: number): typeof CachePolicy {
  return class VirtualClockCachePolicy extends CachePolicy {
    // Not in @types/http-cache-semantics, but the library's only clock (index.js `now()`).
    now(): number {
      return wallNowMs;
    }
  };
}

/** `shared: false`: a browser is a private cache (the default models a proxy and refuses `private`). */
const BROWSER_OPTIONS: CachePolicy.Options = { shared: false };

export function newPolicy(
  url: string,
  requestHeaders: Record<string, string>,
  response: { status: number; headers: Record<string, string> },
  wallNowMs: number,
): CachePolicy {
  const Policy = policyClassAt(wallNowMs);
  return new Policy({ url, method: 'GET', headers: requestHeaders }, { status: response.status, headers: response.headers }, BROWSER_OPTIONS);
}

export function restorePolicy(stored: CachePolicyObject, wallNowMs: number): CachePolicy {
  return policyClassAt(wallNowMs).fromObject(stored);
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
}

/** Freshness lifetime and current age of a stored answer at `wallNowMs`. */
export function freshnessAt(stored: CachePolicyObject, wallNowMs: number): Freshness {
  const policy = restorePolicy(stored, wallNowMs);
  return { lifetimeMs: Math.round(policy.maxAge() * 1000), ageMs: Math.round(policy.age() * 1000) };
}

/** Where the freshness lifetime comes from, in words for learners (Chromium's order of rules). */
export function describeFreshnessSource(headers: Record<string, string>): string {
  const cc = (headers['cache-control'] ?? '').toLowerCase();
  const has = (token: string) => cc.split(',').some((part) => part.trim() === token);
  if (has('no-store')) return 'Cache-Control: no-store';
  if (has('no-cache')) return 'Cache-Control: no-cache';
  if (/no-cache/i.test(headers['pragma'] ?? '')) return 'Pragma: no-cache';
  const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d+)/.exec(cc);
  if (maxAge) return `max-age=${maxAge[1]}`;
  if (headers['expires'] !== undefined) return 'Expires minus Date';
  if (headers['last-modified'] !== undefined) return 'heuristic: 10% of the time since Last-Modified';
  return 'heuristic freshness is 0: no Last-Modified';
}
