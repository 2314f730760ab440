// A long job's JavaScript heap, watched from the job's thread so that a search that would fill it
// stops itself and prints its partial report (as --time-limit does) instead of dying with it.
// explore keeps a stored state for every pending schedule (about 1.5 KB each), so a --max-states
// too large for the machine fills the heap; V8 then kills the thread and everything found is lost.
//
// What fills is V8's old generation: the thread dies when a full collection cannot bring it under
// its limit (--max-old-space-size). heap_size_limit also counts the young generation's reserve
// (three semi-spaces, 48 MB by default), which matters on a small heap: 168 MB reported for
// --max-old-space-size=120. So the old generation's use is compared with the limit minus that
// reserve. Heap statistics are neither time nor randomness: the search's answer still depends
// only on where it stopped, and the report says it stopped and what it covered.
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';

export interface HeapReading {
  /** The old generation in use (live objects and garbage not yet collected), MB. */
  usedMb: number;
  /** What it may grow to before the thread dies (--max-old-space-size), MB. */
  limitMb: number;
}

/**
 * Stop at this share of the old generation's limit. What follows the stop must fit in the rest: the
 * report re-runs each witness from the start with full layer views (a few MB), and the result is
 * copied to the main thread; the queue of pending schedules, most of the heap, is dropped before
 * either (explore.ts). A collection lets garbage grow at most halfway from the live size to the
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
