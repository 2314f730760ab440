// The step's sentence and the flow view's narration at the steps where a cached answer is wrong
// about a write: the cache hit and the answer say the old version (or the missing created item) is
// in them, and the key deletion names the view that ran it. The edit's key deletion said "The
// delete view removes…", and a hit on an entry with the old title said nothing of it.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { narrate } from '../../viz/model/narration';
import { sentenceAt } from '../../viz/model/sentence';
import { TraceIndex } from '../../viz/model/traceIndex';

const index = (name: string, preset: string) => new TraceIndex(runScenario(getScenario(name), { preset }), 'A', 'test');
const at = (x: TraceIndex, t: number, type: string) => x.events.find((e) => e.t === t && e.type === type)!.seq;

describe('sentences about a cached answer wrong about a write', () => {
  it("say the edit's old version is in the hit and in the answer, and that the update view deleted the keys", () => {
    const x = index('edit-reverts', 'broken');
    const old = 'still holds the old version of "Site visit (client)", edited at 184 ms';
    expect(sentenceAt(x, at(x, 5014, 'cache.get'), true)).toContain(`(a hit); it ${old}.`);
    expect(narrate(x, at(x, 5014, 'cache.get')).text).toContain(`a hit; it ${old}.`);
    expect(sentenceAt(x, at(x, 5028, 'http.response'), true)).toContain(`; the answer ${old}.`);
    expect(narrate(x, at(x, 5028, 'http.response')).text).toContain(`with 4 item(s); it ${old}.`);
    const del = sentenceAt(x, at(x, 184, 'cache.deleteMany'), true);
    expect(del).toMatch(/^The update view removes 100 exact key\(s\)/);
    expect(del).toContain('Still cached with the old version of "Site visit (client)": :1:calendar_feed:1:None:None:2025-09-28:2025-11-09.');
  });

  it('say a created item is missing from the hit, and that the create view deleted the keys', () => {
    const x = index('create-appears', 'broken');
    expect(sentenceAt(x, at(x, 5014, 'cache.get'), true)).toContain('; it lacks "Team lunch", created at 104 ms.');
    expect(sentenceAt(x, at(x, 104, 'cache.deleteMany'), true)).toMatch(/^The create view removes .*Still cached without "Team lunch"/);
  });

  it("keep a delete's words, and say nothing of a write where the fix holds", () => {
    const d = index('seed-broken', 'broken');
    expect(sentenceAt(d, d.events.find((e) => e.type === 'cache.deleteMany')!.seq, true)).toMatch(/^The delete view removes/);
    const x = index('edit-reverts', 'robust');
    for (const e of x.events) {
      expect(sentenceAt(x, e.seq, true), `${e.seq}`).not.toMatch(/still holds the old version|Still cached with the old version/);
      expect(narrate(x, e.seq).text, `${e.seq}`).not.toContain('still holds the old version');
    }
  });
});
