// @vitest-environment jsdom
// A run with a delete and an edit: the run card's verdict says what became of both, the delete's
// outcome then what `run` says of the edit (sim/writeOutcome.ts), and the "Does it hold?" chip
// words both. It kept the delete's verdict only, so an edit whose old version came back went unsaid.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { TraceIndex } from '../../viz/model/traceIndex';
import { renderRunCard, verdictOf } from '../../viz/ui/runCard';
import { editAndDelete } from './editAndDelete';

describe('the verdict of a run with a delete and an edit', () => {
  it('says both: the deleted item came back, and so did the old version of the edited one', () => {
    const x = editAndDelete('broken');
    const v = verdictOf(x);
    expect(v.kinds).toEqual(['back', 'reverted']);
    expect(v.kind).toBe('back');
    expect(v.parts).toHaveLength(2);
    expect(v.parts[0]).toMatch(/^◆ came back · A \(deleted it\): "Quarterly report" vanished at \d+ ms, came back at 5034 ms/);
    expect(v.parts[1]).toBe('◆ went back to before the write · A edited "Site visit (client)" (2025-10-15 to 2025-10-16), committed at 184 ms: A (edited it): shown as written at 208 ms, the old version came back at 5034 ms; the old version still shown at the end');
    // The cause chains of both are cut out of the line.
    expect(v.text).not.toContain(' <- ');
    const card = renderRunCard(x, 0, { violations: [], source: 'invariants' });
    const p = card.root.querySelector('[data-testid="verdict-0"]')!;
    expect(p.getAttribute('data-verdicts')).toBe('back reverted');
    expect([...p.querySelectorAll('.verdict-part')].map((s) => s.textContent)).toEqual(v.parts);
  });

  it('says both held where the fix holds', () => {
    const v = verdictOf(editAndDelete('robust'));
    expect(v.kinds).toEqual(['gone', 'written']);
    expect(v.kind).toBe('gone');
    expect(v.parts[1]).toMatch(/^● shown as written · A edited "Site visit \(client\)"/);
  });

  it("keeps a delete's verdict alone where no calendar said anything of the write", () => {
    const x = new TraceIndex(runScenario(getScenario('concurrent-edit-delete'), { preset: 'broken' }), 'A', 'test');
    expect(x.writes.length).toBeGreaterThan(0);
    expect(x.writeLines).toEqual([]);
    expect(verdictOf(x).kinds).toEqual(['stuck']);
  });
});
