// docs/sharding.md's "Picking n" figures are its results file's (tools/shardPlan.ts), and the
// tool's counts are what explore gives: a part of a small case measured again here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CASES, DOC_FILE, measureOne, readResults, SPLITS, withPlanBlock } from '../../tools/shardPlan';

const results = readResults();

describe('the shard plan (tools/shardPlan.ts)', () => {
  it('has a result for every case it lists, each split with all its shards, and the page shows them', () => {
    expect(results.map((r) => [r.scenario, r.preset, r.maxDeviations])).toEqual(CASES.map((c) => [c.scenario, c.preset, c.maxDeviations]));
    for (const r of results) {
      expect(r.unshardedByBound).toHaveLength(r.maxDeviations + 1);
      expect(r.splits.map((s) => [s.n, s.shards.length])).toEqual(SPLITS.map((n) => [n, n]));
      // Every shard holds the nominal run's states and no more than the whole.
      for (const s of r.splits) for (const part of s.shards) expect(part).toBeLessThanOrEqual(r.unshardedByBound[r.maxDeviations]);
    }
    const page = readFileSync(DOC_FILE, 'utf8');
    expect(withPlanBlock(page, results)).toBe(page);
  });

  it('a figure typed by hand in the block is caught', () => {
    const page = readFileSync(DOC_FILE, 'utf8');
    const tampered = page.replace(/\| (\d+)% \(/, '| 12% (');
    expect(tampered).not.toBe(page);
    expect(withPlanBlock(tampered, results)).not.toBe(tampered);
  });

  it('counts what explore counts: a small case measured again', () => {
    const plan = measureOne('multi-worker', 'seed-fix', 2, [2, 3]);
    expect(plan.unshardedByBound[0]).toBeGreaterThan(0);
    expect(plan.unshardedByBound).toEqual([...plan.unshardedByBound].sort((a, b) => a - b));
    expect(plan.splits.map((s) => s.shards.length)).toEqual([2, 3]);
    expect(plan.splits.map((s) => s.shards.reduce((a, b) => a + b, 0) >= plan.unshardedByBound[2])).toEqual([true, true]);
  });
});
