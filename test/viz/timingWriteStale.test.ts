// The timing diagram's stale shading for writes: each layer's own column is hatched while it holds an
// edited item's old version (or an answer that leaves a created item out), and the cache hit and
// the response that carry it are marked "stale", as they are for a deleted item. A delete's run had
// both; a write's had neither, so the diagram showed the symptom on the user's lane but no cause.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { layerStaleSpans } from '../../viz/model/layerStale';
import { buildTimeline, type Timeline } from '../../viz/model/timeline';
import { TraceIndex } from '../../viz/model/traceIndex';
import { marksFor } from '../../viz/ui/timingDiagram';

const timeline = (name: string, preset: string) => buildTimeline([new TraceIndex(runScenario(getScenario(name), { preset }), 'A', 'test')]);
const spans = (tl: Timeline) => layerStaleSpans(tl, 0).map((s) => ({ actor: s.actor, from: tl.slotT[s.from], to: s.to >= tl.n ? 'end' : tl.slotT[s.to], what: s.what }));

describe("the timing diagram's stale shading for creates and edits", () => {
  it("hatches the Django cache and the browser cache from the edit's commit, and the calendar from the old version's return", () => {
    const tl = timeline('edit-reverts', 'broken');
    expect(spans(tl)).toEqual([
      { actor: 'calendar:A', from: 5034, to: 'end', what: 'written' },
      { actor: 'browser:A', from: 184, to: 'end', what: 'written' },
      { actor: 'cache:1', from: 184, to: 'end', what: 'written' },
    ]);
  });

  it('marks the cache hit and the response that carry the old version as stale, and nothing before the commit', () => {
    const tl = timeline('edit-reverts', 'broken');
    const ix = tl.runs[0];
    const stale = ix.events.filter((e) => marksFor(ix, e.seq, false).staleCopy).map((e) => `${e.t} ${e.type}`);
    expect(stale).toEqual(['5014 cache.get', '5028 http.response', '6096 cache.get', '6110 http.response']);
  });

  it('hatches a shared cache entry that leaves a created item out, for the user who may see it', () => {
    const tl = timeline('cross-user-create', 'broken');
    const cache = spans(tl).filter((s) => s.actor === 'cache:1');
    expect(cache).toEqual([{ actor: 'cache:1', from: 104, to: 'end', what: 'written' }]);
  });

  it("marks the old version's return as a write's ('back to before the write'), a deleted item's as 'item is back'", () => {
    const backs = (name: string, preset: string) => {
      const ix = timeline(name, preset).runs[0];
      return ix.events.map((e) => marksFor(ix, e.seq, false)).filter((m) => m.resurrection).map((m) => Boolean(m.writeBack));
    };
    expect(backs('edit-reverts', 'broken')).toContain(true);
    expect(backs('edit-reverts', 'broken')).not.toContain(false);
    const deleted = backs('seed-broken', 'broken');
    expect(deleted.length).toBeGreaterThan(0);
    expect(deleted).not.toContain(true);
  });

  it('hatches nothing where the fix holds', () => {
    for (const name of ['edit-reverts', 'create-appears', 'cross-user-create']) expect(spans(timeline(name, 'robust')), name).toEqual([]);
  });
});
