// Child process of bench/explore.ts: explores one scenario under one preset, with or without the
// partial-order reduction (and, with `no-symmetry`, without the worker symmetry), under a time and a state cap, and prints one JSON line (its figures and
// this process's peak RSS) on stdout. A process of its own, so that process.resourceUsage().maxRSS
// is this exploration's peak and nothing else's. With `first`, it stops at the first witness (the
// time to a known counterexample). bench/explore.ts runs it from its esbuild bundle, as `cachelab`
// runs its commands; by hand, under tsx:
//   node --import tsx bench/exploreChild.ts <scenario> <preset> <on|off> <maxSeconds> <maxStates> [first] [no-symmetry]
import { explore, type ExploreStats } from '../sim/explore/explore';
import { getScenario } from '../sim/scenarios/index';
import { nowMs } from './stats';

export interface ExploreChildResult {
  scenario: string;
  preset: string;
  /** The partial-order reduction was on. */
  reduction: boolean;
  /** The worker symmetry was on and applied (sim/explore/symmetry.ts); absent in results written before it. */
  symmetry?: boolean;
  distinctStates: number;
  statesExplored: number;
  runs: number;
  deepestSteps: number;
  /** Tie orders the reduction left out (0 without it). */
  tiesPruned: number;
  ms: number;
  /** null: explored to completion; 'time' or 'states': stopped at that cap; 'first': at the first witness. */
  bound: 'time' | 'states' | 'first' | null;
  /** When a cap stopped it: every schedule with at most this many deviations was explored (null: unknown). */
  completeDeviations: number | null;
  /** Invariants with a witness so far (names only when the exploration returned). */
  violatedInvariants: number;
  violated: string[];
  /** Deviations of the first witness found (with `first`), or null. */
  firstWitnessDeviations: number | null;
  /** ms from the start to the first witness, or null. */
  firstWitnessMs: number | null;
  /** The visited set's bytes per distinct state (null: no set, the plain explorer); absent in results written before it. */
  visitedBytesPerState?: number | null;
  /** RSS when explore started (modules loaded) and the process's peak, in MB. */
  rssBeforeMb: number;
  maxRssMb: number;
}

function main(): void {
  const [name, preset, reductionArg, secondsArg, statesArg, ...flags] = process.argv.slice(2);
  const scenario = getScenario(name);
  const capMs = Number(secondsArg) * 1000;
  const maxStates = Number(statesArg);
  const stopAtFirst = flags.includes('first');
  const symmetry = !flags.includes('no-symmetry');
  if (!(capMs > 0) || !(maxStates > 0) || !['on', 'off'].includes(reductionArg) || flags.some((f) => f !== 'first' && f !== 'no-symmetry'))
    throw new Error('usage: exploreChild <scenario> <preset> <on|off> <maxSeconds> <maxStates> [first] [no-symmetry]');
  const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
  let timedOut = false;
  let firstWitnessMs: number | null = null;
  let firstWitnessDeviations: number | null = null;
  const t0 = nowMs();
  const result = explore(scenario, {
    preset,
    maxStates,
    reduction: reductionArg === 'on',
    symmetry,
    hooks: {
      shouldStop: () => (timedOut ||= nowMs() - t0 > capMs) || (stopAtFirst && firstWitnessMs !== null),
      onWitness: (w) => {
        if (firstWitnessMs !== null) return;
        firstWitnessMs = nowMs() - t0;
        firstWitnessDeviations = w.nonNominal;
      },
    },
  });
  const ms = nowMs() - t0;
  const stats: ExploreStats = result;
  const bound = result.stopReason === null ? null : result.stopReason === 'max-states' ? 'states' : timedOut ? 'time' : 'first';
  const out: ExploreChildResult = {
    scenario: scenario.name,
    preset: result.preset,
    reduction: result.reduction,
    symmetry: result.symmetry,
    distinctStates: stats.distinctStates,
    statesExplored: stats.statesExplored,
    runs: stats.runs,
    deepestSteps: stats.deepestSteps,
    tiesPruned: stats.tiesPruned,
    ms,
    bound,
    completeDeviations: result.completeDeviations,
    violatedInvariants: stats.violatedInvariants,
    violated: result.witnesses.map((w) => w.invariant),
    firstWitnessDeviations,
    firstWitnessMs,
    visitedBytesPerState: result.visitedBytesPerState,
    rssBeforeMb,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main();
