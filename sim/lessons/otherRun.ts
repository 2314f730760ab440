// How a question about another run names it: in the tour above the question, in the terminal under it.
import type { OtherRun } from './types';

/**
 * "two-worker-reload · config seed-fix", "inflight-refetch · config robust --set page.onDeleted=…",
 * "incident-stale-set · config robust · random seed 3": a seed is named, or a learner who runs the
 * scenario and config as written gets the nominal run, not the one whose trace lines are shown.
 */
export function describeOtherRun(about: OtherRun): string {
  const seed = about.schedule && 'seed' in about.schedule ? ` · random seed ${about.schedule.seed}` : '';
  return `${about.scenarios.join(', ')} · config ${about.preset}${about.overrides.map((o) => ` --set ${o}`).join('')}${seed}`;
}
