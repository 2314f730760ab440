// fresh-after-write: the server side of a create or an edit, as fresh-after-commit is of a delete.
// A feed answer the server produced after a write committed (the worker began handling the request
// after the commit) must carry the item as that write left it, to any user who may see it, when
// the item falls in the requested range: not missing, not with its old title or dates. A write that
// commits while the request is being handled may or may not be in the answer: either is fresh.
import { distinctItems, distinctUsers } from './distinct';
import type { Invariant } from './invariant';
import { causeSeqs, episodes, inRange, observe, passesFilter, showsVersion, versionBefore, type Observation } from './traceFacts';
import type { Violation } from './types';

const name = 'fresh-after-write';
const statement = 'No feed response produced by the server after a create or edit committed serves the old version of the item (missing, or with its old title or dates), for any user who may see it.';

export const freshAfterWrite: Invariant = {
  name,
  statement,
  check(facts) {
    const out: Violation[] = [];
    const written = distinctItems(facts.writes);
    const users = distinctUsers(facts.feedResponses);
    for (const uuid of written) {
      for (const user of users) {
        const userId = facts.userIds.get(user);
        const observations: Observation[] = [];
        for (const r of facts.feedResponses) {
          if (r.user !== user) continue;
          const version = versionBefore(facts, uuid, r.requestSeq);
          if (version === null || userId === undefined || !version.visibleTo.includes(userId)) continue;
          // Not asked for: outside the requested range, or left out by the request's work_type/status filter.
          if (!inRange(version, r.rangeStart, r.rangeEnd) || !passesFilter(version, r.filter)) continue;
          // Versions committed while the request ran (between its start and its answer) count as fresh too.
          const during = facts.writes.filter((w) => w.uuid === uuid && w.seq > r.requestSeq && w.seq < r.seq);
          const deleted = facts.commits.get(uuid);
          const goneDuring = deleted !== undefined && deleted.seq > r.requestSeq && deleted.seq < r.seq && !r.items.includes(uuid);
          const fresh = goneDuring || [version, ...during].some((v) => showsVersion(r.shown, uuid, v));
          observe(observations, r.seq, r.t, fresh ? 'good' : 'bad');
        }
        for (const { start, end } of episodes(observations)) {
          out.push({ invariant: name, statement, user, item: uuid, startT: start.t, endT: end ? end.t : null, causeSeqs: causeSeqs(facts.events, start.seq) });
        }
      }
    }
    return out;
  },
};
