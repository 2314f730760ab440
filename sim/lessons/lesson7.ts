import type { Lesson } from './types';
import { firstEvent } from './traceQueries';

const WHY = [
  'The browser served its cached copy',
  "Another worker's LocMem cache still held the old version's entry",
  'The database still had the row',
  'FullCalendar kept the event in its store',
];

export const lesson7: Lesson = {
  n: 7,
  slug: 'seed-fix-not-enough',
  title: "When the seed's fix is not enough",
  goal: "Put the seed's four fixes, applied as it writes them, on deployments and schedules the seed did not try, and say for each what still breaks.",
  run: { scenario: 'multi-worker', preset: 'seed-fix', overrides: [], seed: null },
  setup:
    "The seed's fixes 1-4 as it writes them: never_cache, a per-user version in the key (read with cache.get, bumped with get-then-set, " +
    'and the six-week delete loop after it), cache-busting fetches, raw uuid ids, and the remove-then-refetch listener. The deployment: ' +
    "three gunicorn workers; the seed's settings define no CACHES, so Django uses its default backend. A opens October, deletes " +
    '"Site visit" at 0 ms, and reloads at 2 s.',
  questions: [
    {
      id: 'comes-back',
      checkpoint: (t) => firstEvent(t, (e) => e.type === 'user.reload').seq,
      prompt: 'With every fix applied, the user reloads the page. Will the deleted item come back?',
      choices: ['Yes', 'No'],
      answer: (t) => (t.outcome.deletions[0].users.some((u) => u.resurrections.length > 0) ? 0 : 1),
      reveal: (t) => t.outcome.summary.join(' '),
    },
    {
      id: 'why',
      checkpoint: (t) => firstEvent(t, (e) => e.type === 'user.reload').seq,
      prompt: 'Why?',
      choices: WHY,
      answer: (t) => {
        const r = t.outcome.deletions[0].users.flatMap((u) => u.resurrections)[0];
        if (!r) return 2;
        const chain = r.causeSeqs.map((s) => t.events[s]);
        if (chain.some((e) => e.type === 'http.cacheHit')) return 0;
        const hit = chain.find((e) => e.type === 'cache.get' && e.payload.hit === true && Array.isArray(e.payload.items));
        const deleteWorker = t.events.find((e) => e.type === 'http.request' && e.payload.method === 'DELETE')?.actor;
        if (hit && deleteWorker && hit.actor !== deleteWorker.replace('worker:', 'cache:')) return 1;
        return hit ? 1 : 2;
      },
      reveal: (t) => {
        const del = t.events.find((e) => e.type === 'http.request' && e.payload.method === 'DELETE');
        const r = t.outcome.deletions[0].users.flatMap((u) => u.resurrections)[0];
        const hit = r?.causeSeqs.map((s) => t.events[s]).find((e) => e.type === 'cache.get' && e.payload.hit === true && Array.isArray(e.payload.items));
        return `The delete ran on ${del?.actor ?? 'one worker'} and bumped the version in that worker's LocMem only. ` +
          (hit ? `The reload was served by ${hit.actor}: ${hit.label} at ${hit.t} ms.` : '');
      },
    },
  ],
  takeaway:
    'A version counter in a per-process cache is a per-process truth. Moving it to Redis makes it shared but not atomic with the delete: ' +
    'in autocommit the row is gone at the DELETE and the counter moves a statement later, and a feed request that reads the counter in ' +
    'between is served the old entry (`npx cachelab replay inflight-refetch --config seed-fix --choices 20,0,0,0,0,0,0,0,0,0,0,0,0,70` (exit 1); ' +
    'found by `npx cachelab explore inflight-refetch --config seed-fix --max-states 3000` (exit 1)). The same happens to the project\'s ' +
    'recommendation with its counter moved to Redis: `npx cachelab explore inflight-refetch --config robust --set version.store=cache --max-states 3000` (exit 1). ' +
    'So the counter belongs in a database row updated in the delete\'s own transaction, with one scope for every user who can see the item ' +
    '(`npx cachelab check cross-user-delete --config robust --set version.scope=per-user` (exit 1)); lesson 9 takes that fix apart.',
  exercise:
    'Try `npx cachelab run multi-worker --config seed-fix --set deploy.cacheBackend=redis` and then ' +
    '`npx cachelab run cross-user-delete --config seed-fix --set deploy.cacheBackend=redis`: which fix part does the second one still need? ' +
    'Then run the replay of the Redis gap above and read its timing table: between which two statements of the delete view does the feed request read the counter?',
};
