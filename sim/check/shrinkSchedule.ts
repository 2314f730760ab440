// Shrinking a violating schedule in two alternating steps, until neither removes a deviation:
// 1. delta debugging (Zeller and Hildebrandt, "Simplifying and Isolating Failure-Inducing Input",
//    2002) over its deviations from the nominal schedule: try halves, then complements, of the
//    deviation set, refining the split when neither fails, until removing any single deviation
//    makes the violation go away (1-minimal);
// 2. merging: a race needs two steps to meet in time, and a found schedule often gets there with
//    several small delays where one would do. For each deviation that shifts time (a latency, a
//    jitter), drop it and move each other one by the opposite shift (+-1 ms): "r3 21 ms late and
//    r2 30 ms late" becomes "r2 13 ms late".
// A found schedule has a few dozen deviations, of which a handful matter, so this takes tens to a
// few hundred runs where fast-check's generic shrinking of the integer array took thousands.
import type { Scenario } from '../scenarios/types';
import { deviationRun, shiftMs, withShiftMs, type Deviation } from './deviations';
import type { RunConfig } from './scriptedRun';

export interface ShrinkResult {
  deviations: Deviation[];
  /** Runs the shrinker made. */
  evaluations: number;
}

/**
 * Shrinks `deviations` (a schedule violating `invariant`) to a 1-minimal subset that still
 * violates it. `shouldStop` ends the search early with the smallest set found so far.
 */
export function shrinkDeviations(
  scenario: Scenario,
  config: RunConfig,
  deviations: readonly Deviation[],
  invariant: string,
  options: { onRun?: (violates: boolean) => void; shouldStop?: () => boolean } = {},
): ShrinkResult {
  let evaluations = 0;
  const cache = new Map<string, boolean>();
  const fails = (set: readonly Deviation[]): boolean => {
    const id = set.map((d) => `${d.key}=${d.value}`).join('\n');
    const known = cache.get(id);
    if (known !== undefined) return known;
    evaluations++;
    const bad = deviationRun(scenario, config, set, true).violations.some((v) => v.invariant === invariant);
    options.onRun?.(bad);
    cache.set(id, bad);
    return bad;
  };
  let current = [...deviations];
  if (current.length === 0 || fails([])) return { deviations: [], evaluations };
  const stop = (): boolean => options.shouldStop?.() ?? false;
  for (;;) {
    current = ddmin(current, fails, stop);
    const merged = stop() ? null : mergeAll(current, fails, stop);
    if (!merged) return { deviations: current, evaluations };
    current = merged;
  }
}

/** Delta debugging to a 1-minimal failing subset (or the smallest found when `stop` says so). */
function ddmin(start: Deviation[], fails: (set: readonly Deviation[]) => boolean, stop: () => boolean): Deviation[] {
  let current = start;
  let n = 2;
  while (current.length >= 2 && !stop()) {
    const chunks = split(current, n);
    const smaller = chunks.find((c) => fails(c));
    if (smaller) {
      current = smaller;
      n = 2;
      continue;
    }
    const complement = n > 2 ? chunks.map((c) => current.filter((d) => !c.includes(d))).find((c) => fails(c)) : undefined;
    if (complement) {
      current = complement;
      n = Math.max(n - 1, 2);
      continue;
    }
    if (n >= current.length) break;
    n = Math.min(2 * n, current.length);
  }
  return current;
}

/**
 * One pass of merges: each deviation that shifts time, in turn, is dropped if moving another one
 * by its opposite shift keeps the violation. Null when none could be.
 */
function mergeAll(start: readonly Deviation[], fails: (set: readonly Deviation[]) => boolean, stop: () => boolean): Deviation[] | null {
  let current = [...start];
  let merged = false;
  for (const dropped of start) {
    if (stop()) break;
    const shift = shiftMs(dropped);
    if (shift === 0 || !current.includes(dropped)) continue;
    // Jitters first: a user's step moved in time is the usual partner of a race.
    const movable = current.filter((d) => d !== dropped).sort((a, b) => Number(b.kind === 'jitter') - Number(a.kind === 'jitter'));
    search: for (const moved of movable) {
      const base = shiftMs(moved);
      if (base === 0 && moved.kind !== 'jitter') continue;
      for (const e of [0, -1, 1]) {
        const replacement = withShiftMs(moved, base - shift + e);
        if (!replacement) continue;
        const candidate = current.filter((d) => d !== dropped).map((d) => (d === moved ? replacement : d));
        if (fails(candidate)) {
          current = candidate;
          merged = true;
          break search;
        }
      }
    }
  }
  return merged ? current : null;
}

/** `n` contiguous chunks of nearly equal size, in order. */
function split<T>(items: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = start + Math.floor((items.length - start) / (n - i));
    out.push(items.slice(start, end));
    start = end;
  }
  return out.filter((c) => c.length > 0);
}
