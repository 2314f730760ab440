// The --json reports' JSON Schemas (draft 2020-12), made from their zod schemas: what
// docs/schemas/*.schema.json hold (test/sim/reportSchemas.test.ts keeps them equal, and checks
// real reports against them). Every object is closed (additionalProperties: false): a field a
// report gains must be added here first, or the test fails.
import { z } from 'zod';
import { checkReportSchema } from './checkReport';
import { exploreReportSchema } from './exploreReport';
import { matrixReportSchema } from './matrixReport';
import { mergeReportSchema } from './mergeReport';
import { REPORT_KINDS, reportId, type ReportKind } from './reportIds';

export const REPORT_SCHEMAS: Record<ReportKind, z.ZodType> = { check: checkReportSchema, explore: exploreReportSchema, merge: mergeReportSchema, matrix: matrixReportSchema };

export function reportJsonSchema(kind: ReportKind): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(REPORT_SCHEMAS[kind], { unrepresentable: 'throw', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { $schema, title: `cachelab ${kind} --json report (${reportId(kind)})`, ...rest };
}

export const reportJsonSchemaText = (kind: ReportKind) => JSON.stringify(reportJsonSchema(kind), null, 2) + '\n';

export { REPORT_KINDS };
