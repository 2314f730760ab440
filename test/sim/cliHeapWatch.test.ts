// The heap watch of a CLI job (sim/cli/cliHeapWatch.ts): it reads the heap only every so many runs,
// stops at its share of the old generation's limit, and that limit is --max-old-space-size's (the
// young generation's reserve, which V8's heap_size_limit also counts, taken off); a pool's board
// gives the fullest of its threads' heaps.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fullestHeap, heapWatch, type HeapReading } from '../../sim/cli/cliHeapWatch';
import { heapBoard } from '../../sim/parallel/threadHeap';
import { describeStop } from '../../sim/cli/cliStoppable';
import { REPO } from '../e2e/buildApp';

describe('heapWatch', () => {
  it('reads every `every` calls only, and answers with the reading from its share of the limit on', () => {
    const used = [10, 84, 85, 99];
    let reads = 0;
    const read = (): HeapReading => ({ usedMb: used[reads++], limitMb: 100 });
    const full = heapWatch(0.85, 4, read);
    const answers = Array.from({ length: 16 }, () => full());
    expect(reads).toBe(4);
    expect(answers.map((a, i) => (a ? i + 1 : 0)).filter((n) => n)).toEqual([12, 16]);
    expect(answers[11]).toEqual({ usedMb: 85, limitMb: 100 });
  });

  it('takes the limit as --max-old-space-size gives it, with and without --max-semi-space-size', () => {
    const limit = (flags: string[]): number => {
      const code = "import('./sim/parallel/threadHeap.ts').then((m) => console.log(m.readHeap().limitMb))";
      const run = spawnSync(process.execPath, [...flags, '--import', 'tsx', '-e', code], { cwd: REPO, encoding: 'utf8' });
      return Number(run.stdout.trim());
    };
    expect(limit(['--max-old-space-size=200'])).toBe(200);
    expect(limit(['--max-old-space-size=200', '--max-semi-space-size=32'])).toBe(200);
  });
});

describe('the heap board of a pool', () => {
  it('gives the fullest heap by share of its limit, the calling thread included', () => {
    const board = heapBoard();
    const own = fullestHeap(board);
    // A thread posting 90% of a 100 MB heap is fuller than this one (the test's heap is nowhere near).
    Atomics.store(board, 2 * 3, 90 * 1024);
    Atomics.store(board, 2 * 3 + 1, 100 * 1024);
    Atomics.store(board, 2 * 5, 10 * 1024);
    Atomics.store(board, 2 * 5 + 1, 100 * 1024);
    expect(fullestHeap(board)).toEqual({ usedMb: 90, limitMb: 100 });
    expect(own.usedMb / own.limitMb).toBeLessThan(0.9);
  });
});

describe('describeStop', () => {
  it('says memory stopped the search, how full the heap was, and what to change', () => {
    const heap = { usedMb: 3481.6, limitMb: 4096 };
    expect(describeStop({ stopped: 'memory', heap }, null, 'explore')).toBe(
      'memory nearly full (3,482 MB of the 4,096 MB heap): stopped; lower --max-states, split with --shard i/n, or raise NODE_OPTIONS=--max-old-space-size=<MB>',
    );
    expect(describeStop({ stopped: 'memory', heap }, null, 'check')).toBe('memory nearly full (3,482 MB of the 4,096 MB heap): stopped; lower --runs, or raise NODE_OPTIONS=--max-old-space-size=<MB>');
    expect(describeStop({ stopped: 'time-limit' }, 30_000, 'explore')).toBe('time limit (30 s) reached');
  });
});
