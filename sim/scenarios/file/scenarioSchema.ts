// The scenario file's shape (docs/scenario-files.md), as a zod schema. Each rule's `error` text is
// what the file may hold there, so a failed rule reads "found X; allowed: <that text>". Cross-field
// rules (a step's user must exist, an item named by title must be unique) are in resolveScenario.ts.
import { z } from 'zod';
import { STATUSES, WORK_TYPES } from '../../../src/app/calendarFeedKey';
import { PRESET_NAMES } from '../../../src/config';
import { SCENARIO_LIMITS as L } from './scenarioLimits';

export const SCENARIO_FORMAT = 'calendar-cache-lab/scenario';
export const SCENARIO_VERSION = 1;

const int = (min: number, max: number) => {
  const error = `an integer ${min}..${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
/** YAML reads `title: 2025` or `title: true` as a number or a boolean: say to quote it. */
const text = (max: number, what: string) =>
  z.string({ error: (iss) => (typeof iss.input === 'number' || typeof iss.input === 'boolean' ? `${what}, in quotes (unquoted, YAML reads it as a ${typeof iss.input})` : what) }).min(1, { error: what }).max(max);
const month = z.string({ error: 'a month YYYY-MM, e.g. "2025-10"' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'a month YYYY-MM, e.g. "2025-10"' });
/** The day itself is checked in resolveScenario (February 30th matches the pattern). */
const date = z.string({ error: 'a date YYYY-MM-DD, e.g. "2025-10-06"' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'a date YYYY-MM-DD, e.g. "2025-10-06"' });
const workTypes = WORK_TYPES.filter((w): w is string => w !== null);
const statuses = STATUSES.filter((s): s is string => s !== null);

export const userSchema = z.strictObject({
  name: z.string({ error: 'a short name: a letter, then up to 7 letters or digits, e.g. "A" or "A2"' }).regex(/^[A-Za-z][A-Za-z0-9]{0,7}$/, {
    error: 'a short name: a letter, then up to 7 letters or digits, e.g. "A" or "A2"',
  }),
  userId: z.string({ error: 'Django\'s user id as a string of 1 to 9 digits, e.g. "1"' }).regex(/^[0-9]{1,9}$/, {
    error: 'Django\'s user id as a string of 1 to 9 digits, e.g. "1"',
  }),
});

export const itemSchema = z.strictObject({
  uuid: z
    .string({ error: 'a UUID, e.g. "5f0c7a3e-2b1d-4e8a-9c6f-000000000002"' })
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { error: 'a lower-case UUID, e.g. "5f0c7a3e-2b1d-4e8a-9c6f-000000000002"' })
    .optional(),
  title: text(L.titleChars, `a title of 1 to ${L.titleChars} characters`),
  startDate: date,
  endDate: date.optional(),
  workType: z.enum(workTypes as [string, ...string[]]).optional(),
  status: z.enum(statuses as [string, ...string[]]).optional(),
  visibleTo: z.array(z.string({ error: 'the userId of one of the users, as a string in quotes (e.g. "1")' }), { error: 'a list of user ids' }).max(L.users, { error: `at most ${L.users} user ids` }).optional(),
}, { error: 'a work item: an object with at least title and startDate' });

/** What every step except `wait` may carry besides its own fields. */
const stepBase = {
  atMs: int(-L.timeMs, L.timeMs).optional(),
  user: z.string({ error: 'the name of one of the scenario\'s users' }).optional(),
  jitterMs: int(0, L.jitterMs).optional(),
};

export const stepSchema = z.discriminatedUnion('do', [
  z.strictObject({ do: z.literal('open'), ...stepBase, month: month.optional() }),
  z.strictObject({ do: z.literal('navigate'), ...stepBase, month: month.optional(), to: z.enum(['next', 'previous', 'today']).optional() }),
  z.strictObject({ do: z.literal('reload'), ...stepBase }),
  z.strictObject({ do: z.literal('refetch'), ...stepBase }),
  z.strictObject({ do: z.literal('delete'), ...stepBase, item: text(L.titleChars, 'the uuid or the title of one of the scenario\'s items') }),
  z.strictObject({ do: z.literal('create'), ...stepBase, item: itemSchema }),
  z.strictObject({
    do: z.literal('edit'),
    ...stepBase,
    item: text(L.titleChars, 'the uuid or the title of one of the scenario\'s items'),
    title: text(L.titleChars, `a title of 1 to ${L.titleChars} characters`).optional(),
    startDate: date.optional(),
    endDate: date.optional(),
  }),
  z.strictObject({
    do: z.literal('filter'),
    ...stepBase,
    workType: z.enum(workTypes as [string, ...string[]]).nullable().optional(),
    status: z.enum(statuses as [string, ...string[]]).nullable().optional(),
  }),
  z.strictObject({ do: z.literal('wait'), forMs: int(0, L.timeMs) }),
]);

export const STEP_KINDS = ['open', 'navigate', 'reload', 'refetch', 'delete', 'create', 'edit', 'filter', 'wait'] as const;

export const scenarioFileSchema = z.strictObject({
  /** Where an editor finds docs/scenario.schema.json (JSON files); the run ignores it. */
  $schema: z.string({ error: 'the path or URL of docs/scenario.schema.json, for your editor' }).optional(),
  format: z.literal(SCENARIO_FORMAT).optional(),
  version: z.literal(SCENARIO_VERSION).optional(),
  name: z.string({ error: 'a name of lower-case letters, digits and dashes, e.g. "my-fix"' }).regex(/^[a-z0-9][a-z0-9-]{0,63}$/, {
    error: 'a name of 1 to 64 lower-case letters, digits and dashes, e.g. "my-fix"',
  }),
  description: text(L.descriptionChars, `one line of 1 to ${L.descriptionChars} characters`).optional(),
  details: z.string({ error: 'text' }).max(L.detailsChars).optional(),
  today: date,
  preset: z.enum(PRESET_NAMES as [string, ...string[]]).optional(),
  config: z.record(z.string(), z.unknown(), { error: 'an object of knob: value (cachelab config lists the knobs)' }).optional(),
  users: z.array(userSchema, { error: 'a list of users' }).min(1, { error: 'at least one user' }).max(L.users, { error: `at most ${L.users} users` }),
  items: z.array(itemSchema, { error: 'a list of work items' }).max(L.items, { error: `at most ${L.items} items` }).optional(),
  steps: z.array(stepSchema, { error: 'a list of steps' }).min(1, { error: 'at least one step' }).max(L.steps, { error: `at most ${L.steps} steps` }),
});

export type ScenarioFileData = z.infer<typeof scenarioFileSchema>;
export type ScenarioFileStep = z.infer<typeof stepSchema>;

/** Field names each object may have, for "unknown field" messages. */
export const FIELDS = {
  root: Object.keys(scenarioFileSchema.shape),
  user: Object.keys(userSchema.shape),
  item: Object.keys(itemSchema.shape),
  step: Object.fromEntries(stepSchema.options.map((o) => [o.shape.do.value, Object.keys(o.shape)])) as Record<string, string[]>,
};
