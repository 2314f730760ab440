// The scenario catalog, in the order `cachelab scenarios` lists it.
import { UsageError } from '../../src/config';
import { seedBroken, seedBrokenIdMismatch, seedFixed, seedTest1, seedTest2, seedTest3 } from './seedScenarios';
import type { Scenario } from './types';

export const SCENARIOS: Scenario[] = [seedBroken, seedBrokenIdMismatch, seedFixed, seedTest1, seedTest2, seedTest3];

export const SCENARIO_NAMES = SCENARIOS.map((s) => s.name);

export function getScenario(name: string): Scenario {
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s) throw new UsageError(`unknown scenario "${name}"; valid scenarios: ${SCENARIO_NAMES.join(', ')}`);
  return s;
}
