// How a question about another run names it: in the tour above the question, in the terminal under it.
import type { OtherRun } from './types';

/** "two-worker-reload · config seed-fix", "inflight-refetch · config robust --set page.onDeleted=…". */
export function describeOtherRun(about: OtherRun): string {
  return `${about.scenarios.join(', ')} · config ${about.preset}${about.overrides.map((o) => ` --set ${o}`).join('')}`;
}
