// A created or edited item shown wrong at a step: the step sentence, the alert under it and the
// flow view's narration. They spoke only of deleted items: stepping onto the render where an edit's
// old version came back, a user read "A's calendar now shows 4 event(s)" and nothing else.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { narrate } from '../../viz/model/narration';
import { sentenceAt } from '../../viz/model/sentence';
import { TraceIndex } from '../../viz/model/traceIndex';
import { describeWriteState, writeStatesAt } from '../../viz/model/writeStates';

const index = (name: string, preset = 'broken') => new TraceIndex(runScenario(getScenario(name), { preset }), 'A', 'test');
const renderAt = (x: TraceIndex, t: number) => x.events.find((e) => e.type === 'calendar.render' && e.t === t)!.seq;

describe('writeStatesAt', () => {
  it("is empty before the commit, and while the editor's calendar shows the edit", () => {
    const x = index('edit-reverts');
    const commit = x.writes[0].write.seq;
    expect(writeStatesAt(x.writes, commit - 1)).toEqual([]);
    expect(writeStatesAt(x.writes, renderAt(x, 208))).toEqual([]);
  });

  it('says "back" from the render where the old version came back to the end', () => {
    const x = index('edit-reverts');
    const back = renderAt(x, 5034);
    expect(writeStatesAt(x.writes, back - 1)).toEqual([]);
    const [s] = writeStatesAt(x.writes, back);
    expect({ user: s.user, state: s.state, since: s.since }).toEqual({ user: 'A', state: 'back', since: back });
    expect(writeStatesAt(x.writes, x.events.length - 1).map((w) => w.state)).toEqual(['back']);
    expect(describeWriteState(s)).toBe('"Site visit (client)" shows its old version again, edited by A at 184 ms');
  });

  it('says "stale" for a calendar that never showed a create, "back" for its creator who lost it', () => {
    const x = index('cross-user-create');
    const states = writeStatesAt(x.writes, x.events.length - 1);
    expect(states.map((s) => `${s.user}:${s.state}`).sort()).toEqual(['A:stale', 'B:back']);
    expect(describeWriteState(states.find((s) => s.user === 'A')!)).toBe('"Planning day", created by B at 104 ms, is not there yet');
  });

  it('is empty when the fix holds', () => {
    const x = index('edit-reverts', 'robust');
    for (let s = 0; s < x.events.length; s++) expect(writeStatesAt(x.writes, s)).toEqual([]);
  });
});

describe('sentence and narration of a write shown wrong', () => {
  it('the render says the old version is back', () => {
    const x = index('edit-reverts');
    expect(sentenceAt(x, renderAt(x, 5034), true)).toContain('; "Site visit (client)" shows its old version again, edited by A at 184 ms');
  });

  it("the worker's answer says its cached copy predates the write", () => {
    const x = index('edit-reverts');
    const respond = x.events.find((e) => e.type === 'http.respond' && e.t === 5024)!;
    expect(narrate(x, respond.seq).text).toContain('stored at -881 ms, before the edit of "Site visit (client)" committed at 184 ms');
  });
});
