// The scenario catalog, in the order `cachelab scenarios` lists it.
import { UsageError } from '../../src/config';
import { CATALOG } from './catalog';
import { seedBroken, seedBrokenIdMismatch, seedFixed, seedTest1, seedTest2, seedTest3 } from './seedScenarios';
import type { Scenario } from './types';

/** The seed's own timelines and manual tests. */
export const SEED_SCENARIOS: Scenario[] = [seedBroken, seedBrokenIdMismatch, seedFixed, seedTest1, seedTest2, seedTest3];

export { CATALOG } from './catalog';

export const SCENARIOS: Scenario[] = [...SEED_SCENARIOS, ...CATALOG];

export const SCENARIO_NAMES = SCENARIOS.map((s) => s.name);

export function getScenario(name: string): Scenario {
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s) throw new UsageError(`unknown scenario "${name}"; valid scenarios: ${SCENARIO_NAMES.join(', ')}`);
  return s;
}
