// The timing diagram's columns: two runs side by side fit a 1280 px screen (each column narrowed
// towards its header's longest word), a wide screen keeps equal columns, and a narrow one scrolls
// rather than cutting a header word.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { buildTimeline } from '../../viz/model/timeline';
import { TraceIndex } from '../../viz/model/traceIndex';
import { FONT_BOLD, layoutDiagram, measure } from '../../viz/ui/timingLayout';

const tl = buildTimeline([new TraceIndex(runScenario(getScenario('seed-broken')), 'A', ''), new TraceIndex(runScenario(getScenario('seed-fixed')), 'B', '')]);
const lanes = [['read-your-delete', 'fresh-after-commit', 'fresh-render', 'convergence'], []];
const widths = (L: ReturnType<typeof layoutDiagram>) => L.colWidth.flatMap((m) => [...m.values()]);

describe('timing diagram layout (viz/ui/timingLayout.ts)', () => {
  it('two runs fit the timing section of a 1280 px screen, every header word whole in its column', () => {
    const L = layoutDiagram(tl, 1224, lanes);
    expect(L.width).toBeLessThanOrEqual(1224);
    tl.runs.forEach((ix, r) => {
      for (const a of ix.actors) {
        const longest = Math.max(...a.label.split(' ').map((w) => measure(w, FONT_BOLD)));
        expect(L.colWidth[r].get(a.id)! - 8, a.label).toBeGreaterThanOrEqual(longest);
        for (const line of L.heads[r].get(a.id)!) expect(a.label.split(' '), a.label).toEqual(expect.arrayContaining(line.split(' ')));
      }
    });
    // Columns sit side by side: each centre is half a column from the previous one's right edge.
    tl.runs.forEach((ix, r) => {
      let x = L.runX[r];
      for (const a of ix.actors) {
        const w = L.colWidth[r].get(a.id)!;
        expect(L.col[r].get(a.id)).toBeCloseTo(x + w / 2);
        x += w;
      }
      expect(x).toBeCloseTo(L.runX[r] + L.runW[r]);
    });
  });

  it('a wide screen keeps equal columns of at least 100 px', () => {
    const L = layoutDiagram(tl, 1864, lanes);
    expect(new Set(widths(L)).size).toBe(1);
    expect(widths(L)[0]).toBeGreaterThanOrEqual(100);
  });

  it('a screen too narrow for the header words scrolls instead of cutting them', () => {
    const L = layoutDiagram(tl, 744, lanes);
    expect(L.width).toBeGreaterThan(744);
    expect(Math.min(...widths(L))).toBeGreaterThanOrEqual(56);
  });
});
