import { dayGridMonthRange } from '../../src/app/visibleRange';
import type { Lesson } from './types';
import { excerptOfTypes, firstEvent } from './traceQueries';

const EXISTING = ['0', '1', '25', '100'];
const END_DATES = ['2025-10-31', '2025-11-08', '2025-11-09', '2025-11-30'];

export const lesson3: Lesson = {
  n: 3,
  slug: 'month-boundary-miss',
  title: 'Why the month-boundary invalidation misses',
  goal: "Compare the keys the delete view deletes with the key of the range FullCalendar really requested.",
  run: { scenario: 'seed-broken', preset: 'broken', overrides: [], seed: null },
  setup:
    'The page uses FullCalendar\'s month view (dayGridMonth) with its defaults: fixedWeekCount true, showNonCurrentDates true, and firstDay 0 ' +
    '(Sunday, locale en). With those settings the view always shows 6 whole weeks, 42 days, from the Sunday on or before the 1st; other settings ' +
    'give other ranges (`npx cachelab range 2025-10 --first-day 1`). FullCalendar passes the range to the events function as start and end, and ' +
    'the feed view builds its cache key from them (`calendar_feed:{user_id}:{work_type}:{status}:{start_date}:{end_date}`). ' +
    'The delete view computes the keys to delete from "today" with the seed\'s loop: 4 months x 5 work types x 5 statuses, each month from its 1st to its last day.',
  questions: [
    {
      id: 'end-date',
      // Just before the fetch: its label would show the URL, and with it the answer.
      checkpoint: (t) => firstEvent(t, (e) => e.type === 'calendar.fetch').seq - 1,
      prompt: 'A has opened October 2025 (the 1st is a Wednesday, so the view starts on Sunday 2025-09-28). FullCalendar is about to fetch it. What end date will the feed\'s cache key carry?',
      choices: END_DATES,
      answer: (t) => END_DATES.indexOf(String(firstEvent(t, (e) => e.type === 'cache.set').payload.key).split(':').pop()!),
      reveal: (t) => {
        const key = String(firstEvent(t, (e) => e.type === 'cache.set').payload.key);
        const r = dayGridMonthRange('2025-10');
        return `The key is ${key}: the range is ${r.startDate} to ${r.endDate}, end exclusive (42 days). The seed's diagram says 2025-11-08, an inclusive end FullCalendar never sends.`;
      },
    },
    {
      id: 'keys-existing',
      checkpoint: (t) => firstEvent(t, (e) => e.type === 'db.delete').seq,
      excerpt: (t) => excerptOfTypes(t, ['cache.set', 'user.delete', 'db.delete'], lesson3.questions[1].checkpoint(t)),
      prompt: 'The view is about to call cache.delete on 100 keys. How many of them exist in the cache?',
      choices: EXISTING,
      answer: (t) => EXISTING.indexOf(String((firstEvent(t, (e) => e.type === 'cache.deleteMany').payload.deleted as string[]).length)),
      reveal: (t) => {
        const loop = firstEvent(t, (e) => e.type === 'cache.deleteMany');
        const keys = loop.payload.keys as string[];
        return `${(loop.payload.deleted as string[]).length} of ${keys.length}. The loop's October key is ${keys[0]}; it ends on the last day of the month and starts on the 1st, so it never matches.`;
      },
    },
  ],
  takeaway: 'Invalidation by recomputing exact keys is only as good as the copy of the range rule it carries; here the copy is wrong in both ends.',
  exercise: 'Run `npx cachelab range 2025-06` and compare it with what the seed\'s six-week "alternative" loop computes for June 2025 (1st on a Sunday): see test/app/invalidation.test.ts.',
};
