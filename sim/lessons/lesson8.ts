import { checkScenario } from '../check/checkScenario';
import { checkInvariants, INVARIANTS } from '../invariants/index';
import { getScenario } from '../scenarios/index';
import type { Lesson } from './types';
import { firstEvent } from './traceQueries';

const NAMES = INVARIANTS.map((i) => i.name);

export const lesson8: Lesson = {
  n: 8,
  slug: 'proving-a-fix',
  title: 'Proving a fix: invariants, check, explore, and reading a shrunk counterexample',
  goal: 'Judge a run by invariants instead of by eye, and let random and exhaustive schedules look for the run that breaks a fix.',
  run: { scenario: 'multi-worker', preset: 'seed-fix', overrides: [], seed: null },
  setup:
    `Four invariants judge every trace: ${INVARIANTS.map((i) => `${i.name} (${i.statement})`).join('; ')} ` +
    '`cachelab check` tries random schedules (latencies, routing, tie order) and shrinks a failing one toward the nominal schedule; ' +
    '`cachelab explore` tries every ordering of concurrent events within a bound.',
  questions: [
    {
      id: 'first-invariant',
      checkpoint: (t) => firstEvent(t, (e) => e.type === 'user.reload').seq,
      prompt: 'This run (the seed\'s fixes, several LocMem workers) will show the deleted item again. Which invariant will the checker report first?',
      choices: NAMES,
      answer: (t) => NAMES.indexOf(checkInvariants(t)[0]?.invariant ?? NAMES[0]),
      reveal: (t) => {
        const v = checkInvariants(t);
        return v.length ? v.map((x) => `${x.invariant} (user ${x.user}, ${x.startT} ms to ${x.endT === null ? 'the end of the run' : `${x.endT} ms`})`).join('; ') : 'none';
      },
    },
    {
      id: 'robust-check',
      checkpoint: (t) => t.events.length - 1,
      prompt: 'Now the project\'s `robust` preset on the same scenario: will 100 random schedules of `cachelab check multi-worker --config robust` find a violation?',
      choices: ['Yes', 'No'],
      answer: () => (checkScenario(getScenario('multi-worker'), { preset: 'robust', runs: 100, seed: 8 }).counterexample ? 0 : 1),
      reveal: () => {
        const r = checkScenario(getScenario('multi-worker'), { preset: 'robust', runs: 100, seed: 8 });
        return r.counterexample ? `Yes: ${r.counterexample.violations[0].invariant}.` : `No: ${r.runs} schedules, no violation (seed 8). A check that finds nothing is evidence, not proof; explore gives the exhaustive answer within its bound.`;
      },
    },
  ],
  takeaway: 'A fix is proven for a deployment when the invariants hold over every schedule you can generate for it, not when one demo looks right.',
  exercise: 'Run `npx cachelab check all --config broken` and read the shrunk counterexample: which choices were left non-nominal, and why are those the essential ones? Then `npx cachelab explore commit-race --config robust`.',
};
