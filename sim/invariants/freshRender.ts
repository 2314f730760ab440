// fresh-render: the whole path from the page's fetch to the screen. A render that results from a
// fetch the page started after the commit must not show the item, whether the answer came from
// the server, its cache or the browser's HTTP cache. Renders that are not the result of such a
// fetch (an older fetch answering late, a navigation showing what the store already held) say
// nothing here: read-your-delete and convergence judge those.
import type { TraceEvent } from '../trace';
import { distinctUsers } from './distinct';
import type { Invariant } from './invariant';
import { causeSeqs, episodes, inRange, observe, type Observation } from './traceFacts';
import type { Violation } from './types';

const name = 'fresh-render';
const statement = 'No render that results from a fetch started after the commit shows the deleted item.';

/** The calendar.fetch a render resulted from, following causeIds back (null: not a fetch result). */
function originatingFetch(events: readonly TraceEvent[], renderSeq: number): TraceEvent | null {
  const render = events[renderSeq];
  if (render.causeId === null || events[render.causeId].type !== 'calendar.fetchSucceeded') return null;
  let cur: TraceEvent | undefined = events[render.causeId];
  for (let hops = 0; cur && hops < 60; hops++) {
    if (cur.type === 'calendar.fetch') return cur;
    cur = cur.causeId === null ? undefined : events[cur.causeId];
  }
  return null;
}

export const freshRender: Invariant = {
  name,
  statement,
  check(facts) {
    const out: Violation[] = [];
    if (facts.commits.size === 0) return out;
    const users = distinctUsers(facts.renders);
    for (const [uuid, commit] of facts.commits) {
      const item = facts.items.get(uuid);
      for (const user of users) {
        const observations: Observation[] = [];
        for (const r of facts.renders) {
          if (r.user !== user || r.seq < commit.seq || r.transient || !inRange(item, r.rangeStart, r.rangeEnd)) continue;
          const shows = r.items.includes(uuid);
          if (!shows) {
            observe(observations, r.seq, r.t, 'good');
            continue;
          }
          const fetch = originatingFetch(facts.events, r.seq);
          observe(observations, r.seq, r.t, fetch !== null && fetch.seq > commit.seq ? 'bad' : 'neutral');
        }
        for (const { start, end } of episodes(observations)) {
          out.push({ invariant: name, statement, user, item: uuid, startT: start.t, endT: end ? end.t : null, causeSeqs: causeSeqs(facts.events, start.seq) });
        }
      }
    }
    return out;
  },
};
