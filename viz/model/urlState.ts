// The URL is the shareable state: scenario, preset, overrides, seed (and recorded choices) for each
// run, and the step. A pasted link opens the same view. The step travels as `at`, counted from 1 as
// the page shows it ("step 48" is `at=48`); links made before `at` say `step`, counted from 0, and
// still open the same step. Run B's parameters carry a "2" suffix; an
// address with no run at all opens the default comparison (seed-broken beside seed-fixed).
// Numbers are read with the CLI's parsers and ranges (sim/input/numbers), so a link and a command
// accept the same values; names are looked up as own keys only.
import { PRESET_NAMES, PRESETS, UsageError, parseOverride } from '../../src/config';
import { MAX_OVERRIDES, MAX_TRACE_CHOICES, MAX_URL_CHARS } from '../../sim/input/limits';
import { AT_STEP, LESSON, parseChoiceList, parseIntIn, QUESTION, SEED, STEP } from '../../sim/input/numbers';
import { didYouMean } from '../../sim/input/nearestNames';
import { quoted } from '../../sim/input/terminalText';
import { SCENARIO_NAMES } from '../../sim/scenarios/index';
import { defaultRuns, findScenario, type RunSpec } from './runSpec';

export interface UrlState {
  runs: RunSpec[];
  /** Step to show (0-based); null: the page picks an interesting one. */
  step: number | null;
  /** Name of a trace file that was open when the link was made (files cannot travel in a URL). */
  file: string | null;
  /** Guided tour to open (viz/lessons); null or absent: none. */
  lesson?: number | null;
  /** The tour's question to open (from 1), for a trainer's link; null or absent: the learner's first unanswered one. Read, never written. */
  question?: number | null;
}

function readRun(q: URLSearchParams, suffix: string, errors: string[]): RunSpec | null {
  const name = q.get(`scenario${suffix}`);
  if (name === null) return null;
  const scenario = findScenario(name);
  if (!scenario) {
    errors.push(`unknown scenario ${quoted(name)} in the link${didYouMean(name, SCENARIO_NAMES)}`);
    return null;
  }
  let preset = q.get(`preset${suffix}`) ?? scenario.defaultPreset;
  if (!Object.hasOwn(PRESETS, preset)) {
    errors.push(`unknown preset ${quoted(preset)} in the link${didYouMean(preset, PRESET_NAMES)}; using ${scenario.defaultPreset}`);
    preset = scenario.defaultPreset;
  }
  const overrides: string[] = [];
  const sets = q.getAll(`set${suffix}`);
  if (sets.length > MAX_OVERRIDES) errors.push(`at most ${MAX_OVERRIDES} overrides in a link; the rest were ignored`);
  for (const o of sets.slice(0, MAX_OVERRIDES)) {
    try {
      parseOverride(o);
      overrides.push(o);
    } catch (e) {
      errors.push(e instanceof UsageError ? e.message : `bad override ${quoted(o)}`);
    }
  }
  const seedText = q.get(`seed${suffix}`);
  let seed: number | null = null;
  if (seedText !== null && seedText !== '') {
    try {
      seed = parseIntIn(seedText, SEED, 'seed');
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  const spec: RunSpec = { scenario: scenario.name, preset, overrides, seed };
  const choicesText = q.get(`choices${suffix}`);
  if (choicesText) {
    try {
      const choices = parseChoiceList(choicesText, 'choices', MAX_TRACE_CHOICES);
      if (choices.length) spec.choices = choices;
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  return spec;
}

/** An integer URL parameter within `range`, or null (with the reason in `errors`) when absent or bad. */
function readInt(q: URLSearchParams, key: string, range: typeof STEP, errors: string[]): number | null {
  const text = q.get(key);
  if (text === null) return null;
  try {
    return parseIntIn(text, range, key);
  } catch (e) {
    errors.push((e as Error).message);
    return null;
  }
}

/** The 0-based step the link names: `at` (from 1) or, in an older link, `step` (from 0). */
function readStep(q: URLSearchParams, errors: string[]): number | null {
  const old = readInt(q, 'step', STEP, errors);
  if (!q.has('at')) return old;
  const at = readInt(q, 'at', AT_STEP, errors);
  if (at === null) return old;
  if (old !== null && old !== at - 1) errors.push(`the link names two steps, at=${at} and step=${old} (counted from 0); opening step ${at}`);
  return at - 1;
}

export function parseUrlState(search: string): { state: UrlState; errors: string[] } {
  const errors: string[] = [];
  if (search.length > MAX_URL_CHARS) {
    errors.push(`the link is longer than ${MAX_URL_CHARS} characters; opening the default view`);
    search = '';
  }
  const q = new URLSearchParams(search);
  const a = readRun(q, '', errors);
  const b = readRun(q, '2', errors);
  const runs = a ? (b ? [a, b] : [a]) : b ? [b] : defaultRuns();
  const step = readStep(q, errors);
  const lesson = readInt(q, 'lesson', LESSON, errors);
  let question = readInt(q, 'question', QUESTION, errors);
  if (question !== null && lesson === null) {
    // A lesson the link names but that was refused has its own error: "names no lesson" would be false.
    if (!q.has('lesson')) errors.push(`question=${question} opens a question of a lesson; the link names no lesson (add lesson=N)`);
    question = null;
  }
  return { state: { runs, step, file: q.get('file'), lesson, question }, errors };
}

function writeRun(q: URLSearchParams, spec: RunSpec, suffix: string): void {
  q.set(`scenario${suffix}`, spec.scenario);
  q.set(`preset${suffix}`, spec.preset);
  for (const o of spec.overrides) q.append(`set${suffix}`, o);
  if (spec.seed !== null) q.set(`seed${suffix}`, String(spec.seed));
  if (spec.choices && spec.choices.length) q.set(`choices${suffix}`, spec.choices.join(','));
}

export function toSearch(state: UrlState): string {
  const q = new URLSearchParams();
  if (state.file !== null) q.set('file', state.file);
  else state.runs.forEach((r, i) => writeRun(q, r, i === 0 ? '' : '2'));
  if (state.step !== null) q.set('at', String(state.step + 1));
  if (state.lesson !== null && state.lesson !== undefined) q.set('lesson', String(state.lesson));
  return `?${q.toString()}`;
}
