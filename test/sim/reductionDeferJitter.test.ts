// Deferred jitter (sim/explore/deferJitter.ts) changes no answer: over every scenario (seed,
// catalog, writes, incidents) under broken, seed-fix and robust, explore with and without it (the same deviation
// bound on both sides) finds the same violated invariants, each first witness with as many
// deviations, gives the same verdict and stops for the same reason; and on the jittered
// scenarios, deeper: commit-race under seed-fix to its first witness (the seed fix's
// ATOMIC_REQUESTS hole, 4 deviations), inflight-refetch under seed-fix exhaustively. A
// deliberately wrong variant (the branch taken after the step's time has passed) fails the
// comparison.
import { describe, expect, it } from 'vitest';
import type { DeferJitterFlaws } from '../../sim/explore/deferJitter';
import { resolveConfig } from '../../src/config';
import { Expander, explore, rootPending, type ExploreResult } from '../../sim/explore/explore';
import { defaultHorizon } from '../../sim/explore/explorePlain';
import { footprintIndependence } from '../../sim/explore/independence';
import { VisitedSet } from '../../sim/explore/visitedSet';
import { exploreParallel } from '../../sim/explore/parallel/parallelExplore';
import { checkInvariants } from '../../sim/invariants/index';
import { cli } from './cliHarness';
import { SCENARIOS, getScenario } from '../../sim/scenarios/index';
import type { Scenario } from '../../sim/scenarios/types';
import { PRESETS, answerDifferences as differences, deviationBound, exploreSide } from './helpers/compareReductions';

/** 1 deviation where two take longer than a few seconds. */
const boundOf = deviationBound({ 'cache-pressure': 1, 'concurrent-deletes': 1, 'concurrent-edit-delete': 1 });

function side(scenario: Scenario, preset: string, deferJitter: boolean, bound: number | undefined, flaws?: DeferJitterFlaws, stopAtFirst = false): ExploreResult {
  let witnessed = false;
  return exploreSide(scenario, preset, {
    maxDeviations: bound,
    deferJitter,
    ...(flaws ? { deferJitterFlaws: flaws } : {}),
    hooks: { shouldStop: () => stopAtFirst && witnessed, onWitness: () => void (witnessed = true) },
  });
}

const jittered = (s: Scenario) => s.steps.some((step) => (step.jitterMs ?? 0) > 0);

describe('deferred jitter gives the same answers as choosing the jitter at start', () => {
  for (const scenario of SCENARIOS)
    it(`${scenario.name} under ${PRESETS.join(', ')} (at most ${boundOf(scenario)} deviations)`, () => {
      for (const preset of PRESETS) {
        const bound = boundOf(scenario);
        const plain = side(scenario, preset, false, bound);
        const deferred = side(scenario, preset, true, bound);
        expect(differences(plain, deferred), `${scenario.name} ${preset}`).toEqual([]);
        // A scenario without jitter explores exactly the same states; one with jitter, fewer.
        if (jittered(scenario)) expect(deferred.distinctStates, `${scenario.name} ${preset}`).toBeLessThan(plain.distinctStates);
        else expect(deferred.distinctStates).toBe(plain.distinctStates);
      }
    });

  it('commit-race under seed-fix, to the first witness: the same 4-deviation witnesses, replayed from their scripts', () => {
    const scenario = getScenario('commit-race');
    const plain = side(scenario, 'seed-fix', false, undefined, undefined, true);
    const deferred = side(scenario, 'seed-fix', true, undefined, undefined, true);
    expect(differences(plain, deferred)).toEqual([]);
    expect(deferred.witnesses.map((w) => w.nonNominal)).toContain(4);
    // Each witness's script, replayed from the start (the jitter chosen at start, as check and replay do), breaks its invariant.
    for (const w of deferred.witnesses) expect(checkInvariants(w.trace).map((v) => v.invariant), w.invariant).toContain(w.invariant);
    expect(deferred.distinctStates).toBeLessThan(plain.distinctStates);
  });

  it('inflight-refetch under seed-fix, exhaustively', () => {
    const scenario = getScenario('inflight-refetch');
    const plain = side(scenario, 'seed-fix', false, undefined);
    const deferred = side(scenario, 'seed-fix', true, undefined);
    expect(plain.stopReason).toBeNull();
    expect(differences(plain, deferred)).toEqual([]);
  });

  it('threads give the one-thread result with deferred jitter (queued branches carry their retimed step)', async () => {
    const scenario = getScenario('concurrent-deletes');
    const options = { preset: 'seed-fix', maxStates: 1_000_000, maxDeviations: 1 };
    const one = JSON.stringify(explore(scenario, options));
    const two = await exploreParallel(scenario, options, { workers: 2, plainScenario: scenario, appFile: null, soloRuns: 0, waitForThreads: true });
    expect(JSON.stringify(two)).toBe(one);
  });

  it('--defer-jitter on|off: the same verdict from the CLI; a bad value is a usage error', async () => {
    const args = ['explore', 'inflight-refetch', '--config', 'broken', '--max-states', '1000000', '--workers', '1', '--json'];
    const on = JSON.parse((await cli(args)).out);
    const off = JSON.parse((await cli([...args, '--defer-jitter', 'off'])).out);
    expect([on.exhaustive, off.exhaustive]).toEqual([true, true]);
    expect(on.distinctStates).toBeLessThan(off.distinctStates);
    expect(on.violated).toEqual(off.violated);
    expect(on.witnesses.map((w: { nonNominalChoices: number }) => w.nonNominalChoices)).toEqual(off.witnesses.map((w: { nonNominalChoices: number }) => w.nonNominalChoices));
    const bad = await cli(['explore', 'inflight-refetch', '--defer-jitter', 'maybe']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--defer-jitter expects on or off');
  });

  // A and B delete at the same nominal time (concurrent-deletes with B's step moved to A's): both jitters are decided at one state.
  const simultaneous = (): Scenario => {
    const base = getScenario('concurrent-deletes');
    return { ...base, name: 'simultaneous-jitter', steps: base.steps.map((st) => (st.user === 'B' && st.do === 'delete' ? { ...st, atMs: 0 } : st)) };
  };

  it('two jitters due at the same instant: a branch of one leaves the other undecided, and the answers are the same', () => {
    const scenario = simultaneous();
    const config = resolveConfig('broken', [], scenario.configDefaults).config;
    const expander = new Expander({ scenario, config, horizonMs: defaultHorizon(scenario), independence: footprintIndependence, deferJitter: true });
    const visited = new VisitedSet();
    const visit = (a: number, b: number) => visited.visit(a, b, 1_000_000);
    const root = expander.expand(rootPending(expander.sim), visit);
    const choiceOf = (user: string) => scenario.steps.filter((st) => (st.jitterMs ?? 0) > 0).findIndex((st) => st.user === user);
    const [a, b] = [choiceOf('A'), choiceOf('B')];
    const aBranch = root.children.find((c) => c.retime && c.i === a)!;
    expect(aBranch, "A's jitter branched in the nominal run").toBeDefined();
    expect(root.children.some((c) => c.retime && c.i === b)).toBe(true);
    // In the run with A's offset changed, B's jitter is still to be decided: both offsets non-zero are reached.
    expect(expander.expand(aBranch, visit).children.some((c) => c.retime && c.i === b)).toBe(true);
    const plain = side(scenario, 'broken', false, 2);
    const deferred = side(scenario, 'broken', true, 2);
    expect(differences(plain, deferred)).toEqual([]);
  });

  it('is not applied under a staleness bound (--max-stale-ms): the report is the one without it', () => {
    const scenario = getScenario('inflight-refetch');
    const options = { preset: 'robust', overrides: ['version.store=cache'], maxStates: 3000, maxStaleMs: 1000 };
    expect(JSON.stringify(explore(scenario, { ...options, deferJitter: true }))).toBe(JSON.stringify(explore(scenario, { ...options, deferJitter: false })));
  });

  it('the comparison catches a wrong variant: the branch taken once the step has run', () => {
    const found: string[] = [];
    for (const [name, preset] of [['commit-race', 'broken'], ['inflight-refetch', 'seed-fix']]) {
      const plain = side(getScenario(name), preset, false, 2);
      const wrong = side(getScenario(name), preset, true, 2, { late: true });
      found.push(...differences(plain, wrong).map((d) => `${name} ${preset}: ${d}`));
    }
    expect(found.length).toBeGreaterThan(0);
  });
});
