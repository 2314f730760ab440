// The soundness tests' shared harness: explore a scenario with and without one way of saving work
// (the partial-order reduction, the worker symmetry, deferred jitter) at the same deviation bound,
// and list what differs in the answer. Each test adds what is its own (which states must agree,
// where the saving applies) and must show that a deliberately wrong variant makes this list non-empty.
import { explore, type ExploreOptions, type ExploreResult } from '../../../sim/explore/explore';
import type { Scenario } from '../../../sim/scenarios/types';

export const PRESETS = ['broken', 'seed-fix', 'robust'];

/** Deviations explored on both sides: 2, or the smaller bound given for a scenario where two take longer than a few seconds. */
export const deviationBound = (smaller: Record<string, number>) => (scenario: Scenario): number => smaller[scenario.name] ?? 2;

/** One side of a comparison: the snapshot explorer under `preset`, at most 1,000,000 states. */
export function exploreSide(scenario: Scenario, preset: string, options: Omit<ExploreOptions, 'preset' | 'maxStates'>): ExploreResult {
  return explore(scenario, { preset, maxStates: 1_000_000, ...options });
}

/**
 * What must agree between the search without the saving and with it; empty when everything does:
 * the violated invariants, each first witness's deviations (as few with it as without), the stop
 * reason and the class of schedules covered (complete deviations).
 */
export function answerDifferences(plain: ExploreResult, other: ExploreResult): string[] {
  const out: string[] = [];
  const violated = (r: ExploreResult) => r.witnesses.map((w) => w.invariant).sort().join(', ') || 'none';
  if (violated(plain) !== violated(other)) out.push(`violated: ${violated(plain)} without, ${violated(other)} with`);
  const deviations = (r: ExploreResult) => r.witnesses.map((w) => `${w.invariant} ${w.nonNominal}`).sort().join(', ');
  if (violated(plain) === violated(other) && deviations(plain) !== deviations(other)) out.push(`witness deviations: ${deviations(plain)} without, ${deviations(other)} with`);
  if (plain.stopReason !== other.stopReason) out.push(`stop: ${plain.stopReason} without, ${other.stopReason} with`);
  if (plain.completeDeviations !== other.completeDeviations) out.push(`complete deviations: ${plain.completeDeviations} without, ${other.completeDeviations} with`);
  return out;
}
