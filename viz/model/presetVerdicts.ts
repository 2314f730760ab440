// "Does it hold?": the same scenario, deployment and random seed under each preset, run in the
// page and judged by the same rule as the run cards. The catalog sweep (which scenarios the
// seed's fix fails on, nominal schedules) runs a scenario per tick after the first paint.
import { SCENARIOS } from '../../sim/scenarios/index';
import type { RunSpec } from './runSpec';
import { runInPage, setPreset, specFor } from './runSpec';
import { staleBands } from './staleBands';
import { TraceIndex } from './traceIndex';
import { verdictOf, type VerdictKind } from '../ui/runCard';

export const HOLD_PRESETS = ['broken', 'seed-fix', 'robust'] as const;

export interface PresetVerdict {
  preset: string;
  spec: RunSpec;
  kind: VerdictKind;
  /** The delete's kind and the writes', in a run with both (runCard.ts). */
  kinds: VerdictKind[];
  /** Every invariant holds on this run. */
  holds: boolean;
  /** Names of the invariants it breaks. */
  broken: string[];
}

const cache = new Map<string, PresetVerdict>();

export function verdictFor(spec: RunSpec): PresetVerdict {
  const key = JSON.stringify(spec);
  let v = cache.get(key);
  if (!v) {
    const trace = runInPage(spec);
    const ix = new TraceIndex(trace, '', '');
    const violations = staleBands(trace, ix).violations;
    const broken = [...new Set(violations.map((x) => x.invariant))];
    const verdict = verdictOf(ix, violations);
    v = { preset: spec.preset, spec, kind: verdict.kind, kinds: verdict.kinds, holds: broken.length === 0, broken };
    cache.set(key, v);
  }
  return v;
}

/** The run's scenario, deployment knobs and random seed under each of the three presets. */
export function presetVerdicts(spec: RunSpec): PresetVerdict[] {
  return HOLD_PRESETS.map((p) => verdictFor({ ...setPreset({ ...spec, choices: undefined }, p) }));
}

let sweep: { failing: string[]; done: boolean } | null = null;
const waiting: Array<() => void> = [];

/** Catalog scenarios whose nominal run breaks an invariant under `seed-fix`; computed once, lazily. */
export function seedFixFailures(onDone: () => void): string[] | null {
  if (sweep?.done) return sweep.failing;
  waiting.push(onDone);
  if (!sweep) {
    sweep = { failing: [], done: false };
    const s = sweep;
    let i = 0;
    const next = () => {
      if (i >= SCENARIOS.length) {
        s.done = true;
        for (const f of waiting.splice(0)) f();
        return;
      }
      const name = SCENARIOS[i++].name;
      if (!verdictFor(specFor(name, 'seed-fix')).holds) s.failing.push(name);
      setTimeout(next, 0);
    };
    setTimeout(next, 0);
  }
  return null;
}
