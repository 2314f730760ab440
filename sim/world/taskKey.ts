// The text a pending task is known by in the plain explorer's state text (sim/stateHash.ts
// canonicalStateText): derived from the task's spec and the request it belongs to, so it cannot
// forget a field the task will use. The structural fingerprint (sim/fingerprint.ts) does not use
// these texts; they are kept so the plain path stays callable for comparison.
import type { HttpRequest } from '../../src/app/http';
import type { PageJob, RequestState, SimState, Task } from './state';
import { PAGE_START } from '../stateHash';
import { opLabel } from './traceLabels';

/**
 * An answer's headers as far as its future goes: an answer with `no-store` is never written to
 * the browser cache, so its Date and Expires (wall-clock times, which differ between runs shifted
 * in time) cannot change anything; any other answer keeps them, since freshness is computed from them.
 */
export function headersThatMatter(headers: Record<string, string>): Record<string, string> {
  if (!/(^|[\s,])no-store([\s,]|$)/i.test(headers['cache-control'] ?? '')) return headers;
  const { date: _date, expires: _expires, ...rest } = headers;
  return rest;
}

function pageJobKey(job: PageJob): string {
  switch (job.kind) {
    case 'step':
      return `step:${job.index}`;
    case 'parse':
      return `parse:${job.user}:${job.fetchId}:c=${job.committed}:${job.response.status}:${JSON.stringify(job.response.body)}`;
    case 'htmxSend':
      return `htmx:${job.user}:${job.uuid}`;
    case 'htmxTrigger':
      return `trigger:${job.user}:${job.response.status}:${job.response.headers['hx-trigger'] ?? ''}`;
    case 'calendarStart':
      return `calendar-start:${job.user}:${job.month}:${job.isReload}`;
    case 'htmxPost':
      return `htmx-post:${job.user}:${job.write}:${job.uuid}:${JSON.stringify(job.form)}`;
    case 'htmxWriteTrigger':
      return `write-trigger:${job.user}:${job.write}:${job.uuid}:${job.response.status}:${job.response.headers['hx-trigger'] ?? ''}`;
  }
}

/** The request and what the page code waiting for its answer is (a feed fetch, an HTMX delete). */
export function requestKey(r: RequestState): string {
  const t = r.then;
  const what =
    t.kind === 'feed'
      ? `feed:${r.user}:${t.fetchId}:c=${t.committed}:${t.cacheMode}:${JSON.stringify(t.requestHeaders)}`
      : t.kind === 'delete'
        ? `delete:${r.user}:${t.uuid}`
        : t.kind === 'write'
          ? `${t.write}:${r.user}:${t.uuid}`
          : `${t.kind}:${r.user}:${t.kind === 'script' ? t.index : ''}:${t.month}:${t.isReload}:${PAGE_START}${t.startAtMs}`;
  const q: HttpRequest = r.request;
  return `${r.requestId}:${q.method} ${q.url}:${JSON.stringify(q.headers)}${q.form === undefined ? '' : `:${JSON.stringify(q.form)}`}:${what}`;
}

function opKey(r: RequestState): string {
  const programKey = `${requestKey(r)}:w${r.worker}:c=${r.committedAtDispatch}`;
  const trail = r.replies.map((x) => `|${x.value === null ? '-' : JSON.stringify(x.value)}`).join('');
  return `op:${programKey}:${trail}:${opLabel(r.op!)}${r.readSnapshot === null ? '' : `:${JSON.stringify(r.readSnapshot.reply)}`}`;
}

export function taskKey(task: Task, state: SimState): string {
  const spec = task.spec;
  switch (spec.kind) {
    case 'page':
      return pageJobKey(spec.job);
    case 'listenerRefetch':
      return `listener:${spec.user}`;
    case 'arrive':
      return `arrive:${requestKey(state.requests[spec.requestId])}`;
    case 'op':
      return opKey(state.requests[spec.requestId]);
    case 'lockRetry':
      return `wait:${opKey(state.requests[spec.requestId])}`;
    case 'response': {
      const r = state.requests[spec.requestId];
      const response = r.response!;
      return `response:${requestKey(r)}:${response.status}:${JSON.stringify(headersThatMatter(response.headers))}:${JSON.stringify(response.body)}`;
    }
    case 'settle':
      return 'settle';
    case 'settleReload':
      return `settle-reload:${spec.user}`;
  }
}

/** The simulation's own bookkeeping, as the plain state text lists it. */
export function simText(state: SimState): string[] {
  return [
    state.phase,
    [...state.idleWorkers].sort((a, b) => a - b).join(','),
    String(state.lastWorker),
    String(state.nextRequest),
    state.shownMonth.map(([u, m]) => `${u}=${m}`).join(','),
    state.filters.map(([u, f]) => `${u}:${f.workType ?? '~'}/${f.status ?? '~'}`).join(','),
    state.waiting.map((id) => requestKey(state.requests[id])).join(';'),
    state.committedItems.join(','),
    [...state.acks].sort().join(','),
    state.pageBusy.map(([u, jobs]) => `${u}:${jobs.map(pageJobKey).join(';')}`).join(','),
    state.lockWaiters.map(([tx, ids]) => `${tx}<-${ids.map((id) => `wait:${opKey(state.requests[id])}`).join(';')}`).join(','),
    `rr=${state.proxied}:${state.workerQueues.map(([w, ids]) => `${w}<${ids.map((id) => requestKey(state.requests[id])).join(';')}`).join(',')}`,
  ];
}
