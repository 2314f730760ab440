// `npm run stack` (tools/realStack.ts): one scenario, a user's scenario file included, on the real
// stack and on the model, compared field by field. It must say "agree" when they agree and show
// each field that differs when they do not: the seed's browser assumption (a fresh response
// reused on F5) is a model real Chromium refutes, so it is the known-bad configuration.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportScenario } from '../../sim/scenarios/file/exportScenario';
import { getScenario } from '../../sim/scenarios/index';
import { stack } from './stack/stackTool';
import { cli } from '../sim/cliHarness';

/** check's counterexample trace for a scenario under a preset, written to a temp file. */
async function counterexample(scenario: string, preset: string): Promise<string> {
  const files = new Map<string, string>();
  const r = await cli(['check', scenario, '--config', preset, '--out', 'ce.json'], files);
  expect(r.code).toBe(1);
  const file = join(mkdtempSync(join(tmpdir(), 'cachelab-stack-ce-')), `${scenario}.json`);
  writeFileSync(file, files.get('ce.json')!);
  return file;
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

  it("check's counterexample happens on the real stack too: its schedule replayed there, the deleted item still shown", { timeout: 120_000 }, async () => {
    // commit-race under seed-fix: the race needs a route choice and latencies (the kernel's
    // routing, which the proxy follows from the trace) and the A2 page load's jitter.
    const r = await stack('--trace', await counterexample('commit-race', 'seed-fix'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('(recorded schedule)');
    expect(r.out).toMatch(/agree: (\d+) of \1 fields/);
    expect(r.out).toMatch(/after step \d+ \(settle: every user reloads\), deleted but shown: model A's calendar shows "Site visit", A2's calendar shows "Site visit"; real stack A's calendar shows "Site visit", A2's calendar shows "Site visit"/);
  });

  it("check prints the command that follows its counterexample on the real stack, and it runs as printed", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cachelab-stack-printed-'));
    let out = '';
    try {
      execFileSync('node', [join(process.cwd(), 'bin/cachelab.js'), 'check', 'multi-worker'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      out = (e as { stdout: string }).stdout;
    }
    const line = out.split('\n').find((l) => l.startsWith('Does it happen on the real stack?'));
    expect(line).toBe(`Does it happen on the real stack? In cachelab's folder: npm run stack -- --trace ${join(dir, 'counterexample.json')}`);
    const r = await stack(...line!.split('npm run stack -- ')[1].split(' '));
    expect(r.code).toBe(0);
    expect(r.out).toContain('(recorded schedule)');
  });

  it("explore's witness runs on the real stack as its printed replay line says, with npm run stack in place of cachelab replay", { timeout: 120_000 }, async () => {
    const explored = await cli(['explore', 'commit-race', '--config', 'seed-fix', '--stop-at-first']);
    expect(explored.code).toBe(1);
    const replay = explored.out.split('\n').map((l) => l.trim()).find((l) => l.startsWith('replay: npx cachelab replay commit-race '));
    expect(replay).toBeDefined();
    const r = await stack(...replay!.slice('replay: npx cachelab replay '.length).split(' '));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/settle: every user reloads\), deleted but shown: model A's calendar shows "Site visit", A2's calendar shows "Site visit"; real stack A's calendar shows "Site visit", A2's calendar shows "Site visit"/);
    // A schedule that does not fit the scenario is a usage error, as in replay.
    expect((await stack('commit-race', '--choices', '9999')).err).toMatch(/^stack: choice #0 is 9999, but jitter .* has only \d+ options/);
  });

  it('a cached empty list is a hit the view does not serve, on both sides (concurrent-deletes under seed-fix)', { timeout: 120_000 }, async () => {
    // The rig logged such a get as a miss, the model as a hit: the settle's feedCache differed.
    const r = await stack('--trace', await counterexample('concurrent-deletes', 'seed-fix'));
    expect(r.out).not.toContain('DIFFER');
    expect(r.code).toBe(0);
  });

  it('a read that began in the same ms as a COMMIT goes before it on the real stack too (incident-cacheops under seed-fix)', { timeout: 120_000 }, async () => {
    // The rig ordered it after the COMMIT: the SELECT read the new rows, and the stale set the
    // model shows did not happen on the real stack.
    const r = await stack('--trace', await counterexample('incident-cacheops', 'seed-fix'));
    expect(r.out).not.toContain('DIFFER');
    expect(r.out).toMatch(/settle: every user reloads\), deleted but shown: model A's calendar shows "Site visit", A2's calendar shows "Site visit"; real stack A's calendar shows "Site visit", A2's calendar shows "Site visit"/);
    expect(r.code).toBe(0);
  });

  it('bad input is a usage error before anything starts, exit 2', async () => {
    expect((await stack('seed-brokn')).err).toMatch(/^stack: unknown scenario "seed-brokn" \(did you mean seed-broken\?\)/);
    expect((await stack('seed-broken', '--set', 'deploy.worker=2')).code).toBe(2);
    // --app is loaded as cachelab loads it (its Python twin, --views: realStackViews.test.ts).
    expect((await stack('--scenario-file', 'mine.yaml', '--app', 'my-fix.ts')).err).toMatch(/^stack: cannot load app \S*my-fix\.ts: /);
    // The real stack always sends a page load's requests: a model without them is not its twin.
    expect((await stack('seed-broken', '--set', 'page.loadRequests=false')).err).toMatch(/^stack: page\.loadRequests=false cannot run on the real stack/);
    expect((await stack('--scenario-file', '/nonexistent/mine.yaml')).code).toBe(2);
    expect((await stack()).err).toMatch(/^stack: stack expects one scenario name or --scenario-file F/);
    expect((await stack('--help')).out).toMatch(/^Usage: npm run stack -- /);
    // A trace fixes the scenario and config; one of your own views needs them again, with their Python twin.
    const dir = mkdtempSync(join(tmpdir(), 'cachelab-stack-bad-'));
    const own = join(dir, 'own.json');
    const files = new Map<string, string>();
    await cli(['run', 'seed-broken', '--app', 'examples/robust-app.ts', '--format', 'json', '--out', 't.json'], files);
    writeFileSync(own, files.get('t.json')!);
    expect((await stack('--trace', own)).err).toMatch(/^stack: .*own\.json was made with your own views \(--app examples\/robust-app\.ts\): give them again, and their Python twin for the real stack: --trace .*own\.json --app examples\/robust-app\.ts --views F\.py/);
    expect((await stack('--trace', own, '--config', 'robust')).err).toMatch(/^stack: --trace runs with the config the trace recorded/);
    expect((await stack('--trace', own, 'seed-broken')).code).toBe(2);
    // A trace of your own scenario needs its file.
    const mine = join(dir, 'mine.json');
    writeFileSync(mine, JSON.stringify({ ...JSON.parse(files.get('t.json')!), scenario: 'my-own', app: undefined }));
    expect((await stack('--trace', mine)).err).toMatch(/is a trace of "my-own", not a catalog scenario: give its scenario file, --trace .*mine\.json --scenario-file F/);
    // A malformed trace is a usage error too (it was a TraceFileError's stack trace).
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format": 1');
    const malformed = await stack('--trace', bad);
    expect(malformed.code).toBe(2);
    expect(malformed.err).toMatch(/^stack: not a trace: the file is not valid JSON/);
  });
});
