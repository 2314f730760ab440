// check --workers N: the same result whatever N is. The PCT run indices are split over threads
// and their answers counted in index order, so the runs, the evaluations (search and shrink), the
// counterexample (its script, violations and trace) and the progress calls must all be those of
// the one-thread check: with a violation found early, one found late (seed 3 needs 251 schedules
// for commit-race under seed-fix), none (seed-fixed under seed-fix), a search stopped early, and
// threads slow to answer (still loading, or behind), whose blocks this thread makes itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScenario, type CheckOptions, type CheckResult } from '../../sim/check/checkScenario';
import { checkWithWorkers, THREADS_FROM_RUNS } from '../../sim/check/parallel/parallelCheck';
import { PctPool, type PoolListener } from '../../sim/check/parallel/pctPool';
import { pctRun } from '../../sim/check/checkScenario';
import { getScenario } from '../../sim/scenarios/index';
import { cli } from './cliHarness';

const CASES: Array<[string, CheckOptions]> = [
  // found late, after hundreds of schedules
  ['commit-race', { preset: 'seed-fix', runs: 500, seed: 3 }],
  // found early
  ['commit-race', { preset: 'seed-fix', runs: 500, seed: 2 }],
  ['seed-broken', { preset: 'broken', runs: 300, seed: 5 }],
  ['inflight-refetch', { preset: 'seed-fix', runs: 500, seed: 1, depth: 3 }],
  // none found: every run judged
  ['seed-fixed', { preset: 'seed-fix', runs: 400, seed: 1 }],
];

/** Everything a result says, the counterexample's trace included. */
function summary(r: CheckResult) {
  const cx = r.counterexample;
  return { ...r, counterexample: cx && { script: cx.script, violations: cx.violations, invariant: cx.invariant, foundDeviations: cx.foundDeviations, shrinks: cx.shrinks, shrinkComplete: cx.shrinkComplete, trace: JSON.stringify(cx.run.trace) } };
}

describe('check --workers 2 gives the one-thread result', () => {
  let pool: PctPool;
  beforeAll(async () => {
    pool = new PctPool(1, null);
    await pool.whenReady();
  }, 60_000);
  afterAll(() => pool.close());

  for (const [name, options] of CASES) {
    it(`${name} under ${options.preset}, seed ${options.seed}`, async () => {
      const scenario = getScenario(name);
      const progress1: string[] = [];
      const progress2: string[] = [];
      const one = checkScenario(scenario, { ...options, workers: 1, onRun: (e, v) => progress1.push(`${e}/${v}`) });
      const split = { here: 0, threads: 0 };
      const two = await checkWithWorkers(scenario, { ...options, workers: 2, onRun: (e, v) => progress2.push(`${e}/${v}`) }, { pool, split });
      expect(summary(two)).toEqual(summary(one));
      expect(progress2).toEqual(progress1);
      // The other thread did take part, unless the search was over within a block or two.
      if (one.runs > 100) expect(split.threads).toBeGreaterThan(0);
    }, 120_000);
  }

  it('stops where shouldStop says, in index order, as the one-thread check does', async () => {
    const scenario = getScenario('seed-fixed');
    const options: CheckOptions = { preset: 'seed-fix', runs: 400, seed: 1 };
    const stopAt = (n: number) => {
      let polls = 0;
      return () => ++polls > n;
    };
    const one = checkScenario(scenario, { ...options, shouldStop: stopAt(150) });
    const two = await checkWithWorkers(scenario, { ...options, workers: 2, shouldStop: stopAt(150) }, { pool });
    expect(one.stoppedEarly).toBe(true);
    expect(one.runs).toBe(150);
    expect(summary(two)).toEqual(summary(one));
  }, 60_000);

  it('starts and closes its own threads when given none, and leaves the random strategy on one thread', async () => {
    const scenario = getScenario('commit-race');
    const options: CheckOptions = { preset: 'seed-fix', runs: 300, seed: 1 };
    expect(summary(await checkWithWorkers(scenario, { ...options, workers: 2 }))).toEqual(summary(checkScenario(scenario, options)));
    const random: CheckOptions = { ...options, runs: 50, strategy: 'random' };
    expect(summary(await checkWithWorkers(scenario, { ...random, workers: 2 }))).toEqual(summary(checkScenario(scenario, random)));
    expect(() => checkScenario(scenario, { ...options, workers: 2 })).toThrow(/checkWithWorkers/);
  }, 120_000);
});

/**
 * A stand-in for the threads with a set pace: 'silent' never answers (a thread still loading, or
 * stuck), 'late' answers its oldest block each time the search polls it, made with pctRun as a
 * thread would, unless this thread claimed that block first.
 */
/** Runs the stand-in made (whether counted or not). */
let made = 0;

function pacedPool(pace: 'silent' | 'late'): PctPool {
  let listener: PoolListener | null = null;
  let search: { scenario: never; config: never; seed: number; depth: number; steps: number; claims: Int32Array; block: number } | null = null;
  const sent: Array<[number, number]> = [];
  const fake = {
    size: 1,
    ready: () => true,
    begin: (s: typeof search, l: PoolListener) => {
      search = s;
      listener = l;
      sent.length = 0;
      return 1;
    },
    send: (_w: number, from: number, to: number) => void sent.push([from, to]),
    check: () => {
      const block = pace === 'late' ? sent.shift() : undefined;
      if (!block || !search || !listener) return;
      // As pctServe.ts does: a block the main thread claimed first is answered with no runs.
      if (Atomics.compareExchange(search.claims, block[0] / search.block, 0, 1) !== 0) {
        return listener.block(0, { type: 'block', gen: 1, from: block[0], end: block[0], bad: -1 });
      }
      let i = block[0];
      let bad = -1;
      while (i < block[1] && bad < 0) {
        if (pctRun(search.scenario, search.config, search.seed, search.depth, search.steps, i).violations.length) bad = i;
        i++;
        made++;
      }
      listener.block(0, { type: 'block', gen: 1, from: block[0], end: i, bad });
    },
    next: () => new Promise<void>(() => {}),
    whenReady: async () => {},
    close: async () => {},
  };
  return fake as unknown as PctPool;
}

describe('check --workers 2 when the threads are slow to answer', () => {
  for (const pace of ['silent', 'late'] as const)
    for (const [name, options] of [CASES[0], CASES[4]])
      it(`${name} under ${options.preset}, seed ${options.seed}, a thread that is ${pace}: this thread makes what it owes, same result`, async () => {
        const scenario = getScenario(name);
        const progress1: string[] = [];
        const progress2: string[] = [];
        const one = checkScenario(scenario, { ...options, onRun: (e, v) => progress1.push(`${e}/${v}`) });
        const split = { here: 0, threads: 0 };
        made = 0;
        const two = await checkWithWorkers(scenario, { ...options, workers: 2, onRun: (e, v) => progress2.push(`${e}/${v}`) }, { pool: pacedPool(pace), split });
        expect(summary(two)).toEqual(summary(one));
        expect(progress2).toEqual(progress1);
        // Silent: every run was made here; late: the thread's answers counted too.
        // Every run counted was made once: here, or by the thread (which made none twice).
        expect(split.here + split.threads).toBe(one.runs);
        if (!one.counterexample) expect(split.here + made).toBe(one.runs);
        if (pace === 'silent') expect(split.threads).toBe(0);
        else expect(split.threads).toBeGreaterThan(0);
      }, 120_000);
});

describe('cachelab check --workers N', () => {
  it('prints the same report and writes the same trace with 1 and 2 threads', async () => {
    // Enough runs that the threads start (THREADS_FROM_RUNS); seed 3 finds the race at run 251.
    for (const args of [['commit-race', '--config', 'seed-fix', '--seed', '3'], ['seed-fixed', '--config', 'seed-fix']]) {
      const runs = await Promise.all(['1', '2'].map((w) => cli(['check', ...args, '--runs', String(THREADS_FROM_RUNS), '--json', '--workers', w])));
      expect(runs[1].code).toBe(runs[0].code);
      expect(runs[1].out).toBe(runs[0].out);
      expect(runs[1].files.get('counterexample.json')).toBe(runs[0].files.get('counterexample.json'));
    }
  }, 180_000);

  it('refuses a bad --workers with one sentence and exit 2', async () => {
    for (const bad of ['0', '1.5', 'two', '257']) {
      const r = await cli(['check', 'seed-fixed', '--workers', bad]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--workers expects a number of worker threads, an integer from 1 to 256/);
    }
  });
});
