// `npm run stack` (tools/realStack.ts): one scenario, a user's scenario file included, on the real
// stack and on the model, compared field by field. It must say "agree" when they agree and show
// each field that differs when they do not: the seed's browser assumption (a fresh response
// reused on F5) is a model real Chromium refutes, so it is the known-bad configuration.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportScenario } from '../../sim/scenarios/file/exportScenario';
import { getScenario } from '../../sim/scenarios/index';
import { main } from '../../tools/realStack';

async function stack(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, (t) => void (out += t), (t) => void (err += t));
  return { code, out, err };
}

describe('npm run stack', () => {
  it('a scenario file the model gets right: every field agrees, exit 0', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cachelab-stack-tool-'));
    const file = join(dir, 'mine.json');
    writeFileSync(file, exportScenario(getScenario('seed-broken'), 'json'));
    const r = await stack('--scenario-file', file);
    expect(r.err).not.toMatch(/^stack: /m);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}agree: (\d+) of \1 fields \(calendars, events, routes, feedCache, browserCacheAnswers, db\) over 4 step\(s\)$/m);
  });

  it('a model the real stack refutes: each differing field, model beside real, exit 1', { timeout: 120_000 }, async () => {
    const r = await stack('seed-broken', '--set', 'browser.profile=seed-assumption');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/DIFFER: \d+ of 24 fields/);
    // The seed believed F5 reuses the stored feed; Chromium asks the server again.
    expect(r.out).toContain('  step 3 (A reload), browserCacheAnswers:\n    model 1\n    real  0');
  });

  it('bad input is a usage error before anything starts, exit 2', async () => {
    expect((await stack('seed-brokn')).err).toMatch(/^stack: unknown scenario "seed-brokn" \(did you mean seed-broken\?\)/);
    expect((await stack('seed-broken', '--set', 'deploy.worker=2')).code).toBe(2);
    // The real stack always sends a page load's requests: a model without them is not its twin.
    expect((await stack('seed-broken', '--set', 'page.loadRequests=false')).err).toMatch(/^stack: page\.loadRequests=false cannot run on the real stack/);
    expect((await stack('--scenario-file', '/nonexistent/mine.yaml')).code).toBe(2);
    expect((await stack()).err).toMatch(/^stack: stack expects one scenario name or --scenario-file F/);
    expect((await stack('--help')).out).toMatch(/^Usage: npm run stack -- /);
  });
});
