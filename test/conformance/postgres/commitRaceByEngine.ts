// The commit-race findings (docs/findings.md) re-measured under each deploy.database, for the
// conformance report: the nominal run, the seed-fix witness that explore found, and seeded
// random schedules, per preset. One writer only, so the engines differ at most in what a
// transaction of the feed request reads (SQLite: one snapshot; PostgreSQL: one per statement).
import type { DatabaseEngine } from '../../../src/layers/database';
import { checkScenario } from '../../../sim/check/checkScenario';
import { checkInvariants } from '../../../sim/invariants/index';
import { runScenario } from '../../../sim/run';
import { getScenario } from '../../../sim/scenarios/index';

/** The 4-deviation witness `cachelab explore commit-race --config seed-fix` printed (docs/findings.md). */
export const SEED_FIX_WITNESS = [180, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
export const CHECK_RUNS = 50;
export const CHECK_SEED = 1;

export function commitRaceByEngine(engine: DatabaseEngine): string {
  const scenario = getScenario('commit-race');
  const overrides = [`deploy.database=${engine}`];
  const verdict = (n: number) => (n ? `violated (${n})` : 'ok');
  const parts = ['broken', 'seed-fix', 'robust'].map((preset) => {
    const nominal = checkInvariants(runScenario(scenario, { preset, overrides })).length;
    const witness = checkInvariants(runScenario(scenario, { preset, overrides, choices: SEED_FIX_WITNESS })).length;
    const check = checkScenario(scenario, { preset, overrides, runs: CHECK_RUNS, seed: CHECK_SEED });
    const found = check.counterexample ? `violated after ${check.runs} run(s)` : `ok (${check.runs} runs)`;
    return `${preset}: nominal ${verdict(nominal)}, seed-fix witness ${verdict(witness)}, check ${found}`;
  });
  return `commit-race with deploy.database=${engine} (model; check seed ${CHECK_SEED}): ${parts.join('; ')}.`;
}
