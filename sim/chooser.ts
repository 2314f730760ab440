// Every nondeterministic choice of a run goes through a Chooser: which of several simultaneous
// events runs first, which idle worker takes a request, how long a step takes. The scheduler asks;
// the chooser answers with an index, 0 always meaning "the nominal choice". Seeded, scripted
// (replay, shrinking) and exhaustive (explore) choosers plug into the same scheduler.
import { createPrng, subSeed, type Prng } from './prng';

export type ChoiceKind = 'tie' | 'route' | 'latency' | 'jitter';

export interface ChoicePoint {
  kind: ChoiceKind;
  /** What is being chosen, e.g. "latency db.query worker:1" or "tie t=210". */
  label: string;
  /** Number of options, at least 2 (a single option is never asked). */
  options: number;
  /** For explore: the indices worth trying (all when absent). */
  interesting?: number[];
}

export interface Chooser {
  choose(point: ChoicePoint): number;
}

/** The documented schedule: nominal latencies, first-scheduled first, round-robin routing. */
export const nominalChooser: Chooser = { choose: () => 0 };

/** One PRNG per choice kind, so extra draws of one kind never shift the others. */
export function seededChooser(seed: number): Chooser {
  const prngs = new Map<ChoiceKind, Prng>();
  return {
    choose(point) {
      let prng = prngs.get(point.kind);
      if (!prng) {
        prng = createPrng(subSeed(seed, point.kind));
        prngs.set(point.kind, prng);
      }
      return prng.nextInt(point.options);
    },
  };
}

/** Replays recorded choices in order; past the end of the script, falls back (nominal by default). */
export function scriptedChooser(choices: readonly number[], fallback: Chooser = nominalChooser): Chooser {
  let i = 0;
  return {
    choose(point) {
      if (i < choices.length) {
        const c = choices[i++];
        return ((c % point.options) + point.options) % point.options;
      }
      i++;
      return fallback.choose(point);
    },
  };
}

/** Wraps a chooser and logs every answer, for the trace's `choices` (the replay input). */
export function recordingChooser(inner: Chooser): Chooser & { log: number[]; points: ChoicePoint[] } {
  const log: number[] = [];
  const points: ChoicePoint[] = [];
  return {
    log,
    points,
    choose(point) {
      const c = inner.choose(point);
      log.push(c);
      points.push(point);
      return c;
    },
  };
}
