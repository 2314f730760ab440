// Django's `@never_cache` (django/views/decorators/cache.py -> django/utils/cache.py
// add_never_cache_headers), identical in Django 3.2 and 5.2 for a sync view; 5.x adds async views
// and a TypeError when the first argument is not a request.
//
// What people get wrong about it: it sends exactly two headers, `Expires: <now>` (an HTTP-date,
// not `0`) and `Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private`; there is
// no `Pragma`. An `Expires` the view already set is kept, and a `max-age` the view already set is
// lowered to 0 (the smaller one wins) rather than replaced; `public` is dropped for `private`.

import { BoundedMemo } from '../boundedMemo';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * The seconds httpDate has formatted. A run's responses fall in a few seconds, and it moves back
 * and forth between them (the page's requests, then the feed's, then a settle reload):
 * remembering only the last one formatted a date afresh about three times per check schedule, at
 * 1.5-1.9 us each. Bounded: the clock brings new seconds without end.
 */
const HTTP_DATES = new BoundedMemo<number, string>(1024);

/**
 * IMF-fixdate (RFC 9110 5.6.7), as Django's `http_date` writes it via `email.utils.formatdate`
 * with usegmt: `Mon, 06 Oct 2025 12:00:00 GMT`. Milliseconds are dropped, not rounded (gmtime).
 */
export function httpDate(ms: number): string {
  return HTTP_DATES.get(Math.floor(ms / 1000), formatHttpDate);
}

/** httpDate without the memo (the test compares the two). */
export function formatHttpDate(second: number): string {
  const d = new Date(second * 1000);
  return (
    `${WEEKDAYS[d.getUTCDay()]}, ${pad(d.getUTCDate(), 2)} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCFullYear(), 4)} ` +
    `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)} GMT`
  );
}

type Directive = { name: string; value: string | true };

/** Django's `cc_delim_re` split plus `dictitem`: names lowercased, `a=b` kept as a value. */
function parseCacheControl(header: string): Directive[] {
  const directives: Directive[] = [];
  for (const field of header.trim().split(/\s*,\s*/)) {
    const eq = field.indexOf('=');
    const name = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    const value: string | true = eq < 0 ? true : field.slice(eq + 1);
    const existing = directives.find((d) => d.name === name);
    // A repeated directive keeps its first position and takes the last value (a dict assignment);
    // `no-cache` may repeat with field names and is collapsed the same way here.
    if (existing) existing.value = value;
    else directives.push({ name, value });
  }
  return directives;
}

/** `patch_cache_control(response, **kwargs)` for the directives never_cache passes. */
function patchCacheControl(header: string | undefined, patch: Directive[]): string {
  const cc = header ? parseCacheControl(header) : [];
  const set = (name: string, value: string | true) => {
    const existing = cc.find((d) => d.name === name);
    if (existing) existing.value = value;
    else cc.push({ name, value });
  };
  for (const { name, value } of patch) {
    if (name === 'max-age') {
      // "use the minimum of the two ages" when a max-age is already there.
      const current = cc.find((d) => d.name === 'max-age');
      set(name, current && current.value !== true ? String(Math.min(Number.parseInt(current.value, 10), Number(value))) : value);
    } else if (name === 'private') {
      const index = cc.findIndex((d) => d.name === 'public');
      if (index >= 0) cc.splice(index, 1);
      set(name, value);
    } else {
      set(name, value);
    }
  }
  return cc.map((d) => (d.value === true ? d.name : `${d.name}=${d.value}`)).join(', ');
}

const MAX_AGE_0: Directive[] = [{ name: 'max-age', value: '0' }];
const NEVER_CACHE_DIRECTIVES: Directive[] = [
  { name: 'no-cache', value: true },
  { name: 'no-store', value: true },
  { name: 'must-revalidate', value: true },
  { name: 'private', value: true },
];

/** never_cache's Cache-Control on a response that had none, computed once by the general path. */
const NEVER_CACHE_CONTROL = patchCacheControl(patchCacheControl(undefined, MAX_AGE_0), NEVER_CACHE_DIRECTIVES);

/**
 * The response headers after `add_never_cache_headers` at virtual time `nowMs`, where the wall
 * clock read `epochMs` at virtual zero. `existing` holds headers the view already set (lowercase
 * names); with none, the result is exactly the two headers never_cache adds.
 */
export function addNeverCacheHeaders(nowMs: number, epochMs: number, existing: Record<string, string> = {}): Record<string, string> {
  // The feed's case, a view that set no header: the same two headers every time (bar the date).
  if (Object.keys(existing).length === 0) return { expires: httpDate(epochMs + nowMs), 'cache-control': NEVER_CACHE_CONTROL };
  const headers: Record<string, string> = { ...existing };
  // patch_response_headers(response, cache_timeout=-1): the timeout is clamped to 0, so Expires is
  // "now", and only if the view had not set one.
  if (!('expires' in headers)) headers['expires'] = httpDate(epochMs + nowMs);
  headers['cache-control'] = patchCacheControl(headers['cache-control'], MAX_AGE_0);
  headers['cache-control'] = patchCacheControl(headers['cache-control'], NEVER_CACHE_DIRECTIVES);
  return headers;
}
