// The trace file's JSON Schema (docs/schemas/trace.schema.json): what `run --format json` prints and
// the --out files of run, check, explore and replay hold. Made from the zod schema replay and the
// visualizer read traces with (sim/traceSchema.ts), each config knob's value from its own rule in
// src/config.ts (the zod schema checks them with code, which JSON Schema cannot carry). Payload
// fields nothing reads are any JSON there too. The trace says its kind and version itself:
// "format" and "version".
import { z } from 'zod';
import { KNOBS } from '../../../src/config';
import { TRACE_SCHEMA } from '../../traceSchema';

export function traceJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(TRACE_SCHEMA, { unrepresentable: 'any', target: 'draft-2020-12' }) as { properties: Record<string, unknown> } & Record<string, unknown>;
  // The ISO time's pattern says what "format": "date-time" does, which ajv alone refuses to compile (strict) without ajv-formats.
  delete (rest.properties.epoch as { format?: string }).format;
  const keys = Object.keys(KNOBS);
  rest.properties.config = { type: 'object', properties: Object.fromEntries(Object.entries(KNOBS).map(([key, spec]) => [key, { ...spec.json, description: spec.help }])), required: keys, additionalProperties: false };
  return { $schema, title: 'cachelab trace (run --format json, also with --out; the --out files of check, explore and replay)', ...rest };
}

export const traceJsonSchemaText = () => JSON.stringify(traceJsonSchema(), null, 2) + '\n';
