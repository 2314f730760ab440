// Golden traces of the seed scenarios, as timing tables (readable diffs). A change to the model
// that changes a timeline fails here; if the change is intended, regenerate with
// UPDATE_GOLDEN=1 npx vitest run test/sim/golden.test.ts and review the diff.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatTiming } from '../../sim/format/formatTiming';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';

const SEED_SCENARIOS = ['seed-broken', 'seed-broken-id-mismatch', 'seed-fixed', 'seed-test-1', 'seed-test-2', 'seed-test-3'];

describe('golden traces', () => {
  it.each(SEED_SCENARIOS)('%s matches its golden timing table', (name) => {
    const file = `test/golden/${name}.txt`;
    const actual = formatTiming(runScenario(getScenario(name)));
    if (process.env.UPDATE_GOLDEN) writeFileSync(file, actual);
    expect(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/sim/golden.test.ts`).toBe(true);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });
});
