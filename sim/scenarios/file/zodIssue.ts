// One zod issue as "path, found, allowed", for ScenarioFileError. zod says what it expected; this
// says it in the file's terms (field names the object may have, the values a choice may take).
import type { z } from 'zod';
import { describeValue, type FilePath } from './scenarioFileError';
import { ownValue } from '../../input/lookup';
import { nearestNames } from '../../input/nearestNames';
import { FIELDS } from './scenarioSchema';

export interface IssueParts {
  path: FilePath;
  found: string;
  allowed: string;
}

function valueAt(data: unknown, path: FilePath): unknown {
  let v: unknown = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

/** Other words for a step's `do`, as a person or another tool says them: "remove" is a delete. */
const STEP_SYNONYMS: Record<string, string> = { remove: 'delete', destroy: 'delete', add: 'create', new: 'create', insert: 'create', update: 'edit', change: 'edit', move: 'edit', modify: 'edit', goto: 'navigate', go: 'navigate', refresh: 'reload', f5: 'reload', load: 'open', visit: 'open', sleep: 'wait', pause: 'wait' };

/** The fields the object at `path` may have (its step kind decides a step's). */
function fieldsAt(data: unknown, path: FilePath): string[] {
  if (!path.length) return FIELDS.root;
  const [top] = path;
  if (path.length === 2 && top === 'users') return FIELDS.user;
  if (path.length === 2 && top === 'items') return FIELDS.item;
  // A create step's new item has an item's fields.
  if (path.length === 3 && top === 'steps' && path[2] === 'item') return FIELDS.item;
  if (path.length === 2 && top === 'steps') {
    const kind = (valueAt(data, path) as { do?: unknown }).do;
    return ownValue(FIELDS.step, String(kind)) ?? [];
  }
  return [];
}

export function issueParts(issue: z.core.$ZodIssue, data: unknown): IssueParts {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const value = valueAt(data, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const fields = fieldsAt(data, path);
      const key = issue.keys[0];
      const near = nearestNames(key, fields).map((f) => `"${f}"`);
      // `{ do: create, title: Lunch, startDate: ... }`: the new item's fields written on the step itself.
      const kind = path.length === 2 && path[0] === 'steps' ? (valueAt(data, path) as { do?: unknown }).do : undefined;
      const itemField = !near.length && kind === 'create' && FIELDS.item.includes(key);
      const hint = near.length ? ` (did you mean ${near.join(' or ')}?)` : itemField ? ` (a field of the new item: write it inside item, as in item: { title: ..., startDate: ... })` : '';
      return { path: [...path, key], found: `an unknown field${hint}`, allowed: `the fields ${fields.join(', ')}` };
    }
    case 'invalid_union': {
      // A discriminated union names its discriminator and options (zod 4).
      const u = issue as unknown as { discriminator?: string; options?: unknown[] };
      if (u.discriminator) {
        // A step without `do` most likely misspells it (`od`, `Do`): say which field that was.
        const parent = valueAt(data, path.slice(0, -1));
        const typo = value === undefined && parent && typeof parent === 'object' ? Object.keys(parent).find((k) => nearestNames(k, [u.discriminator!]).length) : undefined;
        const options = (u.options ?? []).map(String);
        const synonym = typeof value === 'string' ? ownValue(STEP_SYNONYMS, value.toLowerCase()) : undefined;
        const near = typeof value === 'string' ? (synonym && options.includes(synonym) ? [synonym] : nearestNames(value, options)) : [];
        const found = typo === undefined ? `${describeValue(value)}${near.length ? ` (did you mean ${near.join(' or ')}?)` : ''}` : `nothing, but a field "${typo}" (did you mean "${u.discriminator}"?)`;
        return { path, found, allowed: options.join(', ') };
      }
      return { path, found: describeValue(value), allowed: issue.message };
    }
    case 'invalid_value':
      return { path, found: describeValue(value), allowed: issue.values.map((v) => JSON.stringify(v)).join(', ') };
    case 'too_big':
    case 'too_small': {
      const big = issue.code === 'too_big';
      const bound = big ? (issue as { maximum: number | bigint }).maximum : (issue as { minimum: number | bigint }).minimum;
      const cmp = big ? 'at most' : 'at least';
      // The schema's own wording when it has one (zod's defaults begin "Too big"/"Too small").
      if (!/^Too (big|small)/.test(issue.message)) return { path, found: describeValue(value), allowed: issue.message };
      if (issue.origin === 'array') return { path, found: describeValue(value), allowed: `${cmp} ${bound} entr${Number(bound) === 1 ? 'y' : 'ies'}` };
      if (issue.origin === 'string') return { path, found: `${describeValue(value)} (${String(value).length} characters)`, allowed: `${cmp} ${bound} characters` };
      return { path, found: describeValue(value), allowed: `a number ${cmp} ${bound}` };
    }
    case 'invalid_type':
      if (value === undefined) return { path, found: 'nothing (the field is required)', allowed: issue.message };
      return { path, found: describeValue(value), allowed: issue.message };
    default:
      return { path, found: describeValue(value), allowed: issue.message };
  }
}
