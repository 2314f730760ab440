// Lesson 10 (issue 12, real incidents): the read-through stale set of "Scaling Memcache at
// Facebook". An invalidation that is right in every other way (the exact key, after the COMMIT)
// is undone by a reader that read before the write and stores after it.
import { BASE_CONFIG } from '../../src/config';
import { checkScenario, DEFAULT_CHECK_RUNS } from '../check/checkScenario';
import { nonNominalChoices } from '../check/describeChoices';
import { checkInvariants } from '../invariants/index';
import { runScenario } from '../run';
import { getScenario } from '../scenarios/index';
import type { Trace, TraceEvent } from '../trace';
import { deletedItem, firstEvent } from './traceQueries';
import type { Lesson } from './types';

/** The feed entries' timeout (feed.cacheTtlS): the questions quote it, so it is read, not typed. */
const FEED_TTL_S = BASE_CONFIG['feed.cacheTtlS'];

/** A seed whose schedule puts A2's read before the DELETE and its set after A's key delete (seeds 3, 11, 23, ... do). */
const SEED = 3;

/** The delete view's key loop: the invalidation, after the COMMIT. */
function keyDelete(t: Trace): TraceEvent {
  return firstEvent(t, (e) => e.type === 'cache.deleteMany');
}

/** The first cache.set of the feed after the key delete, if any. */
function lateSet(t: Trace): TraceEvent | undefined {
  const after = keyDelete(t).seq;
  return t.events.find((e) => e.seq > after && e.type === 'cache.set' && String(e.payload.key).startsWith('calendar_feed'));
}

let staleSet: string[] | undefined;
/** The deviations `cachelab check incident-stale-set` (its defaults: the scenario's preset, DEFAULT_CHECK_RUNS runs, seed 1) keeps after shrinking. Memoized. */
function staleSetDeviations(): string[] {
  if (!staleSet) {
    const cx = checkScenario(getScenario('incident-stale-set'), { preset: getScenario('incident-stale-set').defaultPreset, runs: DEFAULT_CHECK_RUNS, seed: 1 }).counterexample;
    if (!cx) throw new Error('lesson 10: check no longer finds the stale set');
    staleSet = nonNominalChoices(cx.run.points, cx.run.trace.choices);
  }
  return staleSet;
}
const COUNT_WORDS = ['no', 'single', 'two', 'three', 'four', 'five'];

const robustViolations = () => checkInvariants(runScenario(getScenario('incident-stale-set'), { preset: 'robust', seed: SEED }));

export const lesson10: Lesson = {
  n: 10,
  slug: 'stale-set',
  title: 'A real incident: the stale set, and why memcache has leases',
  goal: 'See an invalidation that deletes the right key at the right time lose to a reader that read before the write, and what stops it.',
  run: { scenario: 'incident-stale-set', preset: 'broken', overrides: [], seed: SEED },
  setup:
    'Scenario incident-stale-set (docs/incidents.md): the read-through pattern of Nishtala et al., "Scaling Memcache at Facebook" (NSDI 2013). ' +
    'Two workers share Redis. The delete view deletes the exact feed key after its DELETE commits; A deletes "Site visit" while A\'s second ' +
    'device (A2) opens October, so A2\'s feed request misses the cache, reads the rows, and will store them.',
  questions: [
    {
      id: 'late-set',
      checkpoint: (t) => keyDelete(t).seq,
      prompt: 'A\'s DELETE has committed and its loop has just deleted the feed key. A2\'s request read the rows before that DELETE and has not stored them yet. What will the cache hold for October once A2\'s request is done?',
      choices: ['Nothing: the key was just deleted', 'The rows without "Site visit"', 'The rows with "Site visit", until the key expires'],
      answer: (t) => {
        const set = lateSet(t);
        if (!set) return 0;
        return (set.payload.items as string[]).includes(deletedItem(t)) ? 2 : 1;
      },
      reveal: (t) => {
        const set = lateSet(t);
        const del = keyDelete(t);
        if (!set) return `No feed cache.set follows the key delete at ${del.t} ms in this run.`;
        return (
          `The key delete ran at ${del.t} ms (${String(del.label)}); A2's cache.set of ${String(set.payload.key)} ran at ${set.t} ms with ` +
          `${(set.payload.items as string[]).length} item(s)${(set.payload.items as string[]).includes(deletedItem(t)) ? ', "Site visit" among them' : ''}: ` +
          `rows read before the DELETE, stored after the invalidation. Every later reader of that key gets them until the ${FEED_TTL_S} s timeout.`
        );
      },
    },
    {
      id: 'versioned-key',
      // Asked right after the late set, before this run shows what it leads to.
      checkpoint: (t) => (lateSet(t) ?? keyDelete(t)).seq,
      prompt: `Same schedule (seed ${SEED}) under \`robust\`, whose feed key carries a version the delete bumps in its transaction. Does any invariant break?`,
      choices: ['Yes', 'No'],
      about: { scenarios: ['incident-stale-set'], preset: 'robust', overrides: [], schedule: { seed: SEED } },
      answer: () => (robustViolations().length ? 0 : 1),
      reveal: () => {
        const v = robustViolations();
        return v.length
          ? `Yes: ${v[0].invariant} (\`npx cachelab run incident-stale-set --config robust --seed ${SEED}\`).`
          : `No (\`npx cachelab run incident-stale-set --config robust --seed ${SEED}\`): A2's late set lands under the old version's key, which no reader asks for once the new version is committed. ` +
              'Memcache\'s leases reach the same end differently: the delete invalidates the lease the missing reader holds, so its late set is refused.';
      },
    },
  ],
  takeaway:
    'Deleting the right key after the commit is not enough when readers fill the cache themselves: a read that began before the write can store after it. ' +
    'Make the late write harmless (a versioned key, as robust does) or refuse it (leases).',
  // A getter: how many choices the shrunk counterexample keeps comes from the check, made when the page is.
  get exercise() {
    const n = staleSetDeviations().length;
    return `Run \`npx cachelab check incident-stale-set\` (exit 1) and read the shrunk counterexample: which ${COUNT_WORDS[n] ?? n} choice${n === 1 ? '' : 's'} made the race? Then ` +
    '`npx cachelab check incident-stale-set --config robust` (exit 0). The other two incidents need your own views (docs/incidents.md): ' +
    '`npx cachelab check incident-hierarkey --app examples/invalidate-in-transaction.ts` (exit 1), then ' +
    '`npx cachelab check incident-hierarkey --app examples/invalidate-on-commit.ts` (exit 0).';
  },
};
