// @vitest-environment jsdom
// The flow view's other layers for a created or edited item: a Django cache entry, a stored browser
// answer or a response on the wire that holds the item's old version (or, covering it, leaves a
// created item out) is marked as a deleted item's copy is, so the learner sees which layer lies.
// Only the calendar line was marked: the cache entry served at 5034 ms looked as right as any.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { buildFlowModel, type Row } from '../../viz/model/layerModel';
import { TraceIndex } from '../../viz/model/traceIndex';
import { flowSvg } from '../../viz/ui/flowExport';
import { editAndDelete } from './editAndDelete';

const index = (name: string, preset: string) => new TraceIndex(runScenario(getScenario(name), { preset }), 'A', 'test');
const text = (segs: { text: string }[]) => segs.map((s) => s.text).join(' ');
const rowOf = (x: TraceIndex, seq: number, actor: string): Row => buildFlowModel(x, seq, true).rows.find((r) => r.actor.id === actor)!;
const seqAt = (x: TraceIndex, t: number, type: string) => x.events.find((e) => e.t === t && e.type === type)!.seq;

describe("the flow view's copies of a written item", () => {
  it("marks the Django cache entry and the browser's stored answer that hold an edit's old version, from the commit on", () => {
    const x = index('edit-reverts', 'broken');
    const commit = x.writes[0].write.seq;
    const back = seqAt(x, 5034, 'calendar.render');
    for (const actor of ['cache:1', 'browser:A']) {
      const row = rowOf(x, back, actor);
      expect(row.olds, actor).toBe(1);
      expect(row.lines[0].old, actor).toBe('copy');
      expect(text(row.lines[0].segs), actor).toMatch(/◆ old version · edited at 184 ms .*Budget review ◆ Site visit Quarterly report/);
      // Before the edit commits, the same entry is right.
      expect(rowOf(x, commit - 1, actor).olds, actor).toBe(0);
      expect(rowOf(x, commit, actor).olds, actor).toBe(1);
    }
    // The answer on its way back from the worker says so too.
    const respond = seqAt(x, 5024, 'http.respond');
    const wire = rowOf(x, respond, 'network').lines.find((l) => l.old);
    expect(wire && text(wire.segs)).toContain('◆ old version · edited at 184 ms');
  });

  it('marks an answer that leaves a created item out, and the calendar that lacks it', () => {
    const x = index('cross-user-create', 'broken');
    const seq = seqAt(x, 3198, 'calendar.render');
    const cache = rowOf(x, seq, 'cache:1');
    expect(cache.olds).toBe(2);
    for (const l of cache.lines) expect(text(l.segs)).toMatch(/◆ lacks "Planning day" · created at 104 ms .*missing: Planning day$/);
    const a = rowOf(x, seq, 'calendar:A').lines.find((l) => l.testid === 'calendar-missing');
    expect(a && [a.old, text(a.segs)]).toEqual(['stale', 'Planning day ◆ missing · created at 104 ms']);
    const b = rowOf(x, seq, 'calendar:B').lines.find((l) => l.testid === 'calendar-missing');
    expect(b && [b.old, text(b.segs)]).toEqual(['back', 'Planning day ◆ gone again · created at 104 ms']);
  });

  it('calls a versioned key that no request reads any more unreachable, and marks nothing live where the fix holds', () => {
    const x = index('edit-reverts', 'robust');
    let unreachable = 0;
    for (let seq = 0; seq < x.events.length; seq++) {
      for (const row of buildFlowModel(x, seq, true).rows) {
        expect(row.olds, `${row.actor.id} at ${seq}`).toBe(0);
        for (const l of row.lines) if (l.old === 'unreachable') unreachable++;
      }
    }
    expect(unreachable).toBeGreaterThan(0);
  });

  it('marks an answer wrong about a delete and an edit with both, and counts it for each', () => {
    const x = editAndDelete('broken');
    const row = rowOf(x, seqAt(x, 5034, 'calendar.render'), 'browser:A');
    expect([row.copies, row.olds]).toEqual([1, 1]);
    expect([row.lines[0].copy, row.lines[0].old]).toEqual(['copy', 'copy']);
    expect(text(row.lines[0].segs)).toMatch(/✖ stale copy · deleted at \d+ ms ◆ old version · edited at 184 ms/);
  });

  it('says so in the exported Flow SVG', () => {
    const x = index('edit-reverts', 'broken');
    const svg = flowSvg([buildFlowModel(x, seqAt(x, 5034, 'calendar.render'), true)], ['A'], ['']);
    const names = [...svg.querySelectorAll('text.fv-name')].map((t) => t.textContent);
    expect(names).toContain('Django cache (LocMem, worker 1)  ◆ 1 old version');
    const copies = [...svg.querySelectorAll('text.fv-copy')].map((t) => t.textContent ?? '');
    expect(copies.filter((t) => t.includes('◆ old version · edited at 184 ms'))).toHaveLength(2);
  });
});
