// PCT, probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS
// 2010), adapted to a timed simulation. PCT gives every thread a random priority, runs the
// highest-priority enabled thread, and at d-1 random steps drops the running thread's priority
// below every other; in the paper's setting a bug that needs d ordering constraints is then hit
// with probability at least 1/(n k^(d-1)) per run (n threads, k steps). Uniform random choices
// give no such bound: independent latencies average each other out, and the extreme orderings a
// race needs are rare (docs/performance.md compares the two on every known counterexample).
//
// Here a thread is who a choice point is about: a page (`A`), a request in the network (`r2`),
// a gunicorn worker (`worker:1`). Time decides most orders, so a priority acts through time:
// - latency: a thread's priority is its speed: the top third of priorities take each latency's
//   fastest value, the bottom third its slowest, the rest its nominal one; a thread whose priority
//   was dropped runs at its slowest from then on;
// - tie: the task whose thread (the first word of its label) has the highest priority runs first;
// - jitter: a user step happens earlier the higher its user's priority (a uniform draw, since
//   priorities are);
// - route: which idle worker takes a request is not a priority question: a uniform draw.
// The change points are d-1 distinct choice-point indices drawn from [0, steps), steps being the
// nominal run's number of choice points. Everything comes from one seeded PRNG, so a seed gives
// the same schedule every time.
import { WeakMemo } from '../src/weakMemo';
import type { ChoicePoint, Chooser } from './chooser';
import { LATENCY, latencyValues, type LatencyRange } from './latency';
import { createPrng, type Prng } from './prng';

export interface PctOptions {
  seed: number;
  /** The bug depth d aimed at: d-1 priority change points. */
  depth: number;
  /** Choice points in a typical run (the nominal run's count): where change points fall. */
  steps: number;
}

/** The thread a choice point is about: the last word of a latency label, the user of a jitter. */
export function threadOf(point: ChoicePoint): string {
  switch (point.kind) {
    case 'latency':
      return point.label.slice(point.label.indexOf(' ') + 1);
    case 'jitter':
      return point.label.split(' ')[1] ?? point.label;
    default:
      return point.label;
  }
}

/** The options of a tie label ("tie at 0 ms: A delete | A2 open"), each a task label. */
function tieOptions(label: string): string[] {
  return label.slice(label.indexOf(': ') + 2).split(' | ');
}

/** Where a range's fastest, nominal and slowest values sit among its options. */
interface SpeedIndices {
  fastest: number;
  nominal: number;
  slowest: number;
}

/** Each range's speed indices, found once per range. */
const SPEED_INDICES = new WeakMemo<LatencyRange, SpeedIndices>();

function findSpeedIndices(range: LatencyRange): SpeedIndices {
  const values = latencyValues(range);
  return { fastest: values.indexOf(range.minMs), nominal: values.indexOf(range.nominalMs), slowest: values.indexOf(range.maxMs) };
}

export function speedIndices(range: LatencyRange): SpeedIndices {
  return SPEED_INDICES.get(range, findSpeedIndices);
}

/** The first word of a task label names its thread ("A2 open", "r2 arrives"). */
function taskThread(labels: readonly string[], i: number): string {
  return labels[i]?.split(' ')[0] ?? String(i);
}

/** A tie's options' threads, by label (see tieThreads). */
const TIE_THREADS = new Map<string, string[]>();
const TIE_THREADS_MAX = 20_000;

/** Empties the cache (its test compares runs made with a cold and a warm one). */
export function forgetParsedLabels(): void {
  TIE_THREADS.clear();
}

/** The plain path: each option's thread, parsed afresh from the tie's label. */
export function parseTieThreads(point: ChoicePoint): string[] {
  const labels = tieOptions(point.label);
  const threads: string[] = [];
  for (let i = 0; i < point.options; i++) threads.push(taskThread(labels, i));
  return threads;
}

/**
 * A tie's options' threads, parsed once per label: a tie's label (its time and tasks) recurs from
 * run to run, and splitting it at every tie of every run cost more than looking it up. (Latency
 * labels are cheaper to parse again than to look up: a label is a new string at every point.)
 */
export function tieThreads(point: ChoicePoint): string[] {
  let threads = TIE_THREADS.get(point.label);
  if (threads === undefined || threads.length !== point.options) {
    threads = parseTieThreads(point);
    if (TIE_THREADS.size >= TIE_THREADS_MAX) TIE_THREADS.clear();
    TIE_THREADS.set(point.label, threads);
  }
  return threads;
}

/**
 * The option for a speed in [0, 1] (1: fastest, earliest). A latency takes one of the three values
 * explore tries: its fastest for the top third of speeds, its slowest for the bottom third (and for
 * a dropped thread), its nominal value between. Extremes order events most decisively, and a found
 * schedule made of them shrinks to the few that matter. A jitter is spread over its whole range.
 */
function indexForSpeed(point: ChoicePoint, speed: number): number {
  const range = point.kind === 'latency' ? (LATENCY as Record<string, LatencyRange>)[point.label.slice(0, point.label.indexOf(' '))] : undefined;
  if (!range) return Math.round((1 - speed) * (point.options - 1));
  const { fastest, nominal, slowest } = speedIndices(range);
  const i = speed > 2 / 3 ? fastest : speed < 1 / 3 ? slowest : nominal;
  return i > 0 && i < point.options ? i : 0;
}

/**
 * The chooser of one PCT run: a class, not a closure over local functions, since one is built per
 * run and each closure made costs a __name call under tsx (esbuild's keepNames).
 */
class PctChooser implements Chooser {
  private readonly prng: Prng;
  private readonly changeAt = new Map<number, number>();
  private readonly priority = new Map<string, number>();
  private step = 0;

  constructor(options: PctOptions) {
    this.prng = createPrng(options.seed);
    const depth = Math.max(1, Math.floor(options.depth));
    const steps = Math.max(1, Math.floor(options.steps));
    // d-1 distinct change points; the i-th drops its thread to priority -(i+1): below every initial
    // priority (in [0, 1)) and below the earlier change points', as in the paper.
    while (this.changeAt.size < Math.min(depth - 1, steps)) {
      const at = this.prng.nextInt(steps);
      if (!this.changeAt.has(at)) this.changeAt.set(at, -(this.changeAt.size + 1));
    }
  }

  private priorityOf(thread: string): number {
    let p = this.priority.get(thread);
    if (p === undefined) {
      p = this.prng.nextU32() / 0x100000000;
      this.priority.set(thread, p);
    }
    return p;
  }

  choose(point: ChoicePoint): number {
    const at = this.step++;
    if (point.kind === 'route') return this.prng.nextInt(point.options);
    if (point.kind === 'tie') {
      const threads = tieThreads(point);
      let best = 0;
      for (let i = 1; i < point.options; i++) if (this.priorityOf(threads[i]) > this.priorityOf(threads[best])) best = i;
      const dropped = this.changeAt.get(at);
      if (dropped !== undefined) this.priority.set(threads[best], dropped);
      return best;
    }
    const thread = threadOf(point);
    const dropped = this.changeAt.get(at);
    if (dropped !== undefined) this.priority.set(thread, dropped);
    const p = this.priorityOf(thread);
    return indexForSpeed(point, p < 0 ? 0 : p);
  }
}

export function pctChooser(options: PctOptions): Chooser {
  return new PctChooser(options);
}
