// The page's create and edit: the user submits the form, HTMX posts it (hx-post), the view answers
// with an HX-Trigger (`workItemCreated`, `workItemUpdated`), and the page's listener for it
// (src/app/pageScript.ts) adds the event, sets its title and dates, or refetches. Like the delete's
// listener (page.ts), a listener runs as one JavaScript task: its refetchEvents() comes
// page.listener ms in, and other page jobs wait for it.
import { calendarId, userActorId } from './actorIds';
import { appended } from './appended';
import { CREATE_PATH, updatePath, type HttpRequest } from '../../src/app/http';
import { workItemCreatedListener, workItemUpdatedListener, type PageCall, type WrittenEvent } from '../../src/app/pageScript';
import type { ScenarioStep } from '../scenarios/types';
import type { Simulation } from '../simulation';
import { listenerRefetchLater, render } from './page';
import { exchange } from './server';
import type { PageJob } from './state';

type WriteStep = Extract<ScenarioStep, { do: 'create' | 'edit' }>;

/** The title an item has now, as the page knows it (for labels only). */
function titleOf(sim: Simulation, uuid: string): string {
  return sim.scenario.items.find((i) => i.uuid === uuid)?.title ?? uuid;
}

/** The user submits the create or edit form; HTMX posts it htmx.send ms later. */
export function writeItem(sim: Simulation, step: WriteStep): void {
  const user = step.user;
  const actor = userActorId(user);
  if (step.do === 'create') {
    const it = step.item;
    const seq = sim.record({ actor, type: 'user.create', causeId: null, label: `${user} creates "${it.title}" on ${it.startDate}${it.endDate !== it.startDate ? ` to ${it.endDate}` : ''}`, payload: { item: it.uuid, title: it.title, startDate: it.startDate, endDate: it.endDate } });
    const form: Record<string, string> = { uuid: it.uuid, title: it.title, start_date: it.startDate, end_date: it.endDate, work_type: it.workType, status: it.status, visible_to: it.visibleTo.join(',') };
    sim.scheduler.after(sim.latency('htmx.send', user), calendarId(user), 'htmx post', { kind: 'page', user, job: { kind: 'htmxPost', user, write: 'create', uuid: it.uuid, form, cause: seq } });
    return;
  }
  const changes: string[] = [];
  const form: Record<string, string> = {};
  if (step.title !== undefined) {
    form.title = step.title;
    changes.push(`title "${step.title}"`);
  }
  if (step.startDate !== undefined) form.start_date = step.startDate;
  if (step.endDate !== undefined) form.end_date = step.endDate;
  if (step.startDate !== undefined || step.endDate !== undefined) changes.push(`dates ${step.startDate ?? '(same start)'} to ${step.endDate ?? '(same end)'}`);
  const seq = sim.record({ actor, type: 'user.edit', causeId: null, label: `${user} edits "${titleOf(sim, step.item)}": ${changes.join(', ')}`, payload: { item: step.item, ...form } });
  sim.scheduler.after(sim.latency('htmx.send', user), calendarId(user), 'htmx post', { kind: 'page', user, job: { kind: 'htmxPost', user, write: 'edit', uuid: step.item, form, cause: seq } });
}

export function postWrite(sim: Simulation, user: string, job: Extract<PageJob, { kind: 'htmxPost' }>): void {
  const url = job.write === 'create' ? CREATE_PATH : updatePath(job.uuid);
  const s1 = sim.record({ actor: calendarId(user), type: 'htmx.request', causeId: job.cause, label: sim.lean ? '' : `HTMX posts ${url}`, payload: { item: job.uuid, write: job.write } });
  const request: HttpRequest = { method: 'POST', url, headers: { 'hx-request': 'true' }, userId: sim.userId(user), form: job.form };
  exchange(sim, user, request, s1, { kind: 'write', write: job.write, uuid: job.uuid });
}

const EVENT_NAME = { create: 'workItemCreated', edit: 'workItemUpdated' } as const;

/** The HX-Trigger event fires: the page's listener for it runs. */
export function onWriteTrigger(sim: Simulation, user: string, job: Extract<PageJob, { kind: 'htmxWriteTrigger' }>): void {
  const calendar = calendarId(user);
  const { response, cause, write } = job;
  const name = EVENT_NAME[write];
  const trigger = response.headers['hx-trigger'];
  if (response.status !== 200 || !trigger) {
    sim.record({ actor: calendar, type: 'htmx.error', causeId: cause, label: sim.lean ? '' : `POST answered HTTP ${response.status}: no ${name} event`, payload: { item: job.uuid, write } });
    return;
  }
  const detail = (JSON.parse(trigger) as Record<string, WrittenEvent>)[name];
  const script = write === 'create' ? workItemCreatedListener(detail, sim.config['page.onCreated']) : workItemUpdatedListener(detail, sim.config['page.onUpdated']);
  let next = script.next();
  let found: { id: string; instanceId: number } | null = null;
  const tried: string[] = [];
  while (!next.done && next.value.call === 'calendar.getEventById') {
    tried.push(next.value.id);
    const reply = sim.send(calendar, { type: 'calendar.getEventById', id: next.value.id }) as { event: { id: string; instanceId: number } | null };
    found = reply.event;
    next = script.next(reply);
  }
  const lookup = write === 'create' || sim.lean ? '' : found ? `: getEventById found "${found.id}"` : tried.length ? `: getEventById found none of ${tried.length} id formats` : '';
  const s1 = sim.record({
    actor: calendar,
    type: write === 'create' ? 'page.workItemCreated' : 'page.workItemUpdated',
    causeId: cause,
    label: sim.lean ? '' : `${name} listener${lookup}`,
    payload: { item: job.uuid, title: detail.title, start: detail.start, end: detail.end, tried, found: found ? found.id : null, user },
  });
  const ack = `${user}:${write}:${job.uuid}:${trigger}`;
  if (!sim.state.acks.includes(ack)) sim.state.acks = appended(sim.state.acks, ack);
  let from = s1;
  const changed: string[] = [];
  for (; !next.done; next = script.next()) {
    const call: PageCall = next.value;
    if (call.call === 'calendar.addEvent') {
      sim.send(calendar, { type: 'calendar.addEvent', event: call.event, toSource: call.toSource });
      from = render(sim, user, from, `addEvent("${call.event.id}"${call.toSource ? ', true' : ''})`);
    } else if (call.call === 'calendar.setProp') {
      sim.send(calendar, { type: 'calendar.setProp', instanceId: call.instanceId, name: call.name, value: call.value });
      changed.push(`setProp('title')`);
    } else if (call.call === 'calendar.setDates') {
      sim.send(calendar, { type: 'calendar.setDates', instanceId: call.instanceId, start: call.start, end: call.end });
      changed.push('setDates()');
      // The browser paints once the listener's synchronous part is done: one render for both changes.
      from = render(sim, user, from, `${changed.join(' and ')} of "${call.id}"`);
    } else if (call.call === 'calendar.refetchEvents') {
      listenerRefetchLater(sim, user, from);
    } else throw new Error(`the ${name} listener called ${call.call}, which a listener does not`);
  }
}
