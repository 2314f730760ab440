// A long job's JavaScript heap, watched from the job's thread so that a search that would fill it
// stops itself and prints its partial report (as --time-limit does) instead of dying with it.
// explore keeps a stored state for every pending schedule, so its memory grows with their number
// and a --max-states too large for the machine fills the heap; V8 then kills the thread and
// everything found is lost.
//
// The heap is read in the job's thread, and from the board the threads of `explore --workers N`
// post theirs on (sim/parallel/threadHeap.ts); the fullest one decides. Heap statistics are neither
// time nor randomness: the search's answer still depends only on where it stopped, and the report
// says it stopped and what it covered.
import { fullestPosted, readHeap, type HeapReading } from '../parallel/threadHeap';

export type { HeapReading } from '../parallel/threadHeap';

/**
 * Stop at this share of the old generation's limit. What follows the stop must fit in the rest: the
 * report re-runs each witness from the start with full layer views (a few MB), and the result is
 * copied to the main thread; the queue of pending schedules, most of the heap, is dropped before
 * either (explore.ts; a pool thread's heap goes whole when the pool is closed). A collection lets garbage grow at most halfway from the live size to the
 * limit, so the stop comes when at least 70% of the limit is live, not on garbage alone.
 */
export const HEAP_STOP_SHARE = 0.85;

/**
 * Runs between two readings. A reading costs about 4 µs (measured under load 4; most of it
 * getHeapSpaceStatistics) and a run of explore about 500 µs (check: about 300 µs), so 32 runs
 * are 10-16 ms of work, read at under 0.03% of their cost, and a search grows by well under
 * 1 MB between readings (about 8 new states a run).
 */
export const HEAP_READ_EVERY_RUNS = 32;

/** The fullest of this thread's heap and those posted on `board` (by share of their limit). */
export function fullestHeap(board: Int32Array | null): HeapReading {
  const own = readHeap();
  const posted = board ? fullestPosted(board) : null;
  return posted && posted.usedMb / posted.limitMb > own.usedMb / own.limitMb ? posted : own;
}

/**
 * A check to call after every run: null while the heap has room, the reading once its old
 * generation passes `share` of its limit (read every `every` calls only).
 */
export function heapWatch(share = HEAP_STOP_SHARE, every = HEAP_READ_EVERY_RUNS, read: () => HeapReading = readHeap): () => HeapReading | null {
  let calls = 0;
  return () => {
    if (++calls % every !== 0) return null;
    const h = read();
    return h.usedMb >= share * h.limitMb ? h : null;
  };
}
