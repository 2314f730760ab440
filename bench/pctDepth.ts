// How often one PCT schedule hits a bug, per depth: `runs` schedules of a scenario at each depth
// (the same per-run seeds `check` uses), and how many violate an invariant, next to uniform random
// schedules. The default depth (sim/check/checkScenario.ts) is chosen from this table.
import { seededChooser } from '../sim/chooser';
import { checkInvariants } from '../sim/invariants/index';
import { pctChooser } from '../sim/pctChooser';
import { subSeed } from '../sim/prng';
import { runScenario } from '../sim/run';
import type { Scenario } from '../sim/scenarios/types';
import { nowMs, sig } from './stats';

export interface HitRate {
  /** null: uniform random choices. */
  depth: number | null;
  runs: number;
  violating: number;
  ms: number;
}

export interface PctDepthFigures {
  scenario: string;
  preset: string;
  rates: HitRate[];
}

export function measurePctDepth(scenario: Scenario, preset: string, depths: number[], runs: number): PctDepthFigures {
  const steps = runScenario(scenario, { preset, lean: true }).choices.length;
  const rates: HitRate[] = [];
  for (const depth of [null, ...depths]) {
    let violating = 0;
    const t0 = nowMs();
    for (let i = 0; i < runs; i++) {
      const chooser = depth === null ? seededChooser(subSeed(1, `uniform run ${i}`)) : pctChooser({ seed: subSeed(1, `pct run ${i}`), depth, steps });
      if (checkInvariants(runScenario(scenario, { preset, chooser, lean: true })).length) violating++;
    }
    rates.push({ depth, runs, violating, ms: sig(nowMs() - t0, 4) });
  }
  return { scenario: scenario.name, preset, rates };
}
