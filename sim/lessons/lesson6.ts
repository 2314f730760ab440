import type { Lesson } from './types';
import { checkScenario } from '../check/checkScenario';
import { getScenario } from '../scenarios/index';
import { excerptOfTypes, firstEvent, resurrectionSource } from './traceQueries';

const SOURCE_NAME = { browser: "the browser's HTTP cache", 'django-cache': "Django's cache", database: 'the database', none: 'nowhere' } as const;

const LISTENERS = ['remove-and-refetch', 'remove-else-refetch'] as const;
const holds = new Map<string, boolean>();
/** Does `check inflight-refetch --config robust` (100 schedules, seed 1) pass with this listener? Memoized. */
function listenerHolds(listener: (typeof LISTENERS)[number]): boolean {
  if (!holds.has(listener))
    holds.set(listener, checkScenario(getScenario('inflight-refetch'), { preset: 'robust', overrides: [`page.onDeleted=${listener}`], runs: 100, seed: 1 }).counterexample === null);
  return holds.get(listener)!;
}
const checkCmd = (l: string) => `npx cachelab check inflight-refetch --config robust --set page.onDeleted=${l}`;

const TRIES = ['Yes, on the first try (the raw uuid)', 'Yes, on the second try (work-item-{uuid})', 'No, none of the four tries matches'];

export const lesson6: Lesson = {
  n: 6,
  slug: 'fullcalendar-store',
  title: "FullCalendar's store: remove, refetchEvents, stale responses",
  goal: 'Predict what getEventById finds, what remove() removes, and what the next accepted fetch puts back.',
  run: { scenario: 'seed-broken', preset: 'broken', overrides: ['page.onDeleted=remove-and-refetch'], seed: null },
  setup:
    'The broken server code, with the listener of the seed\'s "expected correct flow" diagram (remove the event, then refetchEvents() in the ' +
    'same handler) but without the seed\'s fix 4 (raw uuid event ids): the feed emits ids work-item-{uuid}, and the HX-Trigger carries the raw ' +
    'uuid. The listener tries four id formats with getEventById, in this order: the raw uuid, work-item-{uuid}, coordination-event-{uuid}, ' +
    'staff-task-{uuid}.',
  questions: [
    {
      id: 'which-try',
      checkpoint: (t) => firstEvent(t, (e) => e.type === 'http.response' && e.t > 0).seq,
      prompt: 'The DELETE answer has arrived with HX-Trigger {"workItemDeleted": {"id": "<uuid>"}}. Will getEventById find the event?',
      choices: TRIES,
      answer: (t) => {
        const l = firstEvent(t, (e) => e.type === 'page.workItemDeleted');
        const i = (l.payload.tried as string[]).indexOf(String(l.payload.found));
        return i < 0 ? 2 : Math.min(i, 1);
      },
      reveal: (t) => firstEvent(t, (e) => e.type === 'page.workItemDeleted').label + '. getEventById compares String(id) exactly: no prefix matching.',
    },
    {
      id: 'after-refetch',
      checkpoint: (t) => firstEvent(t, (e) => e.type === 'calendar.render' && String(e.payload.why).startsWith('event.remove()')).seq,
      excerpt: (t) => excerptOfTypes(t, ['cache.set', 'cache.deleteMany', 'db.delete', 'page.workItemDeleted'], lesson6.questions[1].checkpoint(t)),
      prompt: 'remove() took the event out of the store, and the listener now calls refetchEvents(). Will the event be back after the refetch?',
      choices: ['Yes', 'No'],
      answer: (t) => (t.outcome.deletions[0].users[0].resurrections.some((r) => r.t < 1000) ? 0 : 1),
      reveal: (t) => {
        const r = t.outcome.deletions[0].users[0].resurrections[0];
        return r
          ? `Yes, at ${r.t} ms: remove() changed only the store; the refetch was answered from ${SOURCE_NAME[resurrectionSource(t)]}, and an accepted fetch replaces the source's events with what it returns.`
          : 'No: the refetch returned fresh data.';
      },
    },
    {
      id: 'fresh-server',
      checkpoint: (t) => t.events.length - 1,
      prompt:
        "Now give the page a fresh server: the project's `robust` preset (a version that changes at the delete's COMMIT), on inflight-refetch, where the page's own " +
        "refetch (fetch #2) is still in flight when the delete's answer arrives. Which listener keeps the item gone for the deleting user over 100 random schedules: " +
        "remove-then-refetch, or the seed's current one (remove if found, refetch only if not)?",
      choices: ['Both', 'Only remove-then-refetch', "Only the seed's remove-else-refetch", 'Neither'],
      about: { scenarios: ['inflight-refetch'], preset: 'robust', overrides: [] },
      answer: () => {
        const [both, seeds] = [listenerHolds('remove-and-refetch'), listenerHolds('remove-else-refetch')];
        return both && seeds ? 0 : both ? 1 : seeds ? 2 : 3;
      },
      reveal: () =>
        LISTENERS.map((l) => `\`${checkCmd(l)}\` (exit ${listenerHolds(l) ? 0 : 1})`).join('; ') +
        '. Fetch #2 read the version before the COMMIT, so its answer still has the item; it lands after remove(). The seed\'s listener found the event, so it does not refetch, ' +
        'and fetch #2 is still the latest fetch: its answer is accepted and the item comes back. remove-then-refetch starts fetch #3, which makes #2\'s answer stale (latestFetchId).',
    },
  ],
  takeaway:
    'The store is a mirror of the last accepted response. remove() is a promise the next accepted response must keep. A fresh server is ' +
    'not enough on its own: a fetch that started before the commit can answer after remove() with the item in it, and only a refetch ' +
    'started after the delete makes that answer stale (latestFetchId). The seed\'s current listener refetches only when getEventById finds ' +
    'nothing, so even with the project\'s fresh server (the `robust` preset) a late answer brings the item back: ' +
    '`npx cachelab check inflight-refetch --config robust --set page.onDeleted=remove-else-refetch` (exit 1), while ' +
    '`npx cachelab check inflight-refetch --config robust` (exit 0).',
  exercise: 'Run `npx cachelab run inflight-refetch --config seed-fix --format timing` and look for "ignored: a newer fetch started": which fetch id wins, and why? Then the same with `--config broken`.',
};
