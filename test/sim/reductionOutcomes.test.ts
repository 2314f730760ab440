// A stronger oracle for the reductions than verdict equality: the set of final states an exhaustive
// exploration reaches (every time dropped, the workers in their canonical rotation:
// helpers/runOutcomes.ts) must be the same with every reduction on (the default) as with each one
// switched off, and with all of them off. Verdict equality can hide a reduction that loses runs,
// as long as the runs lost were not the only violating ones: the last test shows a wrong
// reduction that the verdict comparison passes and this one fails.
// Scenarios: those whose six exhaustive explorations take a few seconds together (docs/performance.md,
// the explore table): seed-fixed and two-worker-reload under broken, seed-fix and robust; cross-user-delete
// (the one with ties the partial-order reduction prunes) likewise; multi-worker under broken (27
// distinct outcomes; under seed-fix and robust its searches without the reductions take 12-25 s).
// Most of these end in one final state whatever the schedule (the settle phase reloads every page):
// there the set is a weak check and multi-worker carries the comparison.
import { describe, expect, it } from 'vitest';
import { getScenario } from '../../sim/scenarios/index';
import type { SimState } from '../../sim/world/state';
import { PRESETS, answerDifferences } from './helpers/compareReductions';
import { exploreOutcomes, outcomeDifferences } from './helpers/runOutcomes';

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

describe('each reduction keeps the set of final states (exhaustive explorations)', () => {
  for (const [name, presets] of PAIRS)
    it(`${name} under ${presets.join(', ')}`, () => {
      for (const preset of presets) {
        const base = exploreOutcomes(getScenario(name), preset);
        expect(base.outcomes.size).toBeGreaterThan(0);
        for (const [what, off] of Object.entries(OFF)) {
          const other = exploreOutcomes(getScenario(name), preset, off);
          expect(outcomeDifferences(other, base), `${name} ${preset} without ${what}`).toEqual([]);
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
  });
});
