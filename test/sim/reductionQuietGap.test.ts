// The quiet gap (sim/explore/quietGap.ts) changes no answer: over every scenario (seed, catalog,
// writes, incidents) under broken, seed-fix and robust, explore with and without it (the same
// deviation bound on both sides, or exhaustively when the search with it ends before the bound)
// finds the same violated invariants, each first witness with as many deviations, gives the same
// verdict and stops for the same reason; exhaustively where it
// merges most (multi-worker, seed-broken), and commit-race to its 4-deviation witnesses.
// `--workers 2` gives the one-thread report. Not applied under --max-stale-ms nor with an app.
// A deliberately wrong variant (the gap dropped without the bound on the work in flight) fails
// the comparison. Bounds that follow too few runs (nominal latencies only, the slowest only) answer
// the same as the right one over every scenario, so the bound itself is checked where it decides,
// on two purpose-built scenarios with the next step at the threshold (docs/quiet-gap.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config';
import { nominalChooser } from '../../sim/chooser';
import { defaultHorizon } from '../../sim/explore/explorePlain';
import { QuietGap } from '../../sim/explore/quietGap';
import { Simulation } from '../../sim/simulation';
import { PAGE_LOAD_LEAD_MS } from '../../sim/world/page';
import type { SimState, Task } from '../../sim/world/state';
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

  describe('the bound follows every latency option of the work in flight (purpose-built scenarios)', () => {
    /**
     * Whether the quiet gap merges the first state on the nominal path that `at` picks (work in
     * flight, a step pending), with the bound made as `flaws` says.
     */
    function merges(scenario: Scenario, preset: string, at: (state: SimState, nowMs: number) => boolean, flaws: QuietGapFlaws = {}): boolean {
      const config = resolveConfig(preset, [], scenario.configDefaults).config;
      const sim = new Simulation(scenario, config, nominalChooser, true, { rememberViewSteps: true, unlabelledChoices: true });
      sim.start();
      while (!at(sim.state, sim.scheduler.nowMs)) if (!sim.step()) throw new Error('no such state');
      return new QuietGap(scenario, config, defaultHorizon(scenario), flaws).quietForm(sim.snapshot(), () => sim.snapshot()) !== null;
    }
    const isStep = (t: Task) => t.spec.kind === 'page' && t.spec.job.kind === 'step';
    /** The users with tasks or requests in flight. */
    const busy = (state: SimState): string[] => {
      const users = new Set<string>();
      for (const t of state.sched.tasks) if (!isStep(t)) users.add('user' in t.spec ? t.spec.user : 'requestId' in t.spec ? (state.requests[t.spec.requestId]?.user ?? '?') : '?');
      for (const id in state.requests) users.add(state.requests[id].user);
      return [...users].sort();
    };

    // seed-broken under seed-fix with its reload at `reloadMs` (its page load starts 60 ms before,
    // PAGE_LOAD_LEAD_MS): from just after the delete step, the delete and its refetch end, settled,
    // at 350 ms at nominal latencies and at 616 ms at the latest (every latency slowest); a reload
    // whose page load starts in between meets a slower run only.
    const seedBroken = (reloadMs: number): Scenario => {
      const base = getScenario('seed-broken');
      return { ...base, name: `seed-broken-reload-${reloadMs}`, steps: base.steps.map((st) => (st.do === 'reload' ? { ...st, atMs: reloadMs } : st)) };
    };
    const deleting = (state: SimState, nowMs: number) => nowMs >= 0 && state.sched.tasks.some((t) => !isStep(t));

    // The first reload each merges from, as docs/quiet-gap.md quotes them (the last test below reads the page).
    const SEED_BROKEN_FROM = { bound: 677, nominalOnly: 411 };
    const THREE_USERS_FROM = { bound: 899, slowestOnly: 891 };

    it('nominalOnly: merges once the nominal run ends before the reload page load (reload at 411 ms), where a slower run meets the reload', () => {
      const at = (ms: number, flaws?: QuietGapFlaws) => merges(seedBroken(ms), 'seed-fix', deleting, flaws);
      const { bound, nominalOnly } = SEED_BROKEN_FROM;
      expect([at(bound - 1), at(bound)]).toEqual([false, true]);
      expect([at(nominalOnly - 1, { nominalOnly: true }), at(nominalOnly, { nominalOnly: true })]).toEqual([false, true]);
      expect(at(nominalOnly)).toBe(false);
    });

    // cache-pressure cut to its first three users (A opens and deletes; B opens at 300 ms, C at
    // 400 ms, each page load a feed request on the one gunicorn worker) and A's reload at
    // `reloadMs` (its page load 60 ms before). Once A's work is done, B's and C's page loads queue
    // on the worker, and the run that ends last is not the one with every latency slowest: it
    // ends, settled, at 838 ms, the all-slowest one at 830 ms (B's feed request on the fastest hop
    // reaches the worker before C's script request, which then waits behind B's whole feed view),
    // so the bound must follow every option, not just the slowest.
    const threeUsers = (reloadMs: number): Scenario => {
      const base = getScenario('cache-pressure');
      const opens = base.steps.filter((st) => st.do === 'open' && ['B', 'C'].includes(st.user));
      const reload = base.steps.find((st) => st.do === 'reload')!;
      return { ...base, name: `three-users-reload-${reloadMs}`, users: base.users.filter((u) => ['A', 'B', 'C'].includes(u.name)), steps: [...base.steps.filter((st) => st.user === 'A' && st.do !== 'reload'), ...opens, { ...reload, atMs: reloadMs }] };
    };
    const pageLoadsOfBAndC = (state: SimState) => busy(state).join() === 'B,C';

    it('slowestOnly: merges once the all-slowest run ends before the reload page load (reload at 891 ms), where a run with a faster option meets the reload', () => {
      const at = (ms: number, flaws?: QuietGapFlaws) => merges(threeUsers(ms), 'seed-fix', pageLoadsOfBAndC, flaws);
      const { bound, slowestOnly } = THREE_USERS_FROM;
      expect([at(bound - 1), at(bound)]).toEqual([false, true]);
      expect([at(slowestOnly - 1, { slowestOnly: true }), at(slowestOnly, { slowestOnly: true })]).toEqual([false, true]);
      expect(at(slowestOnly)).toBe(false);
    });

    it('docs/quiet-gap.md quotes the thresholds pinned above, and the end times they imply', () => {
      // A reload at r starts its page load at r - PAGE_LOAD_LEAD_MS; the merge needs the work to end
      // before that, so the first reload that merges is 1 ms past end + PAGE_LOAD_LEAD_MS.
      const end = (from: number) => from - PAGE_LOAD_LEAD_MS - 1;
      const page = readFileSync('docs/quiet-gap.md', 'utf8').replace(/\s+/g, ' ');
      const s = SEED_BROKEN_FROM;
      const t = THREE_USERS_FROM;
      for (const quote of [
        `seed-broken with its reload moved to ${s.nominalOnly} ms`,
        `its work ends at ${end(s.nominalOnly)} ms at nominal latencies and at ${end(s.bound)} ms at the latest`,
        `starts after ${end(s.bound)} ms (reload at ${s.bound} ms), while \`nominalOnly\` merges from ${s.nominalOnly} ms`,
        `the run that ends last (${end(t.bound)} ms) is not the one with every latency slowest (${end(t.slowestOnly)} ms)`,
        `\`slowestOnly\` merges from a reload at ${t.slowestOnly} ms and the bound only from ${t.bound} ms`,
        `its window (${t.slowestOnly} to ${t.bound - 1} ms)`,
        `near ${s.nominalOnly} ms no two states it merges differ`,
      ])
        expect(page, quote).toContain(quote);
    });

    it('at those thresholds explore answers as without the quiet gap', () => {
      for (const scenario of [seedBroken(SEED_BROKEN_FROM.nominalOnly), threeUsers(THREE_USERS_FROM.slowestOnly)])
        expect(answerDifferences(side(scenario, 'seed-fix', false, 2), side(scenario, 'seed-fix', true, 2)), scenario.name).toEqual([]);
    });
  });
});
