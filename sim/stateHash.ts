// The explorer's visited-state hash: a canonical text of everything that decides the rest of a
// run, then a 64-bit digest of it.
//
// Two runs that reach equal texts have the same futures (same choices lead to the same events,
// shifted in time), so the explorer explores the subtree below a state once. What it abstracts,
// and why that is sound:
// - Time is measured from the reference instant R = the time of the next pending task. Nothing
//   happens between now and R, so the state now and the state at R have the same future.
//   Every pending task is kept as (t - R, actor, key); a task's key names what it will do (the
//   request, the reply trail of a view, the fetch it answers), see sim/world/taskKey.ts.
// - Django cache entries keep their expiry as ms after R; an entry already expired at R stays
//   expired ('x'), and an expiry beyond the horizon is 'far' (the run never reaches it: the
//   explorer checks every run ends before the horizon, and says so when one does not).
// - Browser cache entries keep their freshness left at R ('stale' when none: freshness only
//   decreases with age), 'far' past the horizon. An entry stored under a cache-buster URL
//   (`&_=<the page clock in ms>`) older than R can never be requested again (every later URL carries a
//   later time) and is left out.
// - The database and the FullCalendar stores hold no times and are kept whole.
// - What the checkers will judge is part of the state: committed items, acknowledged deletes,
//   and, in task keys, what had been committed when each in-flight fetch or request started.
// - Cache-buster times (`&_=<the page clock in ms>`) in the URLs of fetches in flight are left out (no later
//   fetch asks for that URL again), and an answer marked no-store drops its Date and Expires (it is
//   never stored, so they cannot matter; see sim/world/taskKey.ts).
// - A page load's FullCalendar start time (`@startAtMs=` in a page or script request's key) is kept
//   as ms after R, 0 once reached: the page waits max(0, start - now) for it, and now >= R at
//   every later task (sim/fingerprint.ts pageStarts has the argument).
// Not abstracted (kept exactly, so equal texts are rarer but never wrong): Date headers of
// storable answers still in flight, the sequence numbers that become request ids and fetch ids.
import { isExpired, type DjangoCacheContext } from '../src/layers/djangoCache';
import { viewBrowserHttpCache, type BrowserHttpCacheContext } from '../src/layers/browserHttpCache';
import { WeakMemo } from '../src/weakMemo';

export interface StateParts {
  nowMs: number;
  epochMs: number;
  /** Virtual ms past which no run is expected to go (expiries beyond it are 'far'). */
  horizonMs: number;
  /** Pending tasks with the text each is known by (sim/world/taskKey.ts). */
  tasks: ReadonlyArray<{ t: number; actor: string; key: string }>;
  layers: Array<[string, 'calendar' | 'browser' | 'cache' | 'db', unknown]>;
  /** The simulation's own bookkeeping, already as text. */
  sim: string[];
}

/** Layer contexts are immutable (every event makes a new one), so their text is kept per object. */
const textOf = new WeakMemo<object, string>();

function withoutReply(ctx: unknown): string {
  return textOf.get(ctx as object, textWithoutReply);
}

function textWithoutReply(ctx: object): string {
  return JSON.stringify(ctx, (k, v) => (k === 'reply' ? undefined : v));
}

function relativeTime(absMs: number, refMs: number, horizonMs: number): string {
  return absMs > horizonMs ? 'far' : String(absMs - refMs);
}

function cacheText(ctx: DjangoCacheContext, refMs: number, horizonMs: number): string {
  const parts: string[] = [];
  for (const e of ctx.entries) {
    const exp = e.expiresAtMs === null ? 'never' : isExpired(ctx.backend, e.expiresAtMs, refMs) ? 'x' : relativeTime(e.expiresAtMs, refMs, horizonMs);
    parts.push(`${e.key}@${exp}=${JSON.stringify(e.value)}`);
  }
  return parts.join('\n');
}

const BUSTER = /([?&]_=)(\d+)/;
const BUSTERS = /([?&]_=)(\d+)/g;

/**
 * Cache-buster times in task keys (the URL of a fetch in flight). Its answer is stored, if at all,
 * under that URL, which no later fetch asks for again: every later fetch carries a later time
 * (one started in the same millisecond has already looked the cache up before any answer can
 * arrive). So the time itself decides nothing and is left out.
 */
function relativeBusters(text: string, _wallRefMs: number): string {
  return text.includes('_=') ? text.replace(BUSTERS, '$1~') : text;
}

/** Marks a page load's FullCalendar start time (absolute) in a request's key (sim/world/taskKey.ts). */
export const PAGE_START = '@startAtMs=';
const PAGE_STARTS = /@startAtMs=(\d+)/g;

/** Page-load start times in task keys, relative to R (0 once reached). */
function relativeStarts(text: string, refMs: number): string {
  return text.includes(PAGE_START) ? text.replace(PAGE_STARTS, (_, abs: string) => `${PAGE_START}${Math.max(0, Number(abs) - refMs)}`) : text;
}

function browserText(ctx: BrowserHttpCacheContext, refMs: number, horizonMs: number): string {
  const wallRef = ctx.epochMs + refMs;
  const view = viewBrowserHttpCache(ctx, refMs);
  const parts: string[] = [];
  for (const entry of view.entries) {
    let url = entry.url;
    const m = BUSTER.exec(url);
    if (m) {
      const wall = Number(m[2]);
      if (wall < wallRef) continue;
      url = url.replace(BUSTER, `$1~${wall - wallRef}`);
    }
    const fresh = entry.freshForMs <= 0 ? 'stale' : relativeTime(refMs + entry.freshForMs, refMs, horizonMs);
    const headers = ctx.entries[entry.url].response.headers;
    const validators = `${headers['etag'] ?? ''}|${headers['last-modified'] ?? ''}`;
    parts.push(`${url}@${fresh}:${entry.status}:${entry.cacheControl ?? ''}:${validators}=${JSON.stringify(entry.body)}`);
  }
  return parts.sort().join('\n');
}

export function canonicalStateText(p: StateParts): string {
  let ref = Infinity;
  for (const t of p.tasks) if (t.t < ref) ref = t.t;
  if (ref === Infinity) ref = p.nowMs;
  const wallRef = p.epochMs + ref;
  const tasks = p.tasks.map((t) => `${t.t - ref}|${t.actor}|${relativeStarts(relativeBusters(t.key, wallRef), ref)}`).sort();
  const out: string[] = [`tasks\n${tasks.join('\n')}`, `sim\n${relativeStarts(relativeBusters(p.sim.join('\n'), wallRef), ref)}`];
  for (const [id, kind, ctx] of p.layers) {
    let text: string;
    if (kind === 'cache') text = cacheText(ctx as DjangoCacheContext, ref, p.horizonMs);
    else if (kind === 'browser') text = browserText(ctx as BrowserHttpCacheContext, ref, p.horizonMs);
    else text = withoutReply(ctx);
    out.push(`${id}\n${text}`);
  }
  return out.join('\n#\n');
}

/**
 * 64-bit digest (two independent 32-bit FNV-1a style lanes) as 16 hex digits: enough that a
 * collision in a few million states is negligible, and no node: module so it also runs in the page.
 */
export function hash64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
    h2 = (h2 ^ (h2 >>> 15)) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}
