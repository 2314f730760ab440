// The bench in its quickest mode, as `npm run bench -- --quick` runs it: not a timed test (the
// figures of a quick run on a busy machine mean nothing), a check that every measurement the
// issue asks for is there, under its expected key, as a positive number.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../sim/scenarios/index';
import { REPO } from '../e2e/buildApp';

type Json = Record<string, unknown>;

function at(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Json | undefined)?.[k], obj);
}

function expectPositive(obj: unknown, paths: string[], where: string): void {
  for (const p of paths) {
    const v = at(obj, p);
    expect(typeof v === 'number' && Number.isFinite(v) && v > 0, `${where}.${p} = ${JSON.stringify(v)}`).toBe(true);
  }
}

describe('npm run bench -- --quick', () => {
  it('prints the table and writes results.json with every measurement', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cachelab-bench-')), 'results.json');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--out', out], { cwd: REPO, encoding: 'utf8', timeout: 280_000 });
    expect(run.status, run.stderr).toBe(0);
    for (const title of ['Simulated events per second', 'Plain-TypeScript reference', 'check:', 'explore', 'first counterexample', 'visualizer', 'targets']) expect(run.stdout).toContain(title);

    const r = JSON.parse(readFileSync(out, 'utf8')) as Json;
    expect(r.schema).toBe('cachelab-bench/1');
    expect(r.mode).toBe('quick');
    expect(Object.keys(r).sort()).toEqual(
      ['budgets', 'check', 'checkDefaults', 'counterexamples', 'explore', 'largestScenario', 'loadAverage1mAtEnd', 'machine', 'mode', 'pctDepth', 'ratios', 'reference', 'schema', 'seconds', 'shrinking', 'simulate', 'startedAt', 'stateHash', 'targets', 'viz'].sort(),
    );
    expectPositive(r, ['seconds', 'machine.cpus', 'machine.totalMemoryMb'], 'results');
    expect(r.machine).toMatchObject({ node: process.version });
    expect(CATALOG.map((s) => s.name)).toContain(r.largestScenario);

    // Simulated events per second, both modes, on seed-fixed and on the largest catalog scenario.
    for (const which of ['seedFixed', 'largest']) {
      expectPositive(r.simulate, [`${which}.actor.eventsPerS`, `${which}.actor.runs`, `${which}.lean.eventsPerS`, `${which}.lean.runs`, `${which}.actorOverLean`, `${which}.nominalEvents`, `${which}.reducers.stepsPerS`, `${which}.reducers.layerStepsPerRun`], 'simulate');
      expectPositive(r.reference, [`${which}.layerStepsPerRun`, `${which}.reducers.stepsPerS`, `${which}.actors.stepsPerS`, `${which}.transition.stepsPerS`], 'reference');
      expectPositive(r.ratios, [`${which}.actorSimOverLeanSim`, `${which}.leanSimOverReducers`, `${which}.actorSimOverReducers`], 'ratios');
    }
    expect(at(r, 'simulate.seedFixed.scenario')).toBe('seed-fixed');
    expect(at(r, 'simulate.largest.scenario')).toBe(r.largestScenario);
    expectPositive(r.reference, ['calibration.reducerStepsPerS', 'calibration.actorStepsPerS', 'calibration.transitionStepsPerS'], 'reference');

    // check on seed-fixed, each strategy, the default first.
    const check = r.check as Json[];
    expect(check.map((c) => c.strategy)).toEqual(['pct', 'random']);
    for (const c of check) {
      expect(c.scenario).toBe('seed-fixed');
      expectPositive(c, ['runs', 'ms', 'schedulesPerS'], 'check');
      // Measured in a fresh child from the esbuild bundle, as `cachelab check` runs.
      expect(c.runner).toBe('bundle');
    }
    expectPositive(check[0], ['onCores.runs', 'onCores.schedulesPerS'], 'check');

    // explore's per-state hashing cost.
    for (const which of ['seedFixed', 'largest']) expectPositive(r.stateHash, [`${which}.states`, `${which}.fingerprintUs`, `${which}.stepUs`, `${which}.fingerprintOverStep`, `${which}.textChars`, `${which}.textHashUs`], 'stateHash');

    // explore: every catalog scenario (the quick run: under broken only), with its peak memory and
    // whether a cap stopped it; the largest with the reduction on and off; commit-race's witness.
    const explore = (r.explore as Json).scenarios as Json[];
    expect(explore.map((e) => `${String(e.scenario)}/${String(e.preset)}`)).toEqual(CATALOG.map((s) => `${s.name}/broken`));
    const reduction = (r.explore as Json).reduction as Json;
    const witness = (r.explore as Json).witness as Json;
    for (const e of [...explore, reduction.on, reduction.off, witness] as Json[]) {
      expectPositive(e, ['distinctStates', 'statesExplored', 'runs', 'seconds', 'distinctStatesPerS', 'maxRssMb'], `explore ${String(e.scenario)}`);
      expect([null, 'time', 'states', 'first']).toContain(e.bound);
      expect(e.exhaustive).toBe(e.bound === null);
      expect(typeof e.tiesPruned).toBe('number');
      // Each child ran from the esbuild bundle, the code `cachelab` itself runs.
      expect(e.runner).toBe('bundle');
    }
    expect([(reduction.on as Json).reduction, (reduction.off as Json).reduction]).toEqual([true, false]);
    expect(witness).toMatchObject({ scenario: 'commit-race', preset: 'seed-fix' });
    expectPositive(r.explore, ['peakRssMb'], 'explore');

    // Time to the first counterexample: every catalog scenario under broken and seed-fix, per
    // strategy; every seed where a counterexample is known, one where none is.
    const cx = r.counterexamples as Json[];
    expect(cx.map((c) => `${String(c.scenario)}/${String(c.preset)}/${String(c.strategy)}`)).toEqual(
      CATALOG.flatMap((s) => ['broken', 'seed-fix'].flatMap((p) => [`${s.name}/${p}/pct`, `${s.name}/${p}/random`])),
    );
    for (const c of cx) {
      const where = `counterexamples ${String(c.scenario)}/${String(c.preset)}/${String(c.strategy)}`;
      expectPositive(c, ['seeds', 'runsPerSeed', 'schedules', 'ms'], where);
      if (c.medianMs !== null) expectPositive(c, ['medianMs', 'medianRuns'], where);
      else expect(c.found as number, where).toBeLessThan(c.seeds as number);
      expect((c.perSeedMs as unknown[]).length).toBe(c.seeds);
      expect(c.seeds, where).toBe(c.known ? (r.budgets as Json).counterexampleSeeds : 1);
    }
    // Under broken, at least one catalog scenario fails at once.
    expect(cx.some((c) => c.preset === 'broken' && c.medianMs !== null)).toBe(true);

    // Shrinking of each known counterexample, three ways; PCT's depth table.
    const shrinking = r.shrinking as Json[];
    expect(shrinking.length).toBeGreaterThan(0);
    for (const s of shrinking) for (const k of ['pct', 'randomDdmin', 'randomFastCheck']) if (s[k] !== null) expectPositive(s[k], ['ms', 'evaluations'], `shrinking ${String(s.scenario)} ${k}`);
    expect(((r.pctDepth as Json).rates as Json[]).map((h) => h.depth)).toEqual([null, 1, 2, 3, 4, 5]);

    // The visualizer's 10,000-event load in headless Chromium.
    expect(at(r, 'viz.events') as number).toBeGreaterThanOrEqual(10_000);
    expectPositive(r.viz, ['indexMs', 'renderMs', 'paintedMs', 'totalMs', 'measureIndexMs', 'measureRenderMs', 'parseMs'], 'viz');

    // Each of the targets judged.
    const targets = r.targets as Json[];
    expect(targets.map((t) => t.id)).toEqual([
      'check-schedules-per-s',
      'explore-complete-under-10s',
      'explore-states-per-s-largest',
      'commit-race-seed-fix-explore-under-2s',
      'known-counterexamples-every-seed-under-1s',
      'commit-race-seed-fix-check-under-1s',
      'shrink-under-1s',
      'simulator-within-20x',
      'simulator-within-20x-of-reducers',
      'viz-10k-load-under-500ms',
      'visited-bytes-per-state',
    ]);
    for (const t of targets) {
      expect(typeof t.met).toBe('boolean');
      expect(typeof t.measured).toBe('number');
    }
  }, 300_000);
});
