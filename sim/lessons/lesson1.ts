import type { Lesson } from './types';
import { excerptOfTypes, firstEvent, resurrectionSource } from './traceQueries';

const SOURCES = ["the browser's HTTP cache", "Django's cache", 'the database', "FullCalendar's store"] as const;
const SOURCE_INDEX = { browser: 0, 'django-cache': 1, database: 2, none: 3 } as const;

export const lesson1: Lesson = {
  n: 1,
  slug: 'the-bug',
  title: 'The bug as a user sees it',
  goal: 'See a deleted work item come back, and name the layer that brought it back.',
  run: { scenario: 'seed-broken', preset: 'broken', overrides: [], seed: null },
  setup:
    'User A has October 2025 open. At 0 ms they delete "Site visit". The delete view deletes the row, runs the seed\'s ' +
    'month-boundary invalidation loop, and answers with an HX-Trigger; the page\'s listener finds the event and calls event.remove().',
  questions: [
    {
      id: 'after-f5',
      checkpoint: (t) => firstEvent(t, (e) => e.type === 'calendar.render' && String(e.payload.why).startsWith('event.remove()')).seq,
      excerpt: (t) => excerptOfTypes(t, ['http.store', 'cache.set', 'cache.deleteMany', 'db.delete', 'page.workItemDeleted', 'user.reload'], lesson1.questions[0].checkpoint(t)),
      prompt: '"Site visit" just vanished from the calendar. Just before 5 s the user presses F5. Will it be on the calendar after the reload?',
      choices: ['Yes, it comes back', 'No, it stays gone'],
      answer: (t) => (t.outcome.deletions[0].users[0].resurrections.length > 0 ? 0 : 1),
      reveal: (t) => {
        const u = t.outcome.deletions[0].users[0];
        return u.resurrections.length
          ? `It comes back at ${u.resurrections[0].t} ms: the reload's feed request gets the old event list.`
          : 'It stays gone.';
      },
    },
    {
      id: 'who-answered',
      checkpoint: (t) => firstEvent(t, (e) => e.type === 'user.reload').seq,
      excerpt: (t) => excerptOfTypes(t, ['http.store', 'cache.set', 'cache.deleteMany', 'db.delete', 'page.workItemDeleted', 'user.reload'], lesson1.questions[1].checkpoint(t)),
      prompt: "Which layer will answer the reload's feed request with the deleted item in it?",
      choices: [...SOURCES],
      answer: (t) => SOURCE_INDEX[resurrectionSource(t)],
      reveal: (t) => {
        const hit = firstEvent(t, (e) => e.type === 'cache.get' && e.payload.hit === true && e.t >= 5000);
        return `${SOURCES[SOURCE_INDEX[resurrectionSource(t)]]}: ${hit.label} at ${hit.t} ms. The browser did go to the network ` +
          '(Chromium does not reuse a header-less response), but the server answered from a cache entry nobody deleted.';
      },
    },
  ],
  takeaway: 'event.remove() only edits the page. The next fetch asks the server, and the server asks its cache first.',
  exercise: 'Run it with the seed\'s fixes (`--config seed-fix`) and find the event that stops the item from coming back.',
};
