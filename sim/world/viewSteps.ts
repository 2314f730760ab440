// The steps views have taken, so a request restored into another run need not rebuild its view
// to take a step it has already taken. A view's next operation (or its answer) depends only on
// its request, the run's config and the replies it has received with the time of each (that is
// what lets server.ts rebuild it by replaying them), and explore restores many sibling runs from
// one state: each feeds the same view the same reply at the same time. A `replies` array stands
// for one such history: it is never mutated, a dispatch starts a fresh one, and each step makes a
// new one, so the array's identity says which request it is, when its view started and every
// reply it had. A step taken from it is remembered with the array that follows it, so a run that
// takes the same step gets that same array and can take the next remembered step too.
import type { JsonValue } from '../../src/json';
import type { HttpResponse } from '../../src/app/http';
import type { Op } from '../../src/app/ops';
import type { ViewReply } from './state';

/** One step from a history: the reply fed (at `nowMs`), what the view yielded, and the history after it. */
interface ViewStep {
  nowMs: number;
  value: JsonValue;
  next: IteratorResult<Op, HttpResponse>;
  replies: ViewReply[];
}

/** Steps taken from each history, by the history's array (weakly: a history no run can reach again is dropped). */
export type ViewSteps = WeakMap<readonly ViewReply[], ViewStep[]>;

/** Two JSON values are the same, keys in the same order (a view may iterate them). */
export function sameJson(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i] || !sameJson(a[ka[i]], b[ka[i]])) return false;
  return true;
}

/** The step already taken from `replies` with this reply at this time, or undefined. */
export function stepTaken(steps: ViewSteps, replies: readonly ViewReply[], nowMs: number, value: JsonValue): ViewStep | undefined {
  const taken = steps.get(replies);
  if (taken === undefined) return undefined;
  for (const s of taken) if (s.nowMs === nowMs && sameJson(s.value, value)) return s;
  return undefined;
}

/** Remembers a step just taken: `after` is the history it leads to (its last reply the one fed). */
export function rememberStep(steps: ViewSteps, replies: readonly ViewReply[], after: ViewReply[], next: IteratorResult<Op, HttpResponse>): void {
  const last = after[after.length - 1];
  const step: ViewStep = { nowMs: last.nowMs, value: last.value, next, replies: after };
  const taken = steps.get(replies);
  if (taken === undefined) steps.set(replies, [step]);
  else taken.push(step);
}
