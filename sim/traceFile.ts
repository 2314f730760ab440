// Reading a trace file someone hands us (the visualizer's file picker, `cachelab replay`):
// anything malformed is a TraceFileError with a one-line reason, never a crash.
import { TRACE_FORMAT, TRACE_VERSION, type Trace } from './trace';

export class TraceFileError extends Error {
  override readonly name = 'TraceFileError';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseTraceFile(text: string): Trace {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new TraceFileError(`not a trace: the file is not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(data)) throw new TraceFileError('not a trace: expected a JSON object');
  if (data.format !== TRACE_FORMAT) throw new TraceFileError(`not a trace: "format" must be "${TRACE_FORMAT}", found ${JSON.stringify(data.format ?? null)}`);
  if (data.version !== TRACE_VERSION) throw new TraceFileError(`unsupported trace version ${JSON.stringify(data.version ?? null)}: this build reads version ${TRACE_VERSION}`);
  for (const key of ['scenario', 'preset'] as const) if (typeof data[key] !== 'string') throw new TraceFileError(`malformed trace: "${key}" must be a string`);
  if (!isObject(data.config)) throw new TraceFileError('malformed trace: "config" must be an object');
  if (!Array.isArray(data.choices) || !data.choices.every((c) => Number.isInteger(c))) throw new TraceFileError('malformed trace: "choices" must be a list of integers');
  if (data.choiceLog !== undefined) {
    const log = data.choiceLog;
    const kinds = ['tie', 'route', 'latency', 'jitter'];
    if (!Array.isArray(log) || log.length !== data.choices.length) throw new TraceFileError('malformed trace: "choiceLog" must be a list with one entry per choice');
    log.forEach((r, i) => {
      if (!isObject(r) || !kinds.includes(r.kind as string) || typeof r.label !== 'string' || !Number.isInteger(r.options) || r.value !== (data.choices as number[])[i] || (r.options as number) <= (r.value as number))
        throw new TraceFileError(`malformed trace: choiceLog entry ${i} must be {kind, label, options, value} with value equal to choices[${i}] and below options`);
    });
  }
  if (!(data.seed === null || Number.isInteger(data.seed))) throw new TraceFileError('malformed trace: "seed" must be an integer or null');
  if (!Array.isArray(data.actors) || !data.actors.every((a) => isObject(a) && typeof a.id === 'string')) throw new TraceFileError('malformed trace: "actors" must be a list of {id, kind, label}');
  if (!Array.isArray(data.events)) throw new TraceFileError('malformed trace: "events" must be a list');
  data.events.forEach((e, i) => {
    if (!isObject(e) || e.seq !== i || !Number.isInteger(e.t) || typeof e.actor !== 'string' || typeof e.type !== 'string' || typeof e.label !== 'string' || !isObject(e.payload))
      throw new TraceFileError(`malformed trace: event ${i} must have seq ${i}, integer t, actor, type, label and payload`);
  });
  if (!isObject(data.outcome)) throw new TraceFileError('malformed trace: "outcome" must be an object');
  if (!Array.isArray(data.overrides)) throw new TraceFileError('malformed trace: "overrides" must be a list');
  return data as unknown as Trace;
}
