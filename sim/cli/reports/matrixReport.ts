// `cachelab matrix --json`'s report (docs/json-reports.md): its zod schema, the one source of its
// TypeScript type (cliMatrix.ts builds a MatrixReport) and of docs/schemas/matrix-report.schema.json.
import { z } from 'zod';
import { INVARIANTS } from '../../invariants/index';
import { ALL_FIX_SETS, PROFILES } from '../../matrix/matrix';
import { count, schemaField } from './reportFields';
import { reportId } from './reportIds';

/** An object with exactly these keys, each holding `value`. */
const keyed = <V extends z.ZodType>(keys: readonly string[], value: V) => z.strictObject(Object.fromEntries(keys.map((k) => [k, value])) as Record<string, V>);
const invariantNames = INVARIANTS.map((i) => i.name);
const share = z.number().min(0).max(1);
const fixes = z.array(z.int().min(1).max(4)).describe('The seed\'s fixes: 1 never_cache, 2 version-based invalidation, 3 cache-busting fetch, 4 raw uuid ids.');

const cellSchema = z.strictObject({
  runs: count.describe('Seeded runs in the cell.'),
  violating: keyed(invariantNames, count).describe('Runs violating each invariant, by name.'),
  violatingAny: count.describe('Runs violating at least one.'),
  share: keyed(invariantNames, share).describe('violating / runs, per invariant.'),
  shareAny: share.describe('violatingAny / runs.'),
  violatingByScenario: z.record(z.string(), count).describe('Runs violating at least one, by scenario (scenarios with none left out).'),
  staleUntil: z.strictObject({ window: count, ttl: count, 'end-of-run': count }).describe('Violating runs by how their longest staleness ended.'),
  longestWindowMs: count.nullable().describe('The longest window among the runs whose longest staleness was a window; null: none.'),
});

export const matrixReportSchema = z
  .strictObject({
    schema: schemaField(reportId('matrix')),
    command: z.literal('matrix').describe('The command that wrote it.'),
    runsPerCell: count.describe('--runs: runs per fix combination and browser profile.'),
    maxStaleMs: count.nullable().describe('--max-stale-ms; null: none.'),
    scenarios: z.array(z.string()).describe('The scenarios measured (run k is of scenario k mod their number).'),
    invariants: z.array(z.string()).describe('The invariants, in the order of the cells\' keys.'),
    rows: z
      .array(
        z.strictObject({
          fixes,
          label: z.string().describe('"none", "1", "1+3", ...'),
          profiles: keyed(PROFILES, cellSchema).describe('One cell per browser profile.'),
        }),
      )
      .describe(`The ${ALL_FIX_SETS.length} fix combinations.`),
    claims: z
      .array(
        z.strictObject({
          claim: z.string().describe('What the seed says, in its words.'),
          fixes,
          claimedShare: share.describe('The share the seed claims is removed.'),
          measured: keyed(PROFILES, z.number().nullable()).describe('Measured share of the no-fix row\'s violating runs that this row removes, per profile; below 0 when the fix adds violating runs (-0.05: 5% more, as the text report says it); null: the no-fix row had no violating run under that profile.'),
        }),
      )
      .describe('The seed\'s claims beside the measurement.'),
  })
  .describe('The report of `cachelab matrix --json`.');
export type MatrixReport = z.infer<typeof matrixReportSchema>;
