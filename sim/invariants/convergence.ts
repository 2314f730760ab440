// convergence: liveness, judged at the end. After the system is quiet the runner makes every user
// reload (the sim.settle event); each user's last render after it must show exactly the committed
// database's items that user may see in the calendar's visible range.
import type { Invariant } from './invariant';
import { causeSeqs, inRange } from './traceFacts';
import type { Violation } from './types';

const name = 'convergence';
const statement = "After the system is quiet and each user reloads, every calendar equals the database's items in its visible range.";

export const convergence: Invariant = {
  name,
  statement,
  check(facts) {
    const settle = facts.settle;
    if (!settle) return [];
    const dbItems = new Set((settle.payload.dbItems as string[] | undefined) ?? []);
    const out: Violation[] = [];
    const users = [...new Set(facts.renders.filter((r) => r.seq > settle.seq).map((r) => r.user))];
    for (const user of users) {
      const userId = facts.userIds.get(user);
      const mine = facts.renders.filter((r) => r.user === user && !r.transient);
      const final = mine.filter((r) => r.seq > settle.seq).pop();
      if (!final) {
        out.push({ invariant: name, statement, user, item: '', startT: settle.t, endT: null, causeSeqs: [settle.seq] });
        continue;
      }
      const expected = [...facts.items.values()]
        .filter((i) => dbItems.has(i.uuid) && userId !== undefined && i.visibleTo.includes(userId) && inRange(i, final.rangeStart, final.rangeEnd))
        .map((i) => i.uuid);
      const wrong = [...final.items.filter((i) => !expected.includes(i)), ...expected.filter((i) => !final.items.includes(i))];
      for (const uuid of wrong) {
        // When the calendar's last streak of renders that were wrong about this item began.
        const shownAtEnd = final.items.includes(uuid);
        let startT = final.t;
        const item = facts.items.get(uuid);
        const since = facts.commits.get(uuid)?.seq ?? -1;
        for (let k = mine.length - 1; k >= 0; k--) {
          const r = mine[k];
          if (r.seq < since) break;
          if (!inRange(item, r.rangeStart, r.rangeEnd)) continue;
          if (r.items.includes(uuid) !== shownAtEnd) break;
          startT = r.t;
        }
        out.push({ invariant: name, statement, user, item: uuid, startT, endT: null, causeSeqs: causeSeqs(facts.events, final.seq) });
      }
    }
    return out;
  },
};
