// The quiet gap (sim/explore/quietGap.ts) changes no answer: over every scenario (seed, catalog,
// writes, incidents) under broken, seed-fix and robust, explore with and without it (the same
// deviation bound on both sides, or exhaustively when the search with it ends before the bound)
// finds the same violated invariants, each first witness with as many deviations, gives the same
// verdict and stops for the same reason; exhaustively where it
// merges most (multi-worker, seed-broken), and commit-race to its 4-deviation witnesses.
// `--workers 2` gives the one-thread report. Not applied under --max-stale-ms nor with an app.
// A deliberately wrong variant (the gap dropped without the bound on the work in flight) fails
// the comparison.
import { describe, expect, it } from 'vitest';
import { loadUserApp } from '../../sim/app/loadUserApp';
import { explore, type ExploreResult } from '../../sim/explore/explore';
import { exploreParallel } from '../../sim/explore/parallel/parallelExplore';
import type { QuietGapFlaws } from '../../sim/explore/quietGap';
import { checkInvariants } from '../../sim/invariants/index';
import { SCENARIOS, getScenario } from '../../sim/scenarios/index';
import type { Scenario } from '../../sim/scenarios/types';
import { cli } from './cliHarness';
import { PRESETS, answerDifferences, exploreSide } from './helpers/compareReductions';

/** Deviations explored on both sides: 2, or 1 where two take longer than a few seconds. */
const BOUND: Record<string, number> = { 'cache-pressure': 1, 'concurrent-deletes': 1, 'concurrent-edit-delete': 1 };

function side(scenario: Scenario, preset: string, quietGap: boolean, bound: number | undefined, flaws?: QuietGapFlaws): ExploreResult {
  return exploreSide(scenario, preset, { maxDeviations: bound, quietGap, ...(flaws ? { quietGapFlaws: flaws } : {}) });
}

describe('the quiet gap gives the same answers as the exact gap', () => {
  for (const scenario of SCENARIOS)
    it(`${scenario.name} under ${PRESETS.join(', ')} (at most ${BOUND[scenario.name] ?? 2} deviations)`, () => {
      for (const preset of PRESETS) {
        const bound = BOUND[scenario.name] ?? 2;
        const quiet = side(scenario, preset, true, bound);
        let exact = side(scenario, preset, false, bound);
        // Merged, the schedules past the bound may all reach explored states: the search is then
        // exhaustive, and is compared with the exhaustive search without the merge.
        if (quiet.stopReason === null && exact.stopReason === 'max-deviations') exact = side(scenario, preset, false, undefined);
        expect(answerDifferences(exact, quiet), `${scenario.name} ${preset}`).toEqual([]);
        expect(quiet.distinctStates, `${scenario.name} ${preset}`).toBeLessThanOrEqual(exact.distinctStates);
      }
    });

  it('multi-worker under robust and seed-broken under seed-fix, exhaustively: the same answer with fewer states', () => {
    for (const [name, preset] of [['multi-worker', 'robust'], ['seed-broken', 'seed-fix']]) {
      const exact = side(getScenario(name), preset, false, undefined);
      const quiet = side(getScenario(name), preset, true, undefined);
      expect(exact.stopReason).toBeNull();
      expect(answerDifferences(exact, quiet), `${name} ${preset}`).toEqual([]);
      expect(quiet.distinctStates).toBeLessThan(exact.distinctStates);
    }
  });

  it('commit-race under seed-fix, 4 deviations: the same 4-deviation witnesses, replayed from their scripts', () => {
    const scenario = getScenario('commit-race');
    const exact = side(scenario, 'seed-fix', false, 4);
    const quiet = side(scenario, 'seed-fix', true, 4);
    expect(answerDifferences(exact, quiet)).toEqual([]);
    expect(quiet.witnesses.map((w) => w.nonNominal)).toContain(4);
    for (const w of quiet.witnesses) expect(checkInvariants(w.trace).map((v) => v.invariant), w.invariant).toContain(w.invariant);
    expect(quiet.distinctStates).toBeLessThan(exact.distinctStates);
  });

  it('threads give the one-thread result with the quiet gap', async () => {
    const scenario = getScenario('multi-worker');
    const options = { preset: 'seed-fix', maxStates: 1_000_000 };
    const one = JSON.stringify(explore(scenario, options));
    const two = await exploreParallel(scenario, options, { workers: 2, plainScenario: scenario, appFile: null, soloRuns: 0, waitForThreads: true });
    expect(JSON.stringify(two)).toBe(one);
  });

  it('--quiet-gap on|off: the same verdict from the CLI; a bad value is a usage error', async () => {
    const args = ['explore', 'seed-broken', '--config', 'seed-fix', '--workers', '1', '--json'];
    const on = JSON.parse((await cli(args)).out);
    const off = JSON.parse((await cli([...args, '--quiet-gap', 'off'])).out);
    expect([on.exhaustive, off.exhaustive]).toEqual([true, true]);
    expect(on.distinctStates).toBeLessThan(off.distinctStates);
    expect(on.violated).toEqual(off.violated);
    const bad = await cli(['explore', 'seed-broken', '--quiet-gap', 'maybe']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--quiet-gap expects on or off');
  });

  it('is not applied under a staleness bound (--max-stale-ms): the report is the one without it', () => {
    const scenario = getScenario('cache-pressure');
    const options = { preset: 'robust', maxStates: 3000, maxStaleMs: 1000 };
    expect(JSON.stringify(explore(scenario, { ...options, quietGap: true }))).toBe(JSON.stringify(explore(scenario, { ...options, quietGap: false })));
  });

  it('is not applied to views of your own (an app), for any caller of explore(): the report is the one without it', async () => {
    // robust-app.ts runs exactly as the built-in views under robust, where the quiet gap does merge states.
    const { app, overrides } = await loadUserApp('examples/robust-app.ts');
    const options = { preset: 'robust', overrides, maxStates: 1_000_000 };
    const builtIn = explore(getScenario('seed-broken'), options);
    expect(builtIn.quietGap).toBe(true);
    expect(builtIn.distinctStates).toBeLessThan(explore(getScenario('seed-broken'), { ...options, quietGap: false }).distinctStates);
    const mine = { ...getScenario('seed-broken'), app };
    const byDefault = explore(mine, options);
    expect(byDefault.quietGap).toBe(false);
    expect(JSON.stringify(byDefault)).toBe(JSON.stringify(explore(mine, { ...options, quietGap: false })));
  });

  it('the comparison catches a wrong variant: the gap dropped without bounding the work in flight', () => {
    // inflight-refetch under seed-fix: the wrong variant misses the 2-deviation fresh-after-commit witness.
    const scenario = getScenario('inflight-refetch');
    const exact = side(scenario, 'seed-fix', false, 2);
    const wrong = side(scenario, 'seed-fix', true, 2, { noBound: true });
    expect(answerDifferences(exact, wrong).length).toBeGreaterThan(0);
    // The right one, on the same search, agrees.
    expect(answerDifferences(exact, side(scenario, 'seed-fix', true, 2))).toEqual([]);
  });
});
