// Follows `causeId` links back from an event to the scenario step that started it.
import type { TraceEvent } from './trace';

export function causeChain(events: readonly TraceEvent[], seq: number, max = 40): TraceEvent[] {
  const chain: TraceEvent[] = [];
  let cur: TraceEvent | undefined = events[seq];
  while (cur && chain.length < max) {
    chain.push(cur);
    cur = cur.causeId === null ? undefined : events[cur.causeId];
  }
  return chain;
}

/** "calendar.render <- calendar.fetchSucceeded <- ... <- user.reload", newest first. */
export function describeChain(chain: readonly TraceEvent[]): string {
  return chain
    .map((e) => {
      if (e.type === 'cache.get') return `cache.get (${e.payload.hit ? 'hit' : 'miss'} on ${e.actor})`;
      if (e.type === 'http.request') return `http.request (${e.actor})`;
      return e.type;
    })
    .join(' <- ');
}
