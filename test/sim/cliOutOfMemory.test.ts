// A search too large for its thread's JavaScript heap (explore keeps a stored state for every
// pending schedule) stops itself when the heap is nearly full and prints the partial report, as a
// time limit does: every witness so far with its replay command, the class of schedules covered,
// and a stop line saying memory stopped it and what to change; with --workers 2 as well, whose
// pool thread posts its heap for the job thread to watch. If the heap fills regardless (here:
// the watch turned off with CACHELAB_HEAP_STOP=off, for tests only), the one-line usage error
// remains, not 'internal error'. The heap is made small (--max-old-space-size, which the job
// thread inherits) so that it fills within seconds.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO } from '../e2e/buildApp';

function explore(preset: string, env: NodeJS.ProcessEnv = {}, more: string[] = []) {
  const argv = ['--max-old-space-size=120', 'bin/cachelab.js', 'explore', 'concurrent-deletes', '--config', preset, '--max-states', '2000000', ...more];
  return spawnSync(process.execPath, argv, { cwd: REPO, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
}

const STOP_LINE = /STOPPED EARLY: memory nearly full \((\d+) MB of the (\d+) MB heap\): stopped; lower --max-states, split with --shard i\/n, or raise NODE_OPTIONS=--max-old-space-size=<MB>\. This is a partial report; the answer is NOT exhaustive\./;

describe('cachelab explore with a heap too small for --max-states', () => {
  it('stops before the heap fills and prints the partial report with the class it covered, exit 0 when nothing was violated', () => {
    const run = explore('robust');
    expect(run.stderr).not.toContain('out of memory');
    expect(run.stderr).not.toContain('internal error');
    const stop = STOP_LINE.exec(run.stdout);
    expect(stop).not.toBeNull();
    // The heap is the old generation's limit, as --max-old-space-size gave it, and the stop comes before it.
    expect(Number(stop![2])).toBe(120);
    expect(Number(stop![1])).toBeLessThan(120);
    expect(run.stdout).toMatch(/It covers every schedule with at most [1-9]\d* deviation\(s\) from the nominal one/);
    expect(run.stdout).toContain('No invariant was violated in the part explored');
    expect(run.status).toBe(0);
  }, 130_000);

  it('--json: stopReason "memory" and the heap reading of the stop, a key that a report memory did not stop has not', () => {
    const run = explore('robust', {}, ['--json']);
    const report = JSON.parse(run.stdout);
    expect(report.stopReason).toBe('memory');
    expect(report).toHaveProperty('heap');
    expect(Object.keys(report.heap)).toEqual(['usedMb', 'limitMb']);
    expect(report.heap.limitMb).toBe(120);
    // Stopped at 85% of the limit (102 MB), before the limit.
    expect(report.heap.usedMb).toBeGreaterThanOrEqual(102);
    expect(report.heap.usedMb).toBeLessThan(120);
    expect(run.status).toBe(0);
    // The same search, bounded to what fits the heap: no heap figures, so its report depends only on its inputs.
    const small = spawnSync(process.execPath, ['bin/cachelab.js', 'explore', 'concurrent-deletes', '--config', 'robust', '--max-states', '2000', '--json'], { cwd: REPO, encoding: 'utf8' });
    const plain = JSON.parse(small.stdout);
    expect(plain.stopReason).not.toBe('memory');
    expect(plain).not.toHaveProperty('heap');
    expect(small.stdout).not.toContain('Mb"');
  }, 130_000);

  it('keeps every witness found so far with its replay command, exit 1', () => {
    const run = explore('broken');
    expect(run.stderr).not.toContain('out of memory');
    expect(run.stdout).toMatch(STOP_LINE);
    expect(run.stdout).toMatch(/It covers every schedule with at most \d+ deviation\(s\)/);
    expect(run.stdout).toMatch(/Violated: .*read-your-delete/);
    expect(run.stdout).toContain('replay: npx cachelab replay concurrent-deletes --config broken --choices');
    expect(run.status).toBe(1);
  }, 130_000);

  it('with --workers 2 too, where the pool thread holds its share of the stored states in a heap of its own', () => {
    const run = explore('robust', {}, ['--workers', '2']);
    expect(run.stderr).not.toContain('out of memory');
    expect(run.stderr).not.toContain('internal error');
    expect(run.stdout).toMatch(STOP_LINE);
    expect(run.stdout).toMatch(/It covers every schedule with at most [1-9]\d* deviation\(s\) from the nominal one/);
    expect(run.status).toBe(0);
  }, 130_000);

  it('if the heap fills regardless (the watch off), says how far it got and what to lower, exit 2', () => {
    const run = explore('robust', { CACHELAB_HEAP_STOP: 'off' });
    expect(run.status).toBe(2);
    const last = run.stderr.trim().split('\n').pop()!;
    expect(last).toMatch(/^cachelab explore: out of memory: the search filled its JavaScript heap \(about 120 MB\) after [\d,]+ distinct states; lower --max-states/);
    expect(run.stderr).not.toContain('internal error');
    expect(run.stdout).toBe('');
  }, 130_000);
});
