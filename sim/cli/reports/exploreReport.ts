// `cachelab explore --json`'s report (docs/json-reports.md): its zod schema, the one source of its
// TypeScript type (cliExplore.ts builds an ExploreReport) and of docs/schemas/explore-report.schema.json.
import { z } from 'zod';
import { appNotesFields, count, heapSchema, ms, schemaField, violationSchema } from './reportFields';
import { reportId } from './reportIds';

const onOff = (what: string) => z.strictObject({ on: z.boolean().describe(`Whether ${what} applied.`) });

export const exploreWitnessFields = {
  invariant: z.string().describe('The invariant it violates.'),
  violation: violationSchema,
  script: z.array(count).describe('The choice indices that reproduce it (trailing nominal ones dropped).'),
  nonNominalChoices: count.describe('Its number of deviations from the nominal schedule (check\'s field of that name lists them in words).'),
  seenAtEvent: count.describe('The event (seq) where the violation is first seen: with the deviations, what "shortest" means.'),
  events: count.describe('Events in its trace.'),
  replay: z.string().describe('The command that replays it by its choices.'),
};

export const exploreReportSchema = z
  .strictObject({
    schema: schemaField(reportId('explore')),
    command: z.literal('explore').describe('The command that wrote it.'),
    scenario: z.string().describe('The scenario\'s name.'),
    preset: z.string().describe('The preset it ran under.'),
    overrides: z.array(z.string()).describe('The knobs set on top of the preset, as key=value.'),
    statesExplored: count.describe('States reached, revisits of known states included.'),
    distinctStates: count.describe('Distinct states (the visited set).'),
    runs: count.describe('Runs, each resumed from a stored state.'),
    deepestPath: z.strictObject({ choicePoints: count, tasks: count }).describe('The longest path\'s choice points and tasks.'),
    exhaustive: z.boolean().describe('Every schedule was explored (or reached an explored state): the answer holds for all of them.'),
    boundReached: z.boolean().describe('--max-states, --max-deviations or a stop ended the search before the end.'),
    stoppedEarly: z.boolean().describe('A time limit, Ctrl-C, a full heap or --stop-at-first stopped it (not --max-states nor --max-deviations: see boundReached).'),
    stopReason: z.enum(['time-limit', 'interrupted', 'memory', 'stop-at-first', 'max-states', 'max-deviations']).nullable().describe('What ended the search before the end; null when exhaustive.'),
    heap: heapSchema,
    shard: z
      .strictObject({
        index: z.int().min(1).describe('i of --shard i/n.'),
        count: z.int().min(1).describe('n of --shard i/n.'),
        sources: z.string().regex(/^[0-9a-f]{64}$/).describe('The SHA-256 of the cachelab sources that ran it (src/ and sim/): `cachelab merge` refuses shards of different versions.'),
      })
      .nullable()
      .describe('--shard i/n as {index: i, count: n, sources}; null when not sharded.'),
    engine: z.enum(['snapshot', 'replay']).describe('snapshot: runs resume from stored states; replay: each run replays its prefix.'),
    reduction: z.strictObject({ on: z.boolean().describe('Whether the partial-order reduction applied.'), tieOrdersLeftOut: count.describe('Orders of simultaneous independent tasks it left out.') }),
    symmetry: onOff('the worker symmetry'),
    deferJitter: onOff('deferred jitter'),
    quietGap: onOff('the quiet gap'),
    fingerprintBits: z.literal(64).describe('Bits of the visited set\'s state fingerprints.'),
    collisionProbability: z.number().min(0).describe('Probability that two distinct states shared a fingerprint.'),
    visitedBytesPerState: z.number().nullable().describe('Bytes the visited set held per distinct state; null: not measured.'),
    completeUpToDeviations: z.int().min(-1).nullable().describe('When not exhaustive: every schedule with at most this many deviations was explored (-1: not even the nominal one); null when exhaustive.'),
    maxStates: count.describe('--max-states.'),
    horizonMs: ms.describe('The horizon beyond which cache expiries are treated as never reached.'),
    maxStaleMs: count.nullable().describe('--max-stale-ms; null: any stale moment is a violation.'),
    undecidedEpisodes: count.describe('With --max-stale-ms: stale episodes left undecided where a run stopped at an explored state (0 otherwise).'),
    runsPastHorizon: count.describe('Runs that went past horizonMs.'),
    seconds: z.number().min(0).describe('Wall-clock seconds the search took: the one field that differs between two runs of the same explore.'),
    distinctStatesPerSecond: count.describe('distinctStates / seconds, rounded.'),
    violated: z.array(z.string()).describe('The violated invariants, by name (check\'s violated is a boolean).'),
    witnesses: z.array(z.strictObject(exploreWitnessFields)).describe('Per violated invariant, its shortest witness: fewest deviations, then the earliest event.'),
    ...appNotesFields,
    app: z
      .strictObject({
        file: z.string().describe('The file as given to --app.'),
        sha256: z.string().regex(/^[0-9a-f]{64}$/).describe('The SHA-256 of its contents: `cachelab merge` refuses shards run with different fixes.'),
        config: z.array(z.string()).describe('The knobs its config sets: the first entries of overrides (the rest are --set).'),
      })
      .optional()
      .describe('With --app only: the fix the views came from.'),
    witnessFile: z.string().nullable().describe('Where the shortest witness\'s trace was written (--out); null without --out or without a violation.'),
  })
  .describe('The report of `cachelab explore --json`.');
export type ExploreReport = z.infer<typeof exploreReportSchema>;
