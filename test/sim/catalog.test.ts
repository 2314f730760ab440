// The issue 3 catalog: registered, runnable under every preset, and what each shows (regression
// guards for the findings in docs/findings.md, measured on the nominal schedule).
import { describe, expect, it } from 'vitest';
import { PRESET_NAMES } from '../../src/config';
import { checkInvariants } from '../../sim/invariants/index';
import { runScenario } from '../../sim/run';
import { CATALOG, getScenario, SCENARIO_NAMES } from '../../sim/scenarios/index';

const CATALOG_NAMES = ['cross-user-delete', 'multi-worker', 'commit-race', 'inflight-refetch', 'sunday-month', 'other-month', 'cache-pressure', 'concurrent-deletes', 'two-worker-reload'];

const violated = (name: string, preset: string) => [...new Set(checkInvariants(runScenario(getScenario(name), { preset })).map((v) => `${v.invariant}:${v.user}`))].sort();

describe('catalog', () => {
  it('lists the eight scenarios of issue 3 after the seed\'s own', () => {
    expect(CATALOG.map((s) => s.name)).toEqual(CATALOG_NAMES);
    for (const n of CATALOG_NAMES) expect(SCENARIO_NAMES).toContain(n);
  });

  it('every catalog scenario runs and settles under every preset, with renders after the settle', () => {
    for (const s of CATALOG)
      for (const preset of PRESET_NAMES) {
        const trace = runScenario(s, { preset });
        const settle = trace.events.find((e) => e.type === 'sim.settle')!;
        expect(settle).toBeDefined();
        expect(trace.events.some((e) => e.type === 'calendar.render' && e.seq > settle.seq && !e.payload.transient)).toBe(true);
      }
  });

  it('robust holds on every catalog scenario (nominal)', () => {
    for (const s of CATALOG) expect(checkInvariants(runScenario(s, { preset: 'robust' }))).toEqual([]);
  });

  it('cross-user-delete: seed-fix leaves A on a stale feed (per-user version)', () => {
    expect(violated('cross-user-delete', 'seed-fix')).toEqual(['convergence:A', 'fresh-after-commit:A', 'fresh-render:A']);
  });

  it('multi-worker: seed-fix breaks read-your-delete (the reload reaches a worker whose LocMem cache still has v0)', () => {
    expect(violated('multi-worker', 'seed-fix')).toContain('read-your-delete:A');
  });

  it('sunday-month and other-month: broken fails, seed-fix (version bump) holds on the nominal schedule', () => {
    for (const n of ['sunday-month', 'other-month']) {
      expect(violated(n, 'broken')).toContain('read-your-delete:A');
      expect(violated(n, 'seed-fix')).toEqual([]);
    }
  });

  it('sunday-month: the six-week loop alone misses June (its range starts a week early)', () => {
    const trace = runScenario(getScenario('sunday-month'), { preset: 'broken', overrides: ['delete.keyLoop=six-week'] });
    expect(checkInvariants(trace).some((v) => v.invariant === 'fresh-after-commit')).toBe(true);
    const loop = trace.events.find((e) => e.type === 'cache.deleteMany')!;
    expect(loop.payload.deleted).toEqual([]);
  });

  it('cache-pressure: culling evicts the stale entry first, so even broken shows nothing stale here', () => {
    expect(violated('cache-pressure', 'broken')).toEqual([]);
    const trace = runScenario(getScenario('cache-pressure'), { preset: 'broken' });
    expect(trace.events.some((e) => e.type === 'cache.set' && (e.payload.culled as string[]).some((k) => k.includes('calendar_feed:1:')))).toBe(true);
  });

  it('concurrent-deletes: broken fails for all three users', () => {
    const v = violated('concurrent-deletes', 'broken');
    for (const u of ['A', 'B', 'C']) expect(v).toContain(`convergence:${u}`);
  });
});
