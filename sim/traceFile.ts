// Reading a trace file someone hands us (the visualizer's file picker, `cachelab replay`): its size
// and depth are checked before parsing, then the whole file against TRACE_SCHEMA before any field
// is read. Anything malformed is a TraceFileError with a one-line reason, never a crash.
// Browser-safe: the visualizer loads files through this same function.
import { InputFileError, parseJsonText } from './input/jsonText';
import { echo } from './input/terminalText';
import { TRACE_FORMAT, TRACE_VERSION, type Trace } from './trace';
import { TRACE_SCHEMA, traceReferenceProblem } from './traceSchema';

export class TraceFileError extends Error {
  override readonly name = 'TraceFileError';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A zod issue path as people write it: events[3].payload.url. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$.-]*$/.test(String(p)) ? `${out ? '.' : ''}${String(p)}` : `[${JSON.stringify(String(p))}]`;
  return echo(out || '(the top level)', 120);
}

export function parseTraceFile(text: string): Trace {
  let data: unknown;
  try {
    data = parseJsonText(text, 'a trace');
  } catch (e) {
    if (e instanceof InputFileError) throw new TraceFileError(e.message);
    throw e;
  }
  if (!isObject(data)) throw new TraceFileError('not a trace: expected a JSON object');
  if (data.format !== TRACE_FORMAT) throw new TraceFileError(`not a trace: "format" must be "${TRACE_FORMAT}", found ${echo(JSON.stringify(data.format ?? null) ?? 'null')}`);
  if (data.version !== TRACE_VERSION) throw new TraceFileError(`unsupported trace version ${echo(JSON.stringify(data.version ?? null) ?? 'null')}: this build reads version ${TRACE_VERSION}`);
  const result = TRACE_SCHEMA.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new TraceFileError(`malformed trace at ${formatPath(issue.path)}: ${echo(issue.message, 160)}`);
  }
  const problem = traceReferenceProblem(result.data);
  if (problem) throw new TraceFileError(`malformed trace at ${formatPath(problem.path)}: ${echo(problem.message, 160)}`);
  // The parsed value itself, not zod's copy: the copy lists keys in the schema's order, and a
  // replay compares the file's text with the replayed trace's.
  return data as unknown as Trace;
}
