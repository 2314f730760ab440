// What only the process pool (which `explore --workers N` can start in place of threads) must do:
// no child outlives its parent, however the parent ends, SIGKILL included. Readiness, failures
// and close, as for threads: threadPool.test.ts.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allGone, alive } from '../pidAlive';

describe('ProcessPool', () => {
  it('leaves no child behind when its parent is killed (SIGKILL: no exit handler runs)', async () => {
    const parent = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./processPoolParent.ts', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    parent.stdout.on('data', (d: Buffer) => void (out += d.toString()));
    while (!out.includes('\n')) await new Promise((r) => setTimeout(r, 50));
    const pids = JSON.parse(out) as number[];
    expect(pids).toHaveLength(2);
    expect(pids.every(alive)).toBe(true);
    parent.kill('SIGKILL');
    expect(await allGone(pids)).toBe(true);
  }, 60_000);
});
