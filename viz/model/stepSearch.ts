// "Find a step": the steps whose event matches what the user typed (an event type, an actor, a
// title, a request id, a time), so a 180-step run is not stepped through one key at a time to
// reach its cache.delete calls. The timing diagram draws only the rows in view, so the browser's
// own find cannot see the rest of the run.
import type { Timeline } from './timeline';

/** What a step is found by: its time, type, actor, sender and label, and the request it belongs to. */
function haystack(tl: Timeline, r: number, seq: number): string {
  const ix = tl.runs[r];
  const e = ix.events[seq];
  const request = typeof e.payload?.requestId === 'string' ? e.payload.requestId : '';
  return `${e.t} ms ${e.type} ${ix.label(e.actor)} ${e.from ? ix.label(e.from) : ''} ${request} ${e.label}`.toLowerCase();
}

/**
 * The steps (slots), in order, where an event of any run holds every word of `query` (case aside).
 * `upTo`: the last step searched (while a lesson's question waits, the steps after it are the answer).
 */
export function stepsMatching(tl: Timeline, query: string, upTo = tl.n - 1): number[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  const out: number[] = [];
  for (let slot = 0; slot <= Math.min(upTo, tl.n - 1); slot++) {
    const hit = tl.runs.some((_, r) => {
      const seq = tl.slotEvent[r][slot];
      if (seq < 0) return false;
      const text = haystack(tl, r, seq);
      return words.every((w) => text.includes(w));
    });
    if (hit) out.push(slot);
  }
  return out;
}

/** The match to go to from `cursor`: the next one after it (`back`: before it), round the end. */
export function nextMatch(matches: readonly number[], cursor: number, back = false): number | null {
  if (!matches.length) return null;
  if (back) return [...matches].reverse().find((s) => s < cursor) ?? matches[matches.length - 1];
  return matches.find((s) => s > cursor) ?? matches[0];
}
