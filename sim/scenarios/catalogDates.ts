// Catalog scenarios about dates: the visible range the invalidation code has to guess.
import { USER_1, workItem } from './fixtures';
import type { Scenario } from './types';

/** June 2025 starts on a Sunday: FullCalendar shows 2025-06-01 .. 2025-07-13 (FACTS 1). */
const JUNE_ITEMS = [
  workItem(20, 'Design review', '2025-06-04', '2025-06-04', ['1'], 'meeting'),
  workItem(21, 'Field visit', '2025-06-18', '2025-06-19', ['1'], 'activity'),
  workItem(22, 'Mid-year report', '2025-07-07', '2025-07-09', ['1'], 'project', 'in_progress'),
];

export const sundayMonth: Scenario = {
  name: 'sunday-month',
  description: 'June 2025 (the 1st is a Sunday): open, delete, reload',
  details:
    'Issue 3 catalog. Today is 2025-06-10 and A works in June 2025, whose 1st is a Sunday: FullCalendar\'s range is ' +
    '2025-06-01 .. 2025-07-13, while the seed\'s six-week arithmetic (weekday() + 1) goes back to 2025-05-25. A opens ' +
    'June, deletes "Field visit", reloads at 2 s.',
  today: '2025-06-10',
  defaultPreset: 'broken',
  configDefaults: {},
  users: [USER_1],
  items: JUNE_ITEMS,
  steps: [
    { atMs: -1000, user: 'A', do: 'open', month: '2025-06' },
    { atMs: 0, user: 'A', do: 'delete', item: JUNE_ITEMS[1].uuid },
    { atMs: 2000, user: 'A', do: 'reload' },
  ],
};

/** January 2026, three months after "today": FullCalendar shows 2025-12-28 .. 2026-02-08. */
const JANUARY_ITEMS = [
  workItem(25, 'New-year kickoff', '2026-01-05', '2026-01-05', ['1'], 'meeting'),
  workItem(26, 'Regional visit', '2026-01-20', '2026-01-22', ['1'], 'activity'),
];

export const otherMonth: Scenario = {
  name: 'other-month',
  description: 'today is in October 2025; A deletes an item while viewing January 2026',
  details:
    'Issue 3 catalog. Today is 2025-10-06, but A is planning ahead in January 2026 (range 2025-12-28 .. 2026-02-08). ' +
    'The seed\'s invalidation loops compute their keys from today, not from the range the calendar asked for. ' +
    'A opens January 2026, deletes "Regional visit", reloads at 2 s.',
  today: '2025-10-06',
  defaultPreset: 'broken',
  configDefaults: {},
  users: [USER_1],
  items: JANUARY_ITEMS,
  steps: [
    { atMs: -1000, user: 'A', do: 'open', month: '2026-01' },
    { atMs: 0, user: 'A', do: 'delete', item: JANUARY_ITEMS[1].uuid },
    { atMs: 2000, user: 'A', do: 'reload' },
  ],
};
