// bench/explore.ts runs each explore child from its esbuild bundle (as `cachelab` runs its
// commands), not from the sources under tsx: the bundle must give the same exploration, state for
// state and witness for witness; only times and memory may differ.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ExploreChildResult } from '../../bench/exploreChild';
import { bundledModule } from '../../sim/parallel/threadBundle';
import { REPO } from '../e2e/buildApp';

const CHILD = new URL('../../bench/exploreChild.ts', import.meta.url);

function answers(args: string[]): Omit<ExploreChildResult, 'ms' | 'firstWitnessMs' | 'rssBeforeMb' | 'maxRssMb'> {
  const out = execFileSync(process.execPath, [...args, 'commit-race', 'seed-fix', 'on', '120', '40000'], { cwd: REPO, encoding: 'utf8' });
  const { ms, firstWitnessMs, rssBeforeMb, maxRssMb, ...rest } = JSON.parse(out.trim()) as ExploreChildResult;
  expect(ms).toBeGreaterThan(0);
  return rest;
}

describe('the explore child from its bundle', () => {
  it('explores exactly as under tsx', () => {
    const bundled = bundledModule(CHILD);
    expect(bundled, 'esbuild could not bundle bench/exploreChild.ts').not.toBeNull();
    const fromBundle = answers([fileURLToPath(bundled!)]);
    expect(fromBundle.bound).toBe('states');
    expect(fromBundle.violated.length).toBeGreaterThan(0);
    expect(fromBundle).toEqual(answers(['--import', 'tsx', fileURLToPath(CHILD)]));
  }, 120_000);
});
