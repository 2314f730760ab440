// A search that fills its thread's JavaScript heap (explore keeps every stored state) is reported
// as what it is, one line with what to lower and exit 2, not as an internal error. The heap is made
// small (--max-old-space-size, which the job thread inherits) so that it fills within seconds.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO } from '../e2e/buildApp';

describe('cachelab explore out of memory', () => {
  it('says how far it got and what to lower, exit 2', () => {
    const run = spawnSync(process.execPath, ['--max-old-space-size=120', 'bin/cachelab.js', 'explore', 'concurrent-deletes', '--config', 'robust', '--max-states', '2000000'], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
    expect(run.status).toBe(2);
    const last = run.stderr.trim().split('\n').pop()!;
    expect(last).toMatch(/^cachelab explore: out of memory: the search filled its JavaScript heap \(about \d+ MB\) after [\d,]+ distinct states; lower --max-states/);
    expect(run.stderr).not.toContain('internal error');
    expect(run.stdout).toBe('');
  }, 130_000);
});
