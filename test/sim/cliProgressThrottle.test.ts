// A job's progress is throttled before it is posted to the main thread (sim/cli/cliProgressThrottle.ts):
// far fewer updates than runs, each built only when passed on, and the final state always passed on.
import { describe, expect, it } from 'vitest';
import { checkJob, exploreJob, type ProgressUpdate } from '../../sim/cli/cliJobs';
import { throttleProgress } from '../../sim/cli/cliProgressThrottle';
import { getScenario } from '../../sim/scenarios/index';

/** A control that never stops and keeps every update passed on. */
function recording(): { updates: ProgressUpdate[]; control: { shouldStop(): boolean; progress(u: ProgressUpdate): void } } {
  const updates: ProgressUpdate[] = [];
  return { updates, control: { shouldStop: () => false, progress: (u) => void updates.push(u) } };
}

describe('throttleProgress', () => {
  it('passes on at most one offer per interval, builds only those, and flush passes on the last one', () => {
    let clockMs = 0;
    const passed: number[] = [];
    let built = 0;
    const t = throttleProgress((u) => passed.push(u.done), 150, () => clockMs);
    for (clockMs = 0; clockMs < 1000; clockMs++) {
      const done = clockMs;
      t.offer(() => {
        built++;
        return { what: 'x', done, unit: 'runs', detail: '' };
      });
    }
    expect(passed).toEqual([0, 150, 300, 450, 600, 750, 900]);
    expect(built).toBe(passed.length);
    t.flush();
    expect(passed.at(-1)).toBe(999);
    // Nothing offered since: a second flush passes nothing on.
    t.flush();
    expect(passed).toHaveLength(8);
  });

  it('flush after an offer that was passed on passes nothing again', () => {
    const passed: number[] = [];
    const t = throttleProgress((u) => passed.push(u.done), 150, () => 0);
    t.offer(() => ({ what: 'x', done: 1, unit: 'runs', detail: '' }));
    t.flush();
    expect(passed).toEqual([1]);
  });
});

describe('the jobs post throttled progress', () => {
  it('explore: far fewer updates than runs, and the last one is the final state', async () => {
    const { updates, control } = recording();
    // A search of several hundred runs (seed-broken's is now under 100: the quiet gap merges most of it).
    const args = { scenario: getScenario('cross-user-delete'), appFile: null, preset: 'robust', overrides: [], maxStates: 1_000_000, shard: null, stopAtFirst: false, workers: 1 };
    const r = await exploreJob(args, control);
    expect(r.runs).toBeGreaterThan(500);
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.length).toBeLessThan(r.runs / 10);
    // The last line says the deviations every schedule within which was done (the level then run
    // less one: the search is exhaustive, so any such figure holds), as the line does under way.
    expect(updates.at(-1)).toEqual({
      what: 'explore cross-user-delete',
      done: r.distinctStates,
      unit: 'distinct states',
      detail: expect.stringMatching(new RegExp(`^≤[1-9]\\d* deviations done, ${r.violatedInvariants} violated$`)),
    });
    // In-process nothing watches the heap, and the line does not show it.
    expect(updates.every((u) => !('heap' in u))).toBe(true);
  });

  it('explore: each update carries the heap as the control reads it, read only when the update is built', async () => {
    const { updates, control } = recording();
    let reads = 0;
    const readHeap = () => ({ usedMb: ++reads, limitMb: 4096 });
    const args = { scenario: getScenario('cross-user-delete'), appFile: null, preset: 'robust', overrides: [], maxStates: 1_000_000, shard: null, stopAtFirst: false, workers: 1 };
    const r = await exploreJob(args, { ...control, readHeap });
    expect(updates.length).toBeLessThan(r.runs / 10);
    // One reading per update passed on, in order: none for the runs in between.
    expect(reads).toBe(updates.length);
    expect(updates.map((u) => u.heap)).toEqual(updates.map((_, i) => ({ usedMb: i + 1, limitMb: 4096 })));
  });

  it('check: far fewer updates than runs, and the last one counts every run of every scenario', async () => {
    const { updates, control } = recording();
    const scenarios = [getScenario('seed-broken'), getScenario('two-worker-reload')];
    const args = { scenarios, appFile: null, preset: 'robust', overrides: [], runs: 400, seed: 1, strategy: 'random' as const, depth: 3, stopAtFirst: false };
    const { results } = await checkJob(args, control);
    const total = results.reduce((n, r) => n + r.evaluations, 0);
    expect(total).toBeGreaterThanOrEqual(800);
    expect(updates.length).toBeLessThan(total / 10);
    const last = updates.at(-1)!;
    expect(last.what).toBe('check two-worker-reload');
    expect(last.done).toBe(total);
    expect(last.detail).toMatch(new RegExp(`^this scenario ${results[1].evaluations} `));
  });
});
