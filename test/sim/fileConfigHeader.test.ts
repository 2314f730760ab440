// A scenario file's config is usually the user's deployment (4 workers, Redis, ...). run's, check's
// and explore's headers named --set's knobs but not the file's, so "ok" did not say what it ran on.
import { describe, expect, it } from 'vitest';
import { exportScenario } from '../../sim/scenarios/file/exportScenario';
import { getScenario } from '../../sim/scenarios/index';
import { cachelab, cli } from './cliHarness';

const base = getScenario('seed-broken');
const ours = exportScenario({ ...base, name: 'ours', configDefaults: { 'deploy.workers': 4, 'deploy.cacheBackend': 'redis', 'deploy.routing': 'round-robin' } }, 'json');
const files = () => new Map([['mine.json', ours]]);
const NOTE = "mine.json's config, which --config and --set override: deploy.workers=4, deploy.cacheBackend=redis, deploy.routing=round-robin";

describe("a scenario file's config in the report's header", () => {
  it('check names it after --set', async () => {
    const r = await cli(['check', '--scenario-file', 'mine.json', '--config', 'robust', '--set', 'deploy.atomicRequests=true', '--runs', '5'], files());
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`check: up to 5 schedule(s) per scenario, PCT (depth 2), seed 1, with deploy.atomicRequests=true; ${NOTE}`);
  });

  it('explore names it inside its config parentheses', async () => {
    const r = await cli(['explore', '--scenario-file', 'mine.json', '--config', 'robust', '--max-states', '200'], files());
    expect(r.out.split('\n')[0]).toBe(`explore ours (config robust; ${NOTE})`);
  });

  it('run puts it on a line under the header, in text and timing, not in the JSON trace', async () => {
    for (const format of ['text', 'timing']) {
      const r = await cli(['run', '--scenario-file', 'mine.json', '--format', format], files());
      expect(r.out.split('\n').slice(1, 3)).toEqual([expect.stringMatching(/^Config broken; nominal schedule; /), NOTE]);
    }
    const json = await cli(['run', '--scenario-file', 'mine.json', '--format', 'json'], files());
    expect(JSON.parse(json.out).format).toBe('calendar-cache-lab/trace');
  });

  it('a catalog scenario, or a file without config, adds nothing', async () => {
    expect((await cachelab('run', 'seed-broken')).out.split('\n')[2]).toBe('');
    expect((await cachelab('check', 'seed-broken', '--runs', '2')).out.split('\n')[0]).toBe('check: up to 2 schedule(s) per scenario, PCT (depth 2), seed 1');
    const plain = await cli(['explore', '--scenario-file', 'p.json', '--max-states', '50'], new Map([['p.json', exportScenario({ ...base, name: 'plain' }, 'json')]]));
    expect(plain.out.split('\n')[0]).toBe('explore plain (config broken)');
  });
});
