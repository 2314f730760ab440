// The id each --json report carries in its "schema" field: "cachelab/<kind>-report/<major>". Kept
// free of zod so the commands that write reports need only these strings. The rule: a field added
// keeps the number, a field removed or renamed, or a type changed, bumps it (docs/json-reports.md).
export const REPORT_KINDS = ['check', 'explore', 'merge', 'matrix'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_VERSION: Record<ReportKind, number> = { check: 1, explore: 1, merge: 1, matrix: 1 };

export const reportId = <K extends ReportKind>(kind: K) => `cachelab/${kind}-report/${REPORT_VERSION[kind]}` as `cachelab/${K}-report/${number}`;

/** Where the committed JSON Schema of a report is, from the project's (or the installed package's) folder. */
export const reportSchemaFile = (kind: ReportKind) => `docs/schemas/${kind}-report.schema.json`;
