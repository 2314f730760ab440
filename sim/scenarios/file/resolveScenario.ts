// From a file that passed the schema to the Scenario the simulation runs: defaults filled in,
// relative times (`wait`) and relative months (`navigate to: next`) made absolute, items named by
// title replaced by their uuid, and the rules that span fields checked (each user and item a step
// names exists, each user opens the calendar before using it, dates are real days).
import { parseIsoDate } from '../../../src/app/pythonDate';
import { addMonths } from '../../../src/app/visibleRange';
import { KNOBS, type Config } from '../../../src/config';
import type { WorkItem } from '../../../src/layers/database';
import { ownValue } from '../../input/lookup';
import { nearestNames } from '../../input/nearestNames';
import type { Scenario, ScenarioAction, ScenarioStep } from '../types';
import { describeValue, type FilePath } from './scenarioFileError';
import type { ScenarioFileData } from './scenarioSchema';

/** A rule the file breaks; parseScenarioFile adds the file name and line. */
export class ScenarioProblem extends Error {
  constructor(
    readonly path: FilePath,
    readonly found: string,
    readonly allowed: string,
  ) {
    super(`${path.join('.')}: found ${found}; allowed: ${allowed}`);
  }
}

/** The virtual times of `today` a write may happen at: 00:00 to 23:00 UTC (0 ms is 09:00). */
export const WRITE_DAY_MS = { from: -9 * 3_600_000, to: 14 * 3_600_000 } as const;

/** " (did you mean "bob"?)" for a name written with another case or one letter off, else "" (a name of one or two letters is one letter off every other: only its case counts). */
function meant(typed: string, names: readonly string[]): string {
  const near = nearestNames(typed, names).filter((n) => typed.length > 2 || n.toLowerCase() === typed.toLowerCase());
  return near.length ? ` (did you mean ${near.map((n) => JSON.stringify(n)).join(' or ')}?)` : '';
}

const fail = (path: FilePath, found: string, allowed: string): never => {
  throw new ScenarioProblem(path, found, allowed);
};

/** Items without a uuid get one from their position, so a run is still byte-identical. */
export function defaultUuid(index: number): string {
  return `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`;
}

function realDay(value: string, path: FilePath): void {
  try {
    parseIsoDate(value);
  } catch {
    fail(path, describeValue(value), 'a real day of the calendar (YYYY-MM-DD)');
  }
}

/** A month view shows six weeks around its month: they must stay within the years 0001..9999. */
function gridInYears(month: string, path: FilePath, field: string): void {
  if (month < '0001-02' || month > '9999-11') fail([...path, field], `a page on ${month}, whose six-week grid leaves the years 0001..9999`, 'a month from 0001-02 to 9999-11');
}

function resolveConfigValues(config: Record<string, unknown> | undefined): Partial<Config> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config ?? {})) {
    const spec = ownValue(KNOBS, key);
    if (!spec) {
      // `config: { deploy: { workers: 2 } }`: the knobs are flat names, which YAML's nesting hides.
      const nested = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value).map((k) => `${key}.${k}`).filter((k) => ownValue(KNOBS, k)) : [];
      if (nested.length) return fail(['config', key], `a group of knobs (${nested.map((k) => `"${k}"`).join(', ')} nested under "${key}")`, `each knob as one flat key: ${nested.map((k) => `"${k}": ${JSON.stringify((value as Record<string, unknown>)[k.slice(key.length + 1)])}`).join(', ')}`);
      const near = nearestNames(key, Object.keys(KNOBS));
      return fail(['config', key], `an unknown knob${near.length ? ` (did you mean "${near.join('" or "')}"?)` : ''}`, `the knobs ${Object.keys(KNOBS).join(', ')}`);
    }
    // A knob's value in the file is typed JSON (3, true, "redis"): its text must parse back to it.
    const asText = value === null ? 'none' : typeof value === 'object' ? '' : String(value);
    const parsed = spec.parse(asText);
    if (parsed === undefined || parsed !== value) {
      const allowed = typeof spec.allowed === 'string' ? spec.allowed.replace(/^none or /, 'null or ') : spec.allowed.map((a) => (a === 'true' || a === 'false' ? a : JSON.stringify(a))).join(', ');
      // A value from a list with another case or one letter off ("Redis"), as --set says it.
      const near = typeof value === 'string' && typeof spec.allowed !== 'string' ? meant(value, spec.allowed) : '';
      fail(['config', key], `${describeValue(value)}${near}`, allowed);
    }
    out[key] = parsed;
  }
  return out as Partial<Config>;
}

/** One item of the file (in `items`, or the new item of a create step) with its defaults filled in. */
function resolveItem(it: ScenarioFileData['items'] extends (infer I)[] | undefined ? I : never, uuid: string, path: FilePath, userIds: string[]): WorkItem {
  realDay(it.startDate, [...path, 'startDate']);
  const endDate = it.endDate ?? it.startDate;
  realDay(endDate, [...path, 'endDate']);
  if (endDate < it.startDate) fail([...path, 'endDate'], JSON.stringify(endDate), `a day on or after startDate ${it.startDate} (the last day, inclusive)`);
  const visibleTo = it.visibleTo ?? userIds;
  visibleTo.forEach((id, j) => {
    if (!userIds.includes(id)) fail([...path, 'visibleTo', j], describeValue(id), `the userId of one of the users: ${userIds.map((u) => JSON.stringify(u)).join(', ')}`);
  });
  return { uuid, title: it.title, startDate: it.startDate, endDate, workType: it.workType ?? 'task', status: it.status ?? 'not_started', visibleTo: [...visibleTo] };
}

function resolveItems(data: ScenarioFileData, userIds: string[]): WorkItem[] {
  const seen = new Map<string, number>();
  return (data.items ?? []).map((it, i) => {
    const path = ['items', i];
    const uuid = it.uuid ?? defaultUuid(i);
    const before = seen.get(uuid);
    if (before !== undefined) fail([...path, 'uuid'], `${JSON.stringify(uuid)}, which items[${before}] has too`, 'a uuid no other item has');
    seen.set(uuid, i);
    return resolveItem(it, uuid, path, userIds);
  });
}

function findItem(ref: string, items: WorkItem[], path: FilePath): string {
  const byUuid = items.find((it) => it.uuid === ref);
  if (byUuid) return byUuid.uuid;
  const byTitle = items.filter((it) => it.title === ref);
  if (byTitle.length === 1) return byTitle[0].uuid;
  const choices = items.length ? items.map((it) => JSON.stringify(it.title)).join(', ') : 'none: the file has no items';
  if (byTitle.length > 1) return fail(path, `${JSON.stringify(ref)}, the title of ${byTitle.length} items`, `a uuid (titles must be unique to name an item): ${byTitle.map((it) => it.uuid).join(', ')}`);
  return fail(path, `${JSON.stringify(ref)}${meant(ref, items.map((it) => it.title))}`, `the uuid or the title of an item: ${choices}`);
}

type TimedStep = { index: number; atMs: number; step: Exclude<ScenarioFileData['steps'][number], { do: 'wait' }> };
type WriteAction = Extract<ScenarioAction, { do: 'delete' | 'create' | 'edit' }>;

/**
 * The delete, create and edit steps, in time order: a step names an item the file lists or one
 * an earlier step created; a created item gets the next default uuid; an edit changes the title
 * and/or dates of the item as the earlier steps left it (its last day on or after its first).
 */
function resolveWrites(order: TimedStep[], initial: WorkItem[], userIds: string[], itemCount: number, actorOf: (index: number) => { name: string; userId: string }): Map<number, WriteAction> {
  const items = [...initial];
  const out = new Map<number, WriteAction>();
  const creators = new Map<string, string>();
  let created = 0;
  // A user clicks Delete or Edit on an event of their calendar: an item they cannot see is not there.
  const visibleItem = (ref: string, path: FilePath): string => {
    const uuid = findItem(ref, items, path);
    const item = items.find((it) => it.uuid === uuid)!;
    const actor = actorOf(path[1] as number);
    if (!item.visibleTo.includes(actor.userId) && creators.get(uuid) !== actor.userId)
      fail(path, `${JSON.stringify(ref)}, which ${actor.name} (userId ${JSON.stringify(actor.userId)}) cannot see`, `an item whose visibleTo has ${JSON.stringify(actor.userId)}: ${items.filter((it) => it.visibleTo.includes(actor.userId) || creators.get(it.uuid) === actor.userId).map((it) => JSON.stringify(it.title)).join(', ') || 'none'}`);
    return uuid;
  };
  for (const { index, step } of order) {
    const path: FilePath = ['steps', index];
    if (step.do === 'delete') out.set(index, { do: 'delete', item: visibleItem(step.item, [...path, 'item']) });
    else if (step.do === 'create') {
      const uuid = step.item.uuid ?? defaultUuid(itemCount + created);
      created++;
      const clash = items.find((it) => it.uuid === uuid);
      if (clash) fail([...path, 'item', 'uuid'], `${JSON.stringify(uuid)}, which the item "${clash.title}" has already`, 'a uuid no other item has');
      const item = resolveItem(step.item, uuid, [...path, 'item'], userIds);
      items.push(item);
      creators.set(uuid, actorOf(index).userId);
      out.set(index, { do: 'create', item });
    } else if (step.do === 'edit') {
      const uuid = visibleItem(step.item, [...path, 'item']);
      if (step.title === undefined && step.startDate === undefined && step.endDate === undefined) fail(path, 'an edit that changes nothing', 'at least one of title, startDate, endDate');
      const k = items.findIndex((it) => it.uuid === uuid);
      const before = items[k];
      if (step.startDate !== undefined) realDay(step.startDate, [...path, 'startDate']);
      if (step.endDate !== undefined) realDay(step.endDate, [...path, 'endDate']);
      const startDate = step.startDate ?? before.startDate;
      const endDate = step.endDate ?? before.endDate;
      if (endDate < startDate) fail([...path, step.endDate !== undefined ? 'endDate' : 'startDate'], `${startDate} to ${endDate}`, `dates whose last day (inclusive) is on or after the first (the item runs ${before.startDate} to ${before.endDate} before this edit)`);
      items[k] = { ...before, title: step.title ?? before.title, startDate, endDate };
      const action: WriteAction = { do: 'edit', item: uuid };
      if (step.title !== undefined) action.title = step.title;
      if (step.startDate !== undefined) action.startDate = step.startDate;
      if (step.endDate !== undefined) action.endDate = step.endDate;
      out.set(index, action);
    }
  }
  return out;
}

export function resolveScenario(data: ScenarioFileData): Scenario {
  realDay(data.today, ['today']);
  const names = new Map<string, number>();
  const ids = new Map<string, number>();
  data.users.forEach((u, i) => {
    if (names.has(u.name)) fail(['users', i, 'name'], `${JSON.stringify(u.name)}, which users[${names.get(u.name)}] has too`, 'a name no other user has');
    names.set(u.name, i);
    // Two users may share a Django id (one person on two devices), but then they must be named apart.
    ids.set(u.userId, i);
  });
  const userIds = [...ids.keys()];
  const items = resolveItems(data, userIds);
  const configDefaults = resolveConfigValues(data.config as Record<string, unknown> | undefined);

  // Times: a step's atMs, or where the previous step (plus any waits) left off.
  const timed: TimedStep[] = [];
  let cursor = 0;
  data.steps.forEach((step, index) => {
    if (step.do === 'wait') {
      cursor += step.forMs;
      return;
    }
    cursor = step.atMs ?? cursor;
    timed.push({ index, atMs: cursor, step });
  });
  if (!timed.length) fail(['steps'], 'only wait steps', 'at least one step a user does (open, navigate, reload, refetch, delete, create, edit, filter)');

  // Months: each user's page, in time order (ties in file order), as the page would be at that step.
  const order = [...timed].sort((a, b) => a.atMs - b.atMs || a.index - b.index);
  const shown = new Map<string, { month: string; opened: string; openedBy: number }>();
  const monthOf = new Map<number, string>();
  const userOf = new Map<number, string>();
  const userNames = [...names.keys()];
  const last = new Map<string, { index: number; do: string; atMs: number; until: number }>();
  for (const { index, atMs, step } of order) {
    const path = ['steps', index];
    let user = step.user;
    if (user === undefined) {
      if (userNames.length > 1) fail([...path, 'user'], 'nothing', `one of ${userNames.join(', ')} (required when the scenario has more than one user)`);
      user = userNames[0];
    } else if (!names.has(user)) fail([...path, 'user'], `${JSON.stringify(user)}${meant(user, userNames)}`, `one of ${userNames.join(', ')}`);
    userOf.set(index, user!);
    // A write's invalidation loops start from the server's date.today(), which the model holds at
    // `today` for the whole run: a write on another day would silently invalidate the wrong months.
    if ((step.do === 'delete' || step.do === 'create' || step.do === 'edit') && (atMs < WRITE_DAY_MS.from || atMs + (step.jitterMs ?? 0) > WRITE_DAY_MS.to))
      fail([...path, step.atMs === undefined ? 'do' : 'atMs'], `${step.do === 'edit' ? 'an' : 'a'} ${step.do} at ${atMs} ms${step.jitterMs ? ` (jitter to ${atMs + step.jitterMs} ms)` : ''}, not on today ${data.today} (0 ms is 09:00 UTC)`, `a write from ${WRITE_DAY_MS.from} to ${WRITE_DAY_MS.to} ms with its jitter (00:00 to 23:00 UTC, an hour left for its requests): the server's date.today(), which its cache invalidation starts from, stays ${data.today} all run; for a write on another day, make that day today`);
    // One person does one thing at a time, in the file's order; steps at one instant (or inside the
    // previous step's jitter) would run in an order the schedule picks, not the file's.
    const before = last.get(user!);
    if (before && atMs <= before.until && (before.do !== 'open' || step.do === 'open'))
      fail([...path, 'do'], `"${step.do}" at ${atMs} ms by ${user}, not after ${user}'s previous step steps[${before.index}] ("${before.do}" at ${before.atMs} ms${before.until > before.atMs ? `, jitter to ${before.until} ms` : ''})`, `a time after ${before.until} ms: a later atMs, or a wait before this step (a user's steps at one instant would run in an order the schedule picks, not the file's)`);
    last.set(user!, { index, do: step.do, atMs, until: atMs + (step.jitterMs ?? 0) });
    const page = shown.get(user!);
    if (step.do === 'open') {
      const month = step.month ?? data.today.slice(0, 7);
      gridInYears(month, path, step.month === undefined ? 'do' : 'month');
      shown.set(user!, { month, opened: month, openedBy: atMs + (step.jitterMs ?? 0) });
      monthOf.set(index, month);
      continue;
    }
    // Simultaneous steps run in an order the schedule picks, so "after the open" means strictly later.
    if (!page || atMs <= page.openedBy)
      fail([...path, 'do'], `"${step.do}" at ${atMs} ms by ${user}, whose calendar is not open yet`, `an open step of ${user} earlier than this one, past its jitter (give this step a later atMs, or a wait before it)`);
    if (step.do === 'navigate') {
      if ((step.month === undefined) === (step.to === undefined)) fail(path, step.month === undefined ? 'neither month nor to' : 'both month and to', 'exactly one of month (YYYY-MM) or to (next, previous, today)');
      const month = step.month ?? (step.to === 'today' ? data.today.slice(0, 7) : addMonths(page!.month, step.to === 'next' ? 1 : -1));
      gridInYears(month, path, step.month === undefined ? 'to' : 'month');
      page!.month = month;
      monthOf.set(index, month);
    }
    // F5 loads the page's URL, the month it was opened on (navigating does not change the URL).
    if (step.do === 'reload') page!.month = page!.opened;
  }

  const userIdOf = new Map(data.users.map((u) => [u.name, u.userId]));
  const actorOf = (index: number) => ({ name: userOf.get(index)!, userId: userIdOf.get(userOf.get(index)!)! });
  const writes = resolveWrites(order, items, userIds, data.items?.length ?? 0, actorOf);
  const steps: ScenarioStep[] = timed.map(({ index, atMs, step }) => {
    const user = userOf.get(index)!;
    const jitter = step.jitterMs ? { jitterMs: step.jitterMs } : {};
    switch (step.do) {
      case 'open':
      case 'navigate':
        return { atMs, user, do: step.do, month: monthOf.get(index)!, ...jitter };
      case 'delete':
      case 'create':
      case 'edit':
        return { atMs, user, ...writes.get(index)!, ...jitter };
      case 'filter':
        if (step.workType === undefined && step.status === undefined)
          fail(['steps', index], 'a filter step that names neither workType nor status', 'workType and/or status (a value, or null for all)');
        return { atMs, user, do: 'filter', workType: step.workType ?? null, status: step.status ?? null, ...jitter };
      default:
        return { atMs, user, do: step.do, ...jitter };
    }
  });

  return {
    name: data.name,
    description: data.description ?? data.name,
    details: data.details ?? '',
    today: data.today,
    defaultPreset: data.preset ?? 'broken',
    configDefaults,
    users: data.users.map((u) => ({ name: u.name, userId: u.userId })),
    items,
    steps,
  };
}

