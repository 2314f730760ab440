// What the page runs: a scenario from the catalog under a preset, `key=value` overrides and a seed,
// exactly the inputs of `cachelab run`. Toggles and knobs edit the overrides; the overrides are
// always kept minimal (only keys that differ from the preset), so URLs stay short and readable.
import { runScenario } from '../../sim/run';
import { SCENARIOS, getScenario } from '../../sim/scenarios/index';
import type { Scenario } from '../../sim/scenarios/types';
import type { Trace } from '../../sim/trace';
import { CONFIG_KEYS, PRESETS, SEED_FIXES, formatValue, parseOverride, resolveConfig, type Config, type ConfigKey } from '../../src/config';

export interface RunSpec {
  scenario: string;
  preset: string;
  overrides: string[];
  /** null: the nominal schedule. */
  seed: number | null;
  /** Recorded choices to replay (from a trace file), when the seed alone does not reproduce it. */
  choices?: number[];
}

export type FixNumber = 1 | 2 | 3 | 4;
export const FIX_NUMBERS: FixNumber[] = [1, 2, 3, 4];

/** Short names of the seed's fixes, for toggle labels. */
export const FIX_NAMES: Record<FixNumber, string> = {
  1: 'never_cache',
  2: 'versioned key',
  3: 'cache-buster',
  4: 'remove + refetch',
};

/** Knobs about where the code runs, not the code: they survive a change of preset or scenario. */
const DEPLOYMENT_PREFIXES = ['deploy.', 'browser.', 'cache.', 'calendar.'];

export function defaultRuns(): RunSpec[] {
  return [specFor('seed-broken'), specFor('seed-fixed')];
}

export function specFor(scenario: string, preset?: string): RunSpec {
  const s = findScenario(scenario) ?? SCENARIOS[0];
  return { scenario: s.name, preset: preset ?? s.defaultPreset, overrides: [], seed: null };
}

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

export function presetConfig(spec: RunSpec): Config {
  return resolveConfig(spec.preset, [], getScenario(spec.scenario).configDefaults).config;
}

export function effectiveConfig(spec: RunSpec): Config {
  return resolveConfig(spec.preset, spec.overrides, getScenario(spec.scenario).configDefaults).config;
}

/** The config with `values` applied, written back as the minimal list of overrides. */
export function withValues(spec: RunSpec, values: Partial<Config>): RunSpec {
  const desired: Config = { ...effectiveConfig(spec), ...values };
  return { ...spec, overrides: minimalOverrides(presetConfig(spec), desired) };
}

function minimalOverrides(base: Config, desired: Config): string[] {
  const out: string[] = [];
  for (const k of CONFIG_KEYS) if (base[k] !== desired[k]) out.push(`${k}=${formatValue(desired[k])}`);
  return out;
}

export type FixState = 'on' | 'off' | 'partial';

export function fixState(config: Config, n: FixNumber): FixState {
  const group = SEED_FIXES[n];
  const keys = Object.keys(group) as ConfigKey[];
  const matching = keys.filter((k) => config[k] === group[k]).length;
  return matching === keys.length ? 'on' : matching === 0 ? 'off' : 'partial';
}

/** Turning a fix off puts its knobs back to the code as the seed found it (for this scenario). */
export function toggleFix(spec: RunSpec, n: FixNumber, on: boolean): RunSpec {
  if (on) return withValues(spec, SEED_FIXES[n]);
  const found = resolveConfig('broken', [], getScenario(spec.scenario).configDefaults).config;
  const values: Partial<Config> = {};
  for (const k of Object.keys(SEED_FIXES[n]) as ConfigKey[]) (values as Record<string, unknown>)[k] = found[k];
  return withValues(spec, values);
}

function keepDeployment(spec: RunSpec): string[] {
  return spec.overrides.filter((o) => DEPLOYMENT_PREFIXES.some((p) => o.startsWith(p)));
}

export function setScenario(spec: RunSpec, name: string): RunSpec {
  const s = getScenario(name);
  return { scenario: s.name, preset: s.defaultPreset, overrides: keepDeployment(spec), seed: spec.seed };
}

export function setPreset(spec: RunSpec, preset: string): RunSpec {
  if (!Object.hasOwn(PRESETS, preset)) return spec;
  return { ...spec, preset, overrides: keepDeployment(spec), choices: undefined };
}

/** Parses a comma- or space-separated override list; throws UsageError with a one-line reason. */
export function parseOverrideList(text: string): string[] {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  for (const p of parts) parseOverride(p);
  return parts;
}

export function runInPage(spec: RunSpec): Trace {
  return runScenario(getScenario(spec.scenario), {
    preset: spec.preset,
    overrides: spec.overrides,
    seed: spec.seed,
    choices: spec.choices,
  });
}

export function describeSpec(spec: RunSpec): string {
  const parts = [spec.scenario, `preset ${spec.preset}`];
  if (spec.overrides.length) parts.push(spec.overrides.join(' '));
  // A choice list decides the schedule, not the seed: "nominal schedule" beside it read as a contradiction.
  parts.push(spec.choices?.length ? scheduleWords(spec.choices) : spec.seed === null ? 'nominal schedule' : `random seed ${spec.seed}`);
  return parts.join(' · ');
}

/**
 * A choice list said as check and an opened trace say it, by its choices off the nominal: the run
 * line said "scripted schedule (14 choices)" where the trace's title said "2 deviations".
 */
function scheduleWords(choices: readonly number[]): string {
  const off = choices.filter((c) => c !== 0).length;
  return off ? `a schedule ${off} deviation${off === 1 ? '' : 's'} from the nominal one` : 'nominal schedule';
}

/**
 * What an opened trace file is a run of, from the trace itself (scenario, preset, --set, schedule), for
 * its title beside the file's name: "file counterexample.json" alone left every exported picture of
 * it without the run's identity. The schedule is counted as check counts it: choices off the nominal.
 */
export function describeTrace(trace: Pick<Trace, 'scenario' | 'preset' | 'overrides' | 'seed' | 'choices'>): string {
  const parts = [trace.scenario, `preset ${trace.preset}`];
  if (trace.overrides.length) parts.push(trace.overrides.join(' '));
  parts.push(trace.seed !== null ? `random seed ${trace.seed}` : scheduleWords(trace.choices));
  return parts.join(' · ');
}

/**
 * The equivalent command line, for people who want to reproduce a view in the terminal. A choice
 * list (check's counterexample, a what-if branch) is run by `replay --choices`: `run` has no way to
 * give one, and the page said `cachelab run …`, which runs the nominal schedule instead.
 */
export function commandLine(spec: RunSpec): string {
  const scripted = Boolean(spec.choices?.some((c) => c !== 0));
  const args = scripted ? ['npx cachelab replay', spec.scenario, '--choices', spec.choices!.join(','), '--config', spec.preset] : ['npx cachelab run', spec.scenario, '--config', spec.preset];
  for (const o of spec.overrides) args.push('--set', o);
  if (!scripted && spec.seed !== null) args.push('--seed', String(spec.seed));
  return args.join(' ');
}
