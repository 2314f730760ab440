// FullCalendar 6's dayGridMonth visible-range rule: the dates a month view asks its `events`
// function for, and the exact strings it hands over. What surprises people (and the seed): the
// range is not the month. It is padded to whole weeks (starting on `firstDay`) and, with the
// default `fixedWeekCount: true`, always 6 weeks = 42 days, with an EXCLUSIVE end
// (October 2025 -> 2025-09-28 .. 2025-11-09, not the seed's 2025-11-08). With timeZone 'local'
// the offsets of startStr and endStr can differ across a DST change (-04:00 .. -05:00).
// Source read: packages/daygrid/src/TableDateProfileGenerator.ts (buildDayTableRenderRange),
// packages/core/src/DateProfileGenerator.ts (activeRange), core datelib/formatting-utils.ts
// (buildIsoString). Day arithmetic is on whole days since 1970-01-01 so it never depends on the
// host's zone; only the offsets come from Intl.DateTimeFormat.
import { BoundedMemo } from '../boundedMemo';

export interface RangeOptions {
  /** 0 = Sunday .. 6 = Saturday; default 0 (locale `en`). */
  firstDay?: number;
  /** 'UTC' (default), or an IANA zone meaning a browser in that zone with FullCalendar timeZone:'local'. */
  timeZone?: string;
  /** default true: always 6 weeks. */
  fixedWeekCount?: boolean;
  /** default true: false shrinks the fetched (active) range to the month itself. */
  showNonCurrentDates?: boolean;
}

export interface VisibleRange {
  month: string; // YYYY-MM
  startDate: string; // YYYY-MM-DD
  endDate: string; // YYYY-MM-DD, exclusive
  startStr: string;
  endStr: string;
}

export type ResolvedRangeOptions = Required<RangeOptions>;

const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;
const EXAMPLE_TIME_ZONE = 'America/New_York';

export function parseMonth(text: string): { year: number; month: number } {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  const month = match ? Number(match[2]) : 0;
  if (!match || month < 1 || month > 12) {
    throw new RangeError(`Invalid month "${text}": expected YYYY-MM with MM from 01 to 12, e.g. "2025-10"`);
  }
  return { year: Number(match[1]), month };
}

function formatMonth(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function addMonths(month: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addMonths needs a whole number of months, got ${n}`);
  const { year, month: m } = parseMonth(month);
  const index = year * 12 + (m - 1) + n;
  const nextYear = Math.floor(index / 12);
  if (nextYear < 0 || nextYear > 9999) {
    throw new RangeError(`addMonths(${JSON.stringify(month)}, ${n}) leaves the years 0000..9999`);
  }
  return formatMonth(nextYear, index - nextYear * 12 + 1);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1-12); pure integer arithmetic. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** 'YYYY-MM-DD' of a day number, the way FullCalendar's formatDayString cuts toISOString. */
export function formatDay(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().replace(/T.*$/, '');
}

function dayOfWeek(days: number): number {
  return (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4)
}

/** DateEnv.startOfWeek: back up to the most recent `firstDay`. */
function startOfWeek(days: number, firstDay: number): number {
  return days - ((dayOfWeek(days) - firstDay + 7) % 7);
}

// A Map, not a plain object: a zone named "constructor" must not find Object.prototype's member.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new RangeError(
        `Invalid time zone ${JSON.stringify(timeZone)}: use 'UTC' or an IANA zone name such as '${EXAMPLE_TIME_ZONE}'`,
      );
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a RangeError naming a valid example when `timeZone` is not 'UTC' or a known IANA zone. */
export function assertTimeZone(timeZone: string): void {
  if (typeof timeZone !== 'string' || timeZone === '') {
    throw new RangeError(`Invalid time zone ${JSON.stringify(timeZone)}: use 'UTC' or an IANA zone name such as '${EXAMPLE_TIME_ZONE}'`);
  }
  formatterFor(timeZone);
}

/** Offset east of UTC, in minutes, that `timeZone` has at the instant `epochMs`. */
export function offsetMinutesAt(timeZone: string, epochMs: number): number {
  const fields: Record<string, number> = {};
  let bc = false;
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type === 'era') bc = part.value.startsWith('B');
    else if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const year = bc ? 1 - fields.year : fields.year;
  const wallMs =
    daysFromCivil(year, fields.month, fields.day) * MS_PER_DAY +
    ((fields.hour * 60 + fields.minute) * 60 + fields.second) * 1000;
  // epochMs may carry milliseconds that the formatted wall clock drops
  return Math.round((wallMs - (epochMs - (((epochMs % 1000) + 1000) % 1000))) / MS_PER_MINUTE);
}

/**
 * What a browser's `new Date(y, m, d).getTimezoneOffset()` reports (negated) for local midnight:
 * FullCalendar's offsetForMarker with timeZone 'local'. Like JS Date, an ambiguous wall time takes
 * the earlier instant and a skipped one is pushed forward, so it then reports the later offset.
 */
export function offsetMinutesAtWallClock(timeZone: string, wallMs: number): number {
  const before = offsetMinutesAt(timeZone, wallMs - MS_PER_DAY);
  const after = offsetMinutesAt(timeZone, wallMs + MS_PER_DAY);
  let earliest: number | null = null;
  for (const offset of [before, after]) {
    const instant = wallMs - offset * MS_PER_MINUTE;
    if (offsetMinutesAt(timeZone, instant) === offset && (earliest === null || instant < earliest)) {
      earliest = instant;
    }
  }
  return offsetMinutesAt(timeZone, earliest ?? wallMs - before * MS_PER_MINUTE);
}

/** formatting-utils formatTimeZoneOffset(minutes, true): '+HH:MM' / '-HH:MM'. */
function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  const hours = Math.floor(abs / 60);
  const mins = Math.round(abs % 60);
  return `${minutes < 0 ? '-' : '+'}${String(hours).padStart(2, '0')}:${String(mins).padStart(2, '0')}`;
}

/** buildIsoString: no milliseconds; 'Z' kept only when the offset is exactly 0. */
export function isoStringAtMidnight(days: number, timeZone: string): string {
  const wallMs = days * MS_PER_DAY;
  const offset = timeZone === 'UTC' ? 0 : offsetMinutesAtWallClock(timeZone, wallMs);
  const text = new Date(wallMs).toISOString().replace('.000', '');
  return offset === 0 ? text : text.replace('Z', formatOffset(offset));
}

export function resolveRangeOptions(options: RangeOptions = {}): ResolvedRangeOptions {
  const firstDay = options.firstDay ?? 0;
  if (!Number.isInteger(firstDay) || firstDay < 0 || firstDay > 6) {
    throw new RangeError(`Invalid firstDay ${JSON.stringify(firstDay)}: expected an integer 0 (Sunday) .. 6 (Saturday)`);
  }
  const timeZone = options.timeZone ?? 'UTC';
  assertTimeZone(timeZone);
  return {
    firstDay,
    timeZone,
    fixedWeekCount: options.fixedWeekCount ?? true,
    showNonCurrentDates: options.showNonCurrentDates ?? true,
  };
}

/**
 * Ranges computed so far, by month and options: every navigation and fetch asks, and a zone's
 * offsets cost several Intl calls. Only what the plain computation returned is kept (a bad month
 * or option still throws every time), and each caller gets its own copy. Bounded: scenarios can
 * name months and zones without end.
 */
const RANGES = new BoundedMemo<string, VisibleRange>(1024);

export function dayGridMonthRange(month: string, options?: RangeOptions): VisibleRange {
  const resolved = resolveRangeOptions(options);
  const id = `${month} ${resolved.firstDay} ${resolved.fixedWeekCount} ${resolved.showNonCurrentDates} ${resolved.timeZone}`;
  const range = RANGES.get(id, () => computeDayGridMonthRange(month, resolved));
  return { month: range.month, startDate: range.startDate, endDate: range.endDate, startStr: range.startStr, endStr: range.endStr };
}

/** dayGridMonthRange without the memo (the test compares the two). */
export function computeDayGridMonthRange(month: string, options: ResolvedRangeOptions): VisibleRange {
  const { firstDay, timeZone, fixedWeekCount, showNonCurrentDates } = options;
  const { year, month: m } = parseMonth(month);
  // currentRange: the month itself, [1st, 1st of next month)
  const monthStart = daysFromCivil(year, m, 1);
  const monthEnd = daysFromCivil(m === 12 ? year + 1 : year, m === 12 ? 1 : m + 1, 1);

  // snapToWeek: start on firstDay; push the end to the next week boundary unless already on one
  let start = startOfWeek(monthStart, firstDay);
  let end = startOfWeek(monthEnd, firstDay);
  if (end !== monthEnd) end += 7;

  if (fixedWeekCount) {
    // FullCalendar counts rows from the first rendered week of the range's last month (built for
    // multi-month views); for one month that is `start`
    const lastMonthRenderStart = startOfWeek(monthStart, firstDay);
    const rowCount = Math.ceil((end - lastMonthRenderStart) / 7);
    end += 7 * (6 - rowCount);
  }

  // activeRange (what gets fetched) = renderRange, cut to the month when non-current dates are hidden
  if (!showNonCurrentDates) {
    start = Math.max(start, monthStart);
    end = Math.min(end, monthEnd);
  }

  return {
    month,
    startDate: formatDay(start),
    endDate: formatDay(end),
    startStr: isoStringAtMidnight(start, timeZone),
    endStr: isoStringAtMidnight(end, timeZone),
  };
}
