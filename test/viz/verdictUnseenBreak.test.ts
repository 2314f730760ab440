// @vitest-environment jsdom
// A run that breaks an invariant where no calendar shows it: on check's inflight-refetch
// counterexample under seed-fix, a feed answer produced after the delete committed still held the
// item, and FullCalendar ignored it (a newer fetch had started). The verdict said "● stayed gone"
// beside a failing fresh-after-commit chip; it says what broke it and where, and no run of the
// catalog (nominal, or check's counterexample) that breaks an invariant reads as all well.
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../sim/scenarios/index';
import { checkCounterexample } from '../../viz/model/checkVerdicts';
import { HOLD_PRESETS } from '../../viz/model/presetVerdicts';
import { runInPage, specFor, type RunSpec } from '../../viz/model/runSpec';
import { staleBands } from '../../viz/model/staleBands';
import { TraceIndex } from '../../viz/model/traceIndex';
import { breakPoints } from '../../viz/model/unseenBreaks';
import { renderRunCard, verdictOf } from '../../viz/ui/runCard';
import { marksFor } from '../../viz/ui/timingDiagram';

function indexOf(spec: RunSpec): TraceIndex {
  return new TraceIndex(runInPage(spec), 'A', 'test');
}

describe('a run that breaks an invariant no calendar shows', () => {
  const base = specFor('inflight-refetch', 'seed-fix');
  const cx = checkCounterexample(base)!;
  const x = indexOf({ ...base, choices: [...cx.script] });
  const bands = staleBands(x.trace, x);

  it('says the calendars were right, and which feed answer broke which invariant', () => {
    expect(bands.violations.map((v) => v.invariant)).toEqual(['fresh-after-commit']);
    expect(x.comeBacks).toEqual([]);
    const v = verdictOf(x, bands.violations);
    expect(v.kind).toBe('served');
    expect(v.text).toMatch(/^◐ stayed gone on every calendar, but Django worker 1's feed answer to A at 215 ms, produced after the delete committed at 194 ms, still held "Site visit": fresh-after-commit; FullCalendar \(A\) ignored that answer: a newer fetch started since · A \(deleted it\): "Site visit" vanished at 220 ms and stayed gone/);
    expect(v.text).not.toContain('● stayed gone');
    // Where it breaks: the worker's answer, which the timing diagram marks with the invariant's name.
    expect(v.unseen.map((u) => x.events[u.seq].type)).toEqual(['http.respond']);
    expect(marksFor(x, v.unseen[0].seq, false, ['fresh-after-commit']).breaks).toEqual(['fresh-after-commit']);
    const card = renderRunCard(x, 0, bands);
    expect(card.root.querySelector('[data-testid="verdict-0"]')!.getAttribute('data-verdict')).toBe('served');
  });

  it('leads to where it breaks in every run where nothing comes back, and only there', () => {
    const v = verdictOf(x, bands.violations);
    expect([...breakPoints(x, v.unseen, bands.violations)]).toEqual([[v.unseen[0].seq, ['fresh-after-commit']]]);
    // An item that never disappeared: where each invariant was first seen (the feed answer, then the render).
    const stuck = indexOf(specFor('seed-broken-id-mismatch', 'broken'));
    const sv = staleBands(stuck.trace, stuck).violations;
    const points = breakPoints(stuck, verdictOf(stuck, sv).unseen, sv);
    expect([...points.values()].flat().sort()).toEqual(['convergence', 'fresh-after-commit', 'fresh-render', 'read-your-delete']);
    expect(stuck.events[[...points.keys()].sort((a, b) => a - b)[0]].type).toBe('http.respond');
    // Where something comes back, "Where it comes back" leads there instead.
    const back = indexOf(specFor('seed-broken', 'broken'));
    const bv = staleBands(back.trace, back).violations;
    expect(breakPoints(back, verdictOf(back, bv).unseen, bv).size).toBe(0);
  });

  it('leaves a run that holds as it was', () => {
    const v = verdictOf(indexOf(base));
    expect(v.kind).toBe('gone');
    expect(v.unseen).toEqual([]);
  });

  it('never reads "stayed gone" or "shown as written" alone on a catalog run that breaks an invariant', () => {
    const wrong: string[] = [];
    for (const s of SCENARIOS) {
      for (const preset of HOLD_PRESETS) {
        const spec = specFor(s.name, preset);
        const found = checkCounterexample(spec);
        for (const run of [spec, ...(found ? [{ ...spec, choices: [...found.script] }] : [])]) {
          const ix = indexOf(run);
          const violations = staleBands(ix.trace, ix).violations;
          const v = verdictOf(ix, violations);
          if (violations.length && v.kinds.every((k) => k === 'gone' || k === 'written' || k === 'none')) wrong.push(`${s.name} ${preset}${run.choices ? ' (check)' : ''}: ${v.text}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
