// The flow view's calendar box at the step where an edit's old version came back: the line of the
// edited item says so, as a deleted item's line says "came back". It showed the old title and date
// with no mark at all, so the box looked right while the step sentence said it was wrong.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { buildFlowModel } from '../../viz/model/layerModel';
import { TraceIndex } from '../../viz/model/traceIndex';

const index = (name: string, preset: string) => new TraceIndex(runScenario(getScenario(name), { preset }), 'A', 'test');

function calendarLines(x: TraceIndex, seq: number, user: string) {
  const row = buildFlowModel(x, seq, true).rows.find((r) => r.actor.id === `calendar:${user}`)!;
  return row.lines.map((l) => ({ old: l.old, text: l.segs.map((s) => s.text).join(' ') }));
}

describe("the flow view's calendar line of an edited item", () => {
  it('is marked "old version back" from the render where the old version came back, and not before', () => {
    const x = index('edit-reverts', 'broken');
    const back = x.events.find((e) => e.type === 'calendar.render' && e.t === 5034)!.seq;
    const uuid = x.writes[0].write.uuid;
    const marked = calendarLines(x, back, 'A').filter((l) => l.old);
    expect(marked).toHaveLength(1);
    expect(marked[0].old).toBe('back');
    expect(marked[0].text).toMatch(new RegExp(`^Site visit ◆ old version back · edited at 184 ms .*${uuid}$`));
    // At the render that showed the edit, nothing is marked.
    const shown = x.events.find((e) => e.type === 'calendar.render' && e.t === 208)!.seq;
    expect(calendarLines(x, shown, 'A').filter((l) => l.old)).toEqual([]);
  });

  it('is never marked when the fix holds', () => {
    const x = index('edit-reverts', 'robust');
    for (let seq = 0; seq < x.events.length; seq++) expect(calendarLines(x, seq, 'A').filter((l) => l.old)).toEqual([]);
  });
});
