// The page load's requests (FACTS section 6, issue 14): the page, then each script file, then the
// feed, each through a worker; routing by deploy.routing, scripts kept off the workers by
// deploy.staticFiles=elsewhere. The real stack agrees (test/conformance/stack.test.ts).
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import type { Trace } from '../../sim/trace';

const routes = (trace: Trace) =>
  trace.events.filter((e) => e.type === 'http.request').map((e) => `${String(e.payload.kind)}@${e.actor.replace('worker:', '')}`);

describe('page load', () => {
  it('round-robin over every request: the page, three scripts and the feed of a load take workers 1,2,1,2,1', () => {
    const trace = runScenario(getScenario('two-worker-reload'));
    expect(routes(trace).slice(0, 5)).toEqual(['page@1', 'script@2', 'script@1', 'script@2', 'feed@1']);
    // The delete is request 6, the listener's refetch 7: worker 2, then worker 1 again.
    expect(routes(trace).slice(5, 7)).toEqual(['delete@2', 'feed@1']);
  });

  it('static files elsewhere: only the page and the feed reach the workers, so the feed lands on the other worker', () => {
    const trace = runScenario(getScenario('two-worker-reload'), { overrides: ['deploy.staticFiles=elsewhere'] });
    expect(routes(trace).slice(0, 2)).toEqual(['page@1', 'feed@2']);
  });

  it('FullCalendar starts at the step\'s time when the workers are free; the click is 60 ms before', () => {
    const trace = runScenario(getScenario('seed-broken'), { overrides: ['page.loadRequests=true'] });
    const open = trace.events.find((e) => e.type === 'user.open')!;
    const firstFetch = trace.events.find((e) => e.type === 'calendar.fetch')!;
    expect([open.t, firstFetch.t]).toEqual([-1060, -1000]);
  });

  it('gunicorn alone (accept): page and script requests add no choice point, so recorded schedules replay as before', () => {
    const withScripts = runScenario(getScenario('multi-worker'), { seed: 7, overrides: ['page.loadRequests=true'] });
    const without = runScenario(getScenario('multi-worker'), { seed: 7, overrides: ['page.loadRequests=true', 'deploy.staticFiles=elsewhere'] });
    expect(withScripts.choices.length).toBe(without.choices.length);
    expect(routes(withScripts).filter((r) => r.startsWith('script')).length).toBe(3 * 3);
  });
});
