import type { Lesson } from './types';
import { excerptOfTypes, deletedItem, firstEvent, holdersAt, layerName } from './traceQueries';

const COUNTS = ['1', '2', '3', '4'];

export const lesson2: Lesson = {
  n: 2,
  slug: 'four-layers',
  title: 'The four layers and what each keeps',
  goal: 'Count the copies of one work item across the browser, Django, FullCalendar and the database, before and after a delete.',
  run: { scenario: 'seed-broken', preset: 'broken', overrides: [], seed: null },
  setup: 'The calendar has just rendered October. Follow "Site visit" through every layer that keeps data.',
  questions: [
    {
      id: 'copies-before',
      checkpoint: (t) => firstEvent(t, (e) => e.type === 'calendar.render' && !e.payload.transient).seq,
      excerpt: (t) => excerptOfTypes(t, ['http.store', 'cache.set', 'calendar.fetchSucceeded'], lesson2.questions[0].checkpoint(t)),
      prompt: 'Right after the first render, how many of the four layers (browser HTTP cache, Django cache, FullCalendar store, database) hold a copy of "Site visit"?',
      choices: COUNTS,
      answer: (t) => holdersAt(t, lesson2.questions[0].checkpoint(t), deletedItem(t)).length - 1,
      reveal: (t) => {
        const holders = holdersAt(t, lesson2.questions[0].checkpoint(t), deletedItem(t));
        return `${holders.length}: ${holders.map(layerName).join(', ')}. The browser stored the header-less response too, but it is stale at once (no Last-Modified: heuristic freshness 0).`;
      },
    },
    {
      id: 'copies-after-delete',
      checkpoint: (t) => firstEvent(t, (e) => e.type === 'db.delete').seq,
      excerpt: (t) => excerptOfTypes(t, ['http.store', 'cache.set', 'calendar.fetchSucceeded', 'db.delete', 'cache.deleteMany'], lesson2.questions[1].checkpoint(t)),
      prompt: 'The DELETE has committed. How many layers still hold a copy?',
      choices: COUNTS,
      answer: (t) => holdersAt(t, lesson2.questions[1].checkpoint(t), deletedItem(t)).length - 1,
      reveal: (t) => {
        const holders = holdersAt(t, lesson2.questions[1].checkpoint(t), deletedItem(t));
        return `${holders.length}: ${holders.map(layerName).join(', ')}. The database is the only layer the delete touched.`;
      },
    },
  ],
  takeaway: 'Every layer keeps its own copy and forgets it on its own schedule; a delete reaches only the database unless the code reaches the others.',
  exercise: 'Step through the same run in the visualizer and watch the marker on each copy: which one disappears last?',
};
