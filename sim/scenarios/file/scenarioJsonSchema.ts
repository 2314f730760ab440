// The scenario file's shape as JSON Schema (docs/scenario.schema.json), for editors: completion,
// hover text and red squiggles while a user writes a scenario, before any command runs. Made from
// the zod schema the files are read with, with each config knob's type and allowed values from
// src/config.ts (the zod schema takes any key there: resolveScenario.ts checks knobs, with "did you
// mean"). Cross-field rules (a step's user exists, a title names one item) are not in it: the
// commands still say those.
import { z } from 'zod';
import { KNOBS, PRESET_NAMES } from '../../../src/config';
import { scenarioFileSchema } from './scenarioSchema';

/** Hover text of the top-level fields (docs/scenario-files.md, "The fields"). */
const FIELD_HELP: Record<string, string> = {
  $schema: 'Where your editor finds this schema; the run ignores it.',
  format: 'Marks the file as a scenario.',
  version: "The format's version.",
  name: 'What traces, reports and replay commands call it: 1 to 64 lower-case letters, digits and dashes.',
  description: 'One line for `cachelab scenarios` and trace headers.',
  details: 'What it reproduces and from where.',
  today: "The server's date.today() for the whole run; virtual 0 ms is 09:00 UTC that day (YYYY-MM-DD).",
  preset: `The code run, check and explore use when --config is not given: ${PRESET_NAMES.join(', ')}.`,
  config: 'Deployment (and, rarely, code) knobs the scenario needs, as flat keys ("deploy.workers": 2); presets and --set override them. `cachelab config` lists them.',
  users: 'The people, one browser and one calendar page each.',
  items: 'The work items in the database at the start.',
  steps: 'What the users do, and when: open, navigate, reload, refetch, delete, create, edit, filter, wait.',
};

export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioFileSchema, { unrepresentable: 'throw' }) as { properties: Record<string, Record<string, unknown>> } & Record<string, unknown>;
  schema.properties.config = {
    type: 'object',
    properties: Object.fromEntries(Object.entries(KNOBS).map(([key, spec]) => [key, { ...spec.json, description: spec.help }])),
    additionalProperties: false,
  };
  for (const [field, help] of Object.entries(FIELD_HELP)) schema.properties[field] = { description: help, ...schema.properties[field] };
  const { $schema, ...rest } = schema;
  return { $schema, title: 'Calendar Cache Lab scenario file', description: 'A scenario: who uses the app, which work items exist, and what each person does when (docs/scenario-files.md).', ...rest };
}
