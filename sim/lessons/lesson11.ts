// Lesson 11 (issue 12, creates and edits): the same caching bug on the other two writes. An edit
// shows at once, because the page sets the title itself, and reverts at the next fetch; a create
// that reaches the writer's own feed need not reach a teammate's.
import { runScenario } from '../run';
import { getScenario } from '../scenarios/index';
import type { Trace, TraceEvent } from '../trace';
import { addEventSentence } from './addEventFate';
import { reloadMs } from './reloadTime';
import { excerptLines, firstEvent } from './traceQueries';
import type { Lesson } from './types';

const SITE_VISIT = '5f0c7a3e-2b1d-4e8a-9c6f-000000000002';
const PLANNING_DAY = '5f0c7a3e-2b1d-4e8a-9c6f-000000000021';

/** The render the edit listener made (setProp and setDates). */
function editRender(t: Trace): TraceEvent {
  const ack = firstEvent(t, (e) => e.type === 'page.workItemUpdated');
  return firstEvent(t, (e) => e.type === 'calendar.render' && e.causeId === ack.seq);
}

/** The title the calendar shows for the item in a render, or null when it is not shown. */
function shownTitle(render: TraceEvent, uuid: string): string | null {
  const shown = (render.payload.shown as Array<{ item: string; title: string }> | undefined) ?? [];
  return shown.find((s) => s.item === uuid)?.title ?? null;
}

/** The first render after A's reload that shows what a fetch brought. */
function renderAfterReload(t: Trace): TraceEvent {
  const reload = firstEvent(t, (e) => e.type === 'user.reload');
  return firstEvent(t, (e) => e.type === 'calendar.render' && e.seq > reload.seq && e.payload.user === 'A' && !e.payload.transient);
}

const crossUser = () => runScenario(getScenario('cross-user-create'), { preset: 'seed-fix' });

export const lesson11: Lesson = {
  n: 11,
  slug: 'creates-and-edits',
  title: 'Creates and edits: the same bug on the other writes',
  goal: 'See an edit that showed at once revert at the next fetch, and a create reach its author but not a teammate, and why.',
  run: { scenario: 'edit-reverts', preset: 'broken', overrides: [], seed: null },
  // Getters: the F5 times come from the runs (reloadTime.ts), made when the page is.
  get setup() {
    return (
      'Scenario edit-reverts, under `broken`. A has October open (the feed\'s answer is in the server cache) and renames "Site visit" to ' +
      '"Site visit (client)". The update view saves the title and then invalidates the feed cache exactly as the delete view does (the ' +
      `month-boundary loop). The page's workItemUpdated listener looks the event up and calls setProp('title') and setDates(). A presses F5 at ${reloadMs('edit-reverts', 'broken')} ms.`
    );
  },
  questions: [
    {
      id: 'edit-after-reload',
      checkpoint: (t) => editRender(t).seq,
      get prompt() {
        return `The listener has just set the new title on the event. A presses F5 at ${reloadMs('edit-reverts', 'broken')} ms and the page fetches October again. Which title does A's calendar show for the item after the reload?`;
      },
      choices: ['"Site visit (client)"', '"Site visit"', 'Neither: the item is gone'],
      answer: (t) => {
        const title = shownTitle(renderAfterReload(t), SITE_VISIT);
        return title === 'Site visit (client)' ? 0 : title === null ? 2 : 1;
      },
      reveal: (t) => {
        const r = renderAfterReload(t);
        const hit = t.events.find((e) => e.seq < r.seq && e.seq > editRender(t).seq && e.type === 'cache.get' && e.payload.hit === true && Array.isArray(e.payload.items));
        return (
          `At ${r.t} ms the calendar shows ${JSON.stringify(shownTitle(r, SITE_VISIT))}. ` +
          (hit
            ? `The reload's feed request was a server-cache hit on ${String(hit.payload.key)} at ${hit.t} ms: the answer cached before the edit. `
            : 'The feed request after the reload read the database. ') +
          'setProp and setDates changed FullCalendar\'s store only; the first fetch after them replaced the store with what the server sent. ' +
          'The update view\'s loop deleted month keys, not the 42-day key the page asks for, as the delete\'s does.'
        );
      },
    },
    {
      id: 'cross-user-create',
      checkpoint: (t) => renderAfterReload(t).seq,
      get prompt() {
        return (
          'Another run: cross-user-create under `seed-fix`, whose create bumps the feed version of the user who creates. B creates "Planning day" at 0 ms, shared with A; ' +
          `A presses F5 at ${reloadMs('cross-user-create', 'seed-fix')} ms. Is "Planning day" on A's calendar after A's reload?`
        );
      },
      choices: ['Yes', 'No'],
      about: { scenarios: ['cross-user-create'], preset: 'seed-fix', overrides: [] },
      excerpt: () => {
        const t = crossUser();
        const create = firstEvent(t, (e) => e.type === 'db.insert');
        const bump = firstEvent(t, (e) => e.type === 'cache.set' && String(e.payload.key).startsWith('calendar_feed_version'), create.seq);
        return excerptLines(t, [create, bump]);
      },
      answer: () => {
        const t = crossUser();
        const reload = firstEvent(t, (e) => e.type === 'user.reload' && e.actor === 'user:A');
        const r = firstEvent(t, (e) => e.type === 'calendar.render' && e.seq > reload.seq && e.payload.user === 'A' && !e.payload.transient);
        return (r.payload.items as string[]).includes(PLANNING_DAY) ? 0 : 1;
      },
      reveal: () => {
        const t = crossUser();
        const reload = firstEvent(t, (e) => e.type === 'user.reload' && e.actor === 'user:A');
        const aRead = firstEvent(t, (e) => e.type === 'cache.get' && String(e.payload.key).startsWith('calendar_feed:') && String(e.payload.key).includes(':1:'), reload.seq);
        return (
          `After the reload, A's feed request read ${String(aRead.payload.key)} at ${aRead.t} ms: ${aRead.payload.hit ? `a hit with ${(aRead.payload.items as string[]).length} item(s)` : 'a miss'}. ` +
          'B\'s create bumped calendar_feed_version:2, B\'s own counter, so A\'s key never moved. The seed\'s per-user version reaches the ' +
          'author of a write, not the other people who see the item: `npx cachelab check cross-user-create --config seed-fix` (exit 1); ' +
          'with robust\'s one global counter, `npx cachelab check cross-user-create --config robust` (exit 0).'
        );
      },
    },
  ],
  // A getter: the sentence about addEvent comes from runs (addEventFate.ts), made when the page is.
  get takeaway() {
    return (
      'A create or an edit is a write like a delete. The page\'s own edit (setProp, setDates) lives in FullCalendar\'s store until the next ' +
      `accepted fetch replaces the source's events; ${addEventSentence()}. A reload starts the store empty, so what the user keeps seeing is ` +
      'whatever the caches serve. Invalidate for every write, for everyone who can see the item.'
    );
  },
  exercise:
    'Run `npx cachelab check edit-reverts` (exit 1), then `npx cachelab check edit-reverts --config seed-fix` (exit 0) and ' +
    '`npx cachelab check edit-across-month-boundary --config robust` (exit 0). Write the create and edit views yourself (docs/your-own-fix.md) ' +
    'and check them: `npx cachelab check create-appears --app examples/robust-app.ts` (exit 0).',
};
