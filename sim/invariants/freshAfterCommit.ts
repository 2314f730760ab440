// fresh-after-commit: the server side. A feed answer is "produced after the commit" when the
// worker began handling the request (its http.request event) after the event that committed the
// delete; such an answer must not contain the item, whoever asked.
import { distinctUsers } from './distinct';
import type { Invariant } from './invariant';
import { causeSeqs, episodes, inRange, observe, type Observation } from './traceFacts';
import type { Violation } from './types';

const name = 'fresh-after-commit';
const statement = 'No feed response produced by the server after the delete committed contains the deleted item, for any user.';

export const freshAfterCommit: Invariant = {
  name,
  statement,
  check(facts) {
    const out: Violation[] = [];
    if (facts.commits.size === 0) return out;
    const users = distinctUsers(facts.feedResponses);
    for (const [uuid, commit] of facts.commits) {
      const item = facts.items.get(uuid);
      for (const user of users) {
        const observations: Observation[] = [];
        for (const r of facts.feedResponses) {
          if (r.user === user && r.requestSeq > commit.seq && inRange(item, r.rangeStart, r.rangeEnd)) observe(observations, r.seq, r.t, r.items.includes(uuid) ? 'bad' : 'good');
        }
        for (const { start, end } of episodes(observations)) {
          out.push({ invariant: name, statement, user, item: uuid, startT: start.t, endT: end ? end.t : null, causeSeqs: causeSeqs(facts.events, start.seq) });
        }
      }
    }
    return out;
  },
};
