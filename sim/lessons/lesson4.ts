import { BASE_CONFIG } from '../../src/config';
import type { Lesson } from './types';
import { excerptOfTypes, firstEvent, lastEvent } from './traceQueries';

/** The feed entries' timeout (feed.cacheTtlS): the questions quote it, so it is read, not typed. */
const FEED_TTL_S = BASE_CONFIG['feed.cacheTtlS'];

const VERSIONS = ['v0', 'v1', 'v5', 'v6'];

export const lesson4: Lesson = {
  n: 4,
  slug: 'version-invalidation',
  title: 'Version-based invalidation',
  goal: 'See how one counter in the key replaces hundreds of deletes, and what happens to the old entries.',
  run: { scenario: 'seed-fixed', preset: 'seed-fix', overrides: [], seed: null },
  setup: 'With the seed\'s fix 2 the feed key starts with v{n}, n read from calendar_feed_version:{user_id}; the delete bumps it with get-then-set.',
  questions: [
    {
      id: 'refetch-version',
      checkpoint: (t) => firstEvent(t, (e) => e.type === 'calendar.refetchEvents').seq,
      excerpt: (t) => excerptOfTypes(t, ['cache.get', 'cache.set', 'cache.add', 'cache.incr', 'db.delete'], lesson4.questions[0].checkpoint(t), 0),
      prompt: 'The background refetch is on its way. Which version will its cache key carry?',
      choices: VERSIONS,
      answer: (t) => {
        const refetch = firstEvent(t, (e) => e.type === 'calendar.refetchEvents');
        const key = String(firstEvent(t, (e) => e.type === 'cache.get' && String(e.payload.key).startsWith('calendar_feed:v'), refetch.seq).payload.key);
        return VERSIONS.indexOf(key.split(':')[1]);
      },
      reveal: (t) => {
        const refetch = firstEvent(t, (e) => e.type === 'calendar.refetchEvents');
        const get = firstEvent(t, (e) => e.type === 'cache.get' && String(e.payload.key).startsWith('calendar_feed:v'), refetch.seq);
        return `${get.label}. A fresh process starts at version 0 (cache.get(key, 0)), so the bump goes 0 -> 1, not the seed diagram's 5 -> 6.`;
      },
    },
    {
      id: 'old-entry',
      checkpoint: (t) => lastEvent(t, (e) => e.type === 'calendar.render').seq,
      excerpt: (t) => excerptOfTypes(t, ['cache.set', 'cache.add', 'cache.incr', 'cache.delete', 'cache.deleteMany'], lesson4.questions[1].checkpoint(t)),
      prompt: 'What happened to the v0 entry with the deleted item in it?',
      choices: ['The bump deleted it', 'It is still in the cache, orphaned until it expires or is culled'],
      answer: (t) => {
        const cache = lastEvent(t, (e) => Boolean(e.after?.['cache:1'])).after!['cache:1'];
        return JSON.stringify(cache).includes('calendar_feed:v0:') ? 1 : 0;
      },
      reveal: () => `It is still there: nothing reads v0 any more, so it waits for its ${FEED_TTL_S} s timeout or a cull. Harmless on one process; lesson 7 shows where it is not.`,
    },
  ],
  takeaway: 'A version in the key invalidates every range and filter at once, for the readers of that counter.',
  exercise: 'Rerun with `--set version.scope=global` and `--set version.bump=incr`: what changes in the trace?',
};
