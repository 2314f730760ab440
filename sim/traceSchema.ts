// The schema of a trace file, in zod: what `cachelab replay` and the visualizer accept, checked
// before either reads a field. Every field they read has a type and a bound here; payload and
// layer-view fields nobody reads are any JSON (the depth limit is checked before parsing). Fields
// that name something (actors, events, knobs) must name something that exists. Browser-safe.
import { z } from 'zod';
import { CONFIG_KEYS, KNOBS, type ConfigKey } from '../src/config';
import { MAX_OVERRIDES, MAX_STRING_CHARS, MAX_TRACE_ACTORS, MAX_TRACE_CHOICES, MAX_TRACE_EVENTS } from './input/limits';
import { CHOICE, SEED } from './input/numbers';
import { TRACE_FORMAT, TRACE_VERSION } from './trace';

const MAX_NAME = 200;
const MAX_LIST = MAX_TRACE_EVENTS;

const name = z.string().min(1).max(MAX_NAME);
const text = z.string().max(MAX_STRING_CHARS);
const int = z.int();
const ms = z.number().finite();
const strings = z.array(text).max(MAX_LIST);
// Values come from JSON.parse, so any value is JSON already; unread ones are not walked again.
const json = z.unknown();
const headers = z.record(z.string().max(MAX_NAME), text);

/** A knob's value must be one its `--set` would accept (so a replay resolves the same config). */
function knobValue(key: ConfigKey) {
  return z.custom<unknown>((v) => {
    if (!(v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number')) return false;
    if (typeof v === 'string' && v.length > MAX_NAME) return false;
    const spelled = v === null ? 'none' : String(v);
    return KNOBS[key].parse(spelled) === v;
  }, `not an allowed value of ${key}`);
}

const config = z.strictObject(Object.fromEntries(CONFIG_KEYS.map((k) => [k, knobValue(k)])) as Record<ConfigKey, ReturnType<typeof knobValue>>);

const item = z.looseObject({ uuid: text, title: text, startDate: text, endDate: text, status: text, workType: text, visibleTo: strings });

/** Payload fields the CLI's formats, the outcome and the visualizer read, by name, whatever the event type. */
const payload = z.looseObject({
  cacheMode: text.optional(),
  callbacks: z.array(json).max(MAX_LIST).optional(),
  committed: strings.optional(),
  culled: strings.optional(),
  dbItems: strings.optional(),
  dbRows: z.array(item).max(MAX_LIST).optional(),
  shown: z.array(z.looseObject({ item: text, title: text, start: text, end: z.union([text, z.null()]) })).max(MAX_LIST).optional(),
  written: z.array(z.looseObject({ kind: z.enum(['create', 'edit']), uuid: text, title: text, startDate: text, endDate: text, workType: text, status: text, visibleTo: strings })).max(MAX_LIST).optional(),
  filter: z.looseObject({ workType: z.union([text, z.null()]), status: z.union([text, z.null()]) }).optional(),
  deleted: z.union([ms, strings]).optional(),
  endStr: text.optional(),
  startStr: text.optional(),
  eventIds: strings.optional(),
  fetchId: int.optional(),
  found: z.union([z.boolean(), text, z.null()]).optional(),
  freshForMs: ms.optional(),
  headers: headers.optional(),
  requestHeaders: headers.optional(),
  hit: z.boolean().optional(),
  item: text.optional(),
  items: z.union([strings, z.array(item).max(MAX_LIST)]).optional(),
  key: text.optional(),
  keys: strings.optional(),
  method: text.optional(),
  month: text.optional(),
  rangeStart: text.optional(),
  rangeEnd: text.optional(),
  reason: text.optional(),
  requestId: text.optional(),
  rows: strings.optional(),
  scenario: text.optional(),
  today: text.optional(),
  snapshotAtMs: ms.optional(),
  status: z.union([int, z.null()]).optional(),
  step: text.optional(),
  stored: z.boolean().optional(),
  timeoutS: z.union([ms, z.null()]).optional(),
  title: text.optional(),
  transient: z.boolean().optional(),
  tried: strings.optional(),
  txId: z.union([text, z.null()]).optional(),
  url: text.optional(),
  user: text.optional(),
  userId: text.optional(),
  users: z.array(z.looseObject({ name: text, userId: text })).max(MAX_TRACE_ACTORS).optional(),
  uuid: text.optional(),
  value: z.union([ms, z.null()]).optional(),
  why: text.optional(),
  workType: z.union([text, z.null()]).optional(),
});

const ACTOR_KINDS = ['user', 'calendar', 'browser', 'network', 'worker', 'cache', 'db'] as const;

const actor = z.strictObject({ id: name, kind: z.enum(ACTOR_KINDS), label: text, user: text.optional() });

/** What the visualizer reads of each layer's view, by the actor's kind. */
const LAYER_VIEWS: Partial<Record<(typeof ACTOR_KINDS)[number], z.ZodType>> = {
  calendar: z.looseObject({
    month: z.union([text, z.null()]).optional(),
    startStr: z.union([text, z.null()]).optional(),
    endStr: z.union([text, z.null()]).optional(),
    fetchInFlight: z.boolean().optional(),
    latestFetchId: z.union([int, z.null()]).optional(),
    events: z.array(z.looseObject({ id: text, title: text, start: text })).max(MAX_LIST).optional(),
  }),
  browser: z.looseObject({
    profile: text.optional(),
    entries: z.array(z.looseObject({ url: text, status: int, fresh: z.boolean(), freshForMs: ms, storedAtMs: ms })).max(MAX_LIST).optional(),
  }),
  cache: z.looseObject({
    backend: text.optional(),
    maxEntries: int.optional(),
    entries: z.array(z.looseObject({ key: text, expired: z.boolean(), expiresAtMs: z.union([ms, z.null()]) })).max(MAX_LIST).optional(),
  }),
  db: z.looseObject({
    rows: z.array(item).max(MAX_LIST).optional(),
    versions: z.record(text, ms).optional(),
    openTransactions: z.array(z.looseObject({ txId: text, deleted: strings })).max(MAX_LIST).optional(),
  }),
};

const event = z.strictObject({
  seq: int,
  t: int,
  actor: name,
  type: name,
  causeId: z.union([int, z.null()]),
  from: name.optional(),
  label: text,
  payload,
  after: z.record(name, z.record(z.string(), json)).optional(),
});

const resurrection = z.strictObject({ t: int, seq: int, cause: text, causeSeqs: z.array(int).max(MAX_LIST) });
const userOutcome = z.strictObject({ user: text, vanishedAt: z.union([int, z.null()]), resurrections: z.array(resurrection).max(MAX_LIST), shownAtEnd: z.boolean() });
const deletion = z.strictObject({
  item: text,
  title: text,
  deletedBy: text,
  committedAt: z.union([int, z.null()]),
  ackAt: z.union([int, z.null()]),
  users: z.array(userOutcome).max(MAX_TRACE_ACTORS),
});
const outcome = z.strictObject({ deletions: z.array(deletion).max(MAX_LIST), staleRenders: int.min(0), renders: int.min(0), summary: strings });

export const TRACE_SCHEMA = z.strictObject({
  format: z.literal(TRACE_FORMAT),
  version: z.literal(TRACE_VERSION),
  scenario: name,
  description: text,
  preset: name,
  overrides: z.array(z.string().max(MAX_NAME)).max(MAX_OVERRIDES),
  // The --app file, when the user's own views made the run.
  app: text.optional(),
  config,
  seed: z.union([int.min(SEED.min).max(SEED.max), z.null()]),
  choices: z.array(int.min(CHOICE.min).max(CHOICE.max)).max(MAX_TRACE_CHOICES),
  // Absent only in traces written before the labelled log existed.
  choiceLog: z
    .array(z.strictObject({ kind: z.enum(['tie', 'route', 'latency', 'jitter']), label: text, options: int.min(2).max(CHOICE.max + 1), value: int.min(0).max(CHOICE.max) }))
    .max(MAX_TRACE_CHOICES)
    .optional(),
  epoch: z.iso.datetime(),
  actors: z.array(actor).min(1).max(MAX_TRACE_ACTORS),
  events: z.array(event).max(MAX_TRACE_EVENTS),
  outcome,
});


export type ValidTrace = z.infer<typeof TRACE_SCHEMA>;

export interface TraceProblem {
  path: (string | number)[];
  message: string;
}

/**
 * What the schema alone cannot say: references between parts of the trace. What the visualizer
 * and the outcome look up by id or seq must exist. Plain code after the schema (a zod refinement
 * on the whole trace would take it off zod's fast path, doubling the time).
 */
export function traceReferenceProblem(t: ValidTrace): TraceProblem | null {
  const kinds = new Map<string, string>();
  for (const [i, a] of t.actors.entries()) {
    if (kinds.has(a.id)) return { path: ['actors', i, 'id'], message: `actor id "${a.id}" appears twice` };
    kinds.set(a.id, a.kind);
  }
  if (t.choiceLog) {
    if (t.choiceLog.length !== t.choices.length) return { path: ['choiceLog'], message: `must have one entry per choice (${t.choices.length})` };
    const bad = t.choiceLog.findIndex((r, i) => r.value !== t.choices[i] || r.value >= r.options);
    if (bad >= 0) return { path: ['choiceLog', bad], message: `choiceLog entry ${bad}: value must equal choices[${bad}] and be below options` };
  }
  const n = t.events.length;
  for (let i = 0; i < n; i++) {
    const e = t.events[i];
    const at = (...p: (string | number)[]) => ['events', i, ...p];
    if (e.seq !== i) return { path: at('seq'), message: `expected seq ${i} (events are in execution order, from 0)` };
    if (i > 0 && e.t < t.events[i - 1].t) return { path: at('t'), message: 'time goes backwards' };
    if (!kinds.has(e.actor)) return { path: at('actor'), message: 'no actor has this id' };
    if (e.from !== undefined && !kinds.has(e.from)) return { path: at('from'), message: 'no actor has this id' };
    if (e.causeId !== null && (e.causeId < 0 || e.causeId >= i)) return { path: at('causeId'), message: 'must be the seq of an earlier event' };
    for (const [id, view] of Object.entries(e.after ?? {})) {
      const kind = kinds.get(id);
      if (kind === undefined) return { path: at('after', id), message: 'no actor has this id' };
      const r = LAYER_VIEWS[kind as keyof typeof LAYER_VIEWS]?.safeParse(view);
      if (r && !r.success) return { path: [...at('after', id), ...(r.error.issues[0].path as (string | number)[])], message: r.error.issues[0].message };
    }
  }
  const seqOk = (s: number) => s >= 0 && s < n;
  for (const [di, d] of t.outcome.deletions.entries())
    for (const [ui, u] of d.users.entries())
      for (const [ri, r] of u.resurrections.entries())
        if (!seqOk(r.seq) || !r.causeSeqs.every(seqOk)) return { path: ['outcome', 'deletions', di, 'users', ui, 'resurrections', ri], message: 'refers to an event the trace does not have' };
  return null;
}
