// check's and explore's --workers are threads of this machine; an SRE with 4 gunicorn workers who
// types --workers 4 gets a search of the scenario's own deployment (one worker, mostly), with
// nothing in the report to say so. Each --help says which flag is gunicorn's.
import { describe, expect, it } from 'vitest';
import { cachelab } from './cliHarness';

describe('--workers is not deploy.workers', () => {
  for (const command of ['check', 'explore']) {
    it(`${command} --help points gunicorn's workers at --set deploy.workers=N`, async () => {
      const r = await cachelab(command, '--help');
      expect(r.code).toBe(0);
      const flag = r.out.slice(r.out.indexOf('  --workers N'), r.out.indexOf('  --time-limit'));
      expect(flag.replace(/\s+/g, ' ')).toMatch(/not gunicorn's workers: those are --set deploy\.workers=N/i);
    });
  }
});
