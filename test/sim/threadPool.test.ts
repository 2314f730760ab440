// The thread pool both `check --workers` and `explore --workers` start their threads with, and the
// process pool explore can start instead (poolMembers.ts is what they share): each member loads
// its module and says ready; a member's error, uncaught exception or early exit fails the pool
// once, for every waiter, and never leaves one waiting; close ends them. processPool.test.ts: a
// child process outlives no parent.
import { describe, expect, it } from 'vitest';
import { ProcessPool } from '../../sim/parallel/processPool';
import { ThreadPool } from '../../sim/parallel/threadPool';
import { allGone } from '../pidAlive';
import type { ProbeMode } from './threadPoolProbe';

const probe = new URL('./threadPoolProbe.ts', import.meta.url);

type Kind = 'thread' | 'process';

function start(kind: Kind, count: number, mode: (w: number) => ProbeMode) {
  const got: Array<[number, number]> = [];
  const ready: number[] = [];
  const failed: Error[] = [];
  const begin = (w: number) => ({ module: probe, serve: 'serveProbe', data: mode(w) });
  const handlers = {
    message: (w: number, m: { type: 'echo'; n: number }) => void got.push([w, m.n]),
    ready: (w: number) => void ready.push(w),
    failed: (e: Error) => void failed.push(e),
  };
  const pool = kind === 'thread' ? new ThreadPool(count, begin, handlers) : new ProcessPool(count, begin, handlers);
  return { pool, got, ready, failed };
}

describe.each(['thread', 'process'] as Kind[])('%s pool', (kind) => {
  it(`starts every ${kind} on the module, counts them ready, and passes replies on with their ${kind}`, async () => {
    const { pool, got, ready, failed } = start(kind, 2, () => 'echo');
    const pids = pool instanceof ProcessPool ? pool.pids : [];
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
    // A child process must not outlive its pool (a thread ends with this process anyway).
    if (kind === 'process') {
      expect(pids.length === 2 && pids.every((p) => p > 0)).toBe(true);
      expect(await allGone(pids)).toBe(true);
    }
  }, 60_000);

  for (const [mode, what, message] of [
    ['fail-loading', 'fails to load', /probe could not load/],
    ['fail-answering', 'fails to answer', /probe could not answer 1/],
    ['exit', 'exits', new RegExp(`worker ${kind} 2 of 2 stopped \\(exit code 3\\) before the search was over`)],
    // A child process that throws outside a handler exits: the case above.
    ...(kind === 'thread' ? [['uncaught', 'throws outside a handler', /probe threw outside a handler/]] : []),
  ] as Array<[ProbeMode, string, RegExp]>) {
    it(`fails the pool once, for every waiter, when a ${kind} ${what}`, async () => {
      const { pool, failed } = start(kind, 2, (w) => (w === 1 ? mode : 'echo'));
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
