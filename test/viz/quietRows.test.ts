// The flow view folds boxes with nothing to show (quietRows.ts): every actor stays on screen once,
// folded or not; nothing that holds something, takes part in the step or is kept is folded; and on
// cache-pressure's seven users the first screen gets its rows back.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run';
import { getScenario, SCENARIOS } from '../../sim/scenarios/index';
import { buildFlowModel, type Row } from '../../viz/model/layerModel';
import { FOLD_AT, foldedName, foldQuietRows, isFolded, isQuiet } from '../../viz/model/quietRows';
import { TraceIndex } from '../../viz/model/traceIndex';

function ids(out: ReturnType<typeof foldQuietRows>): string[] {
  return out.flatMap((x) => (isFolded(x) ? x.rows.map((r) => r.actor.id) : [x.actor.id]));
}

describe('folding quiet rows of the flow view', () => {
  it('keeps every actor once, in order, and folds only runs of quiet rows of one kind and heading', () => {
    for (const s of SCENARIOS) {
      const t = runScenario(getScenario(s.name));
      const ix = new TraceIndex(t, 'A', 'test');
      for (const seq of [-1, 0, Math.floor(t.events.length / 2), t.events.length - 1]) {
        const m = buildFlowModel(ix, seq, true);
        const out = foldQuietRows(m.rows, new Set());
        expect(ids(out), `${s.name} @${seq}`).toEqual(m.rows.map((r) => r.actor.id));
        for (const x of out) {
          if (!isFolded(x)) continue;
          expect(x.rows.length).toBeGreaterThanOrEqual(FOLD_AT);
          for (const r of x.rows) {
            expect(isQuiet(r), `${s.name} @${seq} ${r.actor.id}`).toBe(true);
            expect([r.actor.kind, r.heading]).toEqual([x.kind, x.heading]);
          }
        }
      }
    }
  });

  it('never folds a row that holds lines, a copy of a deleted item, or a part in the step, nor a kept one', () => {
    const actor = (id: string, user: string) => ({ id, kind: 'browser' as const, label: `browser HTTP cache (${user})`, user });
    const quiet = (id: string, user: string): Row => ({ actor: actor(id, user), heading: 'profile chromium · 0 stored answer(s)', lines: [], more: 0, copies: 0, olds: 0, role: null });
    const rows = [quiet('browser:A', 'A'), quiet('browser:B', 'B'), quiet('browser:C', 'C'), quiet('browser:D', 'D')];
    const all = foldQuietRows(rows, new Set());
    expect(all).toHaveLength(1);
    expect(foldedName(all[0] as never)).toBe('browser HTTP caches of A, B, C, D');
    // One kept row in the middle splits the run: two quiet rows either side are fewer than FOLD_AT.
    expect(foldQuietRows(rows, new Set(['browser:B'])).every((x) => !isFolded(x))).toBe(true);
    for (const change of [{ lines: [{ segs: [{ text: 'x' }] }] }, { copies: 1 }, { role: 'to' as const }, { more: 2 }, { heading: 'profile seed-assumption · 0 stored answer(s)' }]) {
      const out = foldQuietRows([rows[0], { ...rows[1], ...change }, rows[2], rows[3]], new Set());
      expect(out.some((x) => !isFolded(x) && x.actor.id === 'browser:B'), JSON.stringify(change)).toBe(true);
    }
  });

  it('cache-pressure at its first step: the six users who have not acted fold into three lines', () => {
    const t = runScenario(getScenario('cache-pressure'));
    const m = buildFlowModel(new TraceIndex(t, 'A', 'test'), 0, true);
    const out = foldQuietRows(m.rows, new Set());
    const folded = out.filter(isFolded);
    expect(folded.map((g) => [g.kind, g.rows.length])).toEqual([
      ['user', 7],
      ['calendar', 7],
      ['browser', 7],
    ]);
    expect(out.length).toBe(m.rows.length - 3 * 7 + 3);
  });
});
