// A real simulated run with at least `minEvents` events, for the load-and-render measurement:
// two people (same Django user, two browsers) reloading and paging through October and
// September on three workers while one of them deletes an item, so every layer has content.
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import type { Scenario, ScenarioStep } from '../../sim/scenarios/types';
import type { Trace } from '../../sim/trace';

/** The seed's October: its items, and the one the seed's user deletes. */
const OCTOBER_ITEMS = getScenario('seed-broken').items;
const SITE_VISIT = OCTOBER_ITEMS.find((i) => i.title === 'Site visit')!.uuid;

function scenario(steps: number): Scenario {
  const list: ScenarioStep[] = [
    { atMs: -1000, user: 'A', do: 'open', month: '2025-10' },
    { atMs: -900, user: 'B', do: 'open', month: '2025-10' },
    { atMs: 1000, user: 'A', do: 'delete', item: SITE_VISIT },
  ];
  for (let i = 0; i < steps; i++) {
    const user = i % 2 ? 'A' : 'B';
    const atMs = 2000 + i * 400;
    if (i % 7 === 3) list.push({ atMs, user, do: 'navigate', month: i % 14 === 3 ? '2025-09' : '2025-10' });
    else list.push({ atMs, user, do: 'reload' });
  }
  return {
    name: 'bench-busy-calendar',
    description: 'two browsers of one user reloading and paging while one deletes an item',
    details: 'Generated for the visualizer load benchmark.',
    today: '2025-10-06',
    defaultPreset: 'broken',
    configDefaults: { 'deploy.workers': 3 },
    users: [
      { name: 'A', userId: '1' },
      { name: 'B', userId: '1' },
    ],
    items: OCTOBER_ITEMS,
    steps: list,
  };
}

export function bigTrace(minEvents = 10_000): Trace {
  let steps = Math.ceil(minEvents / 11);
  for (;;) {
    const t = runScenario(scenario(steps));
    if (t.events.length >= minEvents) return t;
    steps = Math.ceil(steps * (minEvents / t.events.length) * 1.02);
  }
}
