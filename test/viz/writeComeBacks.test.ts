// Creates and edits in the visualizer: where the old version (or, for a create, the item's absence)
// comes back, and the run card's verdict. An edit's counterexample opened at step 1 and its card
// said "no item was deleted in this run" right above "Invariants violated".
import { describe, expect, it } from 'vitest';
import { traceFacts } from '../../sim/invariants/traceFacts';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { writeOutcomeLines } from '../../sim/writeOutcome';
import { TraceIndex } from '../../viz/model/traceIndex';
import { verdictOf } from '../../viz/ui/runCard';

const index = (name: string, preset?: string) => new TraceIndex(runScenario(getScenario(name), { preset }), 'A', 'test');

describe('a written item that goes back on screen', () => {
  it("marks the render where an edit's old version came back, as run's outcome says", () => {
    const x = index('edit-reverts', 'broken');
    expect([...x.writeBacks].map((s) => x.events[s].t)).toEqual([5034]);
    expect(x.events[[...x.writeBacks][0]].type).toBe('calendar.render');
    expect(x.comeBacks).toEqual([...x.writeBacks]);
    expect(x.writeLines).toEqual(writeOutcomeLines(traceFacts(x.trace)));
  });

  it('marks where a created item vanished from its creator\'s calendar', () => {
    const x = index('cross-user-create', 'broken');
    expect([...x.writeBacks].map((s) => x.events[s].t)).toEqual([3198]);
  });

  it('marks nothing when the fix holds, nor in a run without writes', () => {
    expect(index('edit-reverts', 'robust').comeBacks).toEqual([]);
    const del = index('seed-broken');
    expect(del.writeBacks.size).toBe(0);
    expect(del.comeBacks).toEqual([...del.resurrections]);
  });
});

describe("the run card's verdict of a write", () => {
  it('says the edit was shown, then its old version came back, with the chain cut out', () => {
    const v = verdictOf(index('edit-reverts', 'broken'));
    expect(v.kind).toBe('reverted');
    expect(v.text).not.toContain('no item was deleted');
    expect(v.text).toContain('A (edited it): shown as written at 208 ms, the old version came back at 5034 ms; the old version still shown at the end');
    expect(v.text).not.toContain(' <- ');
    expect(v.chains).toHaveLength(1);
  });

  it("says another user's calendar never showed a created item", () => {
    const v = verdictOf(index('cross-user-create', 'broken'));
    expect(v.kind).toBe('reverted');
    expect(v.text).toMatch(/never shown as written · .*A: missing at \d+ ms, never shown as written · B \(created it\): shown as written at/);
  });

  it('says it was shown as written when the fix holds; a delete keeps its own verdict', () => {
    const v = verdictOf(index('edit-reverts', 'robust'));
    expect(v.kind).toBe('written');
    expect(v.text).toContain('A (edited it): shown as written at');
    expect(verdictOf(index('seed-broken')).kind).toBe('back');
  });
});
