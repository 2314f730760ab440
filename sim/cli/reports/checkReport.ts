// `cachelab check --json`'s report (docs/json-reports.md): its zod schema, the one source of its
// TypeScript type (cliCheck.ts builds a CheckReport) and of docs/schemas/check-report.schema.json.
import { z } from 'zod';
import { appNotesFields, count, heapSchema, schemaField, violationSchema } from './reportFields';
import { reportId } from './reportIds';

const counterexampleSchema = z
  .strictObject({
    script: z.array(count).describe('The choice indices that reproduce it (replay\'s --choices).'),
    nonNominalChoices: z.array(z.string()).describe('Each choice that differs from the nominal schedule, in words ("#12 route r6: the 2nd idle worker after round-robin\'s pick").'),
    choicePoints: count.describe('Choice points in the run.'),
    events: count.describe('Events in its trace.'),
    foundDeviations: count.describe('Non-nominal choices of the schedule as found, before shrinking.'),
    shrinks: count.describe('Runs the shrinker made.'),
    shrinkComplete: z.boolean().describe('false when a stop cut the shrinking short.'),
    violations: z.array(violationSchema).describe('Every violation of the shrunk schedule.'),
    replay: z.array(z.string()).describe('Commands that replay it: with the trace file first when this is the scenario whose trace was written, then by its choices.'),
  })
  .nullable()
  .describe('The shrunk counterexample; null when the scenario held.');

const scenarioSchema = z.strictObject({
  scenario: z.string().describe('The scenario\'s name.'),
  preset: z.string().describe('The preset it ran under (--config, else the scenario\'s own).'),
  overrides: z.array(z.string()).describe('The knobs set on top of the preset (--set and the --app file\'s config), as key=value.'),
  runs: count.describe('Schedules run, up to the violating one.'),
  evaluations: count.describe('Runs judged in all, the shrinker\'s included.'),
  stoppedEarly: z.boolean().describe('A stop cut this scenario\'s search short.'),
  violated: z.boolean().describe('An invariant was violated.'),
  counterexample: counterexampleSchema,
});

export const checkReportSchema = z
  .strictObject({
    schema: schemaField(reportId('check')),
    command: z.literal('check').describe('The command that wrote it.'),
    seed: count.describe('--seed: the same seed gives the same schedules and counterexample.'),
    strategy: z.enum(['pct', 'random']).describe('--strategy.'),
    depth: count.nullable().describe('PCT\'s --depth; null with --strategy random.'),
    maxStaleMs: count.nullable().describe('--max-stale-ms; null: any stale moment is a violation.'),
    runsPerScenario: count.describe('--runs: schedules per scenario at most.'),
    violated: z.boolean().describe('Some scenario violated an invariant (exit code 1).'),
    stoppedEarly: z.boolean().describe('A time limit, Ctrl-C, a full heap or --stop-at-first cut the check short: it is incomplete.'),
    stopReason: z.enum(['time-limit', 'interrupted', 'memory', 'stop-at-first']).nullable().describe('What stopped it, as explore names it; "stop-at-first" when --stop-at-first left scenarios unchecked (notChecked names them); null when nothing did.'),
    heap: heapSchema,
    notChecked: z.array(z.string()).describe('Scenarios not checked because the check stopped before them.'),
    ...appNotesFields,
    counterexampleFile: z.string().nullable().describe('Where the first failing scenario\'s counterexample trace was written (--out, default counterexample.json); null when none failed.'),
    scenarios: z.array(scenarioSchema).describe('Each scenario checked, in order.'),
  })
  .describe('The report of `cachelab check --json`.');
export type CheckReport = z.infer<typeof checkReportSchema>;
