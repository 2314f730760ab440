// The seed's own timelines and manual tests. As in the seed's timing diagram, t = 0 is the click
// on Delete; the calendar was opened a second earlier.
import type { Scenario } from './types';
import { OCTOBER_ITEMS, SITE_VISIT, USER_1 } from './fixtures';

const base = {
  today: '2025-10-06',
  users: [USER_1],
  items: OCTOBER_ITEMS,
};

export const seedBroken: Scenario = {
  ...base,
  name: 'seed-broken',
  description: "the seed's broken flow: the item disappears, then comes back on the next fetch (F5)",
  details:
    'Seed "Current Broken Flow", branch where the listener finds the event: event.remove() hides it at once, but ' +
    'work_item_delete deleted month-boundary keys, not the key of the 42-day range the calendar cached, so the ' +
    'next feed request (a reload at 5 s) is a server cache hit with the deleted item.',
  defaultPreset: 'broken',
  configDefaults: {},
  steps: [
    { atMs: -1000, user: 'A', do: 'open', month: '2025-10' },
    { atMs: 0, user: 'A', do: 'delete', item: SITE_VISIT },
    { atMs: 5000, user: 'A', do: 'reload' },
  ],
};

export const seedBrokenIdMismatch: Scenario = {
  ...base,
  name: 'seed-broken-id-mismatch',
  description: "the seed's broken flow where getEventById finds nothing: the item never disappears",
  details:
    'Seed "Current Broken Flow", branch "If NOT found (ID mismatch)": the feed emits ids in a format the listener ' +
    'does not try (work_item_{uuid}), so it falls back to refetchEvents(), whose request is a server cache hit.',
  defaultPreset: 'broken',
  configDefaults: { 'feed.eventIdFormat': 'unmatched' },
  steps: [
    { atMs: -1000, user: 'A', do: 'open', month: '2025-10' },
    { atMs: 0, user: 'A', do: 'delete', item: SITE_VISIT },
  ],
};

export const seedFixed: Scenario = {
  ...base,
  name: 'seed-fixed',
  description: "the seed's fixed flow and timing diagram: gone at 210 ms, fresh data at 350 ms",
  details:
    'Seed "Fixed Flow" and "Timing Diagram: Delete Operation" with the seed\'s fixes 1-4: DELETE sent at 50 ms, ' +
    'response at 200 ms, item removed at 210 ms, background refetch sent at 220 ms, fresh data rendered at 350 ms. ' +
    'See docs/timeline.md for the latency table and where the seed\'s own numbers do not add up.',
  defaultPreset: 'seed-fix',
  configDefaults: {},
  steps: [
    { atMs: -1000, user: 'A', do: 'open', month: '2025-10' },
    { atMs: 0, user: 'A', do: 'delete', item: SITE_VISIT },
  ],
};

export const seedTest1: Scenario = {
  ...base,
  name: 'seed-test-1',
  description: 'seed test case 1: delete, then refresh the page (F5): is the item still gone?',
  details: 'Seed "Testing the Fixes", Test Case 1: click delete, expect instant removal; press F5, expect the item to stay gone.',
  defaultPreset: 'seed-fix',
  configDefaults: {},
  steps: [
    { atMs: -1000, user: 'A', do: 'open', month: '2025-10' },
    { atMs: 0, user: 'A', do: 'delete', item: SITE_VISIT },
    { atMs: 2000, user: 'A', do: 'reload' },
  ],
};

export const seedTest2: Scenario = {
  ...base,
  name: 'seed-test-2',
  description: 'seed test case 2: the cache headers on the refetch request and its response',
  details:
    'Seed "Testing the Fixes", Test Case 2: after a delete, the refetch request should carry Cache-Control: no-cache ' +
    'and the response Cache-Control: no-store or max-age=0. Read them in the http.send / http.respond events.',
  defaultPreset: 'seed-fix',
  configDefaults: {},
  steps: [
    { atMs: -1000, user: 'A', do: 'open', month: '2025-10' },
    { atMs: 0, user: 'A', do: 'delete', item: SITE_VISIT },
  ],
};

export const seedTest3: Scenario = {
  ...base,
  name: 'seed-test-3',
  description: 'seed test case 3: delete in October, go to September, come back',
  details: 'Seed "Testing the Fixes", Test Case 3: delete in October 2025, navigate to September, back to October; the item must not reappear.',
  defaultPreset: 'seed-fix',
  configDefaults: {},
  steps: [
    { atMs: -1000, user: 'A', do: 'open', month: '2025-10' },
    { atMs: 0, user: 'A', do: 'delete', item: SITE_VISIT },
    { atMs: 2000, user: 'A', do: 'navigate', month: '2025-09' },
    { atMs: 4000, user: 'A', do: 'navigate', month: '2025-10' },
  ],
};
