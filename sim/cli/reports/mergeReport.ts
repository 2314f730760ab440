// `cachelab merge --json`'s report (docs/json-reports.md): its zod schema, the one source of the
// MergedReport type (sim/explore/mergeShards.ts) and of docs/schemas/merge-report.schema.json.
import { z } from 'zod';
import { count, schemaField } from './reportFields';
import { exploreWitnessFields } from './exploreReport';
import { reportId } from './reportIds';

export const mergeReportSchema = z
  .strictObject({
    schema: schemaField(reportId('merge')),
    command: z.literal('merge').describe('The command that wrote it.'),
    scenario: z.string().describe('The scenario every shard explored.'),
    preset: z.string().describe('Its preset.'),
    overrides: z.array(z.string()).describe('Its knobs set on top of the preset, as key=value.'),
    maxStaleMs: count.nullable().describe('--max-stale-ms of every shard; null: none.'),
    reduction: z.boolean().describe('The partial-order reduction, as every shard ran it.'),
    symmetry: z.boolean().describe('The worker symmetry, as every shard ran it.'),
    deferJitter: z.boolean().nullable().describe('Deferred jitter, as every shard ran it; null when the shards\' reports predate the field.'),
    quietGap: z.boolean().nullable().describe('The quiet gap, as every shard ran it; null when the shards\' reports predate the field.'),
    shards: z.int().min(1).describe('The number of shards (n of --shard i/n).'),
    exhaustive: z.boolean().describe('Every shard explored its part to the end.'),
    completeUpToDeviations: z.int().min(-1).nullable().describe('When not exhaustive: the smallest "every schedule with at most k deviations" over the shards; null when exhaustive.'),
    shardsNotExhaustive: z
      .array(
        z.strictObject({
          shard: z.int().min(1).describe('The shard (i of --shard i/n).'),
          stopReason: z.string().nullable().describe('Its report\'s stopReason: what stopped it ("time-limit", "interrupted", "memory", "stop-at-first", "max-states", "max-deviations"); null when its report predates the field.'),
          completeUpToDeviations: z.int().min(-1).describe('Every schedule of its part with at most this many deviations was explored (-1: not even the nominal one).'),
          why: z.string().describe('The same in words, with what to change.'),
          rerun: z.string().describe('The command that runs it again as the other shards ran, to its end (no time limit; no --max-deviations; a tenfold --max-states or a doubled heap when those stopped it), writing the file merge read it from.'),
        }),
      )
      .describe('The shards that did not explore their part to the end, by shard: empty when exhaustive.'),
    statesExplored: count.describe('Summed over the shards.'),
    distinctStatesSummed: count.describe('Summed over the shards: a state two shards reached counts twice.'),
    runs: count.describe('Summed over the shards.'),
    runsPastHorizon: count.describe('Summed over the shards.'),
    collisionProbability: z.number().min(0).describe('The shards\' summed collision probabilities (an upper bound).'),
    violated: z.array(z.string()).describe('The invariants any shard found violated.'),
    witnesses: z
      .array(z.strictObject({ ...exploreWitnessFields, shard: z.int().min(1).describe('The shard (i of --shard i/n) whose witness this is.') }))
      .describe('Per violated invariant, the shortest witness over the shards, as that shard\'s report gives it, with its shard.'),
  })
  .describe('The report of `cachelab merge --json`.');
export type MergeReport = z.infer<typeof mergeReportSchema>;
