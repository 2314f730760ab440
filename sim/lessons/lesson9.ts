// Lesson 9: the recommendation taken apart. Each question removes one part of `robust` and asks
// what breaks and for how long; every answer comes from the ablation case's run (sim/lessons/
// ablation.ts), the same runs docs/recommendation.md's staleness table is generated from.
import { BASE_CONFIG } from '../../src/config';
import { runScenario } from '../run';
import { getScenario } from '../scenarios/index';
import { checkInvariants } from '../invariants/index';
import { BUMP_AFTER, howLongQuestion as howLong, SCHEDULE, STALE_READER } from './caseQuestions';
import { workersWords } from './deployment';
import type { Lesson, Question } from './types';
import { deleteViewEvents, excerptLines, firstEvent } from './traceQueries';

/** The feed entries' timeout (feed.cacheTtlS): the questions quote it, so it is read, not typed. */
const FEED_TTL_S = BASE_CONFIG['feed.cacheTtlS'];

/** "Which scenario fails?" about one change: exactly one candidate may fail on its nominal schedule. */
function whichFails(id: string, set: string[], candidates: string[], prompt: string, why: string): Question {
  const failing = () => {
    const f = candidates.filter((s) => checkInvariants(runScenario(getScenario(s), { preset: 'robust', overrides: set })).length > 0);
    if (f.length !== 1) throw new Error(`lesson 9 "${id}": expected exactly one failing scenario of ${candidates.join(', ')}, got ${f.join(', ') || 'none'}`);
    return f[0];
  };
  return {
    id,
    checkpoint: (t) => t.events.length - 1,
    prompt,
    choices: candidates,
    about: { scenarios: candidates, preset: 'robust', overrides: set },
    answer: () => candidates.indexOf(failing()),
    reveal: () => {
      const s = failing();
      const n = checkInvariants(runScenario(getScenario(s), { preset: 'robust', overrides: set })).length;
      return `${s} (${n} violation(s) on its nominal schedule): \`npx cachelab check ${s} --config robust ${set.map((o) => `--set ${o}`).join(' ')}\` (exit 1). ${why}`;
    },
  };
}

export const lesson9: Lesson = {
  n: 9,
  slug: 'recommended-fix',
  title: 'The recommended fix, part by part',
  goal: 'Take one part of the recommended fix away at a time, and predict which scenario then fails and how long the deleted item stays stale.',
  run: { scenario: 'inflight-refetch', preset: 'robust', overrides: [], seed: null },
  setup:
    "`robust` is the project's recommendation (docs/recommendation.md). In the delete view: one global version counter in a database row, " +
    "updated in the same transaction as the DELETE; the feed's cache key carries that version; no key-deleting loops. In the page: " +
    'remove the event, then refetchEvents(), in the same listener; never_cache on the feed; raw uuid ids. Here it runs inflight-refetch: ' +
    `${workersWords('inflight-refetch', 'robust', [], 'sharing')}, and a feed request of the page still in flight when the delete answers. ` +
    `Every question below changes one part with --set and gives the trace lines it needs; the feed's cache entries are set with a ${FEED_TTL_S} s timeout.`,
  questions: [
    {
      id: 'robust-order',
      checkpoint: (t) => firstEvent(t, (e) => e.type === 'db.commit').seq,
      prompt: "The delete view has just committed. Is there a moment when the row is gone for other requests but the version they read is still the old one?",
      choices: ['Yes, between the DELETE and the version UPDATE', 'Yes, between the COMMIT and the version UPDATE', 'No: both change at the one COMMIT'],
      excerpt: (t) => excerptLines(t, deleteViewEvents(t)),
      answer: (t) => {
        const commit = firstEvent(t, (e) => e.type === 'db.commit');
        const bump = firstEvent(t, (e) => e.type === 'db.incrementVersion');
        return bump.seq < commit.seq && String(bump.label).includes('in transaction') ? 2 : 1;
      },
      reveal: () =>
        'No: the DELETE and the UPDATE are in one transaction, so a reader sees either the old row with the old version (and the old entry is still right for that instant) or neither. ' +
        '`npx cachelab check inflight-refetch --config robust` (exit 0).',
    },
    howLong(
      'no-version',
      'Take the version away (`--set feed.versionedKey=false --set delete.bumpVersion=false`, scenario seed-broken). Nothing else invalidates the feed cache. How long is the deleted item stale?',
      `Nothing removes the old entry, so every request is a hit on it until its ${FEED_TTL_S} s timeout runs out.`,
    ),
    whichFails(
      'per-user',
      ['version.scope=per-user'],
      ['seed-broken', 'multi-worker', 'cross-user-delete', 'other-month'],
      `Give each user a counter of their own (\`--set version.scope=per-user\`). Which of these scenarios fails on its nominal schedule? (seed-broken: A deletes and reloads; multi-worker: the same on ${workersWords('multi-worker', 'robust', ['version.scope=per-user'], 'backend')}; cross-user-delete: B deletes a team item A also sees; other-month: A deletes while viewing January.)`,
      "B's delete bumps only B's counter; A's key still carries A's old version, so A is served the entry with the item in it.",
    ),
    whichFails(
      'locmem-counter',
      ['version.store=cache'],
      ['seed-broken', 'cross-user-delete', 'multi-worker', 'other-month'],
      "Keep the counter in Django's cache instead of the database (`--set version.store=cache`), on each scenario's own deployment (LocMem unless it says otherwise). Which scenario fails on its nominal schedule?",
      "With LocMem every worker has its own counter: the delete bumps one worker's, and a reload that lands on another worker reads the old version there.",
    ),
    howLong(
      'redis-counter',
      `Now the counter in Redis (\`--set version.store=cache\` on inflight-refetch), shared by the scenario's ${workersWords('inflight-refetch', 'robust', ['version.store=cache'])}. The delete view below runs in autocommit. The schedule's deviations from the nominal one: ${SCHEDULE}. How long is the item stale?`,
      `A Redis counter is shared but not atomic with the row: the row is gone at the DELETE's autocommit, the counter moves ${BUMP_AFTER}, and a feed request that reads the counter in between ${STALE_READER}. The next request reads the new version: the staleness is a window, not a TTL.`,
    ),
    howLong(
      'on-commit',
      'Back to the database counter, but bumped in `transaction.on_commit` (`--set version.bumpWhen=on-commit`), as daiv\'s fix (PR 1219) defers its cache delete. The delete view below; a feed request that arrives between the COMMIT and the callback\'s UPDATE. How long is the item stale?',
      'on_commit stops a stale entry from persisting (the bump always comes after the COMMIT), but the COMMIT and the bump are two moments: a reader between them gets the old version and the row already gone from its next query, or the old entry. A window of milliseconds, where robust has none.',
    ),
    howLong(
      'seed-fix-commit-race',
      "The opposite mistake: the seed's fixes under ATOMIC_REQUESTS (scenario commit-race), so the counter in Redis is bumped inside the request's transaction, before the COMMIT. A second device's feed request reads the new version before the COMMIT, then reads the rows. How long is the item stale?",
      `The reader caches the old list (the DELETE is not committed yet) under the new version. Nothing bumps the version again, so that entry is served until its ${FEED_TTL_S} s timeout: this is django-hierarkey PR 22's bug.`,
    ),
    howLong(
      'remove-else-refetch',
      "Keep robust's server and go back to the seed's current listener: remove the event if getEventById finds it, refetch only if it does not (`--set page.onDeleted=remove-else-refetch`). The page's events and the delete's statements are below. Does the deleting user see the item again, and for how long?",
      "Fetch #2 read the version before the commit, so its answer has the item; it lands after remove(), and with no refetch of its own the listener leaves fetch #2 the latest fetch: the item comes back until the next fetch. With remove-then-refetch, the listener's fetch makes #2 stale (latestFetchId) and its answer is ignored.",
      (t) =>
        excerptLines(t, t.events.filter((e) => e.t >= 0 && e.t < (checkInvariants(t)[0]?.startT ?? Infinity) && ((e.actor === 'calendar:A' && e.type !== 'calendar.render') || e.type === 'db.commit' || e.type === 'db.delete'))),
    ),
  ],
  takeaway:
    'Each part of the recommendation closes one way back for the item: the version invalidates every key at once, one global counter covers every user, ' +
    'the database row is shared by every worker and changes at the same COMMIT as the DELETE (no window, unlike Redis or on_commit; no TTL-long ' +
    'staleness, unlike a bump inside the transaction on a cache counter), and remove-then-refetch makes every older fetch stale. ' +
    'docs/recommendation.md has the whole table, generated from these runs.',
  exercise:
    'Ask for a bounded property instead of none: `npx cachelab explore inflight-refetch --config robust --set version.store=cache --max-states 3000 --max-stale-ms 100` (exit 1) ' +
    'and the same with a 1 s bound, `npx cachelab explore inflight-refetch --config robust --set version.store=cache --max-states 3000 --max-stale-ms 1000` (exit 0). Which of the cases above would a 1 s bound accept, and would you ship them?',
};
