// The thread pool both `check --workers` and `explore --workers` start their threads with: each
// thread loads its module and says ready; a thread's error, uncaught exception or early exit
// fails the pool once, for every waiter, and never leaves one waiting.
import { describe, expect, it } from 'vitest';
import { ThreadPool } from '../../sim/parallel/threadPool';
import type { ProbeMode } from './threadPoolProbe';

const probe = new URL('./threadPoolProbe.ts', import.meta.url);

function start(count: number, mode: (w: number) => ProbeMode) {
  const got: Array<[number, number]> = [];
  const ready: number[] = [];
  const failed: Error[] = [];
  const pool = new ThreadPool<{ type: 'echo'; n: number }>(count, (w) => ({ module: probe, serve: 'serveProbe', data: mode(w) }), {
    message: (w, m) => got.push([w, m.n]),
    ready: (w) => ready.push(w),
    failed: (e) => failed.push(e),
  });
  return { pool, got, ready, failed };
}

describe('ThreadPool', () => {
  it('starts every thread on the module, counts them ready, and passes replies on with their thread', async () => {
    const { pool, got, ready, failed } = start(2, () => 'echo');
    try {
      expect(pool.allReady).toBe(false);
      await pool.whenReady();
      expect(pool.allReady).toBe(true);
      expect([...ready].sort()).toEqual([0, 1]);
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
  }, 60_000);

  for (const [mode, what, message] of [
    ['fail-loading', 'fails to load', /probe could not load/],
    ['fail-answering', 'fails to answer', /probe could not answer 1/],
    ['exit', 'exits', /worker thread 2 of 2 stopped \(exit code 3\) before the search was over/],
    ['uncaught', 'throws outside a handler', /probe threw outside a handler/],
  ] as Array<[ProbeMode, string, RegExp]>) {
    it(`fails the pool once, for every waiter, when a thread ${what}`, async () => {
      const { pool, failed } = start(2, (w) => (w === 1 ? mode : 'echo'));
      try {
        if (mode === 'fail-loading') await expect(pool.whenReady()).rejects.toThrow(message);
        else {
          await pool.whenReady();
          pool.post(1, 1);
          // Two waiters on the same failure: both are woken, and check() throws for both.
          const waiters = [pool.next(), pool.next()];
          await Promise.all(waiters);
          while (failed.length === 0) await pool.next();
          expect(() => pool.check()).toThrow(message);
        }
        expect(failed).toHaveLength(1);
        expect(failed[0].message).toMatch(message);
        expect(pool.allReady).toBe(false);
      } finally {
        await pool.close();
      }
    }, 60_000);
  }
});
