// Exhaustive exploration of every catalog scenario: distinct states per second, total time, and
// peak memory. Each scenario runs in a child process of its own (bench/exploreChild.ts), one after
// another (never two at once: the machine has 2 cores), under a time cap and a state cap; a
// capped exploration says which cap stopped it.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ExploreChildResult } from './exploreChild';
import { perSecond, sig } from './stats';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const CHILD = fileURLToPath(new URL('./exploreChild.ts', import.meta.url));

export interface ExploreFigures extends Omit<ExploreChildResult, 'ms' | 'rssBeforeMb' | 'maxRssMb'> {
  seconds: number;
  distinctStatesPerS: number;
  /** Explored to completion (no cap hit). */
  exhaustive: boolean;
  rssBeforeMb: number;
  maxRssMb: number;
}

export function measureExplore(scenario: string, maxSeconds: number, maxStates: number): ExploreFigures {
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', CHILD, scenario, String(maxSeconds), String(maxStates)], {
    cwd: REPO,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  const r = JSON.parse(stdout.trim().split('\n').pop()!) as ExploreChildResult;
  const { ms, rssBeforeMb, maxRssMb, ...rest } = r;
  return {
    ...rest,
    seconds: sig(ms / 1000, 4),
    distinctStatesPerS: sig(perSecond(r.distinctStates, ms)),
    exhaustive: r.bound === null,
    rssBeforeMb: sig(rssBeforeMb),
    maxRssMb: sig(maxRssMb),
  };
}
