// The timing diagram folds per-user columns with nothing in view (cache-pressure's seven users).
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { quietColumns } from '../../viz/model/quietColumns';
import { buildTimeline } from '../../viz/model/timeline';
import { TraceIndex } from '../../viz/model/traceIndex';
import { layoutDiagram } from '../../viz/ui/timingLayout';

describe('quiet columns of the timing diagram', () => {
  const ix = new TraceIndex(runScenario(getScenario('cache-pressure')), 'A', '');
  const tl = buildTimeline([ix]);

  it('folds the per-user columns with no event in view, never one in view or the selected one', () => {
    const opensC = ix.events.find((e) => e.type === 'user.open' && e.actor === 'user:C')!;
    const s = tl.eventSlot[0][opensC.seq];
    const [folded] = quietColumns(tl, s - 5, s + 5, s);
    for (let k = s - 5; k <= s + 5; k++) {
      const e = ix.events[tl.slotEvent[0][k]];
      if (e) expect(folded.has(e.actor), e.actor).toBe(false);
    }
    expect(folded.has('user:C')).toBe(false);
    // Browser caches of users not acting here fold; the shared layers never do.
    expect([...folded].some((id) => id.startsWith('browser:'))).toBe(true);
    expect([...folded].every((id) => /^(user|calendar|browser):/.test(id))).toBe(true);
    const [only] = quietColumns(tl, -1, -2, 0);
    const selected = ix.events[tl.slotEvent[0][0]];
    expect(only.has(selected.actor)).toBe(false);
  });

  it('makes seven users fit a 1280 px screen, each folded actor sharing its column', () => {
    const w = 1224;
    expect(layoutDiagram(tl, w).width).toBeGreaterThan(w);
    const folded = quietColumns(tl, 60, 80, 70);
    const L = layoutDiagram(tl, w, [], folded);
    expect(L.width).toBeLessThanOrEqual(w);
    for (const [first, ids] of L.folds[0]) for (const id of ids) expect(L.col[0].get(id)).toBe(L.col[0].get(first));
    expect([...L.folds[0].values()].flat().sort()).toEqual([...folded[0]].sort());
  });
});
