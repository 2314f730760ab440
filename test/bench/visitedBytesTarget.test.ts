// Issue 10's "visited set: at most 64 bytes per state", judged from the figures the bench's
// explorations recorded (bench/targets.ts), and shown by docs/performance.md's generator, which
// says "not measured" for results written before the figure was recorded.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderPerformanceDoc } from '../../bench/performanceDoc';
import type { BenchResults } from '../../bench/run';
import { judgeVisitedBytes, VISITED_BYTES_TARGET } from '../../bench/targets';
import { RESULTS_FILE } from '../../bench/writePerformanceDoc';

const results = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as BenchResults;

/** The results as a bench before the figure wrote them: no bytes per state, no such target. */
function withoutBytes(): BenchResults {
  const r = structuredClone(results);
  const symmetry = (r.explore.symmetry ?? []).flatMap((x) => [x.on, x.off]);
  for (const e of [...r.explore.scenarios, r.explore.reduction.on, r.explore.reduction.off, r.explore.witness, ...symmetry]) delete e.visitedBytesPerState;
  r.targets = r.targets.filter((t) => t.id !== VISITED_BYTES_TARGET.id);
  return r;
}

/** The results with a bytes-per-state figure on every exploration: 20 + i for row i, `worst` on one. */
function withBytes(worst: number): BenchResults {
  const r = withoutBytes();
  r.explore.scenarios.forEach((e, i) => (e.visitedBytesPerState = 20 + (i % 10)));
  r.explore.scenarios[3].visitedBytesPerState = worst;
  for (const e of [r.explore.reduction.on, r.explore.reduction.off, r.explore.witness]) e.visitedBytesPerState = 18;
  return r;
}

describe('the visited-set target', () => {
  it('is the worst figure over the explorations, with where, and met at 64 bytes or fewer', () => {
    const r = withBytes(50);
    const t = judgeVisitedBytes(r.explore);
    const worst = r.explore.scenarios[3];
    expect(t).toMatchObject({ id: VISITED_BYTES_TARGET.id, measured: 50, met: true, factor: 1 });
    expect(t.note).toContain(`${worst.scenario} under ${worst.preset}, ${worst.distinctStates} distinct states`);
  });

  it('is missed above 64 bytes, by how much', () => {
    const t = judgeVisitedBytes(withBytes(80).explore);
    expect(t).toMatchObject({ measured: 80, met: false, factor: 1.25 });
  });

  it('counts the runs of the reduction and the witness too', () => {
    const r = withBytes(30);
    r.explore.reduction.off.visitedBytesPerState = 70;
    const t = judgeVisitedBytes(r.explore);
    expect(t.measured).toBe(70);
    expect(t.note).toContain(`${r.explore.reduction.off.scenario} under ${r.explore.reduction.off.preset}, the reduction off`);
  });

  it('is "not measured", never met, when no exploration recorded the figure', () => {
    const t = judgeVisitedBytes(withoutBytes().explore);
    expect(t).toMatchObject({ measured: -1, met: false, factor: null });
    expect(t.note).toMatch(/^not measured/);
  });
});

describe('docs/performance.md on the visited set', () => {
  it('says "not measured" for results written before the target', () => {
    const doc = renderPerformanceDoc(withoutBytes());
    expect(doc).toContain(`| ${VISITED_BYTES_TARGET.target} | not measured | - |`);
    expect(doc).toContain('per distinct state: not measured');
  });

  it('shows the judged figure, per exploration and in the targets', () => {
    const r = withBytes(47.5);
    r.targets = [...r.targets, judgeVisitedBytes(r.explore)];
    const doc = renderPerformanceDoc(r);
    expect(doc).toContain(`| ${VISITED_BYTES_TARGET.target} | 47.5 bytes/state | yes |`);
    expect(doc).toContain('per distinct state: at most **47.5 bytes**');
    expect(doc).toContain('| 47.5 bytes |');
    expect(doc).not.toContain('| not measured |');
  });
});
