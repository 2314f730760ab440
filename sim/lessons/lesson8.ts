import { checkScenario, DEFAULT_CHECK_RUNS } from '../check/checkScenario';
import { checkInvariants, INVARIANTS } from '../invariants/index';
import { getScenario, SCENARIOS } from '../scenarios/index';
import type { Trace } from '../trace';
import type { Lesson } from './types';
import { nonNominalChoices } from '../check/describeChoices';
import { excerptLines, firstEvent } from './traceQueries';
import { commitMargin } from './commitMargin';

const SHRUNK = { scenario: 'inflight-refetch', preset: 'robust', overrides: ['page.onDeleted=remove-else-refetch'] };
let shrunk: ReturnType<typeof checkScenario> | undefined;
/** The counterexample question 3 reads: check's default seed and runs, memoized (several questions and pages read it). */
function shrunkCheck() {
  shrunk ??= checkScenario(getScenario(SHRUNK.scenario), { preset: SHRUNK.preset, overrides: SHRUNK.overrides, runs: 100, seed: 1 });
  if (!shrunk.counterexample) throw new Error('lesson 8: check no longer finds the remove-else-refetch counterexample');
  return shrunk.counterexample;
}
const shrunkCmd = `npx cachelab check ${SHRUNK.scenario} --config ${SHRUNK.preset} --set ${SHRUNK.overrides[0]}`;
const WHAT_IT_DOES = [
  "fetch #2 reads the version in a snapshot taken before the DELETE's COMMIT",
  'The browser answers fetch #2 from its cache',
  "The listener's getEventById finds nothing",
  'fetch #2 reaches a worker whose own cache is stale',
];

/** The invariants a run with a delete and no create or edit can break: the question's choices. */
const NAMES = INVARIANTS.map((i) => i.name).filter((n) => n !== 'read-your-writes' && n !== 'fresh-after-write');
const COUNT = ['No', 'One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight'][INVARIANTS.length] ?? String(INVARIANTS.length);
/** The seed (check --seed) of question 2's command: the CLI's default, written out so the command and the answer agree. */
const CHECK_SEED = 1;
const CHECK_RUNS = 100;

/** Violations ordered by when they began (the checker lists them by invariant, then time). */
function byTime(t: Trace) {
  return checkInvariants(t)
    .map((v, i) => ({ v, i }))
    .sort((a, b) => a.v.startT - b.v.startT || a.i - b.i)
    .map((x) => x.v);
}

let brokenFirst: { scenario: string; kept: number } | undefined;
/** The counterexample `check all --config broken` prints: the first violating scenario's (check's defaults: DEFAULT_CHECK_RUNS runs, seed 1). Memoized. */
function firstBrokenCounterexample(): { scenario: string; kept: number } {
  if (!brokenFirst) {
    for (const s of SCENARIOS) {
      const cx = checkScenario(s, { preset: 'broken', runs: DEFAULT_CHECK_RUNS, seed: CHECK_SEED }).counterexample;
      if (cx) {
        brokenFirst = { scenario: s.name, kept: nonNominalChoices(cx.run.points, cx.run.trace.choices).length };
        break;
      }
    }
    if (!brokenFirst) throw new Error('lesson 8: check all --config broken no longer fails');
  }
  return brokenFirst;
}

const robustCheck = () => checkScenario(getScenario('multi-worker'), { preset: 'robust', runs: CHECK_RUNS, seed: CHECK_SEED });

export const lesson8: Lesson = {
  n: 8,
  slug: 'proving-a-fix',
  title: 'Testing a fix: invariants, check, explore, and reading a shrunk counterexample',
  goal: 'Judge a run by invariants instead of by eye, and let random and exhaustive schedules look for the run that breaks a fix.',
  run: { scenario: 'multi-worker', preset: 'seed-fix', overrides: [], seed: null },
  setup:
    `${COUNT} invariants judge every trace: ${INVARIANTS.map((i) => `${i.name} (${i.statement})`).join('; ')} ` +
    '`cachelab check` tries random schedules (latencies, routing, tie order) and shrinks a failing one toward the nominal schedule; ' +
    '`cachelab explore` tries every ordering of concurrent events within a bound. ' +
    "`robust` is the project's recommended preset (docs/recommendation.md): one global version counter in a database row, bumped in the " +
    "delete's own transaction, remove-then-refetch, never_cache, raw uuid ids, no key-deleting loops.",
  questions: [
    {
      id: 'first-invariant',
      checkpoint: (t) => firstEvent(t, (e) => e.type === 'user.reload').seq,
      prompt: "This run (the seed's fixes, several LocMem workers) will show the deleted item again after the reload. Which invariant breaks first in time?",
      choices: NAMES,
      answer: (t) => NAMES.indexOf(byTime(t)[0]?.invariant ?? NAMES[0]),
      reveal: (t) => {
        const v = byTime(t);
        return v.length
          ? `In order of time: ${v.map((x) => `${x.invariant} (user ${x.user}, ${x.startT} ms to ${x.endT === null ? 'the end of the run' : `${x.endT} ms`})`).join('; ')}. ` +
              'The server produced the stale answer before the page rendered it. (The checker prints violations by invariant, not by time.)'
          : 'none';
      },
    },
    {
      id: 'robust-check',
      checkpoint: (t) => t.events.length - 1,
      prompt: `Now the \`robust\` preset on the same scenario: will \`cachelab check multi-worker --config robust --runs ${CHECK_RUNS} --seed ${CHECK_SEED}\` find a violation?`,
      choices: ['Yes', 'No'],
      about: { scenarios: ['multi-worker'], preset: 'robust', overrides: [] },
      answer: () => (robustCheck().counterexample ? 0 : 1),
      reveal: () => {
        const r = robustCheck();
        return r.counterexample
          ? `Yes: ${r.counterexample.violations[0].invariant}: \`npx cachelab check multi-worker --config robust --runs ${CHECK_RUNS} --seed ${CHECK_SEED}\` (exit 1).`
          : `No: ${r.runs} schedules (seed ${CHECK_SEED}), no violation: \`npx cachelab check multi-worker --config robust --runs ${CHECK_RUNS} --seed ${CHECK_SEED}\` (exit 0). A check that finds nothing is evidence, not proof; explore gives the exhaustive answer within its bound.`;
      },
    },
    {
      id: 'shrunk-counterexample',
      checkpoint: (t) => t.events.length - 1,
      prompt:
        "Read a shrunk counterexample: `cachelab check inflight-refetch --config robust --set page.onDeleted=remove-else-refetch` fails, and check shrinks the schedule " +
        '(its default shrinker: delta debugging over the deviations from the nominal schedule, then merging time shifts) until only the deviations that matter are left. Below are the choices left non-nominal and the page\'s and database\'s events of the shrunk run. What does the deviation make possible?',
      choices: WHAT_IT_DOES,
      about: { scenarios: ['inflight-refetch'], preset: 'robust', overrides: ['page.onDeleted=remove-else-refetch'], schedule: { choices: () => shrunkCheck().run.trace.choices } },
      excerpt: () => {
        const cx = shrunkCheck();
        const t = cx.run.trace;
        const firstStale = Math.min(...cx.violations.map((v) => v.startT));
        return [
          ...nonNominalChoices(cx.run.points, t.choices).map((c) => `deviation: ${c}`),
          ...excerptLines(t, t.events.filter((e) => e.t >= 0 && e.t <= firstStale && ((e.actor === 'calendar:A' && e.type !== 'calendar.render') || e.type.startsWith('db.')))),
        ];
      },
      answer: () => {
        const t = shrunkCheck().run.trace;
        if (t.events.some((e) => e.type === 'http.cacheHit' && e.t >= 0)) return 1;
        if (t.events.some((e) => e.type === 'page.workItemDeleted' && !e.payload.found)) return 2;
        // A read of the version after the delete started that still sees the old value: its snapshot predates the COMMIT.
        const bump = firstEvent(t, (e) => e.type === 'db.incrementVersion' && e.t >= 0);
        const stale = t.events.some((e) => e.type === 'db.getVersion' && e.t >= 0 && (e.payload.value as number) < (bump.payload.value as number));
        return stale ? 0 : 3;
      },
      reveal: () => {
        const cx = shrunkCheck();
        const m = commitMargin(SHRUNK.scenario, SHRUNK.preset, SHRUNK.overrides);
        return `${cx.violations.map((v) => `${v.invariant} for ${v.user} from ${v.startT} ms, ${v.staleUntil === 'window' ? `a window of ${v.staleMs} ms` : v.staleUntil === 'ttl' ? `until the TTL, ${v.staleMs} ms` : 'to the end of the run'}`).join('; ')}: \`${shrunkCmd}\` (exit 1). ` +
          `On the nominal schedule the DELETE commits at ${m.commitMs} ms, ${m.marginMs} ms before fetch #2's version read begins at ${m.readMs} ms; with ${nonNominalChoices(cx.run.points, cx.run.trace.choices).join(', ')}, the COMMIT lands at the very moment fetch #2\'s version read begins, and READ COMMITTED gives that read the snapshot from before the COMMIT: version 0, the old entry, the item. ` +
          'Every other choice went back to nominal while shrinking because the failure does not need it: that is what "essential" means.';
      },
    },
  ],
  takeaway:
    'Trust a fix for a deployment when the invariants hold over every schedule you can generate for it, not when one demo looks right. ' +
    'A `check` that finds nothing is evidence; an `explore` that ends without BOUND REACHED is exhaustive, but only within the model\'s ' +
    'discrete choices; neither says anything about what the model leaves out (beyond-the-model.md).',
  // A getter: what the printed counterexample keeps comes from the check, made when the page is.
  get exercise() {
    const { scenario, kept } = firstBrokenCounterexample();
    return (
      `Run \`npx cachelab check all --config broken\` (exit 1) and read the shrunk counterexample it prints (${scenario}'s): ` +
      (kept === 0
        ? 'it keeps no non-nominal choice. What does a counterexample that fails on the documented schedule itself say about the code, and why could shrinking drop every deviation? '
        : `which ${kept} choice(s) were left non-nominal, and why are those the essential ones? `) +
      'Then `npx cachelab explore inflight-refetch --config robust --max-states 3000` (exit 0): what does its BOUND REACHED line say the answer covers?'
    );
  },
};
