// The exact keys the seed's `work_item_delete` deletes, computed with the seed's own arithmetic
// from "today" (date.today() on the server), never from the range the calendar really requested.
import { calendarFeedKey, STATUSES, WORK_TYPES } from './calendarFeedKey';
import { addDays, firstOfMonth } from './pythonDate';
import { weekday } from './pythonDate';

export interface DateSpan {
  start: string;
  end: string;
}

/**
 * The current code (seed, "CURRENT CODE (INCORRECT)"):
 *   for month_offset in range(4):
 *       start_of_month = (today.replace(day=1) + timedelta(days=32 * month_offset)).replace(day=1)
 *       end_of_month = (start_of_month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
 */
export function monthBoundarySpans(today: string): DateSpan[] {
  const spans: DateSpan[] = [];
  for (let offset = 0; offset < 4; offset++) {
    const start = firstOfMonth(addDays(firstOfMonth(today), 32 * offset));
    const end = addDays(firstOfMonth(addDays(start, 32)), -1);
    spans.push({ start, end });
  }
  return spans;
}

/**
 * The seed's "alternative" (fix 2 code block):
 *   start_of_calendar_view = first_of_month - timedelta(days=first_of_month.weekday() + 1)
 *   for month_offset in range(-2, 3):
 *       view_start = start_of_calendar_view + timedelta(days=42 * month_offset)
 *       view_end = view_start + timedelta(days=42)
 * Note: for a month whose 1st is a Sunday, weekday() is 6 and this goes back a whole week.
 */
export function sixWeekSpans(today: string): DateSpan[] {
  const first = firstOfMonth(today);
  const viewStart = addDays(first, -(weekday(first) + 1));
  const spans: DateSpan[] = [];
  for (let offset = -2; offset <= 2; offset++) {
    const start = addDays(viewStart, 42 * offset);
    spans.push({ start, end: addDays(start, 42) });
  }
  return spans;
}

/** Every work type x status combination for each span, as the seed's nested loops build them. */
export function keysForSpans(userId: string, spans: DateSpan[]): string[] {
  const keys: string[] = [];
  for (const span of spans)
    for (const workType of WORK_TYPES)
      for (const status of STATUSES)
        keys.push(calendarFeedKey({ userId, workType, status, startDate: span.start, endDate: span.end }));
  return keys;
}
