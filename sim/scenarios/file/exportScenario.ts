// A Scenario written back as a scenario file, every field explicit, so the file runs exactly as
// the scenario does (`cachelab scenarios --export NAME`), and the catalog's own files are this.
import { stringify } from 'yaml';
import type { Scenario } from '../types';
import { SCENARIO_FORMAT, SCENARIO_VERSION } from './scenarioSchema';

export function scenarioToFileData(s: Scenario): Record<string, unknown> {
  return {
    format: SCENARIO_FORMAT,
    version: SCENARIO_VERSION,
    name: s.name,
    description: s.description,
    details: s.details,
    today: s.today,
    preset: s.defaultPreset,
    config: { ...s.configDefaults },
    users: s.users.map((u) => ({ name: u.name, userId: u.userId })),
    items: s.items.map((i) => ({ uuid: i.uuid, title: i.title, startDate: i.startDate, endDate: i.endDate, workType: i.workType, status: i.status, visibleTo: [...i.visibleTo] })),
    steps: s.steps.map((st) => {
      const { atMs, user, jitterMs, ...action } = st;
      return { atMs, user, ...action, ...(jitterMs ? { jitterMs } : {}) };
    }),
  };
}

/** One line per user, item and step: a file people read and diff. */
function inline(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
  const entries = Object.entries(v as Record<string, unknown>);
  return entries.length ? `{ ${entries.map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`).join(', ')} }` : '{}';
}

function toJson(data: Record<string, unknown>): string {
  const lines = Object.entries(data).map(([k, v]) => {
    const value = Array.isArray(v) && v.length ? `[\n${v.map((x) => `    ${inline(x)}`).join(',\n')}\n  ]` : inline(v);
    return `  ${JSON.stringify(k)}: ${value}`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}

export function exportScenario(s: Scenario, syntax: 'json' | 'yaml'): string {
  const data = scenarioToFileData(s);
  return syntax === 'json' ? toJson(data) : stringify(data, { lineWidth: 0 });
}
