// Child process of bench/explore.ts: explores one scenario under a time and a state cap and prints
// one JSON line (its figures and this process's peak RSS) on stdout. A process of its own, so that
// process.resourceUsage().maxRSS is this exploration's peak and nothing else's.
//   node --import tsx bench/exploreChild.ts <scenario> <maxSeconds> <maxStates>
import { explore, type ExploreStats } from '../sim/explore/explore';
import { getScenario } from '../sim/scenarios/index';
import { nowMs } from './stats';

export interface ExploreChildResult {
  scenario: string;
  preset: string;
  distinctStates: number;
  statesExplored: number;
  runs: number;
  deepestSteps: number;
  ms: number;
  /** null: explored to completion; 'time' or 'states': stopped at that cap. */
  bound: 'time' | 'states' | null;
  /** When the state cap stopped it: every schedule with at most this many deviations was explored. */
  completeDeviations: number | null;
  /** Invariants with a witness so far (names only when the exploration finished). */
  violatedInvariants: number;
  violated: string[];
  /** RSS when explore started (modules loaded) and the process's peak, in MB. */
  rssBeforeMb: number;
  maxRssMb: number;
}

class TimeCap extends Error {}

function main(): void {
  const [name, secondsArg, statesArg] = process.argv.slice(2);
  const scenario = getScenario(name);
  const capMs = Number(secondsArg) * 1000;
  const maxStates = Number(statesArg);
  if (!(capMs > 0) || !(maxStates > 0)) throw new Error('usage: exploreChild <scenario> <maxSeconds> <maxStates>');
  const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
  let last: ExploreStats | null = null;
  const t0 = nowMs();
  let result: ReturnType<typeof explore> | null = null;
  try {
    result = explore(scenario, {
      maxStates,
      onProgress: (stats) => {
        last = stats;
        if (nowMs() - t0 > capMs) throw new TimeCap();
      },
    });
  } catch (e) {
    if (!(e instanceof TimeCap)) throw e;
  }
  const ms = nowMs() - t0;
  const stats = (result ?? last) as ExploreStats | null;
  if (!stats) throw new Error('explore reported no progress');
  const out: ExploreChildResult = {
    scenario: scenario.name,
    preset: result?.preset ?? scenario.defaultPreset,
    distinctStates: stats.distinctStates,
    statesExplored: stats.statesExplored,
    runs: stats.runs,
    deepestSteps: stats.deepestSteps,
    ms,
    bound: result ? (result.boundReached ? 'states' : null) : 'time',
    completeDeviations: result ? result.completeDeviations : null,
    violatedInvariants: stats.violatedInvariants,
    violated: result ? result.witnesses.map((w) => w.invariant) : [],
    rssBeforeMb,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main();
