// The arguments of each Django call a user's view makes, checked when it makes it: a key that is
// not a string, a value that is not JSON (the model's caches hold JSON, as Django's pickle would
// hold the same data), a query without its user or dates. Unchecked, such a call ran on and gave
// a verdict about something else (a query of user undefined finds no rows: nothing goes stale).
import { UsageError } from '../../config';

type Rule = [test: (v: unknown) => boolean, what: string];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isJson(v: unknown, depth = 0): boolean {
  if (depth > 50) return false;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every((x) => isJson(x, depth + 1));
  if (typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return false;
  return Object.values(v as object).every((x) => isJson(x, depth + 1));
}

const optional = (rule: Rule): Rule => [(v) => v === undefined || rule[0](v), `${rule[1]} (or left out)`];
const key: Rule = [(v) => typeof v === 'string', 'a string key'];
const json: Rule = [(v) => isJson(v), 'a JSON value (null, a boolean, a finite number, a string, an array or a plain object of these)'];
const timeout: Rule = [(v) => v === undefined || v === null || (typeof v === 'number' && Number.isFinite(v)), 'a timeout in seconds, null (never expires) or left out'];
const uuid: Rule = [(v) => typeof v === 'string', 'a uuid string'];
const fn: Rule = [(v) => typeof v === 'function', 'a function'];
const object: Rule = [(v) => v !== null && typeof v === 'object' && !Array.isArray(v), 'an object'];
const nullableString = (v: unknown) => v === undefined || v === null || typeof v === 'string';
const query: Rule = [
  (v) => object[0](v) && typeof (v as { userId?: unknown }).userId === 'string' && DATE.test(String((v as { start?: unknown }).start)) && DATE.test(String((v as { end?: unknown }).end)) && nullableString((v as { workType?: unknown }).workType) && nullableString((v as { status?: unknown }).status),
  '{ userId: request.userId, start: "YYYY-MM-DD", end: "YYYY-MM-DD", workType?, status? }',
];
const fields: Rule = [(v) => object[0](v) && typeof (v as { title?: unknown }).title === 'string' && DATE.test(String((v as { startDate?: unknown }).startDate)) && DATE.test(String((v as { endDate?: unknown }).endDate)), '{ title, startDate: "YYYY-MM-DD", endDate: "YYYY-MM-DD" }'];

/** Each call's positional arguments, by the name a view calls it by (django.<name>). */
const RULES: Record<string, Rule[]> = {
  'cache.get': [key, optional(json)],
  'cache.set': [key, json, timeout],
  'cache.add': [key, json, timeout],
  'cache.delete': [key],
  'cache.deleteMany': [[(v) => Array.isArray(v) && v.every((k) => typeof k === 'string'), 'an array of string keys'], optional([(v) => typeof v === 'string', 'a label string'])],
  'cache.incr': [key, optional([(v) => Number.isInteger(v), 'an integer'])],
  'db.workItems': [query],
  'db.getWorkItem': [uuid],
  'db.deleteWorkItem': [uuid],
  'db.createWorkItem': [object],
  'db.updateWorkItem': [uuid, fields],
  'db.getVersion': [key],
  'db.incrementVersion': [key],
  'transaction.atomic': [fn],
  'transaction.on_commit': [fn],
  work: [[(v) => typeof v === 'string', 'a step name string'], [(v) => v === 'serialize' || v === 'response', '"serialize" or "response"']],
};

function shown(v: unknown): string {
  if (typeof v === 'function') return 'a function';
  if (v === undefined) return 'undefined';
  try {
    const text = JSON.stringify(v);
    return text === undefined ? String(v) : text.length > 60 ? `${text.slice(0, 60)}...` : text;
  } catch {
    return typeof v;
  }
}

/** Throws a UsageError naming the call and the argument when one does not fit. */
export function checkCallArgs(name: string, args: unknown[]): void {
  const rules = RULES[name];
  if (!rules) return;
  rules.forEach(([test, what], i) => {
    if (!test(args[i])) throw new UsageError(`django.${name}: argument ${i + 1} must be ${what}; got ${shown(args[i])}`);
  });
}
