// `npm run stack` on a deployment of one's own, given with --set (4 gunicorn workers, Redis, ...):
// a knob the rig follows must agree as the catalog's deployments do, and one it cannot follow must
// be refused before anything starts (exit 2), never reported as the model's difference.
import { describe, expect, it } from 'vitest';
import { prepareStackCase } from './stack/stackCase';
import { stack } from './stack/stackTool';

describe('npm run stack with deploy knobs from --set', () => {
  it('several workers from --set are routed round-robin, as the scenario\'s own several workers are', () => {
    const prepared = prepareStackCase({ scenario: 'seed-broken', preset: 'robust', overrides: ['deploy.workers=4', 'deploy.cacheBackend=redis'] });
    expect('skip' in prepared).toBe(false);
    if ('skip' in prepared) return;
    expect(prepared.options.config['deploy.routing']).toBe('round-robin');
    expect(prepared.name).toContain('deploy.routing=round-robin');
  });

  it('one worker stays as asked: nothing to reproduce', () => {
    const prepared = prepareStackCase({ scenario: 'seed-broken', preset: 'robust', overrides: [] });
    if ('skip' in prepared) throw new Error(prepared.skip);
    expect(prepared.options.config['deploy.routing']).toBe('accept');
  });

  it('4 workers on Redis from --set: every field agrees, and the added routing is said', { timeout: 120_000 }, async () => {
    const r = await stack('seed-broken', '--config', 'robust', '--set', 'deploy.workers=4', '--set', 'deploy.cacheBackend=redis');
    expect(r.err).not.toMatch(/^stack: /m);
    expect(r.out).toContain("deploy.routing=round-robin added: with several workers the kernel's choice (accept) cannot be reproduced");
    expect(r.out).toMatch(/agree: (\d+) of \1 fields/);
    expect(r.code).toBe(0);
  });

  it('page.scriptFiles other than the rig\'s page: refused, exit 2, before anything starts', async () => {
    const r = await stack('seed-broken', '--set', 'page.scriptFiles=5');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^stack: .*page\.scriptFiles=5: the rig's page loads 3 script files \(.*\), which its workers serve; leave page\.scriptFiles at 3, or set deploy\.staticFiles=elsewhere/m);
    expect(r.out).not.toContain('step 1 of');
  });

  it('page.scriptFiles with the static files elsewhere: the workers serve none, so it runs', () => {
    const prepared = prepareStackCase({ scenario: 'seed-broken', overrides: ['page.scriptFiles=5', 'deploy.staticFiles=elsewhere'] });
    expect('skip' in prepared).toBe(false);
  });
});
