// "Find a step": which steps match the words typed, and where Enter goes from the current step.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { nextMatch, stepsMatching } from '../../viz/model/stepSearch';
import { buildTimeline } from '../../viz/model/timeline';
import { TraceIndex } from '../../viz/model/traceIndex';

const tl = buildTimeline([new TraceIndex(runScenario(getScenario('seed-broken'), { preset: 'broken' }), 'A', 'test'), new TraceIndex(runScenario(getScenario('seed-fixed'), { preset: 'seed-fix' }), 'B', 'test')]);
const eventAt = (slot: number) => tl.runs.map((ix, r) => (tl.slotEvent[r][slot] >= 0 ? ix.events[tl.slotEvent[r][slot]] : null));

describe('stepsMatching', () => {
  it('finds every step with a cache.deleteMany in either run, and only those', () => {
    const found = stepsMatching(tl, 'CACHE.DELETEMANY');
    const expected = [...Array(tl.n).keys()].filter((s) => eventAt(s).some((e) => e?.type === 'cache.deleteMany'));
    expect(expected.length).toBeGreaterThan(0);
    expect(found).toEqual(expected);
  });

  it('needs every word, in any order and field: a time and a type', () => {
    const both = stepsMatching(tl, 'calendar.render 5034');
    expect(both.length).toBeGreaterThan(0);
    for (const s of both) expect(eventAt(s).some((e) => e?.type === 'calendar.render' && String(e.t).includes('5034'))).toBe(true);
    expect(stepsMatching(tl, 'calendar.render').length).toBeGreaterThan(both.length);
    expect(stepsMatching(tl, 'no-such-word-anywhere')).toEqual([]);
    expect(stepsMatching(tl, '   ')).toEqual([]);
  });

  it("finds an actor by its label (the Django worker), and a request by its id", () => {
    const worker = stepsMatching(tl, 'django worker 1');
    expect(worker.length).toBeGreaterThan(0);
    const withId = tl.runs[0].events.find((e) => typeof e.payload.requestId === 'string')!;
    expect(stepsMatching(tl, String(withId.payload.requestId))).toContain(tl.eventSlot[0][withId.seq]);
  });

  it('searches no step after upTo (a question waits: the rest is its answer)', () => {
    const all = stepsMatching(tl, 'calendar.render');
    const cut = all[Math.floor(all.length / 2)];
    expect(stepsMatching(tl, 'calendar.render', cut)).toEqual(all.filter((s) => s <= cut));
  });
});

describe('nextMatch', () => {
  it('goes to the next match after the cursor, round the end; back to the one before', () => {
    expect(nextMatch([3, 8, 20], 8)).toBe(20);
    expect(nextMatch([3, 8, 20], 20)).toBe(3);
    expect(nextMatch([3, 8, 20], 8, true)).toBe(3);
    expect(nextMatch([3, 8, 20], 3, true)).toBe(20);
    expect(nextMatch([], 5)).toBe(null);
  });
});
