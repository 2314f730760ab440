// "First difference" compares what happened, not names.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { firstDifference } from '../../viz/model/compare';

describe('firstDifference', () => {
  it('two scenarios that tell the same story under one preset do not differ at the event naming them', () => {
    const a = runScenario(getScenario('seed-broken'), { preset: 'broken' });
    const b = runScenario(getScenario('seed-fixed'), { preset: 'broken' });
    expect(a.events[0].label).not.toBe(b.events[0].label);
    const d = firstDifference(a.events, b.events);
    expect(d === null || d > 0).toBe(true);
  });

  it('the default comparison first differs where the runs do something different, after the start', () => {
    const a = runScenario(getScenario('seed-broken'));
    const b = runScenario(getScenario('seed-fixed'));
    const d = firstDifference(a.events, b.events);
    expect(d).not.toBeNull();
    expect(d!).toBeGreaterThan(0);
    const [x, y] = [a.events[d!], b.events[d!]];
    expect(JSON.stringify([x.t, x.actor, x.type, x.payload, x.after])).not.toBe(JSON.stringify([y.t, y.actor, y.type, y.payload, y.after]));
    for (let i = 0; i < d!; i++) expect(a.events[i].type).toBe(b.events[i].type);
  });

  it('a run compared with itself has no difference; a prefix differs at its end', () => {
    const a = runScenario(getScenario('multi-worker'));
    expect(firstDifference(a.events, a.events)).toBeNull();
    expect(firstDifference(a.events, a.events.slice(0, 10))).toBe(10);
  });
});
