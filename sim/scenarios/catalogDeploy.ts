// Catalog scenarios about the deployment: several worker processes, transactions, a full cache.
import { OCTOBER_ITEMS, SITE_VISIT, USER_1, workItem } from './fixtures';
import type { Scenario, ScenarioStep, ScenarioUser } from './types';

export const multiWorker: Scenario = {
  name: 'multi-worker',
  description: 'three gunicorn workers, each with its own LocMem cache: open, delete, reload',
  details:
    'Issue 3 catalog. The seed\'s deployment with 3 worker processes instead of 1 (LocMem is per process, FACTS 3). ' +
    'Requests are routed by the chooser (round-robin in the nominal schedule, any idle worker in others). A opens ' +
    'October, deletes "Site visit", reloads at 2 s.',
  today: '2025-10-06',
  defaultPreset: 'broken',
  configDefaults: { 'deploy.workers': 3, 'deploy.cacheBackend': 'locmem' },
  users: [USER_1],
  items: OCTOBER_ITEMS,
  steps: [
    { atMs: -1000, user: 'A', do: 'open', month: '2025-10' },
    { atMs: 0, user: 'A', do: 'delete', item: SITE_VISIT },
    { atMs: 2000, user: 'A', do: 'reload' },
  ],
};

/** User 1 again, on a second device: its own page and browser cache, the same Django user. */
const USER_1_PHONE: ScenarioUser = { name: 'A2', userId: '1' };

export const commitRace: Scenario = {
  name: 'commit-race',
  description: 'ATOMIC_REQUESTS: a feed request for the same range runs while the delete\'s transaction is open',
  details:
    'Issue 3 catalog. ATOMIC_REQUESTS on, 2 workers sharing Redis. A opened October 10 minutes ago (so the feed\'s ' +
    '300 s cache entry has expired) and deletes "Site visit"; the same user on a second device (A2) opens October at ' +
    'any moment from 0 to 300 ms, so its feed request runs beside the delete at every offset the schedule allows: ' +
    'before the DELETE statement, between it and the COMMIT, or after.',
  today: '2025-10-06',
  defaultPreset: 'broken',
  configDefaults: { 'deploy.atomicRequests': true, 'deploy.workers': 2, 'deploy.cacheBackend': 'redis' },
  users: [USER_1, USER_1_PHONE],
  items: OCTOBER_ITEMS,
  steps: [
    { atMs: -600_000, user: 'A', do: 'open', month: '2025-10' },
    { atMs: 0, user: 'A', do: 'delete', item: SITE_VISIT },
    { atMs: 0, user: 'A2', do: 'open', month: '2025-10', jitterMs: 300 },
  ],
};

/** Six more people, each with one item of their own in October. */
const OTHERS: ScenarioUser[] = ['B', 'C', 'D', 'E', 'F', 'G'].map((name, i) => ({ name, userId: String(i + 2) }));

export const cachePressure: Scenario = {
  name: 'cache-pressure',
  description: "other users' feed requests fill the LocMem cache (MAX_ENTRIES 6) between A's requests",
  details:
    'Issue 3 catalog. The seed\'s single worker with LocMem, MAX_ENTRIES lowered to 6 (CULL_FREQUENCY 3) so a few ' +
    'users fill it. A opens October and deletes "Site visit"; six other users open October between 300 and 800 ms, ' +
    'each feed response a cache.set that culls the least recently used third once the cache is full; A reloads at 2 s ' +
    'and again at 4 s.',
  today: '2025-10-06',
  defaultPreset: 'broken',
  configDefaults: { 'cache.maxEntries': 6, 'cache.cullFrequency': 3 },
  users: [USER_1, ...OTHERS],
  items: [
    ...OCTOBER_ITEMS,
    ...OTHERS.map((u, i) => workItem(40 + i, `Task of ${u.name}`, '2025-10-1' + String(i), '2025-10-1' + String(i), [u.userId])),
  ],
  steps: [
    { atMs: -1000, user: 'A', do: 'open', month: '2025-10' },
    { atMs: 0, user: 'A', do: 'delete', item: SITE_VISIT },
    ...OTHERS.map((u, i): ScenarioStep => ({ atMs: 300 + 100 * i, user: u.name, do: 'open', month: '2025-10' })),
    { atMs: 2000, user: 'A', do: 'reload' },
    { atMs: 4000, user: 'A', do: 'reload' },
  ],
};
