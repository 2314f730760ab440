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
  goal: "Find a deployment where all four of the seed's fixes, applied as it writes them, still let the item come back.",
  run: { scenario: 'multi-worker', preset: 'seed-fix', overrides: [], seed: null },
  setup:
    "The seed's fixes 1-4: never_cache, a per-user version in the key (bumped with get-then-set), cache-busting fetches, raw uuid ids with " +
    'remove-and-refetch. The deployment runs several gunicorn workers, each with its own LocMem cache (the seed\'s settings define no CACHES).',
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
  takeaway: 'A version counter in a per-process cache is a per-process truth. The fix needs one shared place for the counter (Redis, or a database row), and a scope that covers every user who can see the item.',
  exercise: 'Try `npx cachelab run multi-worker --config seed-fix --set deploy.cacheBackend=redis`, then `npx cachelab run cross-user-delete --config seed-fix --set deploy.cacheBackend=redis`: which fix part does the second one still need?',
};
