// explore: exhaustive bounded search with visited-state dedup.
import { describe, expect, it } from 'vitest';
import { cli } from './cliHarness';
import { explore } from '../../sim/explore/explore';
import { runScenario, runScenarioDetailed } from '../../sim/run';
import { getScenario, SCENARIO_NAMES } from '../../sim/scenarios/index';
import type { Trace } from '../../sim/trace';
import { taskKey } from '../../sim/world/taskKey';


describe('explore', () => {
  it('finds every invariant broken in seed-broken under broken, each witness on the nominal schedule', () => {
    const r = explore(getScenario('seed-broken'), { preset: 'broken', maxStates: 50_000 });
    expect(r.boundReached).toBe(false);
    expect(r.witnesses.map((w) => w.invariant).sort()).toEqual(['convergence', 'fresh-after-commit', 'fresh-render', 'read-your-delete']);
    for (const w of r.witnesses) {
      expect(w.script).toEqual([]);
      expect(w.trace.events[w.violation.causeSeqs[0]]).toBeDefined();
    }
  });

  it('proves robust on seed-broken exhaustively, and dedup saves work (distinct < explored)', () => {
    const r = explore(getScenario('seed-broken'), { preset: 'robust', maxStates: 50_000 });
    expect(r.boundReached).toBe(false);
    expect(r.witnesses).toEqual([]);
    expect(r.distinctStates).toBeLessThan(r.statesExplored);
    expect(r.runsPastHorizon).toBe(0);
    expect(r.deepestChoices).toBeGreaterThan(20);
  });

  it('finds the multi-worker stale worker under seed-fix, and its shortest witness replays', () => {
    const r = explore(getScenario('multi-worker'), { preset: 'seed-fix', maxStates: 3_000 });
    const w = r.witnesses.find((x) => x.invariant === 'fresh-after-commit');
    expect(w).toBeDefined();
    expect(w!.trace.choices.slice(0, w!.script.length)).toEqual(w!.script);
  });

  it('finds the autocommit window between COMMIT and the cache version bump (inflight-refetch, seed-fix)', () => {
    const r = explore(getScenario('inflight-refetch'), { preset: 'seed-fix', maxStates: 3_000 });
    expect(r.witnesses.map((w) => w.invariant)).toContain('fresh-after-commit');
  });

  it('says when the bound was reached, and up to how many deviations the answer is complete', () => {
    const r = explore(getScenario('concurrent-deletes'), { preset: 'robust', maxStates: 2_000 });
    expect(r.boundReached).toBe(true);
    expect(r.distinctStates).toBe(2_000);
    expect(r.completeDeviations).toBeGreaterThanOrEqual(0);
  });
});

describe('the visited-state hash', () => {
  /** State texts at every task boundary whose next task is `key`. */
  const textsAt = (choices: number[], key: string, preset = 'robust') => {
    const out: string[] = [];
    runScenarioDetailed(getScenario('seed-broken'), {
      preset,
      choices,
      lean: true,
      beforeStep: (sim) => {
        const next = [...sim.scheduler.tasks].sort((a, b) => a.t - b.t)[0];
        if (taskKey(next, sim.state) === key) out.push(sim.stateText(60_000));
      },
    });
    return out;
  };

  it('merges runs that differ only by when finished work happened (the open took 4 or 30 ms on the way in)', () => {
    const nominal = textsAt([], 'step:1');
    const slower = textsAt([28], 'step:1'); // choice 0 is the open's net.request: index 28 is 30 ms instead of 4
    expect(slower).toEqual(nominal);
  });

  it('tells apart what decides the future: the delete committed or not, the cache holding the stale list or not', () => {
    expect(textsAt([], 'step:2', 'broken')).not.toEqual(textsAt([], 'step:2', 'robust'));
    expect(textsAt([], 'step:1')[0]).not.toEqual(textsAt([], 'step:2')[0]);
  });
});

describe('lean runs (the explorer\'s: layer reducers called directly, no per-event views, labels or senders)', () => {
  it('are the same runs as full ones, event for event (seeds 1-3 of every scenario and preset)', () => {
    // Labels and senders apart: a lean run records neither (test/sim/leanLabels.test.ts).
    const strip = (t: Trace) => JSON.stringify({ ...t, events: t.events.map(({ after, label: _label, from: _from, ...e }) => (e.type === 'sim.start' ? { ...e, after } : e)) });
    for (const name of SCENARIO_NAMES)
      for (const preset of ['broken', 'seed-fix', 'robust'])
        for (const seed of [1, 2, 3]) {
          const full = runScenario(getScenario(name), { preset, seed });
          const lean = runScenario(getScenario(name), { preset, seed, lean: true });
          expect(strip(lean)).toBe(strip(full));
        }
  });
});

describe('cachelab explore', () => {
  it('prints the counts and EXHAUSTIVE, exit 0 for robust', async () => {
    const r = await cli(['explore', 'seed-fixed', '--config', 'robust']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/states explored\s+\d+/);
    expect(r.out).toMatch(/distinct states\s+\d+/);
    expect(r.out).toMatch(/deepest path\s+\d+ choice points/);
    expect(r.out).toContain('EXHAUSTIVE');
  });

  it('exit 1 with the shortest witness; BOUND REACHED said plainly; --json is JSON only', async () => {
    const bad = await cli(['explore', 'seed-broken', '--config', 'broken', '--max-states', '60']);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('shortest witness');
    expect(bad.out).toContain('BOUND REACHED');
    expect(bad.out).toContain('NOT exhaustive');
    expect(bad.out).toMatch(/every schedule with at most \d+ deviation|Not even the schedules without deviations/);
    const json = await cli(['explore', 'seed-broken', '--config', 'broken', '--max-states', '60', '--json']);
    const report = JSON.parse(json.out);
    expect(report).toMatchObject({ scenario: 'seed-broken', exhaustive: false, boundReached: true });
    expect(report.violated).toContain('read-your-delete');
    expect((await cli(['explore'])).code).toBe(2);
    expect((await cli(['explore', 'seed-broken', '--max-states', '0'])).code).toBe(2);
  });

  it('--symmetry on|off: applied where the workers share one cache, said in the report; a bad value is a usage error', async () => {
    const on = JSON.parse((await cli(['explore', 'inflight-refetch', '--config', 'robust', '--max-states', '200', '--workers', '1', '--json'])).out);
    const off = JSON.parse((await cli(['explore', 'inflight-refetch', '--config', 'robust', '--max-states', '200', '--workers', '1', '--symmetry', 'off', '--json'])).out);
    expect([on.symmetry.on, off.symmetry.on]).toEqual([true, false]);
    // Per-worker LocMem caches: not interchangeable, so not applied.
    expect(JSON.parse((await cli(['explore', 'multi-worker', '--config', 'robust', '--max-states', '200', '--workers', '1', '--json'])).out).symmetry.on).toBe(false);
    const bad = await cli(['explore', 'inflight-refetch', '--symmetry', 'maybe']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--symmetry expects on or off');
  });

  it('the text report says each setting once, one line each: the staleness bound, reductions (with what they left out), deferred jitter and quiet gap as applied (as --json and merge say them)', async () => {
    // inflight-refetch under seed-fix: Redis shared by the workers, jittered steps, and simultaneous independent tasks.
    const base = ['explore', 'inflight-refetch', '--config', 'seed-fix', '--max-states', '300', '--workers', '1'];
    const NAMES = ['max stale', 'reduction', 'symmetry', 'defer jitter', 'quiet gap'];
    // Each value, and how many lines name the setting (once, and no older line or settings line repeats it).
    const settings = (out: string) =>
      NAMES.map((n) => {
        const lines = out.split('\n').filter((l) => l.startsWith(`  ${n.padEnd(18)}`) || new RegExp(`^  settings .*\\b${n}\\b`).test(l));
        return lines.length === 1 ? lines[0].slice(20) : `${lines.length} lines`;
      });
    const LEFT_OUT = (n: number) => `on: ${n} order(s) of simultaneous independent tasks left out`;
    const ROTATION = "on: states that differ only by a rotation of the workers' numbers explored once";
    const runs: Array<[string[], (tiesPruned: number) => string[]]> = [
      [[], (n) => ['none: any stale moment is a violation', LEFT_OUT(n), ROTATION, 'on', 'on']],
      [['--reduction', 'off', '--symmetry', 'off', '--defer-jitter', 'off', '--quiet-gap', 'off'], () => ['none: any stale moment is a violation', 'off: every order of simultaneous tasks explored', 'off or not applicable (per-worker caches, the proxy, or one worker)', 'off', 'off']],
      // Under a staleness bound neither deferred jitter nor the quiet gap is applied, whatever the flags say.
      [['--max-stale-ms', '1000'], (n) => ['1000 ms (--max-stale-ms)', LEFT_OUT(n), ROTATION, 'off', 'off']],
      // Your own views (--app): the quiet gap is not applied.
      [['--app', 'examples/invalidate-on-commit.ts'], (n) => ['none: any stale moment is a violation', LEFT_OUT(n), ROTATION, 'on', 'off']],
    ];
    for (const [extra, want] of runs) {
      const json = JSON.parse((await cli([...base, ...extra, '--json'])).out);
      const got = settings((await cli([...base, ...extra])).out);
      expect(got, extra.join(' ')).toEqual(want(json.reduction.tieOrdersLeftOut));
      // Each value begins with the word --json and merge give it.
      const words = (on: boolean, off = 'off') => (on ? 'on' : off);
      const merged = [words(json.reduction.on), words(json.symmetry.on, 'off or not applicable'), words(json.deferJitter.on), words(json.quietGap.on)];
      got.slice(1).forEach((value, i) => expect(value.startsWith(merged[i]) && !/^[a-z]/.test(value.slice(merged[i].length)), `${NAMES[i + 1]}: ${value}`).toBe(true));
    }
    // The count shown is one that counts something here.
    expect(JSON.parse((await cli([...base, '--json'])).out).reduction.tieOrdersLeftOut).toBeGreaterThan(0);
  });
});
