// traceFacts remembers the last trace's facts (a run's outcome and its check read the same trace):
// the remembered facts must equal freshly gathered ones, and a changed trace must not get them.
import { describe, expect, it } from 'vitest';
import { pctChooser } from '../../sim/pctChooser';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { gatherFacts, traceFacts } from '../../sim/invariants/traceFacts';
import type { TraceEvent } from '../../sim/trace';

describe('traceFacts memo', () => {
  it('equals facts gathered afresh from a copy of the events, on many runs', () => {
    for (const name of ['seed-fixed', 'seed-broken', 'commit-race', 'cross-user-delete']) {
      const scenario = getScenario(name);
      for (let seed = 0; seed < 6; seed++) {
        const trace = runScenario(scenario, { chooser: pctChooser({ seed, depth: 2, steps: 30 }), lean: true });
        // runScenario gathered them for the outcome: this call is the remembered one.
        const remembered = traceFacts(trace);
        expect(remembered).toEqual(gatherFacts(structuredClone(trace.events)));
      }
    }
  });

  it('gathers again when the events are another array, longer, or end in another event', () => {
    const trace = runScenario(getScenario('seed-broken'), { preset: 'broken', lean: true });
    const first = traceFacts(trace);
    expect(traceFacts(trace)).toBe(first);
    const events = trace.events as TraceEvent[];
    const copy = [...events];
    expect(traceFacts({ events: copy })).not.toBe(first);
    expect(traceFacts({ events: copy })).toEqual(first);
    // Cut before the settle event: a shorter array must not reuse the facts that saw it.
    const settle = events.findIndex((e) => e.type === 'sim.settle');
    const cut = events.slice(0, settle);
    traceFacts({ events });
    expect(traceFacts({ events: cut }).settle).toBeNull();
    const grown = events.slice(0, settle);
    traceFacts({ events: grown });
    grown.push(events[settle]);
    expect(traceFacts({ events: grown }).settle).toBe(events[settle]);
    const swapped = events.slice(0, settle + 1);
    traceFacts({ events: swapped });
    swapped[settle] = { ...events[settle], type: 'db.query' };
    expect(traceFacts({ events: swapped }).settle).toBeNull();
  });
});
