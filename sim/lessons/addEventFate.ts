// What a created event put in the store by the page's workItemCreated listener does at the next
// accepted fetch: create-appears under `broken` (a stale feed cache, so the fetch does not return
// the new item) with a refetch at 2 s instead of the reload. FullCalendar (FACTS.md section 1): a
// plain addEvent has no event source, so no refetch replaces it; addEvent(event, true) puts it in
// the feed's source, and the next accepted fetch replaces it like any fetched event.
import { runScenario } from '../run';
import { getScenario } from '../scenarios/index';
import type { Scenario } from '../scenarios/types';

export const ADD_EVENT_LISTENERS = ['add-event', 'add-and-refetch'] as const;
export type AddEventListener = (typeof ADD_EVENT_LISTENERS)[number];

function withRefetch(): Scenario {
  const base = getScenario('create-appears');
  return { ...base, steps: [...base.steps.filter((s) => s.do !== 'reload'), { atMs: 2000, user: 'A', do: 'refetch' }] };
}

/** The render of the first fetch that arrives after the refetch at 2 s. */
function renderAfterRefetch(preset: string, listener: AddEventListener) {
  const t = runScenario(withRefetch(), { preset, overrides: [`page.onCreated=${listener}`] });
  const render = t.events.find((e) => e.type === 'calendar.render' && e.payload.user === 'A' && e.t >= 2000 && !e.payload.transient && String(e.payload.why).includes('arrived'));
  if (!render) throw new Error('create-appears with a refetch: no render of a fetch after 2 s');
  return render;
}

function createdUuid(): string {
  const created = withRefetch().steps.find((x) => x.do === 'create');
  if (!created || created.do !== 'create') throw new Error('create-appears no longer creates an item');
  return created.item.uuid;
}

const kept = new Map<AddEventListener, boolean>();
/** Under `broken` (the refetch is served the cached list without the new item): is the created item still shown after it? Memoized. */
export function createdSurvivesFetch(listener: AddEventListener): boolean {
  if (!kept.has(listener)) kept.set(listener, (renderAfterRefetch('broken', listener).payload.items as string[]).includes(createdUuid()));
  return kept.get(listener)!;
}

let twice: boolean | undefined;
/** Under `robust` (the refetch returns the new item): does a plain addEvent's event show next to the fetched one? */
export function plainAddEventShownTwice(): boolean {
  twice ??= (renderAfterRefetch('robust', 'add-event').payload.eventIds as string[]).filter((id) => id === createdUuid()).length > 1;
  return twice;
}

/** The course's sentence about the page's own create, computed from the runs above. */
export function addEventSentence(): string {
  const plain = createdSurvivesFetch('add-event')
    ? 'a plain addEvent (no event source: the seed\'s current listener) is never replaced by a fetch, it stays until a reload' +
      (plainAddEventShownTwice() ? ' and shows twice once the feed returns the item too' : '')
    : 'a plain addEvent (the seed\'s current listener) is replaced by the next accepted fetch';
  const toSource = createdSurvivesFetch('add-and-refetch')
    ? 'addEvent(event, true) (fix 4\'s pattern) survives the next fetch too'
    : 'addEvent(event, true) (fix 4\'s pattern) goes into the feed\'s source, and the next accepted fetch replaces it like any fetched event';
  return `${plain}; ${toSource}`;
}
