// The issue's targets (issue 7, "Targets, on this 2-core machine"), judged on one run's figures.
import type { CheckRateResult } from './check';
import type { CounterexampleFigures } from './counterexamples';
import type { ExploreFigures } from './explore';
import type { SimulateResult } from './simulate';
import type { VizFigures } from './viz';
import { sig } from './stats';

export interface Target {
  id: string;
  /** The target in the issue's words. */
  target: string;
  /** The figure it is judged on, and its unit. */
  measured: number;
  unit: string;
  threshold: number;
  met: boolean;
  /**
   * How far off: the factor by which the figure must improve to meet the target (1 when met;
   * null when a cap stopped the measurement before the figure was known).
   */
  factor: number | null;
  note: string;
}

const atLeast = (measured: number, threshold: number) => ({ met: measured >= threshold, factor: measured >= threshold ? 1 : sig(threshold / Math.max(measured, 1e-9)) });
const atMost = (measured: number, threshold: number) => ({ met: measured <= threshold, factor: measured <= threshold ? 1 : sig(measured / threshold) });

export interface TargetInputs {
  check: CheckRateResult;
  /** Per scenario: the actor-mode simulator's time per layer step over the pure reducers'. */
  actorSimOverReducers: Array<{ scenario: string; ratio: number }>;
  explore: ExploreFigures[];
  largest: string;
  counterexamples: CounterexampleFigures[];
  simulate: SimulateResult[];
  viz: VizFigures;
}

export function judgeTargets(r: TargetInputs): Target[] {
  const targets: Target[] = [];
  targets.push({
    id: 'check-schedules-per-s',
    target: 'at least 5,000 complete random schedules per second on seed-fixed',
    measured: r.check.schedulesPerS,
    unit: 'schedules/s',
    threshold: 5000,
    ...atLeast(r.check.schedulesPerS, 5000),
    note: `${r.check.runs} schedules of ${r.check.scenario} under ${r.check.preset}`,
  });
  const done = r.explore.filter((e) => e.exhaustive && e.seconds < 10);
  const late = r.explore.filter((e) => !(e.exhaustive && e.seconds < 10));
  const missing = late.map((e) => `${e.scenario} (${e.exhaustive ? `${e.seconds} s` : `stopped by the ${e.bound} cap at ${e.seconds} s, ${e.distinctStates} distinct states`})`);
  targets.push({
    id: 'explore-complete-under-10s',
    target: 'explore of every catalog scenario to completion in under 10 s each',
    measured: done.length,
    unit: 'scenarios',
    threshold: r.explore.length,
    met: done.length === r.explore.length,
    // Known only when every late scenario did finish (a capped one is "more than cap / 10").
    factor: late.length === 0 ? 1 : late.every((e) => e.exhaustive) ? sig(Math.max(...late.map((e) => e.seconds)) / 10) : null,
    note: missing.length ? `not complete in 10 s: ${missing.join(', ')}` : 'all complete',
  });
  const big = r.explore.find((e) => e.scenario === r.largest)!;
  targets.push({
    id: 'explore-states-per-s-largest',
    target: 'at 200,000 or more distinct states per second on the largest catalog scenario',
    measured: big.distinctStatesPerS,
    unit: 'states/s',
    threshold: 200_000,
    ...atLeast(big.distinctStatesPerS, 200_000),
    note: `${big.scenario}: ${big.distinctStates} distinct states in ${big.seconds} s${big.exhaustive ? '' : ` (${big.bound} cap)`}`,
  });
  const found = r.counterexamples.filter((c) => c.medianMs !== null);
  const worst = found.reduce<CounterexampleFigures | null>((a, b) => (!a || b.medianMs! > a.medianMs! ? b : a), null);
  const worstMs = worst?.medianMs ?? 0;
  targets.push({
    id: 'counterexample-median-under-1s',
    target: 'every known counterexample found in under 1 s (median)',
    measured: worstMs,
    unit: 'ms',
    threshold: 1000,
    ...atMost(worstMs, 1000),
    note: worst ? `slowest median: ${worst.scenario} under ${worst.preset}; ${found.length} scenario/preset pairs have a counterexample in at least half the seeds` : 'no counterexample found',
  });
  const ratio = Math.max(...r.simulate.map((s) => s.actorOverLean));
  const which = r.simulate.find((s) => s.actorOverLean === ratio)!;
  targets.push({
    id: 'simulator-within-20x',
    target: 'the simulator within 20x of the plain-TypeScript reference',
    measured: ratio,
    unit: 'x',
    threshold: 20,
    ...atMost(ratio, 20),
    note: `time per event of xstate-actor runs over lean (pure-reducer) runs of the same seeds, worst of ${r.simulate.map((s) => `${s.scenario} ${s.actorOverLean}x`).join(', ')} (${which.scenario})`,
  });
  const strict = r.actorSimOverReducers.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  targets.push({
    id: 'simulator-within-20x-of-reducers',
    target: 'the same, stricter reading: the whole simulator against the pure reducers alone',
    measured: strict.ratio,
    unit: 'x',
    threshold: 20,
    ...atMost(strict.ratio, 20),
    note: `time per layer step of actor-mode runs (scheduler, app code, trace, xstate) over the reducers replaying the recorded layer events, worst of ${r.actorSimOverReducers.map((x) => `${x.scenario} ${x.ratio}x`).join(', ')}`,
  });
  targets.push({
    id: 'viz-10k-load-under-500ms',
    target: "the visualizer's 10,000-event load under 500 ms",
    measured: r.viz.paintedMs,
    unit: 'ms',
    threshold: 500,
    ...atMost(r.viz.paintedMs, 500),
    note: `loadTrace until painted, median of ${r.viz.loads}: ${r.viz.events} events, index ${r.viz.indexMs} ms + render ${r.viz.renderMs} ms, painted at ${r.viz.paintedMs} ms`,
  });
  return targets;
}
