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

/** What choose() needs of a point's label: its threads (a tie's, one per option) and a latency's speed indices. */
interface ParsedLabel {
  /** A tie: each option's thread; otherwise one thread. */
  threads: string[];
  /** A latency of a known range: where its fastest, nominal and slowest values sit. */
  speeds: { fastest: number; nominal: number; slowest: number } | undefined;
}

/**
 * Parsed labels by kind and label. A run asks hundreds of points whose labels repeat from run to
 * run (a task's or request's name, a tie's time and tasks), so each label is parsed once, not at
 * every point of every run. Bounded: cleared when full, as the labels of many scenarios pass through.
 */
const PARSED = { tie: new Map<string, ParsedLabel>(), latency: new Map<string, ParsedLabel>(), jitter: new Map<string, ParsedLabel>() };
const PARSED_MAX = 20_000;

/** Empties the cache (its test compares runs made with a cold and a warm one). */
export function forgetParsedLabels(): void {
  for (const byLabel of Object.values(PARSED)) byLabel.clear();
}

/** The plain path, parsed afresh (the cache's test compares the two). */
export function parseLabel(point: ChoicePoint): ParsedLabel {
  if (point.kind === 'tie') {
    const labels = tieOptions(point.label);
    const threads: string[] = [];
    for (let i = 0; i < point.options; i++) threads.push(taskThread(labels, i));
    return { threads, speeds: undefined };
  }
  const range = point.kind === 'latency' ? (LATENCY as Record<string, LatencyRange>)[point.label.slice(0, point.label.indexOf(' '))] : undefined;
  return { threads: [threadOf(point)], speeds: range ? speedIndices(range) : undefined };
}

export function parsedLabel(point: ChoicePoint): ParsedLabel {
  const byLabel = PARSED[point.kind as keyof typeof PARSED];
  if (byLabel === undefined) return parseLabel(point);
  let parsed = byLabel.get(point.label);
  // A tie's options count is in its label; the check keeps a point that disagrees correct anyway.
  if (parsed === undefined || (point.kind === 'tie' && parsed.threads.length !== point.options)) {
    parsed = parseLabel(point);
    if (byLabel.size >= PARSED_MAX) byLabel.clear();
    byLabel.set(point.label, parsed);
  }
  return parsed;
}

/**
 * The option for a speed in [0, 1] (1: fastest, earliest). A latency takes one of the three values
 * explore tries: its fastest for the top third of speeds, its slowest for the bottom third (and for
 * a dropped thread), its nominal value between. Extremes order events most decisively, and a found
 * schedule made of them shrinks to the few that matter. A jitter is spread over its whole range.
 */
function indexForParsedSpeed(point: ChoicePoint, speeds: ParsedLabel['speeds'], speed: number): number {
  if (speeds === undefined) return Math.round((1 - speed) * (point.options - 1));
  const i = speed > 2 / 3 ? speeds.fastest : speed < 1 / 3 ? speeds.slowest : speeds.nominal;
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
    const { threads, speeds } = parsedLabel(point);
    if (point.kind === 'tie') {
      let best = 0;
      for (let i = 1; i < point.options; i++) if (this.priorityOf(threads[i]) > this.priorityOf(threads[best])) best = i;
      const dropped = this.changeAt.get(at);
      if (dropped !== undefined) this.priority.set(threads[best], dropped);
      return best;
    }
    const thread = threads[0];
    const dropped = this.changeAt.get(at);
    if (dropped !== undefined) this.priority.set(thread, dropped);
    const p = this.priorityOf(thread);
    return indexForParsedSpeed(point, speeds, p < 0 ? 0 : p);
  }
}

export function pctChooser(options: PctOptions): Chooser {
  return new PctChooser(options);
}
