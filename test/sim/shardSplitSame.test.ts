// explore --shard i/n, part by part, against one unsharded explore, for several n: the shards'
// visited states together are exactly the unsharded explore's, an invariant is violated in some
// shard exactly when it is unsharded, with a witness as short, and every shard is exhaustive when
// it is. A split that loses part of a shard's frontier (shardFlaws, test-only) is caught.
import { describe, expect, it } from 'vitest';
import { explore, type ExploreOptions, type ExploreResult } from '../../sim/explore/explore';
import { getScenario } from '../../sim/scenarios/index';

interface Side {
  result: ExploreResult;
  /** Every fingerprint the search visited (a run's stop at a known state included). */
  visited: Set<string>;
}

export function side(scenario: string, options: ExploreOptions): Side {
  const visited = new Set<string>();
  const result = explore(getScenario(scenario), { ...options, hooks: { onRun: (run) => run.visits.forEach((v) => visited.add(`${v.a}:${v.b}`)) } });
  return { result, visited };
}

/** What merge gives from the parts: the union of their visited states, their violations' shortest witnesses. */
function together(parts: Side[]) {
  const visited = new Set(parts.flatMap((p) => [...p.visited]));
  const shortest = new Map<string, number>();
  for (const p of parts) for (const w of p.result.witnesses) shortest.set(w.invariant, Math.min(shortest.get(w.invariant) ?? Infinity, w.nonNominal));
  return { visited, shortest, exhaustive: parts.every((p) => p.result.stopReason === null) };
}

const CASES: Array<[string, ExploreOptions]> = [
  ['seed-broken', { preset: 'broken', maxStates: 1_000_000 }],
  ['multi-worker', { preset: 'seed-fix', maxStates: 1_000_000 }],
  ['cross-user-delete', { preset: 'broken', maxStates: 1_000_000, reduction: false }],
  ['inflight-refetch', { preset: 'seed-fix', maxStates: 1_000_000 }],
];

describe('explore --shard i/n: the parts together are the unsharded explore', () => {
  for (const [scenario, options] of CASES)
    it(`${scenario} under ${options.preset}: n = 1, 2, 3, 5 and more shards than alternatives`, () => {
      const whole = side(scenario, options);
      expect(whole.result.stopReason).toBeNull();
      const wholeShortest = new Map(whole.result.witnesses.map((w) => [w.invariant, w.nonNominal]));
      for (const n of [1, 2, 3, 5, 400]) {
        const parts = Array.from({ length: n }, (_, i) => side(scenario, { ...options, shard: { index: i, count: n } }));
        const t = together(parts);
        expect(t.exhaustive, `n=${n}`).toBe(true);
        // Every state the unsharded search visited, some shard visited. (Not only those: a shard may
        // reach a state first by another path, with another deferred jitter still to branch, which
        // the state's fingerprint includes.)
        const lost = [...whole.visited].filter((fp) => !t.visited.has(fp));
        expect(lost.length, `n=${n}: states of the unsharded search that no shard visited`).toBe(0);
        expect(t.shortest, `n=${n}: violated invariants and their shortest witnesses`).toEqual(wholeShortest);
        // Each part holds the nominal run and no more than the whole.
        for (const p of parts) expect(p.result.distinctStates).toBeLessThanOrEqual(whole.result.distinctStates);
      }
    });
});

describe('a split that loses part of a shard\'s frontier', () => {
  // Most alternatives' states are reached below others too (dropping one of those loses nothing);
  // each case drops one whose subtree has states of its own.
  const DROPS: Record<string, number> = { 'multi-worker': 2, 'cross-user-delete': 0, 'inflight-refetch': 17 };
  for (const [scenario, options] of CASES.filter(([s]) => s in DROPS))
    it(`${scenario} under ${options.preset}: the comparison above catches it, though every shard still says it is exhaustive`, () => {
      const whole = side(scenario, options);
      for (const n of [2, 3]) {
        const parts = Array.from({ length: n }, (_, i) => side(scenario, { ...options, shard: { index: i, count: n }, shardFlaws: { drop: [DROPS[scenario]] } }));
        const t = together(parts);
        expect(t.exhaustive).toBe(true);
        expect([...whole.visited].filter((fp) => !t.visited.has(fp)).length, `n=${n}`).toBeGreaterThan(0);
      }
    });
});
