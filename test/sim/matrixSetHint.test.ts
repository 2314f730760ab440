// Every other command takes a deployment as --set deploy.workers=4; matrix takes none (its rows are
// the config). An SRE who types it gets exit 2 and where the deployment goes instead: a scenario
// file's config, which matrix --scenario-file then runs on.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { cachelab, cli } from './cliHarness';

describe('matrix and a deployment of ones own', () => {
  for (const flag of [['--set', 'deploy.workers=4'], ['--config', 'robust'], ['--config=robust']]) {
    it(`${flag.join(' ')}: exit 2, saying to put the deploy.* knobs in a scenario file's config`, async () => {
      const r = await cachelab('matrix', ...flag);
      expect(r.code).toBe(2);
      expect(r.err).toContain("write its deploy.* knobs in a scenario file's config (cachelab scenarios --export NAME > mine.yaml) and run cachelab matrix --scenario-file mine.yaml");
    });
  }

  it("the scenario file's config (the deployment) is named in the matrix's first line; a catalog scenario's is not", async () => {
    const path = 'examples/edit-moves-next-month.yaml';
    const r = await cli(['matrix', '--scenario-file', path, '--runs', '2'], new Map([[path, readFileSync(path, 'utf8')]]));
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toContain("examples/edit-moves-next-month.yaml's config: deploy.workers=2, deploy.cacheBackend=redis");
    expect((await cachelab('matrix', 'commit-race', '--runs', '2')).out.split('\n')[0]).not.toContain('config');
  });

  it('another unknown flag gets the plain message', async () => {
    const r = await cachelab('matrix', '--bogus');
    expect(r.code).toBe(2);
    expect(r.err).not.toContain('deploy.*');
  });
});
