import { runScenario } from '../run';
import { getScenario } from '../scenarios/index';
import type { Trace } from '../trace';
import type { Lesson } from './types';
import { excerptOfTypes, firstEvent } from './traceQueries';

export const lesson5: Lesson = {
  n: 5,
  slug: 'browser-cache',
  title: 'What the browser really caches, and when it bites',
  goal: 'Tell the seed\'s belief about the browser cache from what Chromium does, and find the header that makes the browser serve stale data.',
  run: { scenario: 'seed-test-3', preset: 'broken', overrides: ['feed.maxAgeS=60'], seed: null },
  setup:
    'Same broken code, but the feed now answers with Cache-Control: max-age=60. The user deletes "Site visit" (the listener removes it), ' +
    'goes to September, and comes back to October.',
  questions: [
    {
      id: 'back-to-october',
      checkpoint: (t) => firstEvent(t, (e) => e.type === 'calendar.fetch' && e.t >= 4000).seq,
      excerpt: (t) => excerptOfTypes(t, ['http.store', 'user.navigate', 'calendar.fetch', 'user.delete'], lesson5.questions[0].checkpoint(t)),
      prompt: 'Back on October, FullCalendar fetches again. Will the request reach the server?',
      choices: ['Yes, it goes to the network', "No, the browser answers from its cache"],
      answer: (t) => {
        const fetch = firstEvent(t, (e) => e.type === 'calendar.fetch' && e.t >= 4000);
        return firstEvent(t, (e) => e.type === 'http.cacheHit' || e.type === 'http.cacheMiss', fetch.seq).type === 'http.cacheHit' ? 1 : 0;
      },
      reveal: (t) => {
        const fetch = firstEvent(t, (e) => e.type === 'calendar.fetch' && e.t >= 4000);
        return firstEvent(t, (e) => e.type === 'http.cacheHit' || e.type === 'http.cacheMiss', fetch.seq).label;
      },
    },
    {
      id: 'without-max-age',
      checkpoint: (t) => firstEvent(t, (e) => e.type === 'calendar.fetch' && e.t >= 4000).seq,
      prompt: 'And with the code as the seed found it (no cache headers at all), would Chromium answer it from its cache?',
      choices: ['Yes: browsers cache GET responses by default', 'No: a header-less response is stored but never fresh'],
      about: { scenarios: ['seed-test-3'], preset: 'broken', overrides: [] },
      answer: (t) => {
        // Computed from a second run: the same scenario without the max-age override.
        const plain = lessonRunWithout(t);
        return plain.events.some((e) => e.type === 'http.cacheHit') ? 0 : 1;
      },
      reveal: () => 'No. Without Last-Modified, Chromium\'s heuristic freshness is 0: the response is stored but every default fetch goes to the network. The seed\'s "browser serves stale response" needs a freshness header (max-age, Expires, Last-Modified).',
    },
  ],
  takeaway: 'Chromium only reuses a response that carries freshness. The browser layer bites when someone adds max-age (or Expires, or Last-Modified) to the feed.',
  // The lesson's own config, without its max-age: seed-test-3's default preset is seed-fix, whose
  // never_cache and cache-buster leave both browser profiles nothing to reuse.
  exercise: 'Run `npx cachelab run seed-test-3 --config broken --set browser.profile=seed-assumption --format timing` and compare with the chromium profile (`--set browser.profile=chromium`): which of the seed\'s claims does the seed-assumption profile encode?',
};


function lessonRunWithout(t: Trace): Trace {
  return runScenario(getScenario(t.scenario), { preset: t.preset, overrides: [] });
}
