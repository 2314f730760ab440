// Staleness durations and the --max-stale-ms bound: each case is a recorded schedule whose trace
// shows the kind of staleness (a window, a TTL, the end of the run), and the bound is shown to
// change a verdict both ways.
import { describe, expect, it } from 'vitest';
import { scriptedRun } from '../../sim/check/scriptedRun';
import { checkInvariants } from '../../sim/invariants/index';
import { staleness, withinBound } from '../../sim/invariants/staleness';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { cli } from './cliHarness';

const choices = (s: string) => s.split(',').map(Number);
// on_commit: the counter moves after the COMMIT; a reader in between gets the old entry (explore's witness).
const ON_COMMIT = { scenario: 'inflight-refetch', config: { preset: 'robust', overrides: ['version.bumpWhen=on-commit'] }, script: choices('0,0,0,0,0,0,0,0,0,0,0,0,0,70,28,5') };
// ATOMIC_REQUESTS, counter in Redis bumped inside the transaction: the old list is cached under the new version.
const IN_TRANSACTION = { scenario: 'commit-race', config: { preset: 'seed-fix' }, script: choices('180,0,0,0,0,0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,0,1,1') };

describe('staleness durations', () => {
  it('on_commit leaves a window: stale from one answer to the next fresh one', () => {
    const { trace, violations } = scriptedRun(getScenario(ON_COMMIT.scenario), ON_COMMIT.config, ON_COMMIT.script);
    const v = violations.find((x) => x.invariant === 'fresh-after-commit')!;
    expect(v.endT).not.toBeNull();
    expect(v.staleUntil).toBe('window');
    expect(v.staleMs).toBe(v.endT! - v.startT);
    expect(v.staleMs).toBeGreaterThan(0);
    expect(v.staleMs).toBeLessThan(1000);
    expect(staleness(trace.events, v)).toEqual({ staleUntil: 'window', staleMs: v.staleMs, untilT: v.endT });
  });

  it('an in-transaction bump leaves the stale entry until its TTL: the cache.set that stored it plus its timeout', () => {
    const { trace, violations } = scriptedRun(getScenario(IN_TRANSACTION.scenario), IN_TRANSACTION.config, IN_TRANSACTION.script);
    const v = violations.find((x) => x.invariant === 'fresh-after-commit')!;
    expect(v.endT).toBeNull();
    expect(v.staleUntil).toBe('ttl');
    const hit = v.causeSeqs.map((s) => trace.events[s]).find((e) => e.type === 'cache.get' && e.payload.hit === true)!;
    const set = trace.events.filter((e) => e.seq < hit.seq && e.type === 'cache.set' && e.payload.key === hit.payload.key).pop()!;
    expect(v.untilT).toBe(set.t + (set.payload.timeoutS as number) * 1000);
    expect(v.staleMs).toBe(v.untilT! - v.startT);
  });

  it('a browser-cache answer (seed-assumption) is stale to the end of the run: unbounded', () => {
    const trace = runScenario(getScenario('seed-broken'), { preset: 'seed-fix', overrides: ['feed.neverCache=false', 'browser.profile=seed-assumption', 'page.cacheBuster=false', 'page.noCacheHeaders=false'] });
    const open = checkInvariants(trace).filter((v) => v.endT === null && !v.causeSeqs.some((s) => trace.events[s].type === 'cache.get' && trace.events[s].payload.hit === true));
    expect(open.length).toBeGreaterThan(0);
    for (const v of open) expect(v.staleUntil).toBe('end-of-run');
    for (const v of open) expect(withinBound(staleness(trace.events, v), 86_400_000)).toBe(false);
  });
});

describe('--max-stale-ms', () => {
  it('the bound changes a verdict: the on_commit window is tolerated by a bound above it and not below', () => {
    const scenario = getScenario(ON_COMMIT.scenario);
    const window = scriptedRun(scenario, ON_COMMIT.config, ON_COMMIT.script).violations.find((x) => x.invariant === 'fresh-after-commit')!.staleMs!;
    const at = (maxStaleMs: number) => scriptedRun(scenario, { ...ON_COMMIT.config, maxStaleMs }, ON_COMMIT.script).violations.map((v) => v.invariant);
    expect(at(window - 1)).toContain('fresh-after-commit');
    expect(at(window)).not.toContain('fresh-after-commit');
  });

  it('a TTL-long staleness is not tolerated by a bound of a minute', () => {
    const r = scriptedRun(getScenario(IN_TRANSACTION.scenario), { ...IN_TRANSACTION.config, maxStaleMs: 60_000 }, IN_TRANSACTION.script);
    expect(r.violations.map((v) => v.invariant)).toContain('fresh-after-commit');
  });

  it('check, explore and matrix take it; explore under a bound above the Redis window finds nothing', async () => {
    const base = ['explore', 'inflight-refetch', '--config', 'robust', '--set', 'version.store=cache', '--max-states', '3000'];
    const strict = await cli([...base, '--max-stale-ms', '100']);
    expect(strict.code).toBe(1);
    expect(strict.out).toMatch(/staleness of at most 100 ms tolerated/);
    expect(strict.out).toMatch(/stale for \d+ ms \(a window/);
    expect((await cli([...base, '--max-stale-ms', '1000'])).code).toBe(0);
    const check = await cli(['check', 'seed-broken', '--config', 'broken', '--max-stale-ms', '1000', '--json']);
    expect(check.code).toBe(1);
    const j = JSON.parse(check.out);
    expect(j.maxStaleMs).toBe(1000);
    expect(j.scenarios[0].counterexample.violations[0].staleUntil).toBe('ttl');
    const m = JSON.parse((await cli(['matrix', '--runs', '1', '--max-stale-ms', '5', '--json'])).out);
    expect(m.maxStaleMs).toBe(5);
    expect((await cli(['check', 'seed-broken', '--max-stale-ms', 'soon'])).code).toBe(2);
  }, 120_000);
});
