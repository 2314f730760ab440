// A shard stopped by SIGTERM (a CI job's cancel or timeout, a Kubernetes pod's deadline) writes its
// partial report as Ctrl-C does, so `cachelab merge` can say what it covered rather than find an
// empty file (the real CLI in a child process, since a signal needs a process to go to).
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cli } from './cliHarness';

/** Starts `cachelab ...argv`, sends `signal` once its first progress line is on stderr. */
function signalled(argv: string[], signal: NodeJS.Signals): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/cachelab.js', ...argv], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
    let out = '';
    let err = '';
    let sent = false;
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      err += d;
      if (!sent && /\[\d+ s\] /.test(err)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

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
