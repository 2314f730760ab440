// check's progress line (sim/cli/cliJobs.ts, CheckProgress): every line passed on reads one
// consistent state, whatever the throttle let through: its count is the runs of the scenarios
// before it plus those of its own, its failures those found so far; the last is the whole job's.
import { describe, expect, it } from 'vitest';
import { checkJob, type ProgressUpdate } from '../../sim/cli/cliJobs';
import { getScenario } from '../../sim/scenarios/index';

describe('checkJob progress', () => {
  it('each update counts the runs and failures so far, and the last one the whole job', async () => {
    const updates: ProgressUpdate[] = [];
    // Each under its own preset: a failure, a pass of every run, a failure.
    const scenarios = [getScenario('seed-broken'), getScenario('seed-fixed'), getScenario('multi-worker')];
    const args = { scenarios, appFile: null, overrides: [], runs: 300, seed: 1, strategy: 'pct' as const, depth: 3, stopAtFirst: false };
    const { results } = await checkJob(args, { shouldStop: () => false, progress: (u) => void updates.push(u) });
    expect(results.map((r) => r.scenario)).toEqual(scenarios.map((s) => s.name));
    const names = scenarios.map((s) => s.name);
    const runsBefore = (k: number) => results.slice(0, k).reduce((n, r) => n + r.evaluations, 0);
    const failedBefore = (k: number) => results.slice(0, k).filter((r) => r.counterexample).length;
    expect(updates.length).toBeGreaterThanOrEqual(2);
    for (const u of updates) {
      const k = names.indexOf(u.what.replace(/^check /, ''));
      expect(k, u.what).toBeGreaterThanOrEqual(0);
      const m = /^this scenario (\d+) \((\d+) violating\), (\d+) scenario\(s\) failed$/.exec(u.detail);
      expect(m, u.detail).not.toBeNull();
      const [inScenario, violating, failed] = m!.slice(1).map(Number);
      expect(u.unit).toBe('runs');
      expect(inScenario).toBeGreaterThanOrEqual(1);
      expect(inScenario).toBeLessThanOrEqual(results[k].evaluations);
      expect(violating).toBeLessThanOrEqual(inScenario);
      expect(u.done).toBe(runsBefore(k) + inScenario);
      // Failures are read when the line is passed on: the scenario's own may have been found by then.
      expect([failedBefore(k), failedBefore(k + 1)]).toContain(failed);
    }
    const last = updates.at(-1)!;
    expect(last.what).toBe(`check ${names.at(-1)}`);
    expect(last.done).toBe(runsBefore(results.length));
    expect(last.detail).toMatch(new RegExp(`^this scenario ${results.at(-1)!.evaluations} \\(\\d+ violating\\), ${failedBefore(results.length)} scenario\\(s\\) failed$`));
    expect(failedBefore(results.length)).toBeGreaterThan(0);
  });
});
