// How a lesson names a scenario's deployment ("two workers sharing Redis"), from the config a run
// of it resolves, so a prompt cannot say three workers where the scenario runs two.
import { resolveConfig } from '../../src/config';
import { getScenario } from '../scenarios/index';

const WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'];

/** "two workers", "three LocMem workers" or "two workers sharing Redis" for a scenario under a preset. */
export function workersWords(scenario: string, preset: string, overrides: readonly string[] = [], style: 'count' | 'backend' | 'sharing' = 'count'): string {
  const c = resolveConfig(preset, overrides, getScenario(scenario).configDefaults).config;
  const n = WORDS[c['deploy.workers']] ?? String(c['deploy.workers']);
  const workers = `${n} worker${c['deploy.workers'] === 1 ? '' : 's'}`;
  const backend = c['deploy.cacheBackend'] === 'redis' ? 'Redis' : 'LocMem';
  if (style === 'backend') return `${n} ${backend} worker${c['deploy.workers'] === 1 ? '' : 's'}`;
  if (style === 'sharing') return c['deploy.cacheBackend'] === 'redis' ? `${workers} sharing Redis` : `${workers}, each with its own LocMem`;
  return workers;
}
