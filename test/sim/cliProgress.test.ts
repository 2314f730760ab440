// The progress line (sim/cli/cliProgress.ts): explore's shows how full the heap is, in the units
// that suit its size; a typical line fits a terminal of about 100 columns, and on a terminal the
// live line is cut to its width (a line that wraps is no longer redrawn in place).
import { describe, expect, it } from 'vitest';
import { fitColumns, heapFill, progressLine, progressText, redrawsProgress } from '../../sim/cli/cliProgress';

describe('progressText', () => {
  const explore = { what: 'explore concurrent-deletes', done: 4_123_456, unit: 'distinct states', detail: '0 violated' };

  it("adds the heap's fill when the update carries it, and nothing when it does not", () => {
    expect(progressText({ ...explore, heap: { usedMb: 1270, limitMb: 4096 } }, 38211.4)).toBe(
      'explore concurrent-deletes: 4123456 distinct states (38211/s), 0 violated, heap 1.2 of 4.0 GB (31%)',
    );
    expect(progressText(explore, 38211.4)).toBe('explore concurrent-deletes: 4123456 distinct states (38211/s), 0 violated');
  });

  it('fits 100 columns for a long run (7-digit count, 5-digit rate, a violation, a heap of a few GB)', () => {
    const line = progressText({ ...explore, done: 9_999_999, detail: '2 violated', heap: { usedMb: 3481.6, limitMb: 4096 } }, 99_999);
    expect(line.length).toBeLessThanOrEqual(100);
  });
});

describe('fitColumns', () => {
  it('keeps a line shorter than the terminal, and cuts a longer one to columns - 1 with "…"', () => {
    expect(fitColumns('check commit-race: 12 runs', 80)).toBe('check commit-race: 12 runs');
    expect(fitColumns('x'.repeat(79), 80)).toBe('x'.repeat(79));
    const cut = fitColumns('x'.repeat(80), 80);
    expect(cut).toHaveLength(79);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('leaves the line whole when the width is unknown (a terminal that does not say)', () => {
    expect(fitColumns('x'.repeat(300), undefined)).toHaveLength(300);
  });
});

describe('progressLine on a terminal', () => {
  it("redraws a line no wider than the terminal, read at each line (the check line of the longest scenario name is 100+ columns)", async () => {
    const written: string[] = [];
    let columns = 60;
    const p = progressLine(true, (t) => written.push(t), () => columns);
    const text = () => 'check edit-across-month-boundary: 1000000 runs (5060/s), this scenario 123456 (12 violating), 3 scenario(s) failed';
    p.tick(text, 1);
    await new Promise((r) => setTimeout(r, 260));
    columns = 90;
    p.tick(text, 2);
    expect(written).toHaveLength(2);
    const shown = written.map((w) => w.replace('\r\u001b[K', ''));
    expect(written.every((w) => w.startsWith('\r\u001b[K'))).toBe(true);
    expect(shown.map((s) => s.length)).toEqual([59, 89]);
    expect(shown[0]).toBe(`${text().slice(0, 58)}…`);
  });
});

describe('heapFill', () => {
  it('in GB with one decimal from 1 GB, in whole MB under it, with the share of the limit', () => {
    expect(heapFill({ usedMb: 3481.6, limitMb: 4096 })).toBe('3.4 of 4.0 GB (85%)');
    expect(heapFill({ usedMb: 201.4, limitMb: 252 })).toBe('201 of 252 MB (80%)');
  });
});

describe('redrawsProgress', () => {
  it('redraws on a terminal, and not under CI, where a runner may give the job a terminal but keeps a log', () => {
    expect(redrawsProgress(true, {})).toBe(true);
    expect(redrawsProgress(false, {})).toBe(false);
    for (const ci of ['true', '1', 'yes']) expect(redrawsProgress(true, { CI: ci }), ci).toBe(false);
    for (const ci of ['', 'false', '0']) expect(redrawsProgress(true, { CI: ci }), ci).toBe(true);
  });
});
