// convergence: liveness, judged at the end. After the system is quiet the runner makes every user
// reload (the sim.settle event); each user's last render after it must show exactly the committed
// database's items that user may see in the calendar's visible range, each with the title and
// dates the database holds (an edit that never reaches a calendar is as wrong as a missing item).
import type { WorkItem } from '../../src/layers/database';
import { distinctUsersAfter } from './distinct';
import type { Invariant } from './invariant';
import { causeSeqs, inRange, passesFilter, showsVersion, type RenderFact } from './traceFacts';
import type { Violation } from './types';

const name = 'convergence';
const statement = "After the system is quiet and each user reloads, every calendar equals the database's items in its visible range.";

/** The committed rows at the settle event: with their titles and dates when the trace has them. */
function settledRows(settle: { payload: Record<string, unknown> }, known: Map<string, WorkItem>): WorkItem[] {
  const rows = settle.payload.dbRows as WorkItem[] | undefined;
  if (rows) return rows;
  const uuids = (settle.payload.dbItems as string[] | undefined) ?? [];
  return uuids.flatMap((uuid) => (known.has(uuid) ? [known.get(uuid)!] : []));
}

/** Whether render `r` is right about `uuid`: shows it as the database holds it if expected, else not at all. */
function rightIn(expected: readonly WorkItem[], r: RenderFact, uuid: string): boolean {
  const row = expected.find((i) => i.uuid === uuid);
  // A render without event details (a trace from before they were recorded) is judged on the items alone.
  return row ? r.items.includes(uuid) && (!r.shown.some((e) => e.item === uuid) || showsVersion(r.shown, uuid, row)) : !r.items.includes(uuid);
}

export const convergence: Invariant = {
  name,
  statement,
  check(facts) {
    const settle = facts.settle;
    if (!settle) return [];
    const rows = settledRows(settle, facts.items);
    const out: Violation[] = [];
    const users = distinctUsersAfter(facts.renders, settle.seq);
    for (const user of users) {
      const userId = facts.userIds.get(user);
      const mine = facts.renders.filter((r) => r.user === user && !r.transient);
      const final = mine.filter((r) => r.seq > settle.seq).pop();
      if (!final) {
        out.push({ invariant: name, statement, user, item: '', startT: settle.t, endT: null, causeSeqs: [settle.seq] });
        continue;
      }
      const expected = rows.filter((i) => userId !== undefined && i.visibleTo.includes(userId) && inRange(i, final.rangeStart, final.rangeEnd) && passesFilter(i, final.filter));
      const wrong = [...final.items.filter((i) => !expected.some((row) => row.uuid === i)), ...expected.map((i) => i.uuid).filter((uuid) => !rightIn(expected, final, uuid))];
      for (const uuid of [...new Set(wrong)]) {
        // When the calendar's last streak of renders that were wrong about this item began.
        let startT = final.t;
        const item = rows.find((i) => i.uuid === uuid) ?? facts.items.get(uuid);
        const lastWrite = facts.writes.filter((w) => w.uuid === uuid).pop()?.seq ?? -1;
        const since = Math.max(facts.commits.get(uuid)?.seq ?? -1, lastWrite);
        for (let k = mine.length - 1; k >= 0; k--) {
          const r = mine[k];
          if (r.seq < since) break;
          if (!inRange(item, r.rangeStart, r.rangeEnd) || !passesFilter(item, r.filter)) continue;
          if (rightIn(expected, r, uuid)) break;
          startT = r.t;
        }
        out.push({ invariant: name, statement, user, item: uuid, startT, endT: null, causeSeqs: causeSeqs(facts.events, final.seq) });
      }
    }
    return out;
  },
};
