// The checkers loop over the distinct users and items of the facts by a scan of a short array
// (sim/invariants/distinct.ts) where they built a Set: the same values, in the same order (that
// of first appearance: it orders the violations), as the Set gave, on real runs' facts.
import { describe, expect, it } from 'vitest';
import { distinctItems, distinctUsers, distinctUsersAfter } from '../../sim/invariants/distinct';
import { traceFacts } from '../../sim/invariants/traceFacts';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';

describe('distinct users and items of the facts', () => {
  for (const name of ['commit-race', 'cross-user-delete', 'concurrent-deletes', 'cache-pressure', 'multi-worker'])
    it(`${name}: the same as a Set's, in the same order`, () => {
      let users = 0;
      for (const preset of ['broken', 'seed-fix']) {
        for (let seed = 1; seed <= 6; seed++) {
          const facts = traceFacts(runScenario(getScenario(name), { preset, seed }));
          expect(distinctUsers(facts.renders)).toEqual([...new Set(facts.renders.map((r) => r.user))]);
          expect(distinctUsers(facts.feedResponses)).toEqual([...new Set(facts.feedResponses.map((r) => r.user))]);
          expect(distinctItems(facts.writes)).toEqual([...new Set(facts.writes.map((w) => w.uuid))]);
          for (const r of facts.renders) expect(distinctUsersAfter(facts.renders, r.seq)).toEqual([...new Set(facts.renders.filter((x) => x.seq > r.seq).map((x) => x.user))]);
          users = Math.max(users, distinctUsers(facts.renders).length);
        }
      }
      // Not a trivial comparison: some run has renders of more than one user, whose order counts.
      if (name === 'cross-user-delete' || name === 'concurrent-deletes') expect(users).toBeGreaterThan(1);
    });

  it('keeps the order of first appearance', () => {
    const facts = [{ user: 'B', seq: 1 }, { user: 'A', seq: 2 }, { user: 'B', seq: 3 }, { user: 'C', seq: 4 }];
    expect(distinctUsers(facts)).toEqual(['B', 'A', 'C']);
    expect(distinctUsersAfter(facts, 1)).toEqual(['A', 'B', 'C']);
    expect(distinctItems([{ uuid: 'x' }, { uuid: 'y' }, { uuid: 'x' }])).toEqual(['x', 'y']);
  });
});
