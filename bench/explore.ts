// Exploration: distinct states per second, total time, peak memory, and what the partial-order
// reduction leaves out. Each exploration runs in a child process of its own (bench/exploreChild.ts),
// one after another (never two at once: the machine has 2 cores), under a time cap and a state
// cap; a capped exploration says which cap stopped it.
import { runChild, type ChildRunner } from './childCommand';
import type { ExploreChildResult } from './exploreChild';
import { perSecond, sig } from './stats';

const CHILD = new URL('./exploreChild.ts', import.meta.url);

export interface ExploreFigures extends Omit<ExploreChildResult, 'ms' | 'rssBeforeMb' | 'maxRssMb'> {
  seconds: number;
  distinctStatesPerS: number;
  /** Explored to completion (no cap hit). */
  exhaustive: boolean;
  rssBeforeMb: number;
  maxRssMb: number;
  /** How the child ran: the esbuild bundle (as `cachelab` runs its commands) or the sources under tsx; absent in results written before it. */
  runner?: ChildRunner;
}

export interface ExploreRun {
  scenario: string;
  preset: string;
  reduction: boolean;
  maxSeconds: number;
  maxStates: number;
  /** Stop at the first witness. */
  first?: boolean;
  /** The worker symmetry (default on; it applies only where the workers share one cache). */
  symmetry?: boolean;
}

export function measureExplore(run: ExploreRun): ExploreFigures {
  const args = [run.scenario, run.preset, run.reduction ? 'on' : 'off', String(run.maxSeconds), String(run.maxStates), ...(run.first ? ['first'] : []), ...(run.symmetry === false ? ['no-symmetry'] : [])];
  const { result: r, runner } = runChild<ExploreChildResult>(CHILD, args);
  const { ms, rssBeforeMb, maxRssMb, ...rest } = r;
  return {
    ...rest,
    firstWitnessMs: r.firstWitnessMs === null ? null : sig(r.firstWitnessMs, 4),
    ...(typeof r.visitedBytesPerState === 'number' ? { visitedBytesPerState: sig(r.visitedBytesPerState, 3) } : {}),
    seconds: sig(ms / 1000, 4),
    distinctStatesPerS: sig(perSecond(r.distinctStates, ms)),
    exhaustive: r.bound === null,
    rssBeforeMb: sig(rssBeforeMb),
    maxRssMb: sig(maxRssMb),
    runner,
  };
}

/** The explore section of the results. */
export interface ExploreSection {
  /** Every scenario and preset explored (reduction on), one child each. */
  scenarios: ExploreFigures[];
  peakRssMb: number;
  peakRssScenario: string;
  /** The largest scenario with the reduction on and off, the same caps. */
  reduction: { on: ExploreFigures; off: ExploreFigures };
  /** commit-race under seed-fix: explore's time to its first witness. */
  witness: ExploreFigures;
  /** Each exploration the worker symmetry applied to, and the same without it (absent in results written before it). */
  symmetry?: Array<{ on: ExploreFigures; off: ExploreFigures }>;
}

/**
 * The worker symmetry's effect: every exploration of `explored` it applied to, again without it
 * (the same caps, one child each).
 */
export function measureSymmetry(explored: ExploreFigures[], caps: { maxSeconds: number; maxStates: number }, progress: (line: string) => void): Array<{ on: ExploreFigures; off: ExploreFigures }> {
  const out: Array<{ on: ExploreFigures; off: ExploreFigures }> = [];
  for (const on of explored) {
    if (!on.symmetry) continue;
    progress(`explore ${on.scenario} under ${on.preset} without the worker symmetry`);
    out.push({ on, off: measureExplore({ scenario: on.scenario, preset: on.preset, reduction: on.reduction, symmetry: false, ...caps }) });
  }
  return out;
}
