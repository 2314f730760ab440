// A shard stopped by SIGTERM (a CI job's cancel or timeout, a Kubernetes pod's deadline) writes its
// partial report as Ctrl-C does, so `cachelab merge` can say what it covered rather than find an
// empty file (the real CLI in a child process, since a signal needs a process to go to).
import { describe, expect, it } from 'vitest';
import { cli } from './cliHarness';
import { signalledCli } from './helpers/signalledCli';

/** Starts `cachelab ...argv` under CI (plain progress lines), sends `signal` once its first one is on stderr. */
const signalled = (argv: string[], signal: NodeJS.Signals) => signalledCli(argv, signal, { ...process.env, CI: 'true' });

describe('SIGTERM', () => {
  it("a shard's explore writes its partial report, and merge names it as interrupted with its command", async () => {
    const r = await signalled(['explore', 'cache-pressure', '--config', 'robust', '--max-states', '100000000', '--shard', '1/2', '--json'], 'SIGTERM');
    expect(r.err).toContain('cachelab: SIGTERM: stopping at the next run');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect([report.exhaustive, report.stopReason, report.shard.index]).toEqual([false, 'interrupted', 1]);
    const files = new Map([['shard-1.json', r.out]]);
    const other = await cli(['explore', 'cache-pressure', '--config', 'robust', '--max-states', '300', '--shard', '2/2', '--json']);
    files.set('shard-2.json', other.out);
    const m = await cli(['merge', 'shard-1.json', 'shard-2.json'], files);
    expect(m.out).toMatch(/shard 1: interrupted \(Ctrl-C, SIGINT or SIGTERM\) after [\d.]+ s, every schedule with at most \d+ deviation\(s\) covered/);
    expect(m.out).toContain('npx cachelab explore cache-pressure --config robust --max-states 100000000 --shard 1/2 --json > shard-1.json');
  });
});
