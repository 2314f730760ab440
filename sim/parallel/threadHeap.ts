// How full a thread's JavaScript heap is, and a shared board on which the threads of a pool post
// theirs, so that the CLI's job thread can stop a search (sim/cli/cliHeapWatch.ts) before any of
// them dies of it: with `explore --workers N` each pool thread stores the schedules it runs, so the
// big structures are split over the job thread and the pool's threads, each with its own heap.
//
// What fills is V8's old generation: a thread dies when a full collection cannot bring it under
// its limit (--max-old-space-size). heap_size_limit also counts the young generation's reserve
// (three semi-spaces, 48 MB by default), which matters on a small heap: 168 MB reported for
// --max-old-space-size=120. So the old generation's use is compared with the limit minus that
// reserve. Heap statistics are neither time nor randomness: nothing here changes a run.
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';

export interface HeapReading {
  /** The old generation in use (live objects and garbage not yet collected), MB. */
  usedMb: number;
  /** What it may grow to before the thread dies (--max-old-space-size), MB. */
  limitMb: number;
}

const MB = 2 ** 20;

/** V8's default semi-space on 64-bit (MB); --max-semi-space-size changes it, and the young generation is three of them. */
const DEFAULT_SEMI_SPACE_MB = 16;

function semiSpaceMb(): number {
  const flags = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  const m = /--max[-_]semi[-_]space[-_]size[= ](\d+)/.exec(flags);
  return m ? Number(m[1]) : DEFAULT_SEMI_SPACE_MB;
}

/** This thread's old generation: what it uses now, and its limit. */
export function readHeap(): HeapReading {
  let youngBytes = 0;
  for (const s of getHeapSpaceStatistics()) if (s.space_name === 'new_space' || s.space_name === 'new_large_object_space') youngBytes += s.space_used_size;
  const h = getHeapStatistics();
  return { usedMb: (h.used_heap_size - youngBytes) / MB, limitMb: h.heap_size_limit / MB - 3 * semiSpaceMb() };
}

/** Pool threads a board has room for (--workers is at most 256: the job thread and 255 others). */
const BOARD_THREADS = 256;

/** A board for the threads of a pool: two words each (use and limit, in KB), 0 until posted. */
export function heapBoard(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(BOARD_THREADS * 2 * 4));
}

/** Posts this thread's reading as thread `w` (0-based) of its pool. */
export function postHeap(board: Int32Array, w: number): void {
  if (w >= BOARD_THREADS) return;
  const h = readHeap();
  Atomics.store(board, 2 * w, Math.round(h.usedMb * 1024));
  Atomics.store(board, 2 * w + 1, Math.round(h.limitMb * 1024));
}

/** The fullest heap posted on the board (by share of its limit), or null when none is. */
export function fullestPosted(board: Int32Array): HeapReading | null {
  let best: HeapReading | null = null;
  for (let w = 0; w < BOARD_THREADS; w++) {
    const limitKb = Atomics.load(board, 2 * w + 1);
    if (limitKb === 0) continue;
    const h = { usedMb: Atomics.load(board, 2 * w) / 1024, limitMb: limitKb / 1024 };
    if (!best || h.usedMb / h.limitMb > best.usedMb / best.limitMb) best = h;
  }
  return best;
}
