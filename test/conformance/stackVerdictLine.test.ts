// npm run stack prints what calendars showed that the database no longer has. Under robust on an
// SRE's deployment (commit-race: 4 workers, Redis, ATOMIC_REQUESTS) that line appears mid-run, and
// read alone it looks like robust failing; the next line says whether the model's run breaks an
// invariant, so the allowed case reads as allowed and a real failure names what it breaks.
import { describe, expect, it } from 'vitest';
import { prepareStackCase } from './stack/stackCase';
import { main, verdictLine } from '../../tools/realStack';

const SRE = ['deploy.workers=4', 'deploy.cacheBackend=redis', 'deploy.atomicRequests=true', 'deploy.database=postgresql', 'deploy.routing=round-robin', 'deploy.staticFiles=elsewhere'];

describe("npm run stack: the model's verdict beside a stale calendar", () => {
  it('robust on commit-race breaks nothing; broken breaks read-your-delete and more', () => {
    const robust = prepareStackCase({ scenario: 'commit-race', preset: 'robust', overrides: SRE });
    const broken = prepareStackCase({ scenario: 'commit-race', preset: 'broken', overrides: SRE });
    if ('skip' in robust || 'skip' in broken) throw new Error('skipped');
    expect(robust.violated).toEqual([]);
    expect(broken.violated).toContain('read-your-delete');
    expect(verdictLine(robust.violated)).toContain('breaks no invariant');
    expect(verdictLine(broken.violated)).toMatch(/^ {2}the model's run breaks read-your-delete/);
  });

  it('on the real stack: the stale line, then that the invariants allow it', { timeout: 120_000 }, async () => {
    let out = '';
    const code = await main(['commit-race', '--config', 'robust', ...SRE.flatMap((s) => ['--set', s])], (t) => void (out += t), () => {});
    expect(code).toBe(0);
    expect(out).toMatch(/deleted but shown: model A2's calendar shows "Site visit"; real stack A2's calendar shows "Site visit"\n {2}the model's run breaks no invariant: /);
  });
});
