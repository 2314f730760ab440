// read-your-delete: what the seed promises the person who clicks Delete. Once their page has the
// acknowledgement (the HX-Trigger `workItemDeleted` reached the listener), no later render of
// their calendar whose range covers the item shows it again.
import type { Invariant } from './invariant';
import { causeSeqs, episodes, inRange, observe, type Observation } from './traceFacts';
import type { Violation } from './types';

const name = 'read-your-delete';
const statement = 'Once a user has received the acknowledgement of their delete, no later render of their calendar shows the item.';

export const readYourDelete: Invariant = {
  name,
  statement,
  check(facts) {
    const out: Violation[] = [];
    const acks = facts.acks;
    for (let k = 0; k < acks.length; k++) {
      const ack = acks[k];
      // Each user and item once, at its first acknowledgement (a run has a handful: no Set of keys).
      if (acks.some((a, j) => j < k && a.user === ack.user && a.item === ack.item)) continue;
      const item = facts.items.get(ack.item);
      const observations: Observation[] = [];
      for (const r of facts.renders) {
        if (r.user === ack.user && r.seq > ack.seq && !r.transient && inRange(item, r.rangeStart, r.rangeEnd)) observe(observations, r.seq, r.t, r.items.includes(ack.item) ? 'bad' : 'good');
      }
      for (const { start, end } of episodes(observations)) {
        out.push({ invariant: name, statement, user: ack.user, item: ack.item, startT: start.t, endT: end ? end.t : null, causeSeqs: causeSeqs(facts.events, start.seq) });
      }
    }
    return out;
  },
};
