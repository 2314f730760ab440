// How Chromium turns a fetch() into HTTP-cache load flags, for the browserHttpCache layer.
//
// Two sources, OR-ed together (Chromium net/http/http_cache_util.cc, GetLoadFlagsForExtraHeaders,
// and Blink's mapping of the fetch cache mode):
// - the fetch cache mode: 'no-store' -> LOAD_DISABLE_CACHE, 'reload' -> LOAD_BYPASS_CACHE,
//   'no-cache' -> LOAD_VALIDATE_CACHE, 'force-cache' -> LOAD_SKIP_CACHE_VALIDATION,
//   'only-if-cached' -> LOAD_ONLY_FROM_CACHE | LOAD_SKIP_CACHE_VALIDATION;
// - request headers the page sets itself: If-Unmodified-Since / If-Match / If-Range -> DISABLE,
//   `Cache-Control: no-cache` or `Pragma: no-cache` -> BYPASS (an unconditional request, where
//   RFC 9111 and http-cache-semantics would revalidate), `Cache-Control: max-age=0` -> VALIDATE.
// The surprise this captures: a request header `Cache-Control: no-cache` does not forbid storing
// the answer; Chromium still writes it to the cache.

export type FetchCacheMode = 'default' | 'no-store' | 'reload' | 'no-cache' | 'force-cache' | 'only-if-cached';

/** Each flag is null when unset, else the words saying what set it (used in the layer's `reason`). */
export interface LoadFlags {
  /** LOAD_DISABLE_CACHE: neither read nor write the cache. */
  disableCache: string | null;
  /** LOAD_BYPASS_CACHE: do not read, do write the answer. */
  bypassCache: string | null;
  /** LOAD_VALIDATE_CACHE: a stored answer must be revalidated before use. */
  validateCache: string | null;
  /** LOAD_SKIP_CACHE_VALIDATION: use a stored answer however stale. */
  skipCacheValidation: string | null;
  /** LOAD_ONLY_FROM_CACHE: never touch the network; no usable entry is an error. */
  onlyFromCache: string | null;
}

/** Lowercase names, trimmed values: the page may write `Cache-Control` or `cache-control`. */
export function lowercaseHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value.trim();
  return out;
}

/** True when the comma-separated header holds `token` (case-insensitive), like HttpUtil::ValuesIterator. */
export function headerHasToken(headers: Record<string, string>, name: string, token: string): boolean {
  const value = headers[name];
  if (value === undefined) return false;
  return value.split(',').some((part) => part.trim().toLowerCase() === token);
}

const PASS_THROUGH_HEADERS = ['if-unmodified-since', 'if-match', 'if-range'];

/** `requestHeaders` with lowercase names. */
export function loadFlagsFor(cacheMode: FetchCacheMode, requestHeaders: Record<string, string>): LoadFlags {
  const mode = `cache: '${cacheMode}'`;
  const flags: LoadFlags = {
    disableCache: cacheMode === 'no-store' ? mode : null,
    bypassCache: cacheMode === 'reload' ? mode : null,
    validateCache: cacheMode === 'no-cache' ? mode : null,
    skipCacheValidation: cacheMode === 'force-cache' || cacheMode === 'only-if-cached' ? mode : null,
    onlyFromCache: cacheMode === 'only-if-cached' ? mode : null,
  };
  // Chromium stops at the first matching group of headers: DISABLE, then BYPASS, then VALIDATE.
  const passThrough = PASS_THROUGH_HEADERS.find((name) => requestHeaders[name] !== undefined);
  if (passThrough !== undefined) {
    flags.disableCache ??= `request carries ${passThrough}`;
  } else if (headerHasToken(requestHeaders, 'cache-control', 'no-cache')) {
    flags.bypassCache ??= 'request carries Cache-Control: no-cache';
  } else if (headerHasToken(requestHeaders, 'pragma', 'no-cache')) {
    flags.bypassCache ??= 'request carries Pragma: no-cache';
  } else if (headerHasToken(requestHeaders, 'cache-control', 'max-age=0')) {
    flags.validateCache ??= 'request carries Cache-Control: max-age=0';
  }
  return flags;
}
