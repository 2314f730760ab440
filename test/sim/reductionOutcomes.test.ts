// A stronger oracle for the reductions than verdict equality, in two parts. The set of final states an
// exhaustive exploration reaches (every time dropped, the workers in their canonical rotation:
// helpers/runOutcomes.ts), and the set of histories of every schedule it stands for (what each
// task did, instant by instant, times dropped, each render with what it showed, the final state
// at the end: helpers/scheduleHistories.ts, which says why the set is the explored graph's language
// and not the runs' histories), must be the same with every reduction on (the default) as with
// each one switched off, and with all of them off. Verdict equality can hide a reduction that
// loses runs, as long as the runs lost were not the only violating ones; the final states hide
// one that loses only runs whose end is reached some other way (most scenarios end in one final
// state whatever the schedule: the settle phase reloads every page). The last tests show wrong
// reductions that the verdict comparison passes and these sets fail: a fingerprint without the
// idle workers (the final states catch it), and the test-only flawed variants of deferred jitter
// and the quiet gap (only the histories catch them).
// Scenarios: those whose six exhaustive explorations take a few seconds together (docs/performance.md,
// the explore table): seed-fixed and two-worker-reload under broken, seed-fix and robust; cross-user-delete
// (the one with ties the partial-order reduction prunes) likewise; multi-worker under broken (27
// distinct outcomes; under seed-fix and robust its searches without the reductions take 12-25 s).
// These have one history per final state, or one in all (seed-fixed, two-worker-reload and
// cross-user-delete run the same tasks in the same instants, whatever the latencies); the flaws'
// pairs below have hundreds.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getScenario } from '../../sim/scenarios/index';
import type { ExploreOptions } from '../../sim/explore/explore';
import type { SimState } from '../../sim/world/state';
import { PRESETS, answerDifferences } from './helpers/compareReductions';
import type { Scenario } from '../../sim/scenarios/types';
import { exploreOutcomes, historyDifferencesOf, outcomeDifferences } from './helpers/runOutcomes';
import { historyDifferences } from './helpers/scheduleHistories';

const OFF = {
  'the partial-order reduction': { reduction: false },
  'the worker symmetry': { symmetry: false },
  'deferred jitter': { deferJitter: false },
  'the quiet gap': { quietGap: false },
  'every reduction': { reduction: false, symmetry: false, deferJitter: false, quietGap: false },
};

const PAIRS: Array<[string, string[]]> = [
  ['seed-fixed', PRESETS],
  ['two-worker-reload', PRESETS],
  ['cross-user-delete', PRESETS],
  ['multi-worker', ['broken']],
];

describe('each reduction keeps the sets of final states and of histories (exhaustive explorations)', () => {
  for (const [name, presets] of PAIRS)
    it(`${name} under ${presets.join(', ')}`, () => {
      for (const preset of presets) {
        const base = exploreOutcomes(getScenario(name), preset);
        expect(base.outcomes.size).toBeGreaterThan(0);
        for (const [what, off] of Object.entries(OFF)) {
          const other = exploreOutcomes(getScenario(name), preset, off);
          expect(outcomeDifferences(other, base), `${name} ${preset} without ${what}`).toEqual([]);
          expect(historyDifferencesOf(other, base), `${name} ${preset} without ${what}`).toEqual([]);
        }
      }
    });

  it('catches a wrong reduction that the verdict comparison passes: a fingerprint without the idle workers', () => {
    // Leaving idleWorkers and lastWorker out of the visited set's fingerprint merges states whose
    // futures differ (which worker takes the next request): multi-worker under broken then explores
    // fewer distinct states and misses some of its final states (3 of 27 when written), with the
    // same violated invariants, witness deviations and stop reason.
    const scenario = getScenario('multi-worker');
    const right = exploreOutcomes(scenario, 'broken', { symmetry: false });
    const wrong = exploreOutcomes(scenario, 'broken', { canonicalize: (s: SimState) => ({ ...s, idleWorkers: [], lastWorker: 0 }) });
    expect(answerDifferences(right.result, wrong.result)).toEqual([]);
    expect(right.outcomes.size).toBeGreaterThan(1);
    const lost = [...right.outcomes].filter((o) => !wrong.outcomes.has(o));
    expect(lost.length).toBeGreaterThan(0);
    expect(outcomeDifferences(right, wrong)).toEqual([`outcomes: ${lost.length} lost, 0 new, of ${right.outcomes.size}`]);
    expect(historyDifferences(right.histories, wrong.histories).lost).toBeGreaterThan(0);
  });

  // seed-broken with its reload at `reloadMs` (reductionQuietGap.test.ts: its page load starts
  // between the nominal run's end and the slowest run's end of A's delete, so a bound following the
  // nominal latencies only merges states where a slower run meets the reload).
  const seedBroken = (reloadMs: number): Scenario => {
    const base = getScenario('seed-broken');
    return { ...base, name: `seed-broken-reload-${reloadMs}`, steps: base.steps.map((st) => (st.do === 'reload' ? { ...st, atMs: reloadMs } : st)) };
  };

  // Where nominalOnly loses histories: a reload past reductionQuietGap's threshold (411 ms), as docs/quiet-gap.md quotes it.
  const NOMINAL_ONLY_RELOAD_MS = 660;
  it('docs/quiet-gap.md quotes the reload at which nominalOnly is caught here', () => {
    const page = readFileSync('docs/quiet-gap.md', 'utf8').replace(/\s+/g, ' ');
    expect(page).toContain(`\`nominalOnly\` most of seed-broken's with its reload at ${NOMINAL_ONLY_RELOAD_MS} ms under seed-fix`);
  });

  // Each flawed variant, on a pair where it loses schedules whose final states are reached by
  // others: the final states agree, the histories do not; the right reduction on the same pair
  // has the histories of the search without it.
  const FLAWS: Array<{ flaw: string; scenario: () => Scenario; preset: string; without: Omit<ExploreOptions, 'maxStates'>; wrong: Omit<ExploreOptions, 'maxStates'> }> = [
    { flaw: "deferred jitter's late branch", scenario: () => getScenario('inflight-refetch'), preset: 'broken', without: { deferJitter: false }, wrong: { deferJitterFlaws: { late: true } } },
    { flaw: "the quiet gap's noBound", scenario: () => getScenario('inflight-refetch'), preset: 'broken', without: { quietGap: false }, wrong: { quietGapFlaws: { noBound: true } } },
    { flaw: "the quiet gap's nominalOnly", scenario: () => seedBroken(NOMINAL_ONLY_RELOAD_MS), preset: 'seed-fix', without: { quietGap: false }, wrong: { quietGapFlaws: { nominalOnly: true } } },
  ];
  for (const { flaw, scenario, preset, without, wrong } of FLAWS)
    it(`catches ${flaw} (${scenario().name} under ${preset}), which the final states pass`, () => {
      const plain = exploreOutcomes(scenario(), preset, without);
      const right = exploreOutcomes(scenario(), preset);
      expect(outcomeDifferences(plain, right)).toEqual([]);
      expect(historyDifferencesOf(plain, right)).toEqual([]);
      const flawed = exploreOutcomes(scenario(), preset, wrong);
      expect(outcomeDifferences(plain, flawed)).toEqual([]);
      const { lost, of } = historyDifferences(plain.histories, flawed.histories);
      expect(of).toBeGreaterThan(1);
      expect(lost).toBeGreaterThan(0);
    });
});
