// F5 reloads the page's URL, and FullCalendar's navigation does not change it: after navigating
// away, a reload opens the page's own month again. The real stack showed it (the scenario-level
// conformance, edit-across-month-boundary: after navigating to November, the settle reload in real
// Chromium shows October); before, the model reloaded the month last navigated to.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import type { Scenario } from '../../sim/scenarios/types';

/** The range each of the user's renders after the given event shows, in order. */
function rangesAfter(scenario: Scenario, afterType: string): string[] {
  const trace = runScenario(scenario, { preset: 'broken' });
  const from = trace.events.find((e) => e.type === afterType)!.seq;
  return trace.events.filter((e) => e.seq > from && e.type === 'calendar.render' && !e.payload.transient).map((e) => `${e.payload.month} ${e.payload.rangeStart}..${e.payload.rangeEnd}`);
}

describe('a reload opens the page month, not the month navigated to', () => {
  const base = getScenario('edit-across-month-boundary');

  it('the settle reload after navigating to November shows October again', () => {
    expect(rangesAfter(base, 'sim.settle')).toEqual(['2025-10 2025-09-28..2025-11-09']);
  });

  it('a reload step too; a page opened on November reloads November', () => {
    const reloadAfterNavigate: Scenario = { ...base, steps: [...base.steps, { atMs: 4000, user: 'A', do: 'reload' }] };
    expect(rangesAfter(reloadAfterNavigate, 'user.reload')[0]).toBe('2025-10 2025-09-28..2025-11-09');
    const openedOnNovember: Scenario = { ...base, steps: [{ atMs: -3000, user: 'A', do: 'open', month: '2025-11' }, { atMs: 4000, user: 'A', do: 'reload' }] };
    expect(rangesAfter(openedOnNovember, 'user.reload')[0]).toBe('2025-11 2025-10-26..2025-12-07');
  });
});
