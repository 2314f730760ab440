// Just enough of Python's datetime.date to run the seed's invalidation arithmetic exactly:
// dates are 'YYYY-MM-DD' strings, computed in UTC so no time zone can shift them.
//
// A run asks for the same few dozen dates thousands of times (every delete computes 25 spans'
// keys, every feed event its exclusive end), so parsed and formatted dates are remembered: a
// string in, the same answer out. The memos only ever hold what the plain code computed (a bad
// date still throws every time), and are cleared when large so no input grows them without bound.
import { BoundedMemo } from '../boundedMemo';

const DAY_MS = 86_400_000;
/** Entries a memo holds before it starts over (a run uses a few dozen dates). */
const MEMO_LIMIT = 4096;

const parsed = new BoundedMemo<string, number>(MEMO_LIMIT);
const formatted = new BoundedMemo<number, string>(MEMO_LIMIT);

export function parseIsoDate(text: string): number {
  return parsed.get(text, parseDate);
}

function parseDate(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new RangeError(`bad date "${text}": expected YYYY-MM-DD`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  if (new Date(ms).getUTCDate() !== d || mo < 1 || mo > 12) throw new RangeError(`bad date "${text}": no such day`);
  return ms;
}

export function formatIsoDate(ms: number): string {
  return formatted.get(ms, formatDate);
}

function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** date + timedelta(days=n) */
export function addDays(date: string, n: number): string {
  return formatIsoDate(parseIsoDate(date) + n * DAY_MS);
}

/** date.replace(day=1) */
export function firstOfMonth(date: string): string {
  return `${date.slice(0, 8)}01`;
}

/** date.weekday(): Monday is 0, Sunday is 6. */
export function weekday(date: string): number {
  return (new Date(parseIsoDate(date)).getUTCDay() + 6) % 7;
}
