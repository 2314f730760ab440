// Just enough of Python's datetime.date to run the seed's invalidation arithmetic exactly:
// dates are 'YYYY-MM-DD' strings, computed in UTC so no time zone can shift them.

const DAY_MS = 86_400_000;

export function parseIsoDate(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new RangeError(`bad date "${text}": expected YYYY-MM-DD`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  if (new Date(ms).getUTCDate() !== d || mo < 1 || mo > 12) throw new RangeError(`bad date "${text}": no such day`);
  return ms;
}

export function formatIsoDate(ms: number): string {
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
