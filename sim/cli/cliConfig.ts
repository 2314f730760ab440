// cachelab config [<scenario> | --scenario-file F] [--config <preset>] [--set k=v]... [--json]
import { CONFIG_KEYS, formatValue, KNOBS, PRESETS, PRESET_NAMES, presetNamed, resolveConfig, type Config, type ConfigKey } from '../../src/config';
import { parseCli, setFlags } from './cliArgs';
import type { CliCommand, CliIO } from './cliCommand';
import { scenarioSource, SCENARIO_FILE_OPTION, type ScenarioSource } from './cliScenarioSource';

export const configCommand: CliCommand = {
  name: 'config',
  summary: 'print every knob, its value in a preset, and its allowed values',
  help: `Usage: cachelab config [<scenario> | --scenario-file F] [--config <preset>] [--set key=value]... [--json]

Prints each configuration knob with its value under the preset (default: broken) and the values
it accepts. Presets: ${PRESET_NAMES.map((p) => `${p} (${PRESETS[p].description})`).join('; ')}.
Scenarios may set deployment knobs of their own; presets and --set override them.
  <scenario>          the knobs as run, check and explore use them on that scenario: its own
                      deployment knobs, under its default preset unless --config names one; each
                      line says where its value comes from (preset, scenario or --set)
  --scenario-file F   the same for your scenario file F (its config: your deployment)
  --json              the resolved values as one JSON object
`,
  parse: parseConfigArgs,
  run(argv, io) {
    const parsed = parseConfigArgs(argv, io);
    if (parsed === 'help') {
      io.out(this.help);
      return 0;
    }
    const { preset, config, json, source, from } = parsed;
    if (json) {
      io.out(JSON.stringify(config, null, 2) + '\n');
      return 0;
    }
    const w = Math.max(...CONFIG_KEYS.map((k) => k.length));
    const vw = Math.max(...CONFIG_KEYS.map((k) => formatValue(config[k]).length));
    io.out(`Config preset ${preset}: ${presetNamed(preset).description}\n`);
    if (source) io.out(`On ${source.ref}: [scenario] marks its own knobs, [--set] yours; presets and --set override the scenario's.\n`);
    io.out('\n');
    for (const k of CONFIG_KEYS) {
      const spec = KNOBS[k];
      const allowed = typeof spec.allowed === 'string' ? spec.allowed : spec.allowed.join(' | ');
      const mark = source && from[k] !== 'preset' ? `[${from[k]}] ` : '';
      io.out(`${k.padEnd(w)}  ${formatValue(config[k]).padEnd(vw)}  ${mark}${allowed}  (${spec.help})\n`);
    }
    return 0;
  },
};

type Origin = 'preset' | 'scenario' | '--set';

interface ConfigArgs {
  preset: string;
  config: Config;
  json: boolean;
  /** The scenario whose own knobs were applied, when one was named. */
  source: ScenarioSource | null;
  /** Where each knob's value comes from. */
  from: Record<ConfigKey, Origin>;
}

/** `cachelab config`'s arguments: the scenario, the preset and --set resolved (their errors are the command's only ones). */
export function parseConfigArgs(argv: string[], io: CliIO): ConfigArgs | 'help' {
  const { values, positionals } = parseCli(argv, { config: { type: 'string' }, set: { type: 'string', multiple: true }, json: { type: 'boolean' }, ...SCENARIO_FILE_OPTION }, 'config', 1);
  if (values.help) return 'help';
  const source = positionals.length || values['scenario-file'] !== undefined ? scenarioSource(values, positionals, io, 'config') : null;
  const preset = (values.config as string | undefined) ?? source?.scenario.defaultPreset ?? 'broken';
  const overrides = setFlags(values.set);
  const defaults = source?.scenario.configDefaults ?? {};
  const { config } = resolveConfig(preset, overrides, defaults);
  const plain = resolveConfig(preset).config;
  const withScenario = resolveConfig(preset, [], defaults).config;
  const set = new Set(overrides.map((o) => o.slice(0, o.indexOf('=')).trim()));
  const from = Object.fromEntries(CONFIG_KEYS.map((k) => [k, set.has(k) ? '--set' : withScenario[k] !== plain[k] ? 'scenario' : 'preset'])) as Record<ConfigKey, Origin>;
  return { preset, config, json: Boolean(values.json), source, from };
}
