// Each invariant is violated by at least one known-bad configuration (a checker nothing can violate
// is a defect), the invariants are distinct (one can fail while another holds), and robust holds
// under random schedules.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkInvariants, INVARIANTS } from '../../sim/invariants/index';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { scriptedRun } from '../../sim/check/scriptedRun';

const names = (preset: string, scenario: string, overrides: string[] = [], choices: number[] = []) =>
  new Set(checkInvariants(runScenario(getScenario(scenario), { preset, overrides, choices })).map((v) => v.invariant));

describe('INVARIANTS', () => {
  it('names six invariants, each with a one-sentence statement', () => {
    expect(INVARIANTS.map((i) => i.name)).toEqual(['read-your-delete', 'fresh-after-commit', 'fresh-render', 'read-your-writes', 'fresh-after-write', 'convergence']);
    for (const i of INVARIANTS) expect(i.statement).toMatch(/^[A-Z].*\.$/);
  });
});

describe('each invariant is violated by a known-bad configuration', () => {
  it('seed-broken under broken violates all four delete invariants (server cache hit after the reload)', () => {
    expect(names('broken', 'seed-broken')).toEqual(new Set(['read-your-delete', 'fresh-after-commit', 'fresh-render', 'convergence']));
  });

  it('fresh-render alone catches the browser cache: no server cache, max-age=60 on the feed', () => {
    const v = names('broken', 'seed-broken', ['feed.serverCache=false', 'feed.maxAgeS=60']);
    expect(v.has('fresh-render')).toBe(true);
    expect(v.has('fresh-after-commit')).toBe(false);
  });

  it('read-your-delete holds where fresh-after-commit fails: B deletes, A is served the stale feed (seed-fix)', () => {
    const v = names('seed-fix', 'cross-user-delete');
    expect(v.has('fresh-after-commit')).toBe(true);
    expect(v.has('read-your-delete')).toBe(false);
  });

  it('read-your-delete fails where the server is right: an in-flight fetch lands after remove() (remove-else-refetch)', () => {
    // The DELETE 9 ms slower on the wire (net.request of r2: 13 ms): the page's refetch reads the
    // version before the commit, and its answer lands after the ack.
    const v = names('robust', 'inflight-refetch', ['page.onDeleted=remove-else-refetch'], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11]);
    expect(v.has('read-your-delete')).toBe(true);
    expect(v.has('fresh-after-commit')).toBe(false);
    expect(v.has('convergence')).toBe(false);
  });

  it('convergence fails while the page looked right: multi-worker, the settle reload lands on a stale worker (broken)', () => {
    const v = checkInvariants(runScenario(getScenario('multi-worker'), { preset: 'broken' }));
    const conv = v.filter((x) => x.invariant === 'convergence');
    expect(conv.length).toBeGreaterThan(0);
    expect(conv[0].endT).toBeNull();
  });
});

describe('violations', () => {
  it('report user, item, start, end and the cause chain back to a user action', () => {
    const trace = runScenario(getScenario('seed-broken'), { preset: 'broken' });
    const v = checkInvariants(trace).find((x) => x.invariant === 'read-your-delete')!;
    expect(v).toMatchObject({ user: 'A', item: '5f0c7a3e-2b1d-4e8a-9c6f-000000000002', startT: 5034, endT: null });
    expect(trace.events[v.causeSeqs[0]].type).toBe('calendar.render');
    expect(trace.events[v.causeSeqs[v.causeSeqs.length - 1]].type).toBe('user.reload');
    expect(v.statement).toBe(INVARIANTS[0].statement);
  });

  it('an episode that ends carries its end time', () => {
    // The DELETE 9 ms slower on the wire: the page's refetch reads v0 after the commit, before the bump.
    const trace = runScenario(getScenario('inflight-refetch'), { preset: 'seed-fix', choices: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11] });
    const v = checkInvariants(trace).find((x) => x.invariant === 'fresh-after-commit')!;
    expect(v.endT).not.toBeNull();
    expect(v.endT!).toBeGreaterThan(v.startT);
  });

  it('are JSON-safe', () => {
    const v = checkInvariants(runScenario(getScenario('concurrent-deletes'), { preset: 'broken' }));
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
  });
});

describe('robust holds under random schedules', () => {
  const schedule = fc.array(fc.nat({ max: 1 << 16 }), { maxLength: 120, size: 'max' });
  for (const scenario of ['seed-fixed', 'multi-worker', 'inflight-refetch', 'concurrent-deletes']) {
    test.prop([schedule], { seed: 3, numRuns: 40 })(`${scenario} (seed 3)`, (script) => {
      expect(scriptedRun(getScenario(scenario), { preset: 'robust' }, script).violations).toEqual([]);
    });
  }
});
