import type { Lesson } from './types';
import { checkScenario } from '../check/checkScenario';
import { getScenario } from '../scenarios/index';
import { reloadMs } from './reloadTime';
import { BUMP_AFTER, bumpAfterWords, RELOAD_MS, STALE_READER, caseById, caseTrace, howLongQuestion, revealCase, SCHEDULE, versionEvents } from './caseQuestions';
import { workersWords } from './deployment';
import { excerptOfTypes, firstEvent } from './traceQueries';
import { roundRobinQuestion } from './roundRobinReload';

let commitRaceCheck: boolean | undefined;
/** Does 100 random schedules of check (seed 1) find the commit-race under the seed's fixes? Memoized: several questions read it. */
function checkFindsCommitRace(): boolean {
  commitRaceCheck ??= checkScenario(getScenario('commit-race'), { preset: 'seed-fix', runs: 100, seed: 1 }).counterexample !== null;
  return commitRaceCheck;
}

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
  // A getter: the F5 time comes from the run (reloadTime.ts), made when the page is.
  get setup() {
    return (
      "The seed's fixes 1-4 as it writes them: never_cache, a per-user version in the key (read with cache.get, bumped with get-then-set, " +
      'and the six-week delete loop after it), cache-busting fetches, raw uuid ids, and the remove-then-refetch listener. The deployment: ' +
      `${workersWords('multi-worker', 'seed-fix')} (gunicorn processes); the seed's settings define no CACHES, so Django uses its default backend, LocMem: one cache per worker process. A opens October, deletes ` +
      `"Site visit" at 0 ms, and presses F5 at ${reloadMs('multi-worker', 'seed-fix')} ms.`
    );
  },
  questions: [
    {
      id: 'comes-back',
      checkpoint: (t) => firstEvent(t, (e) => e.type === 'user.reload').seq,
      excerpt: (t) => excerptOfTypes(t, ['http.request', 'cache.get', 'cache.set', 'db.delete', 'user.reload'], lesson7.questions[0].checkpoint(t)),
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
    roundRobinQuestion,
    howLongQuestion(
      'seed-fix-cross-user-redis',
      `Now one Redis cache shared by every worker (\`--set deploy.cacheBackend=redis\`, scenario cross-user-delete). B deletes "Team offsite", a team item A also sees; A presses F5 at ${RELOAD_MS} ms. The version counters the run touches are below. How long does A keep being served the item?`,
      "The seed's counter is per user: B's delete bumps calendar_feed_version:2, A's key reads calendar_feed_version:1, so A's old entry stays reachable until its timeout.",
      (t) => versionEvents(t, 2100),
    ),
    howLongQuestion(
      'seed-fix-redis-gap',
      `Redis again, on ${workersWords('inflight-refetch', 'seed-fix')}, autocommit (scenario inflight-refetch): the page's own refetch is in flight when the delete runs. On the schedule with these deviations from the nominal one (${SCHEDULE}), how long is the item stale? The delete view's statements are below.`,
      `In autocommit the DELETE commits at once and the counter moves ${BUMP_AFTER}; a feed request that reads the counter in that gap ${STALE_READER}. The next request reads the new version, so it is a window.`,
    ),
    {
      id: 'commit-race-check',
      checkpoint: (t) => t.events.length - 1,
      prompt:
        "Under ATOMIC_REQUESTS (scenario commit-race) the seed's delete view bumps the Redis counter inside the request's transaction, before the COMMIT, while a second device opens October. Will `cachelab check commit-race --config seed-fix --runs 100 --seed 1` find a violation?",
      choices: ['Yes', 'No'],
      // The reveal's witness (explore's), not the nominal schedule, which holds.
      about: { scenarios: ['commit-race'], preset: 'seed-fix', overrides: [], schedule: { choices: () => caseById('seed-fix-commit-race').choices } },
      answer: () => (checkFindsCommitRace() ? 0 : 1),
      reveal: () =>
        (checkFindsCommitRace() ? 'Yes: its schedules hit the few ms between the bump and the COMMIT. ' : 'No: random schedules almost never hit the few ms between the bump and the COMMIT. ') +
        `\`npx cachelab check commit-race --config seed-fix --runs 100 --seed 1\` (exit ${checkFindsCommitRace() ? 1 : 0}). \`explore\` does find it, and it is not short: ` +
        revealCase(caseById('seed-fix-commit-race'), 'A reader that reads the new version and then the not yet committed rows caches the old list under the new version, and it stays until its TTL.'),
    },
    howLongQuestion(
      'seed-fix-concurrent',
      `A, B and C each delete a different shared item within a few ms, on ${workersWords('concurrent-deletes', 'seed-fix', [], 'sharing')} (scenario concurrent-deletes), with the seed's per-user counters bumped by get-then-set. On the schedule below, how long does A keep being served the items B and C deleted?`,
      "Each delete bumps its own user's counter only. Here A's own bump came before B's and C's DELETEs committed, so A's next feed request cached their items under A's new version, and no later delete moves A's counter again: the entry is served until its TTL. One global counter fixes that, with an atomic bump (incr, or an UPDATE): two concurrent get-then-set bumps can write the same value.",
      (t) => versionEvents(t, Math.min(...t.events.filter((e) => e.type === 'calendar.render' && e.t > 1000).map((e) => e.t))),
    ),
  ],
  // A getter: how many statements the gap is comes from the Redis-gap case's run, made when the page is.
  get takeaway() {
    return (
      'A version counter in a per-process cache is a per-process truth. Moving it to Redis makes it shared but not atomic with the delete: ' +
      `in autocommit the row is gone at the DELETE and the counter moves ${bumpAfterWords(caseById('seed-fix-redis-gap'))}, and a feed request that reads the counter in ` +
      'between is served the old entry (`npx cachelab replay inflight-refetch --config seed-fix --choices 20,0,0,0,0,0,0,0,0,0,0,0,0,70` (exit 1); ' +
      'found by `npx cachelab explore inflight-refetch --config seed-fix --max-states 3000` (exit 1)). The same happens to the project\'s ' +
      'recommendation with its counter moved to Redis: `npx cachelab explore inflight-refetch --config robust --set version.store=cache --max-states 3000` (exit 1). ' +
      'So the counter belongs in a database row updated in the delete\'s own transaction, with one scope for every user who can see the item ' +
      '(`npx cachelab check cross-user-delete --config robust --set version.scope=per-user` (exit 1)); lesson 9 takes that fix apart.'
    );
  },
  exercise:
    'Try `npx cachelab run multi-worker --config seed-fix --set deploy.cacheBackend=redis` and then ' +
    '`npx cachelab run cross-user-delete --config seed-fix --set deploy.cacheBackend=redis`: which fix part does the second one still need? ' +
    'Then run the replay of the Redis gap above and read its timing table: between which two statements of the delete view does the feed request read the counter?',
};
