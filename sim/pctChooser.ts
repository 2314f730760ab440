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
import type { ChoicePoint, Chooser } from './chooser';
import { LATENCY, latencyValues, type LatencyRange } from './latency';
import { createPrng } from './prng';

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

/** Where a range's fastest, nominal and slowest values sit among its options, found once per range. */
const SPEED_INDICES = new WeakMap<LatencyRange, { fastest: number; nominal: number; slowest: number }>();

export function speedIndices(range: LatencyRange): { fastest: number; nominal: number; slowest: number } {
  let found = SPEED_INDICES.get(range);
  if (found === undefined) {
    const values = latencyValues(range);
    found = { fastest: values.indexOf(range.minMs), nominal: values.indexOf(range.nominalMs), slowest: values.indexOf(range.maxMs) };
    SPEED_INDICES.set(range, found);
  }
  return found;
}

/** The first word of a task label names its thread ("A2 open", "r2 arrives"). */
function taskThread(labels: readonly string[], i: number): string {
  return labels[i]?.split(' ')[0] ?? String(i);
}

export function pctChooser(options: PctOptions): Chooser {
  const prng = createPrng(options.seed);
  const uniform = (): number => prng.nextU32() / 0x100000000;
  const depth = Math.max(1, Math.floor(options.depth));
  const steps = Math.max(1, Math.floor(options.steps));
  // d-1 distinct change points; the i-th drops its thread to priority -(i+1): below every initial
  // priority (in [0, 1)) and below the earlier change points', as in the paper.
  const changeAt = new Map<number, number>();
  while (changeAt.size < Math.min(depth - 1, steps)) {
    const at = prng.nextInt(steps);
    if (!changeAt.has(at)) changeAt.set(at, -(changeAt.size + 1));
  }
  const priority = new Map<string, number>();
  const priorityOf = (thread: string): number => {
    let p = priority.get(thread);
    if (p === undefined) {
      p = uniform();
      priority.set(thread, p);
    }
    return p;
  };
  let step = 0;
  return {
    choose(point) {
      const at = step++;
      switch (point.kind) {
        case 'route':
          return prng.nextInt(point.options);
        case 'tie': {
          const labels = tieOptions(point.label);
          let best = 0;
          for (let i = 1; i < point.options; i++) if (priorityOf(taskThread(labels, i)) > priorityOf(taskThread(labels, best))) best = i;
          const dropped = changeAt.get(at);
          if (dropped !== undefined) priority.set(taskThread(labels, best), dropped);
          return best;
        }
        default: {
          const thread = threadOf(point);
          const dropped = changeAt.get(at);
          if (dropped !== undefined) priority.set(thread, dropped);
          const p = priorityOf(thread);
          return indexForSpeed(point, p < 0 ? 0 : p);
        }
      }
    },
  };
}
