// Every nondeterministic choice of a run goes through a Chooser: which of several simultaneous
// events runs first, which idle worker takes a request, how long a step takes. The scheduler asks;
// the chooser answers with an index, 0 always meaning "the nominal choice". Seeded, scripted
// (replay, shrinking), labelled (--choices by name) and exhaustive (explore) choosers plug into the
// same scheduler. Traces keep the labelled log ({kind, label, options, value} per choice), and a
// replay checks every choice point against it: a model that now asks something else is an error
// (ReplayDivergence), never a silent other schedule.
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

/** One answered choice point, as a trace's `choiceLog` keeps it. */
export interface ChoiceRecord {
  kind: ChoiceKind;
  label: string;
  options: number;
  value: number;
}

export interface Chooser {
  choose(point: ChoicePoint): number;
}

/** A replay's choice points no longer match the recorded ones (the model or the script changed). */
export class ReplayDivergence extends Error {
  override readonly name = 'ReplayDivergence';
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

/**
 * Replays recorded choice indices in order; past the end of the script, falls back (nominal by
 * default). `strict` (a replay, a --choices literal): an index beyond a point's options is a
 * ReplayDivergence. Otherwise (shrinking, generated scripts, where an edit to an earlier choice can
 * change how many options a later point has) the index wraps around the options.
 */
export function scriptedChooser(choices: readonly number[], fallback: Chooser = nominalChooser, strict = false): Chooser {
  let i = 0;
  return {
    choose(point) {
      if (i < choices.length) {
        const c = choices[i++];
        if (strict && (c < 0 || c >= point.options))
          throw new ReplayDivergence(`choice #${i - 1} is ${c}, but ${point.kind} "${point.label}" has only ${point.options} options (0 to ${point.options - 1})`);
        return ((c % point.options) + point.options) % point.options;
      }
      i++;
      return fallback.choose(point);
    },
  };
}

/**
 * Replays a labelled log exactly: each choice point must be the recorded one (kind, label and
 * number of options), the run may ask no more points than were recorded, and `finish()` says
 * whether it asked fewer.
 */
export function replayChooser(log: readonly ChoiceRecord[]): Chooser & { finish(): void } {
  let i = 0;
  return {
    choose(point) {
      const r = log[i];
      if (!r) throw new ReplayDivergence(`choice #${i}: the model now asks ${describe(point)}, but the trace recorded only ${log.length} choice(s)`);
      if (r.kind !== point.kind || r.label !== point.label || r.options !== point.options)
        throw new ReplayDivergence(`choice #${i}: the trace recorded ${describe(r)}, but the model now asks ${describe(point)}`);
      i++;
      return r.value;
    },
    finish() {
      if (i < log.length) throw new ReplayDivergence(`the run asked ${i} choice(s), but the trace recorded ${log.length} (next: ${describe(log[i])})`);
    },
  };
}

function describe(p: { kind: string; label: string; options: number }): string {
  return `${p.kind} "${p.label}" with ${p.options} options`;
}

/** A --choices entry by name: the `occurrence`-th point with this label (from 1) takes `value`. */
export interface LabelledChoice {
  label: string;
  occurrence: number;
  value: number;
}

/**
 * Answers named choice points (`label[@n]=value`), every other point nominal. `unused()` lists the
 * entries no point matched, so a misspelt label is an error, not a silently nominal run.
 */
export function labelledChooser(entries: readonly LabelledChoice[]): Chooser & { unused(): LabelledChoice[] } {
  const seen = new Map<string, number>();
  const used = new Set<LabelledChoice>();
  return {
    choose(point) {
      const n = (seen.get(point.label) ?? 0) + 1;
      seen.set(point.label, n);
      const entry = entries.find((e) => e.label === point.label && e.occurrence === n);
      if (!entry) return 0;
      if (entry.value >= point.options) throw new ReplayDivergence(`--choices "${point.label}${n > 1 ? `@${n}` : ''}=${entry.value}": that choice point has only ${point.options} options (0 to ${point.options - 1})`);
      used.add(entry);
      return entry.value;
    },
    unused: () => entries.filter((e) => !used.has(e)),
  };
}

/** Wraps a chooser and logs every answer, for the trace's `choices` and `choiceLog` (the replay input). */
export function recordingChooser(inner: Chooser): Chooser & { log: number[]; points: ChoicePoint[]; records: ChoiceRecord[] } {
  const log: number[] = [];
  const points: ChoicePoint[] = [];
  const records: ChoiceRecord[] = [];
  return {
    log,
    points,
    records,
    choose(point) {
      const c = inner.choose(point);
      log.push(c);
      points.push(point);
      records.push({ kind: point.kind, label: point.label, options: point.options, value: c });
      return c;
    },
  };
}
