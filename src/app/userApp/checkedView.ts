// A user's view run with checks on what it yields and returns, so the usual slips (a call without
// `yield*`, no response, a feed that is not a list of events, a loop that never ends, an on_commit
// callback that gives no call) are a one-sentence usage error naming the view,
// not a crash deep in the simulator or a run that never settles. A valid view runs unchanged: each
// step and each answer passes through as it is.
import { UsageError } from '../../config';
import type { HttpResponse } from '../http';
import type { Op, ViewProgram } from '../ops';
import type { UnstartedCalls } from './unstartedCalls';

/** More Django calls than any view makes in one request: past it, the view is taken to loop. */
export const MAX_CALLS_PER_REQUEST = 10000;

const CALL_HINT = 'e.g. `yield* django.cache.get(key)`';
const RESPONSE_HINT = 'return django.HttpResponse(status), django.JsonResponse(body) or django.hxTrigger(event, detail)';

export function isGenerator(v: unknown): boolean {
  return v !== null && typeof v === 'object' && typeof (v as Generator).next === 'function' && typeof (v as Generator)[Symbol.iterator] === 'function';
}

function isStep(v: unknown): v is Op {
  if (v === null || typeof v !== 'object') return false;
  const { layer, latency } = v as { layer?: unknown; latency?: unknown };
  return (layer === 'cache' || layer === 'db' || layer === 'cpu') && typeof latency === 'string';
}

export function shown(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? `the string ${JSON.stringify(v.slice(0, 40))}` : `${typeof v} ${String(v)}`;
  if (typeof (v as { then?: unknown }).then === 'function') return 'a Promise (async is not supported: calls are yield*, not await)';
  return 'an object';
}

function isResponse(v: unknown): v is HttpResponse {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const { status, headers } = v as { status?: unknown; headers?: unknown };
  return Number.isInteger(status) && (status as number) >= 100 && (status as number) <= 599 && headers !== null && typeof headers === 'object';
}

/** `step` as yielded by `who` ("work_item_delete", "the on_commit callback of work_item_delete"), if it is a Django call. */
function checkedStep(step: unknown, who: string): Op {
  if (isStep(step)) return step;
  if (isGenerator(step)) throw new UsageError(`${who} yielded a Django call without its star: write \`yield*\`, not \`yield\` (${CALL_HINT})`);
  throw new UsageError(`${who} yielded ${shown(step)}, not a Django call: a view yields only through \`yield*\` on django's calls (${CALL_HINT})`);
}

export function* checkedView(name: string, unstarted: UnstartedCalls, view: ViewProgram<unknown>): ViewProgram<HttpResponse> {
  unstarted.view = name;
  let calls = 0;
  let next = view.next();
  while (!next.done) {
    const step = checkedStep(next.value, name);
    if (++calls > MAX_CALLS_PER_REQUEST) throw new UsageError(`${name} made more than ${MAX_CALLS_PER_REQUEST} Django calls in one request without returning: does it loop forever?`);
    next = view.next(yield step);
  }
  const response = next.value;
  if (!isResponse(response)) {
    if (isGenerator(response)) throw new UsageError(`${name} returned a Django call instead of a response: write \`return yield* ...\` for a call's value, or ${RESPONSE_HINT}`);
    const status = response !== null && typeof response === 'object' ? (response as { status?: unknown }).status : undefined;
    // `{ status: 200 }` written by hand has a good status and no headers: it is the object that is wrong.
    if (status !== undefined && !isResponse({ status, headers: {} })) throw new UsageError(`${name} returned a response with status ${shown(status)}: a status is an integer from 100 to 599`);
    throw new UsageError(`${name} returned ${status === undefined ? shown(response) : `an object with status ${String(status)} but no headers`}, not a response: ${RESPONSE_HINT}`);
  }
  if (name === 'work_items_calendar_feed' && response.status === 200) checkFeedBody(response.body);
  checkTrigger(name, response);
  return response;
}

/** The HX-Trigger event the page listens for after each write view's answer, and the detail fields its listener reads. */
const TRIGGERS: Record<string, { event: string; fields: string[]; hint: string }> = {
  work_item_delete: { event: 'workItemDeleted', fields: ['id'], hint: "django.hxTrigger('workItemDeleted', { id: row.uuid, title: row.title })" },
  work_item_create: { event: 'workItemCreated', fields: ['id', 'title', 'start', 'end'], hint: "django.hxTrigger('workItemCreated', django.eventDetail(item))" },
  work_item_update: { event: 'workItemUpdated', fields: ['id', 'title', 'start', 'end'], hint: "django.hxTrigger('workItemUpdated', django.eventDetail({ uuid, ...fields }))" },
};

/**
 * A write view's HX-Trigger, as the page's listener reads it: an event the page does not listen
 * for (`workItemDelete`) would leave the deleted item on the calendar for a reason no trace shows,
 * and a detail without the fields the listener reads failed deep in the page's model.
 */
function checkTrigger(name: string, response: HttpResponse): void {
  const header = response.headers['hx-trigger'];
  const expected = TRIGGERS[name];
  if (typeof header !== 'string' || !expected) return;
  let events: Record<string, unknown>;
  try {
    events = JSON.parse(header) as Record<string, unknown>;
  } catch {
    return;
  }
  if (events === null || typeof events !== 'object') return;
  const names = Object.keys(events);
  // hxTrigger(event) with no detail: JSON leaves an undefined value out, so no event is left.
  if (!names.length) throw new UsageError(`${name} answered with an HX-Trigger that names no event (a detail that is undefined is left out of the header, and its event with it): write ${expected.hint}`);
  if (!names.includes(expected.event))
    throw new UsageError(`${name} answered with the HX-Trigger event "${names[0].slice(0, 40)}", which the page does not listen for: after ${name} it listens for ${expected.event}; write ${expected.hint}`);
  const detail = events[expected.event];
  const missing = detail !== null && typeof detail === 'object' ? expected.fields.filter((f) => (detail as Record<string, unknown>)[f] === undefined || (detail as Record<string, unknown>)[f] === null) : expected.fields;
  if (missing.length)
    throw new UsageError(`${name} answered ${expected.event} with ${detail === undefined ? 'no detail' : `a detail without ${missing.join(', ')}`}: the page's listener reads detail.${missing[0]}; write ${expected.hint}`);
}

/**
 * FullCalendar's events feed reads a JSON list of events, each with its `start`: a dict around
 * the list, or the rows themselves, would leave the calendar empty and show up only as a stale
 * render with no cause.
 */
function checkFeedBody(body: unknown): void {
  const name = 'work_items_calendar_feed';
  if (!Array.isArray(body)) throw new UsageError(`${name} answered 200 with ${shown(body)} as its body: FullCalendar's feed expects a list of events, \`django.JsonResponse(events)\``);
  const i = body.findIndex((e) => e === null || typeof e !== 'object' || typeof (e as { start?: unknown }).start !== 'string');
  if (i >= 0) throw new UsageError(`${name} answered a list whose item ${i} is not an event (no "start"): make each with \`django.feedEvent(row, 'uuid')\``);
}

/**
 * An on_commit callback run: `fn` must give a Django call or a generator. One that returns
 * nothing (`() => { django.cache.delete(k); }`) would otherwise fail inside the simulator.
 */
export function* checkedCallback(fn: () => ViewProgram<unknown>, unstarted: UnstartedCalls): ViewProgram<unknown> {
  const program = fn() as unknown;
  if (!isGenerator(program))
    throw new UsageError(`the on_commit callback of ${unstarted.view} returned ${shown(program)}: give it one Django call, \`() => django.cache.delete(key)\`, or a generator function, \`function* () { yield* ... }\``);
  // Counted on its own: after ATOMIC_REQUESTS' COMMIT a callback runs once the view has returned.
  // Its steps are checked on their own too: what it yields reached the simulator unchecked.
  const callback = program as ViewProgram<unknown>;
  const who = `the on_commit callback of ${unstarted.view}`;
  let calls = 0;
  let next = callback.next();
  while (!next.done) {
    const step = checkedStep(next.value, who);
    if (++calls > MAX_CALLS_PER_REQUEST) throw new UsageError(`${who} made more than ${MAX_CALLS_PER_REQUEST} Django calls without returning: does it loop forever?`);
    next = callback.next(yield step);
  }
  return next.value;
}

/** transaction.atomic's body run: like a callback, it must give a generator (`function* () { ... }`). */
export function* checkedBody(body: () => ViewProgram<unknown>, unstarted: UnstartedCalls): ViewProgram<unknown> {
  const program = body() as unknown;
  if (!isGenerator(program)) throw new UsageError(`the transaction.atomic body of ${unstarted.view} returned ${shown(program)}: give it a generator function, \`function* () { yield* ... }\``);
  return yield* program as ViewProgram<unknown>;
}
