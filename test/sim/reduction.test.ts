// The partial-order reduction changes no answer: over every seed, catalog, write and incident scenario under
// broken, seed-fix and robust, explore with and without it (the same deviation bound on both
// sides) finds the same violated invariants (each first witness with as many deviations), gives
// the same verdict, stops for the same reason, and meets the same states at the end of every
// instant (where the clock moves on: reordering simultaneous independent tasks cannot change
// those, and a dependent pair explored in one order only loses some). A deliberately unsound relation (every pair independent) fails the comparison.
import { describe, expect, it } from 'vitest';
import type { ExploreResult } from '../../sim/explore/explore';
import { conflict, footprint, type IndependenceRelation } from '../../sim/explore/independence';
import { tieOptions } from '../../sim/explore/reduction';
import { CATALOG, INCIDENTS, SEED_SCENARIOS, WRITES, getScenario } from '../../sim/scenarios/index';
import type { Scenario } from '../../sim/scenarios/types';
import type { SimState, Task } from '../../sim/world/state';
import { PRESETS, answerDifferences, deviationBound, exploreSide } from './helpers/compareReductions';

/** 1 deviation where two take longer than a few seconds. */
const boundOf = deviationBound({ 'cache-pressure': 1, 'concurrent-deletes': 1, 'concurrent-edit-delete': 1 });
/**
 * Where the reduced search meets a few instant-end states only with one deviation more than the
 * plain search (it keeps another order of the same independent tasks, which the deviation count
 * charges one more): there, a state the reduced search misses within the bound must be met by it
 * within the bound plus one. Measured for concurrent-edit-delete under seed-fix: 1 of 2,170 such
 * states missed at one deviation, 3 of 17,229 at two, each met at one deviation more.
 */
const ONE_DEVIATION_LATER = new Set(['concurrent-edit-delete']);

interface Side {
  result: ExploreResult;
  instantEnds: Set<string>;
}

function side(scenario: Scenario, preset: string, reduction: boolean, independence?: IndependenceRelation, bound = boundOf(scenario)): Side {
  const instantEnds = new Set<string>();
  const result = exploreSide(scenario, preset, {
    maxDeviations: bound,
    reduction,
    ...(independence ? { independence } : {}),
    hooks: { onInstantEnd: (a, b) => void instantEnds.add(`${a}:${b}`) },
  });
  return { result, instantEnds };
}

/** What must agree between the plain search and the reduced one; empty when everything does. `later`: the reduced search one deviation deeper. */
function differences(plain: Side, reduced: Side, later?: Side): string[] {
  const out = answerDifferences(plain.result, reduced.result);
  const lost = [...plain.instantEnds].filter((f) => !reduced.instantEnds.has(f) && !later?.instantEnds.has(f)).length;
  const extra = [...reduced.instantEnds].filter((f) => !plain.instantEnds.has(f)).length;
  if (lost || extra) out.push(`instant-end states: ${lost} lost, ${extra} new, of ${plain.instantEnds.size}`);
  return out;
}

describe('the partial-order reduction gives the same answers as the plain search', () => {
  for (const scenario of [...SEED_SCENARIOS, ...CATALOG, ...WRITES, ...INCIDENTS])
    it(`${scenario.name} under ${PRESETS.join(', ')} (at most ${boundOf(scenario)} deviations)`, () => {
      for (const preset of PRESETS) {
        const plain = side(scenario, preset, false);
        const reduced = side(scenario, preset, true);
        expect(plain.result.reduction).toBe(false);
        expect(reduced.result.reduction).toBe(true);
        let found = differences(plain, reduced);
        if (found.length && ONE_DEVIATION_LATER.has(scenario.name)) found = differences(plain, reduced, side(scenario, preset, true, undefined, boundOf(scenario) + 1));
        expect(found, `${scenario.name} ${preset}`).toEqual([]);
        expect(reduced.result.distinctStates).toBeLessThanOrEqual(plain.result.distinctStates);
      }
    });

  it('the comparison catches an unsound relation: every pair of tasks independent', () => {
    const everythingCommutes: IndependenceRelation = () => true;
    const found: string[] = [];
    for (const [name, preset] of [['commit-race', 'broken'], ['commit-race', 'robust'], ['inflight-refetch', 'robust']]) {
      const plain = side(getScenario(name), preset, false);
      const wrong = side(getScenario(name), preset, true, everythingCommutes);
      if (differences(plain, wrong).length) found.push(`${name} ${preset}`);
    }
    expect(found.length).toBeGreaterThan(0);
  });

  it('the reduction leaves out tie orders on scenarios where independent tasks meet', () => {
    const reduced = side(getScenario('commit-race'), 'robust', true);
    expect(reduced.result.tiesPruned).toBeGreaterThan(0);
  });
});

describe('the independence relation', () => {
  const state = { requests: {} } as unknown as SimState;
  const task = (spec: Task['spec']): Task => ({ t: 0, order: 0, actor: 'x', label: 'x', spec });
  const parseA = task({ kind: 'page', user: 'A', job: { kind: 'htmxSend', user: 'A', uuid: 'u', cause: 0 } });
  const sendB = task({ kind: 'page', user: 'B', job: { kind: 'htmxSend', user: 'B', uuid: 'u', cause: 0 } });
  const refetchB = task({ kind: 'listenerRefetch', user: 'B', cause: 0 });
  const op = task({ kind: 'op', requestId: 'r1' });
  const arrive = task({ kind: 'arrive', requestId: 'r2' });

  it('server tasks never commute with each other, nor with a page that reads the commits', () => {
    expect(conflict(footprint(op, state), footprint(arrive, state))).toBe(true);
    expect(conflict(footprint(op, state), footprint(refetchB, state))).toBe(true);
  });

  it('two pages commute unless both may send a request (request ids come from one counter)', () => {
    expect(conflict(footprint(parseA, state), footprint(sendB, state))).toBe(true);
    const renderA = task({ kind: 'page', user: 'A', job: { kind: 'htmxTrigger', user: 'A', response: { status: 200, headers: {}, body: null }, cause: 0 } });
    expect(conflict(footprint(renderA, state), footprint(refetchB, state))).toBe(false);
    expect(conflict(footprint(renderA, state), footprint(op, state))).toBe(true);
    expect(conflict(footprint(sendB, state), footprint(op, state))).toBe(false);
  });

  it("a tie keeps the nominal task's dependency component", () => {
    const independent: IndependenceRelation = (a, b) => !conflict(footprint(a, state), footprint(b, state));
    expect(tieOptions([sendB, op, arrive], state, independent)).toEqual([0]);
    expect(tieOptions([op, sendB, arrive], state, independent)).toEqual([0, 2]);
    expect(tieOptions([refetchB, sendB, op], state, independent)).toEqual([0, 1, 2]);
  });
});
