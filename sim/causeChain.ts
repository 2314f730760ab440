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

/**
 * "calendar.render <- calendar.fetchSucceeded <- ... <- user.reload", newest first. A run of the
 * same links repeated back to back (a reload's page and script requests: five links each, four
 * times) is written once with its count, "(http.response <- ... <- http.send) x4", so that the
 * links that differ stay readable.
 */
export function describeChain(chain: readonly TraceEvent[]): string {
  const links = chain.map((e) => {
    if (e.type === 'cache.get') return `cache.get (${e.payload.hit ? 'hit' : 'miss'} on ${e.actor})`;
    if (e.type === 'http.request') return `http.request (${e.actor})`;
    return e.type;
  });
  return foldRepeats(links).join(' <- ');
}

/** The longest repeat is not needed: a page load's requests are at most a handful of links each. */
const MAX_REPEATED_LINKS = 8;

/** Each run of one block of links repeated back to back, as one "(block) xN" entry. */
export function foldRepeats(links: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < links.length) {
    let best = { size: 1, count: 1 };
    for (let size = 1; size <= MAX_REPEATED_LINKS && i + 2 * size <= links.length; size++) {
      let count = 1;
      while (i + (count + 1) * size <= links.length && sameBlock(links, i, i + count * size, size)) count++;
      if (count > 1 && size * count > best.size * best.count) best = { size, count };
    }
    if (best.count === 1) out.push(links[i]);
    else {
      const block = links.slice(i, i + best.size).join(' <- ');
      out.push(best.size === 1 ? `${block} x${best.count}` : `(${block}) x${best.count}`);
    }
    i += best.size * best.count;
  }
  return out;
}

function sameBlock(links: readonly string[], a: number, b: number, size: number): boolean {
  for (let k = 0; k < size; k++) if (links[a + k] !== links[b + k]) return false;
  return true;
}
