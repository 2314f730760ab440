// docs/recommendation.md answers "does robust hold on my deployment?" with commands to run on a
// deployment the table does not list, and quotes what they print there. Each quote is recomputed:
// a figure typed once drifts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cachelab } from './cliHarness';

const doc = readFileSync('docs/recommendation.md', 'utf8');
/** The deployment's --set flags, as the section's first command gives them. */
const D = /^npx cachelab check all --config robust (--set .+)$/m.exec(doc)![1].split(' ');

describe("recommendation.md's own-deployment section", () => {
  it('names every deploy.* knob of the example deployment, each a valid --set', async () => {
    expect(D.filter((a) => a !== '--set').map((kv) => kv.split('=')[0])).toEqual([
      'deploy.workers', 'deploy.cacheBackend', 'deploy.atomicRequests', 'deploy.database', 'deploy.routing', 'deploy.staticFiles',
    ]);
    const r = await cachelab('run', 'seed-broken', '--config', 'robust', ...D);
    expect(r.code).toBe(0);
  });

  it('says what check prints on inflight-refetch under seed-fix there, with --runs 100 and with the default', async () => {
    const short = await cachelab('check', 'inflight-refetch', '--config', 'seed-fix', ...D, '--runs', '100');
    expect(short.code).toBe(0);
    expect(short.out).toContain('inflight-refetch  [seed-fix]  ok (100 runs)');
    const full = await cachelab('check', 'inflight-refetch', '--config', 'seed-fix', ...D, '--out', 'ce.json');
    expect(full.code).toBe(1);
    const after = /VIOLATED after (\d+) run\(s\)/.exec(full.out)![1];
    expect(doc).toContain(`the deployment above, \`check\ninflight-refetch --config seed-fix\` with \`--runs 100\` says ok (100 runs), and the default 500 runs\nfind its violation (after ${after} runs)`);
  });

  it('robust: exit 0 on that deployment, as its comment says', async () => {
    expect(doc).toContain(`# exit 0: no violation in any scenario's schedules\nnpx cachelab check all --config robust ${D.join(' ')}\n`);
    const r = await cachelab('check', 'all', '--config', 'robust', ...D);
    expect(r.code).toBe(0);
  });
});
