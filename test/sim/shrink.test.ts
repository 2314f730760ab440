// Shrinking by delta debugging over deviations: the result still violates the invariant, is
// 1-minimal, and is no longer than fast-check's own shrinking (the plain path) from the same
// found schedule.
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../../sim/check/checkScenario';
import { deviationRun, deviationsOf } from '../../sim/check/deviations';
import { getScenario } from '../../sim/scenarios/index';

function deviationCount(r: ReturnType<typeof checkScenario>): number {
  const cx = r.counterexample!;
  return deviationsOf(cx.run.points, cx.run.trace.choices).length;
}

describe('shrinking', () => {
  it('keeps the invariant violated and leaves no deviation that could go (commit-race under seed-fix, PCT seed 1)', () => {
    const scenario = getScenario('commit-race');
    const r = checkScenario(scenario, { preset: 'seed-fix', runs: 300, seed: 1 });
    const cx = r.counterexample!;
    expect(cx.violations.map((v) => v.invariant)).toContain(cx.invariant);
    const kept = deviationsOf(cx.run.points, cx.run.trace.choices);
    expect(kept.length).toBeLessThan(cx.foundDeviations);
    for (const d of kept) {
      const without = deviationRun(scenario, { preset: 'seed-fix' }, kept.filter((k) => k !== d), true);
      expect(without.violations.map((v) => v.invariant)).not.toContain(cx.invariant);
    }
  });

  it('is no longer than fast-check\'s shrinking from the same found schedule', () => {
    for (const [name, seed] of [['inflight-refetch', 1], ['multi-worker', 7]] as const) {
      const scenario = getScenario(name);
      const ddmin = checkScenario(scenario, { preset: 'seed-fix', runs: 300, seed, strategy: 'random', shrinker: 'ddmin' });
      const plain = checkScenario(scenario, { preset: 'seed-fix', runs: 300, seed, strategy: 'random', shrinker: 'fast-check' });
      expect(ddmin.runs).toBe(plain.runs);
      expect(plain.counterexample).not.toBeNull();
      expect(ddmin.counterexample!.violations.map((v) => v.invariant)).toContain(ddmin.counterexample!.invariant);
      expect(deviationCount(ddmin)).toBeLessThanOrEqual(deviationCount(plain));
    }
  });
});
