// The scheduler's choices in a run, each with the step it was made at and words for its options,
// for the "what if" view. A branch is the same run with a scripted choice list: the choices before
// the changed one replayed, the changed one set, the rest left to the run's own rule (nominal or
// the random seed), exactly as `cachelab replay` and a `choices` URL replay them.
import { nominalChooser, scriptedChooser, seededChooser, type ChoiceKind, type Chooser } from '../../sim/chooser';
import { LATENCY, latencyValues, type LatencyName } from '../../sim/latency';
import { runScenarioDetailed } from '../../sim/run';
import type { Simulation } from '../../sim/simulation';
import { getScenario } from '../../sim/scenarios/index';
import type { RunSpec } from './runSpec';

export interface Choice {
  /** Position in the run's choice list. */
  index: number;
  kind: ChoiceKind;
  label: string;
  options: string[];
  /** The option this run took. */
  value: number;
  /** Events recorded before the choice was made: it decides what event number `atEvent` is. */
  atEvent: number;
}

const cache = new Map<string, Choice[]>();

/** Every choice of the run, in order (the run is the one runInPage(spec) shows). */
export function choicesOf(spec: RunSpec): Choice[] {
  const key = JSON.stringify(spec);
  const hit = cache.get(key);
  if (hit) return hit;
  const out: Choice[] = [];
  let sim: Simulation | null = null;
  const base: Chooser = spec.seed === null ? nominalChooser : seededChooser(spec.seed);
  const inner = spec.choices ? scriptedChooser(spec.choices, base) : base;
  const chooser: Chooser = {
    choose(point) {
      const value = inner.choose(point);
      out.push({ index: out.length, kind: point.kind, label: point.label, options: optionWords(point.kind, point.label, point.options), value, atEvent: sim ? sim.events.length : 0 });
      return value;
    },
  };
  runScenarioDetailed(getScenario(spec.scenario), { preset: spec.preset, overrides: spec.overrides, seed: spec.seed, chooser, beforeStep: (s) => (sim = s) });
  cache.set(key, out);
  return out;
}

/**
 * The choices made between event `seq` and the next one: what could have gone otherwise here. The
 * choices made before the first event (how late each user action comes: commit-race's and
 * concurrent-deletes' races) belong to the first step, the first one the page can show.
 */
export function pendingAt(choices: Choice[], seq: number): Choice[] {
  return choices.filter((c) => Math.max(c.atEvent, 1) === Math.max(seq + 1, 1));
}

/** The branch that takes option `value` at choice `c` of `spec`'s run. */
export function branchSpec(spec: RunSpec, all: Choice[], c: Choice, value: number): RunSpec {
  return { ...spec, choices: [...all.slice(0, c.index).map((x) => x.value), value] };
}

/** What a branch changed, in words: "db.get worker:2: 20 ms instead of 80 ms". */
export function branchLabel(c: Choice, value: number): string {
  const word = (v: number) => c.options[v] ?? `option ${v + 1}`;
  return `${c.label}: ${word(value)} instead of ${word(c.value)}`;
}

function optionWords(kind: ChoiceKind, label: string, n: number): string[] {
  if (kind === 'tie') {
    const names = label.replace(/^tie at [^:]*: /, '').split(' | ');
    if (names.length === n) return names.map((x) => `${x} first`);
  }
  if (kind === 'latency') {
    const range = LATENCY[label.split(' ')[0] as LatencyName];
    const values = range ? latencyValues(range) : [];
    // Option 0 is the nominal value, then the rest of the range in order: say which one is nominal.
    if (values.length === n) return values.map((v, i) => `${v} ms${i === 0 ? ' (nominal)' : ''}`);
  }
  if (kind === 'route') return Array.from({ length: n }, (_, i) => `idle worker #${i + 1}${i === 0 ? ' (round-robin)' : ''}`);
  if (kind === 'jitter') return Array.from({ length: n }, (_, i) => `${i} ms later`);
  return Array.from({ length: n }, (_, i) => `option ${i + 1}`);
}
