// Catalog scenario about the page: a feed request still in flight when the delete is acknowledged.
import { OCTOBER_ITEMS, SITE_VISIT, USER_1 } from './fixtures';
import type { Scenario } from './types';

export const inflightRefetch: Scenario = {
  name: 'inflight-refetch',
  description: "a feed request is still in flight when the delete's HX-Trigger reaches the page",
  details:
    'Issue 3 catalog. A opens October and deletes "Site visit". At 190 ms (up to 60 ms later) something else on the ' +
    'page calls calendar.refetchEvents(), so that fetch is still on its way when the HX-Trigger workItemDeleted ' +
    'arrives (about 210 ms) and answers after it. Two workers sharing Redis, so the feed request is served beside the delete, not after it.',
  today: '2025-10-06',
  defaultPreset: 'broken',
  configDefaults: { 'deploy.workers': 2, 'deploy.cacheBackend': 'redis' },
  users: [USER_1],
  items: OCTOBER_ITEMS,
  steps: [
    { atMs: -1000, user: 'A', do: 'open', month: '2025-10' },
    { atMs: 0, user: 'A', do: 'delete', item: SITE_VISIT },
    { atMs: 190, user: 'A', do: 'refetch', jitterMs: 60 },
  ],
};
