// Catalog scenarios about several people sharing work items: one person's delete seen by another,
// and three deletes landing at nearly the same moment.
import { OCTOBER_ITEMS, USER_1, workItem } from './fixtures';
import type { Scenario } from './types';

const USER_B = { name: 'B', userId: '2' };
const USER_C = { name: 'C', userId: '3' };

/** A team item A and B both see, in October 2025. */
const TEAM_OFFSITE = workItem(10, 'Team offsite', '2025-10-21', '2025-10-22', ['1', '2'], 'activity');

export const crossUserDelete: Scenario = {
  name: 'cross-user-delete',
  description: 'B deletes a team item A also sees; A reloads, then goes to November and back',
  details:
    'Issue 3 catalog. Users A (id 1) and B (id 2) both see the shared item "Team offsite" and both have October 2025 ' +
    'open. B deletes it. A then reloads the page (F5), and separately navigates to November and back to October ' +
    '(lazyFetching fetches October again). Every cache key and version counter of the seed is per user: does B\'s delete ' +
    'reach what A is served?',
  today: '2025-10-06',
  defaultPreset: 'broken',
  configDefaults: {},
  users: [USER_1, USER_B],
  items: [...OCTOBER_ITEMS, TEAM_OFFSITE, workItem(11, 'Vendor call', '2025-10-14', '2025-10-14', ['2'], 'meeting')],
  steps: [
    { atMs: -1000, user: 'A', do: 'open', month: '2025-10' },
    { atMs: -900, user: 'B', do: 'open', month: '2025-10' },
    { atMs: 0, user: 'B', do: 'delete', item: TEAM_OFFSITE.uuid },
    { atMs: 2000, user: 'A', do: 'reload' },
    { atMs: 4000, user: 'A', do: 'navigate', month: '2025-11' },
    { atMs: 6000, user: 'A', do: 'navigate', month: '2025-10' },
  ],
};

/** Three team items everybody sees. */
const SHARED = [
  workItem(30, 'Steering committee', '2025-10-09', '2025-10-09', ['1', '2', '3'], 'meeting'),
  workItem(31, 'Partner workshop', '2025-10-16', '2025-10-17', ['1', '2', '3'], 'activity'),
  workItem(32, 'Annual plan draft', '2025-10-23', '2025-10-30', ['1', '2', '3'], 'project', 'in_progress'),
];

export const concurrentDeletes: Scenario = {
  name: 'concurrent-deletes',
  description: 'A, B and C delete three different shared items within a few ms, on 3 workers sharing Redis',
  details:
    'Issue 3 catalog. Users A, B and C all see three team items and have October 2025 open. Each deletes a different ' +
    'one at nearly the same moment (0, 10 and 20 ms, each up to 20 ms later). Three gunicorn workers share one ' +
    'Redis cache, so the deletes, their version bumps and the listeners\' refetches interleave on one cache.',
  today: '2025-10-06',
  defaultPreset: 'broken',
  configDefaults: { 'deploy.workers': 3, 'deploy.cacheBackend': 'redis' },
  users: [USER_1, USER_B, USER_C],
  items: [...SHARED, workItem(33, 'Budget review', '2025-10-08', '2025-10-08', ['1'], 'meeting')],
  steps: [
    { atMs: -1000, user: 'A', do: 'open', month: '2025-10' },
    { atMs: -900, user: 'B', do: 'open', month: '2025-10' },
    { atMs: -800, user: 'C', do: 'open', month: '2025-10' },
    { atMs: 0, user: 'A', do: 'delete', item: SHARED[0].uuid, jitterMs: 20 },
    { atMs: 10, user: 'B', do: 'delete', item: SHARED[1].uuid, jitterMs: 20 },
    { atMs: 20, user: 'C', do: 'delete', item: SHARED[2].uuid, jitterMs: 20 },
  ],
};
