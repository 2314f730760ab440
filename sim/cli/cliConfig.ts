// cachelab config [--config <preset>] [--set k=v]...
import { CONFIG_KEYS, formatValue, KNOBS, PRESETS, PRESET_NAMES, presetNamed, resolveConfig, type Config } from '../../src/config';
import { parseCli, setFlags } from './cliArgs';
import type { CliCommand } from './cliCommand';

export const configCommand: CliCommand = {
  name: 'config',
  summary: 'print every knob, its value in a preset, and its allowed values',
  help: `Usage: cachelab config [--config <preset>] [--set key=value]... [--json]

Prints each configuration knob with its value under the preset (default: broken) and the values
it accepts. Presets: ${PRESET_NAMES.map((p) => `${p} (${PRESETS[p].description})`).join('; ')}.
Scenarios may set deployment knobs of their own; presets and --set override them.
`,
  parse: parseConfigArgs,
  run(argv, io) {
    const parsed = parseConfigArgs(argv);
    if (parsed === 'help') {
      io.out(this.help);
      return 0;
    }
    const { preset, config, json } = parsed;
    if (json) {
      io.out(JSON.stringify(config, null, 2) + '\n');
      return 0;
    }
    const w = Math.max(...CONFIG_KEYS.map((k) => k.length));
    const vw = Math.max(...CONFIG_KEYS.map((k) => formatValue(config[k]).length));
    io.out(`Config preset ${preset}: ${presetNamed(preset).description}\n\n`);
    for (const k of CONFIG_KEYS) {
      const spec = KNOBS[k];
      const allowed = typeof spec.allowed === 'string' ? spec.allowed : spec.allowed.join(' | ');
      io.out(`${k.padEnd(w)}  ${formatValue(config[k]).padEnd(vw)}  ${allowed}  (${spec.help})\n`);
    }
    return 0;
  },
};

/** `cachelab config`'s arguments: the preset and --set resolved (their errors are the command's only ones). */
export function parseConfigArgs(argv: string[]): { preset: string; config: Config; json: boolean } | 'help' {
  const { values } = parseCli(argv, { config: { type: 'string' }, set: { type: 'string', multiple: true }, json: { type: 'boolean' } }, 'config');
  if (values.help) return 'help';
  const preset = (values.config as string | undefined) ?? 'broken';
  const { config } = resolveConfig(preset, setFlags(values.set));
  return { preset, config, json: Boolean(values.json) };
}
