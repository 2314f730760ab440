// One parser and one range per number a user types, shared by the CLI (flags) and the visualizer
// (URL parameters), so both accept exactly the same values. Digits only: no sign, no exponent, no
// spaces; a value past its range is refused, never wrapped or rounded. Browser-safe.
import { UsageError } from '../../src/config';
import { quoted } from './terminalText';

export interface IntRange {
  /** What the number is, for messages: "seed", "runs". */
  what: string;
  min: number;
  max: number;
}

/** A run's seed: the PRNG's state is 32 bits, so a larger seed would silently alias a smaller one. */
export const SEED: IntRange = { what: 'a seed', min: 0, max: 0xffff_ffff };
/** fast-check runs per scenario (check) and seeded runs per cell (matrix). */
export const RUNS: IntRange = { what: 'a number of runs', min: 1, max: 10_000_000 };
/** explore's --max-states. */
export const MAX_STATES: IntRange = { what: 'a number of states', min: 1, max: 1_000_000_000 };
/** explore's --workers: threads the search is split over. */
export const WORKERS: IntRange = { what: 'a number of worker threads', min: 1, max: 256 };
/** A duration in virtual milliseconds (a day at most: every scenario settles well within one). */
export const MS: IntRange = { what: 'a duration in ms', min: 0, max: 86_400_000 };
/** A lesson number (the list's range is checked by the lesson lookup). */
export const LESSON: IntRange = { what: 'a lesson number', min: 1, max: 999 };
/** A question of a lesson, from 1 (the link's `question`; the lesson's length is checked by the tour). */
export const QUESTION: IntRange = { what: 'a question number', min: 1, max: 999 };
/** FullCalendar firstDay. */
export const FIRST_DAY: IntRange = { what: 'a first day of the week', min: 0, max: 6 };
/** A step of the visualizer's timeline counted from 0: links made before `at` (clamped to the run's length by the page). */
export const STEP: IntRange = { what: 'a step', min: 0, max: 10_000_000 };
/** A step as the page numbers it ("step 48 of 114"), from 1: the link's `at`. */
export const AT_STEP: IntRange = { what: 'a step number, counted from 1 as the page shows it', min: 1, max: STEP.max + 1 };
/** One recorded choice: an index into a choice point's options. */
export const CHOICE: IntRange = { what: 'a choice index', min: 0, max: 1_000_000 };

const DIGITS = /^[0-9]+$/;
/** Longer than any number in range: refused before Number() could turn it into Infinity. */
const MAX_DIGITS = 16;

/** The integer `text` spells, within `range`; a UsageError naming `label` otherwise. */
export function parseIntIn(text: string, range: IntRange, label: string): number {
  const bad = () => new UsageError(`${label} expects ${range.what}, an integer from ${range.min} to ${range.max}; got ${quoted(text)}`);
  if (text.length > MAX_DIGITS || !DIGITS.test(text)) throw bad();
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max) throw bad();
  return n;
}

/** parseIntIn for an optional flag: undefined stays undefined. */
export function parseOptionalIntIn(text: string | undefined, range: IntRange, label: string): number | undefined {
  return text === undefined ? undefined : parseIntIn(text, range, label);
}

/** Whether a number (from a file, already parsed) is an integer within `range`. */
export function inRange(n: unknown, range: IntRange): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= range.min && n <= range.max;
}

/** A comma-separated list of choice indices ("0,2,1"), or "nominal"/"" for none. */
export function parseChoiceList(text: string, label: string, maxCount: number): number[] {
  if (text === 'nominal' || text === '') return [];
  const parts = text.split(',');
  if (parts.length > maxCount) throw new UsageError(`${label} holds at most ${maxCount} choices; got ${parts.length}`);
  return parts.map((p) => {
    try {
      return parseIntIn(p.trim(), CHOICE, label);
    } catch {
      throw new UsageError(`${label} expects comma-separated integers from ${CHOICE.min} to ${CHOICE.max} (e.g. 0,2,1) or "nominal"; got ${quoted(text)}`);
    }
  });
}
