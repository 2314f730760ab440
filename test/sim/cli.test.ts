import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from '../../src/config';
import { SCENARIO_NAMES } from '../../sim/scenarios/index';
import { cachelab, cli } from './cliHarness';

describe('cachelab CLI', () => {
  it('range 2025-10 prints the real 42-day range, end exclusive', async () => {
    const r = await cachelab('range', '2025-10');
    expect(r.code).toBe(0);
    expect(r.out).toBe('2025-09-28T00:00:00Z 2025-11-09T00:00:00Z\n');
  });

  it('range in New York carries DST-correct offsets', async () => {
    const r = await cachelab('range', '2025-10', '--time-zone', 'America/New_York');
    expect(r.out).toBe('2025-09-28T00:00:00-04:00 2025-11-09T00:00:00-05:00\n');
  });

  it.each([
    [['run', 'no-such-scenario'], /unknown scenario "no-such-scenario"; valid scenarios: seed-broken/],
    [['run', 'seed-broken', '--set', 'nope=1'], /unknown config key "nope"; valid keys: feed.neverCache/],
    [['run', 'seed-broken', '--set', 'deploy.workers=99'], /bad value "99" for deploy.workers; allowed: integer 1..8/],
    [['run', 'seed-broken', '--config', 'best'], /unknown config preset "best"; valid presets: broken, seed-fix, robust/],
    [['run', 'seed-broken', '--format', 'xml'], /--format must be one of text, timing, json/],
    [['run', 'seed-broken', '--seed', '-3'], /--seed needs a value, and the next argument "-3" looks like a flag \(to give a value that starts with "-", write --seed=-3\)/],
    [['run', 'seed-broken', '--seed=-3'], /--seed expects/],
    [['run', 'seed-broken', '--bogus'], /unknown flag "--bogus"\. Valid flags for run: --config/],
    [['check', 'seed-broken', '--max-state', '5'], /unknown flag "--max-state"\. Valid flags for check/],
    [['explore', 'seed-broken', '--max-state', '5'], /unknown flag "--max-state" \(did you mean --max-states\?\)/],
    [['range', '2025-13'], /2025-13/],
    [['range', 'October'], /October/],
    [['range', '2025-10', '--time-zone', 'Mars/Olympus'], /Mars\/Olympus/],
    [['frobnicate'], /unknown command "frobnicate"; valid commands: scenarios, run/],
    [['runn', 'seed-broken'], /unknown command "runn" \(did you mean run\?\); valid commands: scenarios, run/],
    [['check', 'commitrace'], /unknown scenario "commitrace" \(did you mean commit-race\?\); valid scenarios: seed-broken/],
    [['explore', 'seed-broken', '--config', 'robst'], /unknown config preset "robst" \(did you mean robust\?\); valid presets: broken, seed-fix, robust/],
    [['run', 'seed-broken', '--set', 'deploy.worker=2'], /unknown config key "deploy.worker" \(did you mean deploy.workers\?\); valid keys: feed.neverCache/],
    // parseArgs keeps the last of a repeated flag: the run would silently use one of two presets typed.
    [['run', 'seed-broken', '--config', 'robust', '--config', 'broken'], /--config is given twice \("robust", then "broken"\): give it once/],
    [['check', 'seed-broken', '--seed', '1', '--runs', '5', '--seed', '2'], /--seed is given twice \("1", then "2"\)/],
    [['run', 'seed-broken', '--set', 'deploy.workers=4', '--set', 'deploy.workers=2'], /--set deploy\.workers is given twice \("4", then "2"\): give each knob once/],
  ])('usage error %j exits 2 with a one-line reason', async (argv, message) => {
    const r = await cachelab(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('scenarios --json lists every scenario', async () => {
    const r = await cachelab('scenarios', '--json');
    expect(JSON.parse(r.out).map((s: { name: string }) => s.name)).toEqual(SCENARIO_NAMES);
  });

  it('config prints every knob with its allowed values', async () => {
    const r = await cachelab('config', '--config', 'seed-fix');
    for (const k of CONFIG_KEYS) expect(r.out).toContain(k);
    expect(r.out).toMatch(/feed\.neverCache\s+true/);
  });

  it('config <scenario> shows the knobs as that scenario runs them, and where each value comes from', async () => {
    const r = await cachelab('config', 'commit-race', '--config', 'robust', '--set', 'deploy.workers=4');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^deploy\.atomicRequests\s+true\s+\[scenario\]/m);
    expect(r.out).toMatch(/^deploy\.workers\s+4\s+\[--set\]/m);
    // Without the scenario, its knob is the base value: the column says what the scenario changed.
    expect((await cachelab('config', '--config', 'robust')).out).toMatch(/^deploy\.atomicRequests\s+false\s+false/m);
    const file = JSON.stringify({ name: 'mine', today: '2025-10-06', config: { 'deploy.cacheBackend': 'redis' }, users: [{ name: 'A', userId: '1' }], steps: [{ do: 'open', atMs: 0 }] });
    const j = await cli(['config', '--scenario-file', 'mine.json', '--json'], new Map([['mine.json', file]]));
    expect(JSON.parse(j.out)['deploy.cacheBackend']).toBe('redis');
    expect((await cachelab('config', 'no-such-scenario')).err).toMatch(/unknown scenario "no-such-scenario"/);
  });

  it('run ends with the outcome in every format', async () => {
    for (const format of ['text', 'timing']) {
      const r = await cachelab('run', 'seed-broken', '--format', format);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/Outcome:\n {2}- A \(deleted it\): "Site visit" vanished at \d+ ms, came back at \d+ ms/);
    }
    const j = await cachelab('run', 'seed-broken', '--format', 'json');
    expect(JSON.parse(j.out).outcome.deletions[0].users[0].resurrections.length).toBeGreaterThan(0);
  });

  it('--help works on the tool and on each command', async () => {
    const top = await cachelab('--help');
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/Commands:/);
    for (const c of ['run', 'range', 'config', 'scenarios']) {
      const r = await cachelab(c, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`Usage: cachelab ${c}`));
    }
  });
});

describe('cachelab conformance', () => {
  it('summarizes result files and exits 1 when a must-agree section disagrees', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { main } = await import('../../sim/cli/cliMain');
    const { readFileSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'conf-'));
    const section = (name: string, mustAgree: boolean, bad: number) => ({
      name, layer: 'browser', real: 'test', mustAgree, cases: 3, agreed: 3 - bad,
      disagreements: Array.from({ length: bad }, (_, i) => ({ input: i, model: 1, real: 2 })),
    });
    writeFileSync(join(dir, 'a.json'), JSON.stringify(section('belief', false, 2)));
    let out = '';
    const io = { out: (t: string) => (out += t), err: () => {}, isTTY: false, writeFile: () => {}, readFile: (p: string) => readFileSync(p, 'utf8') };
    expect(await main(['conformance', '--dir', dir, '--markdown'], io)).toBe(0);
    expect(out).toMatch(/\| belief \| browser \| test \| no \(a belief, shown\) \| 3 \| 1 \| 2 \|/);
    writeFileSync(join(dir, 'b.json'), JSON.stringify(section('truth', true, 1)));
    expect(await main(['conformance', '--dir', dir], io)).toBe(1);
    expect(await main(['conformance', '--dir', join(dir, 'missing')], io)).toBe(2);
  });
});
