// read-your-writes: what the create and edit forms promise the person who submits them. Once their
// page has the acknowledgement (the HX-Trigger `workItemCreated` / `workItemUpdated` reached the
// listener), every later render of their calendar whose range covers the item shows it, with the
// title and dates of that write, until a later write of the item commits. A created item that
// vanishes on the next fetch, or an edited title that reverts, breaks it. (read-your-delete is the
// same promise for a delete.)
import type { Invariant } from './invariant';
import { causeSeqs, episodes, inRange, observe, passesFilter, showsVersion, type Observation, type WriteFact } from './traceFacts';
import type { Violation } from './types';

const name = 'read-your-writes';
const statement = 'Once a user has received the acknowledgement of their create or edit, every later render of their calendar shows the item with that title and those dates.';

export const readYourWrites: Invariant = {
  name,
  statement,
  check(facts) {
    const out: Violation[] = [];
    for (const ack of facts.writeAcks) {
      // The write acknowledged: the last one of this item committed before the acknowledgement.
      let version: WriteFact | null = null;
      for (const w of facts.writes) if (w.uuid === ack.item && w.seq < ack.seq) version = w;
      if (version === null) continue;
      // Until the item's next write commits (then that write's version is the one to show).
      const nextWrite = facts.writes.find((w) => w.uuid === ack.item && w.seq > version.seq);
      const deleted = facts.commits.get(ack.item);
      const until = Math.min(nextWrite?.seq ?? Infinity, deleted && deleted.seq > version.seq ? deleted.seq : Infinity);
      const item = version;
      // A render whose page filter leaves the item out says nothing about it.
      const observations: Observation[] = [];
      for (const r of facts.renders) {
        if (r.user === ack.user && r.seq > ack.seq && r.seq < until && !r.transient && inRange(item, r.rangeStart, r.rangeEnd) && passesFilter(item, r.filter))
          observe(observations, r.seq, r.t, showsVersion(r.shown, ack.item, version) ? 'good' : 'bad');
      }
      for (const { start, end } of episodes(observations)) {
        out.push({ invariant: name, statement, user: ack.user, item: ack.item, startT: start.t, endT: end ? end.t : null, causeSeqs: causeSeqs(facts.events, start.seq) });
      }
    }
    return out;
  },
};
