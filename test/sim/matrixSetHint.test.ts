// Every other command takes a deployment as --set deploy.workers=4; matrix takes none (its rows are
// the config). An SRE who types it gets exit 2 and where the deployment goes instead: a scenario
// file's config, which matrix --scenario-file then runs on.
import { describe, expect, it } from 'vitest';
import { cachelab } from './cliHarness';

describe('matrix and a deployment of ones own', () => {
  for (const flag of [['--set', 'deploy.workers=4'], ['--config', 'robust'], ['--config=robust']]) {
    it(`${flag.join(' ')}: exit 2, saying to put the deploy.* knobs in a scenario file's config`, async () => {
      const r = await cachelab('matrix', ...flag);
      expect(r.code).toBe(2);
      expect(r.err).toContain("write its deploy.* knobs in a scenario file's config (cachelab scenarios --export NAME > mine.yaml) and run cachelab matrix --scenario-file mine.yaml");
    });
  }

  it('another unknown flag gets the plain message', async () => {
    const r = await cachelab('matrix', '--bogus');
    expect(r.code).toBe(2);
    expect(r.err).not.toContain('deploy.*');
  });
});
