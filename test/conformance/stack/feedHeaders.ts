// The feed's Cache-Control on each side. The comparison's fields are what each step left behind,
// and a feed without never_cache's headers leaves the same behind wherever the browser would not
// reuse it anyway: a Python view that forgot @never_cache (or a TypeScript one without neverCache)
// would agree unnoticed. Said as a note, beside the fields.
import type { Trace } from '../../../sim/trace';

/** What a feed answer said, for the note: its Cache-Control, or that it had none. */
export function cacheControlOf(header: string | string[] | undefined | null): string {
  const value = Array.isArray(header) ? header.join(', ') : header;
  return value ? `Cache-Control: ${value}` : 'no Cache-Control';
}

/** The distinct Cache-Control of the model's 200 feed answers, in the order first seen. */
export function modelFeedCacheControl(trace: Trace): string[] {
  const seen = new Set<string>();
  for (const e of trace.events) {
    if (e.type !== 'http.respond' || e.payload.kind !== 'feed' || e.payload.status !== 200) continue;
    const headers = (e.payload.headers ?? {}) as Record<string, string>;
    seen.add(cacheControlOf(headers['cache-control']));
  }
  return [...seen];
}

/** A line when the two sides' feed answers did not carry the same Cache-Control; null when they did. */
export function feedCacheControlNote(model: readonly string[], real: readonly string[]): string | null {
  const same = model.length === real.length && model.every((m) => real.includes(m));
  if (same || !model.length || !real.length) return null;
  return `note: the feed answered with ${model.join(' / ')} in the model and ${real.join(' / ')} on the real stack (is @never_cache, or neverCache, missing on one side?); the fields compare what the calendars showed, which can agree all the same`;
}
