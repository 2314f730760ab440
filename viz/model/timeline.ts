// One time axis for one or two runs. Every event gets a slot: its virtual time plus its rank among
// the events of the same millisecond, so simultaneous events get rows of their own and equal
// times line up across runs. Rows sit on a time scale that is linear for short gaps and
// compressed (with a break mark) for long idle ones, so a 5-second wait does not push the next
// request off the screen. Stepping walks the slots; each run shows its last event at or before.
import { lastAtOrBefore, type TraceIndex } from './traceIndex';

export interface AxisBreak {
  /** y between the two rows. */
  y: number;
  /** Milliseconds skipped. */
  dtMs: number;
}

export interface Timeline {
  runs: TraceIndex[];
  /** Number of slots (= steps). */
  n: number;
  slotT: Float64Array;
  slotY: Float64Array;
  /** Per run: the event at each slot, or -1. */
  slotEvent: Int32Array[];
  /** Per run: the latest event at or before each slot, or -1. */
  lastEvent: Int32Array[];
  /** Per run: the slot of each event. */
  eventSlot: Int32Array[];
  height: number;
  rowH: number;
  breaks: AxisBreak[];
}

export interface TimelineOptions {
  rowH?: number;
  pxPerMs?: number;
  maxGapPx?: number;
  topPx?: number;
}

export function buildTimeline(runs: TraceIndex[], opts: TimelineOptions = {}): Timeline {
  const rowH = opts.rowH ?? 24;
  const pxPerMs = opts.pxPerMs ?? 0.5;
  const maxGapPx = opts.maxGapPx ?? 30;
  const topPx = opts.topPx ?? 16;

  const slotsAtT = new Map<number, number>();
  const ranks: Int32Array[] = runs.map((ix) => {
    const counts = new Map<number, number>();
    const rank = new Int32Array(ix.events.length);
    ix.events.forEach((e, i) => {
      const c = counts.get(e.t) ?? 0;
      rank[i] = c;
      counts.set(e.t, c + 1);
    });
    for (const [t, c] of counts) slotsAtT.set(t, Math.max(slotsAtT.get(t) ?? 0, c));
    return rank;
  });
  const times = [...slotsAtT.keys()].sort((a, b) => a - b);
  const base = new Map<number, number>();
  let n = 0;
  for (const t of times) {
    base.set(t, n);
    n += slotsAtT.get(t)!;
  }
  const slotT = new Float64Array(n);
  for (const t of times) slotT.fill(t, base.get(t)!, base.get(t)! + slotsAtT.get(t)!);

  const slotEvent = runs.map(() => new Int32Array(n).fill(-1));
  const eventSlot = runs.map((ix, r) => {
    const out = new Int32Array(ix.events.length);
    ix.events.forEach((e, i) => {
      const s = base.get(e.t)! + ranks[r][i];
      out[i] = s;
      slotEvent[r][s] = i;
    });
    return out;
  });
  const lastEvent = slotEvent.map((se) => {
    const out = new Int32Array(n);
    let cur = -1;
    for (let s = 0; s < n; s++) {
      if (se[s] > cur) cur = se[s];
      out[s] = cur;
    }
    return out;
  });

  const slotY = new Float64Array(n);
  const breaks: AxisBreak[] = [];
  let y = topPx + rowH / 2;
  for (let s = 0; s < n; s++) {
    if (s > 0) {
      const dt = slotT[s] - slotT[s - 1];
      const extra = dt * pxPerMs;
      if (extra > maxGapPx) breaks.push({ y: y + rowH / 2 + maxGapPx / 2, dtMs: dt });
      y += rowH + Math.min(extra, maxGapPx);
    }
    slotY[s] = y;
  }
  return { runs, n, slotT, slotY, slotEvent, lastEvent, eventSlot, height: y + rowH, rowH, breaks };
}

/** The y where time `t` begins on the axis (the first row at or after it). */
export function yOfTime(tl: Timeline, t: number): number {
  let lo = 0;
  let hi = tl.n - 1;
  let ans = tl.n;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tl.slotT[mid] >= t) {
      ans = mid;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  return ans >= tl.n ? tl.height : tl.slotY[ans] - tl.rowH / 2;
}

/** Slots whose rows intersect [y0, y1]. */
export function slotsIn(tl: Timeline, y0: number, y1: number): [number, number] {
  const first = Math.max(0, lastAtOrBefore(tl.slotY, y0 - tl.rowH));
  const last = lastAtOrBefore(tl.slotY, y1 + tl.rowH);
  return [first, Math.max(first - 1, last)];
}

/** The first slot (>= 0) whose event in run `r` is `seq`. */
export function slotOfEvent(tl: Timeline, r: number, seq: number): number {
  return tl.eventSlot[r]?.[seq] ?? 0;
}
