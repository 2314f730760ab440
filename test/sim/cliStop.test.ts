// Long searches that respect the person waiting: --time-limit, --stop-at-first, and Ctrl-C with
// a partial report (the real CLI in a child process, since SIGINT needs a process to go to).
import { describe, expect, it } from 'vitest';
import { cli } from './cliHarness';
import { parseDurationFlag } from '../../sim/cli/cliStoppable';
import { signalledCli } from './helpers/signalledCli';

/** Starts `cachelab ...argv`, sends SIGINT once its first progress line is on stderr. */
const interrupted = (argv: string[]) => signalledCli(argv, 'SIGINT');

describe('Ctrl-C', () => {
  it('explore prints every witness found so far with its replay command, and exits 1', async () => {
    const r = await interrupted(['explore', 'concurrent-deletes', '--config', 'broken', '--max-states', '100000000']);
    expect(r.err).toContain('stopping at the next run');
    // The progress line in a pipe, with the heap's fill as the job thread's watch reads it.
    expect(r.err).toMatch(/\[\d+ s\] explore concurrent-deletes: \d+ distinct states \(\d+\/s\), (≤\d+ deviations done, )?\d+ violated, heap [\d.]+ of [\d.]+ [MG]B \(\d+%\)\n/);
    // What the last line said was done, the report says it covers (or more: the search went on after it).
    const done = [...r.err.matchAll(/≤(\d+) deviations done/g)].map((m) => Number(m[1]));
    const covered = Number(r.out.match(/every schedule with at most (\d+) deviation/)![1]);
    expect(done.length).toBeGreaterThan(0);
    expect(covered).toBeGreaterThanOrEqual(done[done.length - 1]);
    expect(r.out).toContain('STOPPED EARLY: interrupted (Ctrl-C). This is a partial report; the answer is NOT exhaustive.');
    expect(r.out).toMatch(/Violated: .*read-your-delete/);
    expect(r.out).toContain('replay: npx cachelab replay concurrent-deletes --config broken --choices');
    expect(r.code).toBe(1);
  });

  it('check with nothing found says it stopped early, and exits 0', async () => {
    const r = await interrupted(['check', 'concurrent-deletes', '--config', 'robust', '--runs', '10000000']);
    expect(r.out).toContain('STOPPED EARLY: interrupted (Ctrl-C). This is a partial report.');
    expect(r.out).toMatch(/concurrent-deletes +\[robust\] +ok so far \(\d+ runs before the stop\)/);
    expect(r.out).toContain('the check is incomplete');
    expect(r.code).toBe(0);
  });
});

describe('--time-limit and --stop-at-first', () => {
  it('parses durations, and rejects what is not one', () => {
    expect(parseDurationFlag('30s', '--time-limit')).toBe(30_000);
    expect(parseDurationFlag('2m', '--time-limit')).toBe(120_000);
    expect(parseDurationFlag('1.5', '--time-limit')).toBe(1500);
    expect(parseDurationFlag('250ms', '--time-limit')).toBe(250);
    expect(() => parseDurationFlag('soon', '--time-limit')).toThrow(/--time-limit expects a positive duration/);
    expect(() => parseDurationFlag('0s', '--time-limit')).toThrow(/positive duration/);
  });

  it('check stops at the time limit with a partial report', async () => {
    const r = await cli(['check', 'all', '--config', 'robust', '--runs', '10000000', '--time-limit', '1ms']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('STOPPED EARLY: time limit (0.0 s) reached');
    expect(r.out).toContain('not checked (stopped before it)');
  });

  it('explore stops at the time limit and says which schedules it covered', async () => {
    const r = await cli(['explore', 'cache-pressure', '--config', 'robust', '--time-limit', '1ms', '--json']);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ exhaustive: false, stoppedEarly: true, stopReason: 'time-limit' });
    expect(r.code).toBe(0);
  });

  it('check all --stop-at-first stops at the first failing scenario', async () => {
    const r = await cli(['check', 'all', '--config', 'broken', '--stop-at-first', '--json']);
    const report = JSON.parse(r.out);
    expect(r.code).toBe(1);
    expect(report.scenarios).toHaveLength(1);
    expect(report.notChecked.length).toBeGreaterThan(0);
    expect(report.stoppedEarly).toBe(true);
  });

  it('explore --stop-at-first stops once an invariant is violated', async () => {
    const r = await cli(['explore', 'concurrent-deletes', '--config', 'broken', '--stop-at-first', '--json']);
    const report = JSON.parse(r.out);
    expect(r.code).toBe(1);
    expect(report).toMatchObject({ stoppedEarly: true, stopReason: 'stop-at-first', exhaustive: false });
    expect(report.witnesses.length).toBeGreaterThan(0);
  });

  it('usage errors exit 2', async () => {
    expect((await cli(['check', 'seed-broken', '--time-limit', 'soon'])).code).toBe(2);
    expect((await cli(['check', 'seed-broken', '--strategy', 'dfs'])).code).toBe(2);
    expect((await cli(['check', 'seed-broken', '--strategy', 'random', '--depth', '2'])).code).toBe(2);
    expect((await cli(['check', 'seed-broken', '--depth', '0'])).code).toBe(2);
    expect((await cli(['explore', 'seed-broken', '--time-limit', '-1s'])).code).toBe(2);
  });
});
