import { checkScenario } from '../check/checkScenario';
import { checkInvariants, INVARIANTS } from '../invariants/index';
import { getScenario } from '../scenarios/index';
import type { Trace } from '../trace';
import type { Lesson } from './types';
import { firstEvent } from './traceQueries';

const NAMES = INVARIANTS.map((i) => i.name);
/** The fast-check seed of question 2's command: the CLI's default, written out so the command and the answer agree. */
const CHECK_SEED = 1;
const CHECK_RUNS = 100;

/** Violations ordered by when they began (the checker lists them by invariant, then time). */
function byTime(t: Trace) {
  return checkInvariants(t)
    .map((v, i) => ({ v, i }))
    .sort((a, b) => a.v.startT - b.v.startT || a.i - b.i)
    .map((x) => x.v);
}

const robustCheck = () => checkScenario(getScenario('multi-worker'), { preset: 'robust', runs: CHECK_RUNS, seed: CHECK_SEED });

export const lesson8: Lesson = {
  n: 8,
  slug: 'proving-a-fix',
  title: 'Testing a fix: invariants, check, explore, and reading a shrunk counterexample',
  goal: 'Judge a run by invariants instead of by eye, and let random and exhaustive schedules look for the run that breaks a fix.',
  run: { scenario: 'multi-worker', preset: 'seed-fix', overrides: [], seed: null },
  setup:
    `Four invariants judge every trace: ${INVARIANTS.map((i) => `${i.name} (${i.statement})`).join('; ')} ` +
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
      answer: () => (robustCheck().counterexample ? 0 : 1),
      reveal: () => {
        const r = robustCheck();
        return r.counterexample
          ? `Yes: ${r.counterexample.violations[0].invariant}: \`npx cachelab check multi-worker --config robust --runs ${CHECK_RUNS} --seed ${CHECK_SEED}\` (exit 1).`
          : `No: ${r.runs} schedules (seed ${CHECK_SEED}), no violation: \`npx cachelab check multi-worker --config robust --runs ${CHECK_RUNS} --seed ${CHECK_SEED}\` (exit 0). A check that finds nothing is evidence, not proof; explore gives the exhaustive answer within its bound.`;
      },
    },
  ],
  takeaway:
    'Trust a fix for a deployment when the invariants hold over every schedule you can generate for it, not when one demo looks right. ' +
    'A `check` that finds nothing is evidence; an `explore` that ends without BOUND REACHED is exhaustive, but only within the model\'s ' +
    'discrete choices; neither says anything about what the model leaves out (beyond-the-model.md).',
  exercise:
    'Run `npx cachelab check all --config broken` (exit 1) and read the shrunk counterexample: which choices were left non-nominal, and why are ' +
    'those the essential ones? Then `npx cachelab explore inflight-refetch --config robust --max-states 3000` (exit 0): what does its BOUND REACHED ' +
    'line say the answer covers?',
};
