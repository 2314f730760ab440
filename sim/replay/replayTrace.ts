// `replay`: re-run a recorded trace's scenario, config and choices, and say whether the new trace
// is identical, byte for byte as JSON, or where the two first differ.
import { UsageError } from '../../src/config';
import { runScenario } from '../run';
import { getScenario } from '../scenarios/index';
import type { Scenario } from '../scenarios/types';
import type { Trace } from '../trace';

export interface ReplayResult {
  identical: boolean;
  replayed: Trace;
  /** The first difference, in words (null when identical). */
  difference: string | null;
}

/** `scenario`: the one the trace was run from, when it came from a file (else the catalog's of that name). */
export function rerun(trace: Trace, scenario: Scenario = getScenario(trace.scenario)): Trace {
  // A labelled log is replayed exactly (every choice point checked); an older trace's bare indices
  // must at least fit each point's options.
  const schedule = trace.choiceLog ? { choiceLog: trace.choiceLog } : { choices: trace.choices, strictChoices: true };
  const replayed = runScenario(scenario, { preset: trace.preset, overrides: trace.overrides, seed: trace.seed, ...schedule });
  // The same app file may be named otherwise from another folder: its views' answers are what count.
  if (trace.app !== undefined && replayed.app !== undefined) replayed.app = trace.app;
  if (trace.choiceLog) return replayed;
  const { choiceLog: _added, ...older } = replayed;
  return older;
}

/** Where two JSON values first differ, as a path and both values (short). */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (a === b) return null;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object' || Array.isArray(a) !== Array.isArray(b)) {
    return `${path}: recorded ${short(a)}, replayed ${short(b)}`;
  }
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    for (let i = 0; i < Math.min(a.length, bb.length); i++) {
      const d = firstDifference(a[i], bb[i], `${path}[${i}]`);
      if (d) return d;
    }
    return a.length === bb.length ? null : `${path}: recorded ${a.length} entries, replayed ${bb.length}`;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])];
  for (const k of keys) {
    const d = firstDifference(ao[k], bo[k], `${path}.${k}`);
    if (d) return d;
  }
  // Same content, different key order: JSON text still differs.
  return JSON.stringify(Object.keys(ao)) === JSON.stringify(Object.keys(bo)) ? null : `${path}: same fields in a different order`;
}

function short(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? 'nothing' : s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

export function replayTrace(trace: Trace, scenario?: Scenario): ReplayResult {
  if (!Array.isArray(trace.choices)) throw new UsageError('the trace has no choices to replay');
  if (scenario && scenario.name !== trace.scenario) throw new UsageError(`the trace is of scenario "${trace.scenario}", the scenario file describes "${scenario.name}"`);
  const replayed = rerun(trace, scenario);
  const identical = JSON.stringify(replayed) === JSON.stringify(trace);
  let difference: string | null = null;
  if (!identical) {
    const events = Math.min(trace.events.length, replayed.events.length);
    for (let i = 0; i < events && difference === null; i++) {
      const d = firstDifference(trace.events[i], replayed.events[i], `events[${i}]`);
      if (d) difference = `${d}\n  recorded: ${trace.events[i].t} ms ${trace.events[i].actor} ${trace.events[i].label}\n  replayed: ${replayed.events[i].t} ms ${replayed.events[i].actor} ${replayed.events[i].label}`;
    }
    difference ??= firstDifference(trace, replayed) ?? 'the JSON text differs only in formatting';
  }
  return { identical, replayed, difference };
}

/**
 * A seeded trace also records every choice its seed made, and a replay follows the recorded
 * choices, so a file whose seed was changed would still replay identically. When the trace has a
 * seed, the seed alone must make the same choices: the first choice where it does not, or null.
 */
export function seedMismatch(trace: Trace, scenario: Scenario = getScenario(trace.scenario)): string | null {
  if (trace.seed === null) return null;
  const bySeed = runScenario(scenario, { preset: trace.preset, overrides: trace.overrides, seed: trace.seed }).choices;
  const n = Math.max(bySeed.length, trace.choices.length);
  for (let i = 0; i < n; i++)
    if (bySeed[i] !== trace.choices[i])
      return `seed ${trace.seed} does not make the recorded choices: at choice ${i} it picks ${bySeed[i] ?? '(no choice)'}, the file records ${trace.choices[i] ?? '(no choice)'}`;
  return null;
}
