// The URL is the shareable state: scenario, preset, overrides, seed (and recorded choices) for each
// run, and the step. A pasted link opens the same view. Run B's parameters carry a "2" suffix; an
// address with no run at all opens the default comparison (seed-broken beside seed-fixed).
import { PRESETS, UsageError, parseOverride } from '../../src/config';
import { defaultRuns, findScenario, type RunSpec } from './runSpec';

export interface UrlState {
  runs: RunSpec[];
  /** Step to show (0-based); null: the page picks an interesting one. */
  step: number | null;
  /** Name of a trace file that was open when the link was made (files cannot travel in a URL). */
  file: string | null;
  /** Guided tour to open (viz/lessons); null or absent: none. */
  lesson?: number | null;
}

function readRun(q: URLSearchParams, suffix: string, errors: string[]): RunSpec | null {
  const name = q.get(`scenario${suffix}`);
  if (name === null) return null;
  const scenario = findScenario(name);
  if (!scenario) {
    errors.push(`unknown scenario "${name}" in the link`);
    return null;
  }
  let preset = q.get(`preset${suffix}`) ?? scenario.defaultPreset;
  if (!PRESETS[preset]) {
    errors.push(`unknown preset "${preset}" in the link; using ${scenario.defaultPreset}`);
    preset = scenario.defaultPreset;
  }
  const overrides: string[] = [];
  for (const o of q.getAll(`set${suffix}`)) {
    try {
      parseOverride(o);
      overrides.push(o);
    } catch (e) {
      errors.push(e instanceof UsageError ? e.message : `bad override "${o}"`);
    }
  }
  const seedText = q.get(`seed${suffix}`);
  let seed: number | null = null;
  if (seedText !== null && seedText !== '') {
    if (/^-?\d+$/.test(seedText)) seed = Number(seedText);
    else errors.push(`seed must be an integer, got "${seedText}"`);
  }
  const spec: RunSpec = { scenario: scenario.name, preset, overrides, seed };
  const choicesText = q.get(`choices${suffix}`);
  if (choicesText) {
    const parts = choicesText.split(',');
    if (parts.every((p) => /^\d+$/.test(p))) spec.choices = parts.map(Number);
    else errors.push('choices must be a comma-separated list of integers');
  }
  return spec;
}

export function parseUrlState(search: string): { state: UrlState; errors: string[] } {
  const q = new URLSearchParams(search);
  const errors: string[] = [];
  const a = readRun(q, '', errors);
  const b = readRun(q, '2', errors);
  const runs = a ? (b ? [a, b] : [a]) : b ? [b] : defaultRuns();
  const stepText = q.get('step');
  const step = stepText !== null && /^\d+$/.test(stepText) ? Number(stepText) : null;
  const lessonText = q.get('lesson');
  const lesson = lessonText !== null && /^\d+$/.test(lessonText) ? Number(lessonText) : null;
  if (lessonText !== null && lesson === null) errors.push(`lesson must be a lesson number, got "${lessonText}"`);
  return { state: { runs, step, file: q.get('file'), lesson }, errors };
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
  if (state.step !== null) q.set('step', String(state.step));
  if (state.lesson !== null && state.lesson !== undefined) q.set('lesson', String(state.lesson));
  return `?${q.toString()}`;
}
