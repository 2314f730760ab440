// A schedule as the set of its deviations from the nominal one, each named by the choice point it
// answers ("latency db.query worker:1", its 2nd occurrence) rather than by position: dropping one
// deviation can add or remove choice points before the others, and a position would then name a
// different choice. The shrinker removes deviations from this set; a keyed chooser plays it.
import type { ChoicePoint, Chooser } from '../chooser';
import { checkInvariants } from '../invariants/index';
import { runScenarioDetailed } from '../run';
import type { Scenario } from '../scenarios/types';
import { LATENCY, latencyValues, type LatencyRange } from '../latency';
import type { RunConfig, ScriptedRun } from './scriptedRun';

export interface Deviation {
  /** `${kind} ${label}#${occurrence}`: the choice point, stable when other choices change. */
  key: string;
  /** The option taken instead of 0 (the nominal one). */
  value: number;
  /** The choice point's kind, label and number of options when it was recorded. */
  kind: ChoicePoint['kind'];
  label: string;
  options: number;
}

function pointKey(point: ChoicePoint, seen: Map<string, number>): string {
  const base = `${point.kind} ${point.label}`;
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  return `${base}#${n}`;
}

/** The non-nominal answers of a run, in the order they were given. */
export function deviationsOf(points: readonly ChoicePoint[], choices: readonly number[]): Deviation[] {
  const seen = new Map<string, number>();
  const out: Deviation[] = [];
  points.forEach((p, i) => {
    const key = pointKey(p, seen);
    if (choices[i] !== 0) out.push({ key, value: choices[i], kind: p.kind, label: p.label, options: p.options });
  });
  return out;
}

/** Answers each choice point with its deviation's option (modulo the options, as a script does), else nominal. */
export function keyedChooser(deviations: readonly Deviation[]): Chooser {
  const byKey = new Map(deviations.map((d) => [d.key, d.value]));
  const seen = new Map<string, number>();
  return {
    choose(point) {
      const v = byKey.get(pointKey(point, seen));
      return v === undefined ? 0 : v % point.options;
    },
  };
}

/** One run of a deviation set; `lean` as in scriptedRun. */
export function deviationRun(scenario: Scenario, config: RunConfig, deviations: readonly Deviation[], lean = false): ScriptedRun {
  const { trace, points } = runScenarioDetailed(scenario, { preset: config.preset, overrides: config.overrides, chooser: keyedChooser(deviations), lean, fromPrefix: lean });
  // Judged under --max-stale-ms as the search judged it: else the shrinker could keep (and check
  // report) a schedule whose only staleness the bound tolerates.
  return { trace, points, violations: checkInvariants(trace, { maxStaleMs: config.maxStaleMs }) };
}

/** The latency table's range for a latency label ("db.query worker:1"), if any. */
function latencyRange(label: string): LatencyRange | undefined {
  return (LATENCY as Record<string, LatencyRange>)[label.slice(0, label.indexOf(' '))];
}

/**
 * How much later (ms) a deviation makes its step happen than the nominal schedule does: a
 * latency's value minus its nominal one, a jitter's offset; 0 for ties and routes.
 */
export function shiftMs(d: Deviation): number {
  if (d.kind === 'jitter') return d.value;
  const range = d.kind === 'latency' ? latencyRange(d.label) : undefined;
  return range ? latencyValues(range)[d.value] - range.nominalMs : 0;
}

/** The same choice point at another shift (null when out of its range or nominal). */
export function withShiftMs(d: Deviation, ms: number): Deviation | null {
  if (d.kind === 'jitter') return ms > 0 && ms < d.options ? { ...d, value: ms } : null;
  const range = d.kind === 'latency' ? latencyRange(d.label) : undefined;
  if (!range) return null;
  const i = latencyValues(range).indexOf(range.nominalMs + ms);
  return i > 0 && i < d.options ? { ...d, value: i } : null;
}
