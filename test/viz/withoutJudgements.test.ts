// While a lesson's question waits the flow view shows what each layer holds, not which copies are
// stale: lesson 11's first question ("which title after the reload?") was answered by the Django
// cache's "◆ old version · edited at 184 ms", lesson 1's by "✖ stale copy · deleted at 184 ms".
import { describe, expect, it } from 'vitest';
import { getLesson, runLesson } from '../../sim/lessons/index';
import { buildFlowModel, type FlowModel } from '../../viz/model/layerModel';
import { TraceIndex } from '../../viz/model/traceIndex';
import { withoutJudgements } from '../../viz/model/withoutJudgements';

const JUDGED = /stale copy|still shown|old version|lacks "|unreachable|missing|gone again|came back|^[✖◆] /;

function atQuestion(n: number, q: number): FlowModel {
  const lesson = getLesson(n);
  const trace = runLesson(lesson);
  return buildFlowModel(new TraceIndex(trace, 'A', 'test'), lesson.questions[q].checkpoint(trace), true);
}

const rowText = (m: FlowModel, actor: string) => m.rows.find((r) => r.actor.id === actor)!.lines.flatMap((l) => l.segs.map((s) => s.text));

describe('the flow model without its judgements', () => {
  for (const [n, q, judged] of [
    [11, 0, '◆ old version · edited at 184 ms'],
    [1, 0, '✖ stale copy · deleted at 184 ms'],
  ] as const) {
    it(`lesson ${n} question ${q + 1}: the caches keep their entries and titles, without "${judged}"`, () => {
      const full = atQuestion(n, q);
      expect(rowText(full, 'cache:1')).toContain(judged);
      const plain = withoutJudgements(full);
      for (const row of plain.rows) {
        expect([row.actor.id, row.copies, row.olds]).toEqual([row.actor.id, 0, 0]);
        for (const l of row.lines) {
          expect([row.actor.id, l.copy, l.old]).toEqual([row.actor.id, undefined, undefined]);
          for (const s of l.segs) {
            if (row.actor.kind !== 'db') expect(s.text, row.actor.id).not.toMatch(JUDGED);
            expect(s.cls ?? '', row.actor.id).not.toMatch(/chip-(deleted|old|missing)|badge-(deleted|back|expired)/);
          }
        }
      }
      // The data stays: the same entries, and "Site visit" in them, as the learner must compare with the database.
      for (const actor of ['cache:1', 'browser:A']) {
        expect(plain.rows.find((r) => r.actor.id === actor)!.lines.length, actor).toBe(full.rows.find((r) => r.actor.id === actor)!.lines.length);
        expect(rowText(plain, actor), actor).toContain('Site visit');
      }
    });
  }
});

describe("the browser entry's freshness", () => {
  it('says it is HTTP\'s (fresh for 0 ms: "◐ stale (HTTP)"), not a verdict on the copy, and stays while a question waits', () => {
    const plain = withoutJudgements(atQuestion(11, 0));
    const words = rowText(plain, 'browser:A');
    expect(words).toContain('◐ stale (HTTP)');
    expect(words).not.toContain('◐ stale');
  });
});
