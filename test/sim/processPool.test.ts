// The process pool `explore --workers N` can start in place of threads: each child loads its module
// and says ready; a child's error or early exit fails the pool once, for every waiter; and no child
// outlives its pool (close) or its parent (however the parent ends, SIGKILL included).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ProcessPool } from '../../sim/parallel/processPool';
import type { ProbeMode } from './threadPoolProbe';

const probe = new URL('./threadPoolProbe.ts', import.meta.url);

function start(count: number, mode: (w: number) => ProbeMode) {
  const got: Array<[number, number]> = [];
  const failed: Error[] = [];
  const pool = new ProcessPool<{ type: 'echo'; n: number }>(count, (w) => ({ module: probe, serve: 'serveProbe', data: mode(w) }), {
    message: (w, m) => got.push([w, m.n]),
    failed: (e) => failed.push(e),
  });
  return { pool, got, failed };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (up to ~10 s) until none of `pids` runs; true if so. */
async function allGone(pids: number[]): Promise<boolean> {
  for (let k = 0; k < 200 && pids.some(alive); k++) await new Promise((r) => setTimeout(r, 50));
  return !pids.some(alive);
}

describe('ProcessPool', () => {
  it('starts every child on the module, passes replies on with their child, and ends them all at close', async () => {
    const { pool, got, failed } = start(2, () => 'echo');
    const pids = pool.pids;
    try {
      await pool.whenReady();
      expect(pool.allReady).toBe(true);
      pool.post(0, 5);
      pool.post(1, 7);
      while (got.length < 2) await pool.next();
      expect([...got].sort()).toEqual([
        [0, 10],
        [1, 14],
      ]);
      expect(failed).toEqual([]);
    } finally {
      await pool.close();
    }
    expect(pids.every((p) => p > 0)).toBe(true);
    expect(await allGone(pids)).toBe(true);
  }, 60_000);

  for (const [mode, what, message] of [
    ['fail-loading', 'fails to load', /probe could not load/],
    ['fail-answering', 'fails to answer', /probe could not answer 1/],
    ['exit', 'exits', /worker process 2 of 2 stopped \(exit code 3\) before the search was over/],
  ] as Array<[ProbeMode, string, RegExp]>) {
    it(`fails the pool once, for every waiter, when a child ${what}`, async () => {
      const { pool, failed } = start(2, (w) => (w === 1 ? mode : 'echo'));
      try {
        if (mode === 'fail-loading') await expect(pool.whenReady()).rejects.toThrow(message);
        else {
          await pool.whenReady();
          pool.post(1, 1);
          while (failed.length === 0) await pool.next();
          expect(() => pool.check()).toThrow(message);
        }
        expect(failed).toHaveLength(1);
        expect(pool.allReady).toBe(false);
      } finally {
        await pool.close();
      }
    }, 60_000);
  }

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
