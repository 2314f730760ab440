// explore --workers N: the same answer whatever N is, and whether the workers are threads or
// processes (sim/parallel/processPool.ts). The workers run schedules ahead of the main thread,
// which checks each run against the whole visited set and has it run again exactly when the guess
// does not hold; these tests compare the whole result (every count, every witness with its trace)
// with the one-thread explorer's, on scenarios with and without violations, bounded and not.
import { describe, expect, it } from 'vitest';
import { explore, type ExploreOptions } from '../../sim/explore/explore';
import { recordHolds } from '../../sim/explore/parallel/checkRecord';
import { exploreParallel, type RunSplit } from '../../sim/explore/parallel/parallelExplore';
import type { RunRecord } from '../../sim/explore/parallel/scheduleRunner';
import { VisitedSet } from '../../sim/explore/visitedSet';
import { getScenario } from '../../sim/scenarios/index';
import { cli } from './cliHarness';

const CASES: Array<[string, ExploreOptions, number[]]> = [
  // violations (the witnesses and their traces), with the staleness bound's undecided episodes
  ['seed-broken', { preset: 'broken', maxStates: 300_000, maxStaleMs: 1_000 }, [2]],
  // no violation, exhaustive
  ['seed-fixed', { preset: 'seed-fix', maxStates: 300_000 }, [3]],
  // stopped by --max-states inside a level
  ['inflight-refetch', { preset: 'seed-fix', maxStates: 2_000 }, [2, 3]],
  // without the partial-order reduction, stopped by a bound on deviations
  ['multi-worker', { preset: 'broken', maxStates: 300_000, reduction: false, maxDeviations: 2 }, [2]],
  // the largest scenario, stopped by --max-states deep in a level the threads share out
  ['cache-pressure', { preset: 'broken', maxStates: 15_000 }, [2, 3]],
];

describe("the main thread's check of a thread's run", () => {
  // Only the fingerprints and the stop matter to the check.
  const record = (fps: number[], stop: RunRecord['stop']) => ({ fps, stop }) as RunRecord;
  const visited = (...pairs: Array<[number, number]>) => {
    const v = new VisitedSet();
    for (const [a, b] of pairs) v.add(a, b);
    return v;
  };
  it('takes a run that is the one-thread run at this point', () => {
    expect(recordHolds(record([1, 1, 2, 2], null), visited([9, 9]), 100)).toBe(true);
    expect(recordHolds(record([1, 1, 2, 2, 9, 9], 'visited'), visited([9, 9]), 100)).toBe(true);
    // It stopped at a state it had reached itself earlier in the run.
    expect(recordHolds(record([1, 1, 2, 2, 1, 1], 'visited'), visited(), 100)).toBe(true);
  });
  it('refuses a run that went past a state claimed since, stopped at one nobody has, or crossed the bound', () => {
    expect(recordHolds(record([1, 1, 9, 9, 2, 2], null), visited([9, 9]), 100)).toBe(false);
    expect(recordHolds(record([1, 1, 2, 2], 'visited'), visited(), 100)).toBe(false);
    expect(recordHolds(record([1, 1, 2, 2, 3, 3], null), visited([9, 9]), 3)).toBe(false);
    expect(recordHolds(record([1, 1, 2, 2], null), visited([9, 9]), 3)).toBe(true);
  });
});

describe('explore --workers N (the parallel explorer)', () => {
  for (const [name, options, counts] of CASES)
    it(`${name} ${JSON.stringify(options)}: ${counts.join(' and ')} threads give the one-thread result`, async () => {
      const scenario = getScenario(name);
      const one = JSON.stringify(explore(scenario, options));
      for (const workers of counts) {
        const split: RunSplit = { solo: 0, fromThreads: 0, rerun: 0 };
        const many = await exploreParallel(scenario, options, { workers, plainScenario: scenario, appFile: null, soloRuns: 0, waitForThreads: true, split });
        expect(JSON.stringify(many)).toBe(one);
        // The threads did take part (a test where the main thread did everything would prove nothing).
        expect(split.fromThreads).toBeGreaterThan(0);
      }
    }, 120_000);

  // Processes answer reruns between runs, on the one channel they have (workerServe.ts): the same answer.
  for (const [name, options, counts] of CASES)
    it(`${name} ${JSON.stringify(options)}: ${counts[0]} processes give the one-thread result`, async () => {
      const scenario = getScenario(name);
      const one = JSON.stringify(explore(scenario, options));
      const split: RunSplit = { solo: 0, fromThreads: 0, rerun: 0 };
      const many = await exploreParallel(scenario, options, { workers: counts[0], kind: 'processes', plainScenario: scenario, appFile: null, soloRuns: 0, waitForThreads: true, split });
      expect(JSON.stringify(many)).toBe(one);
      expect(split.fromThreads).toBeGreaterThan(0);
    }, 120_000);

  it('stops at the same run as one thread at the first violation (--stop-at-first)', async () => {
    // Its first witness has 2 deviations: the threads run the levels before it.
    const scenario = getScenario('inflight-refetch');
    const stopAtFirst = (): ExploreOptions => {
      let witnessed = false;
      return { preset: 'seed-fix', maxStates: 300_000, hooks: { shouldStop: () => witnessed, onWitness: () => void (witnessed = true) } };
    };
    const one = explore(scenario, stopAtFirst());
    expect(one.stopReason).toBe('hook');
    const split: RunSplit = { solo: 0, fromThreads: 0, rerun: 0 };
    const two = await exploreParallel(scenario, stopAtFirst(), { workers: 2, plainScenario: scenario, appFile: null, soloRuns: 0, waitForThreads: true, split });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(split.fromThreads).toBeGreaterThan(0);
  }, 120_000);

  it('stops at the same run as one thread at the seed fix\'s commit-race witness (--stop-at-first), the main thread running its share', async () => {
    const scenario = getScenario('commit-race');
    const stopAtFirst = (): ExploreOptions => {
      let witnessed = false;
      return { preset: 'seed-fix', maxStates: 300_000, hooks: { shouldStop: () => witnessed, onWitness: () => void (witnessed = true) } };
    };
    const one = JSON.stringify(explore(scenario, stopAtFirst()));
    for (const [workers, kind] of [
      [2, 'threads'],
      [3, 'threads'],
      [2, 'processes'],
    ] as const) {
      const split: RunSplit = { solo: 0, fromThreads: 0, rerun: 0, byThread: [] };
      const many = await exploreParallel(scenario, stopAtFirst(), { workers, kind, plainScenario: scenario, appFile: null, soloRuns: 0, waitForThreads: true, split });
      expect(JSON.stringify(many)).toBe(one);
      // Every worker took part: the main thread ran its own share, each worker its own.
      expect(split.solo).toBeGreaterThan(0);
      expect(split.byThread).toHaveLength(workers - 1);
      for (const n of split.byThread!) expect(n).toBeGreaterThan(0);
    }
  }, 180_000);

  it('the CLI reports of --workers 1, 2 and 3 are byte-identical but for the wall time', async () => {
    // Past the main thread's first 200 runs, so the threads start.
    const args = ['explore', 'inflight-refetch', '--config', 'broken', '--max-states', '2500', '--json'];
    const reports: string[] = [];
    for (const workers of ['1', '2', '3']) {
      const r = await cli([...args, '--workers', workers]);
      expect(r.code).toBe(1);
      reports.push(r.out.replace(/"(seconds|distinctStatesPerSecond)": [0-9.e+-]+/g, '"$1": 0'));
    }
    expect(JSON.parse(reports[0]).runs).toBeGreaterThan(1000);
    expect(JSON.parse(reports[0]).boundReached).toBe(true);
    expect(reports[1]).toBe(reports[0]);
    expect(reports[2]).toBe(reports[0]);
  }, 180_000);

  it('refuses a bad --workers with one sentence and exit 2', async () => {
    for (const bad of ['0', '1.5', 'two', '257', '02x']) {
      const r = await cli(['explore', 'seed-fixed', '--workers', bad]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--workers expects a number of worker threads, an integer from 1 to 256/);
    }
  });
});
