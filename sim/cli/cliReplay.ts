// cachelab replay <trace.json>            re-run a recorded trace and compare
// cachelab replay <scenario> --choices L  re-run a literal schedule (what check prints)
import { PRESET_NAMES, UsageError } from '../../src/config';
import { scriptedRun } from '../check/scriptedRun';
import { formatCounterexample } from '../check/formatCounterexample';
import { replayTrace } from '../replay/replayTrace';
import { SCENARIO_NAMES } from '../scenarios/index';
import { parseTraceFile } from '../traceFile';
import { parseCli, setFlags } from './cliArgs';
import { readScenarioFile, SCENARIO_FILE_HELP, SCENARIO_FILE_OPTION, scenarioSource } from './cliScenarioSource';
import type { CliCommand } from './cliCommand';

function parseChoices(text: string): number[] {
  if (text === 'nominal' || text === '') return [];
  const parts = text.split(',');
  if (!parts.every((p) => /^\d+$/.test(p.trim()))) throw new UsageError(`--choices expects comma-separated integers (e.g. 0,2,1) or "nominal", got "${text}"`);
  return parts.map((p) => Number(p.trim()));
}

export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 're-run a recorded trace (or a --choices schedule) and confirm the run is identical',
  help: `Usage: cachelab replay <trace.json> [--scenario-file F] [--out FILE]
       cachelab replay <scenario>|--scenario-file F --choices <i,j,...|nominal> [--config <preset>]
                       [--set key=value]... [--out FILE]

With a trace file (written by \`run --format json --out\`, \`check\` or \`explore\`): re-runs its
scenario with its config, overrides, seed and recorded choices, and confirms that the new trace is
identical to the recorded one, byte for byte as JSON, or shows the first difference.

With a scenario and --choices: runs that schedule (each index picks an option at the next choice
point; after the list, the nominal option) and prints it like a check counterexample; this is
the literal form \`check\` prints beside the trace file.

A trace of a scenario read from a file is replayed with that file: give it with --scenario-file.

  --out FILE          write the replayed trace to FILE
${SCENARIO_FILE_HELP}

Exit code: 0 identical (or, with --choices, no invariant violated), 1 different (or violated),
2 usage error or unreadable trace.
`,
  run(argv, io) {
    const { values, positionals } = parseCli(
      argv,
      { choices: { type: 'string' }, config: { type: 'string' }, set: { type: 'string', multiple: true }, out: { type: 'string' }, ...SCENARIO_FILE_OPTION },
      'replay',
    );
    if (values.help) {
      io.out(this.help);
      return 0;
    }
    const out = values.out as string | undefined;
    if (values.choices !== undefined) {
      const { scenario, ref } = scenarioSource(values, positionals, io, 'replay --choices');
      const preset = (values.config as string | undefined) ?? scenario.defaultPreset;
      if (!PRESET_NAMES.includes(preset)) throw new UsageError(`unknown config preset "${preset}"; valid presets: ${PRESET_NAMES.join(', ')}`);
      const script = parseChoices(values.choices as string);
      const run = scriptedRun(scenario, { preset, overrides: setFlags(values.set) }, script);
      if (out) io.writeFile(out, JSON.stringify(run.trace, null, 1) + '\n');
      if (run.violations.length) {
        io.out(formatCounterexample(run, script, out ?? null, ref));
        return 1;
      }
      io.out(`${scenario.name} [${preset}] with choices ${script.join(',') || 'nominal'}: ${run.trace.events.length} events, no invariant violated.\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('replay expects one trace file, or one scenario name (or --scenario-file F) with --choices');
    if (values.config !== undefined || values.set !== undefined) throw new UsageError('--config and --set go with --choices; a trace file carries its own config');
    if (SCENARIO_NAMES.includes(positionals[0])) throw new UsageError(`"${positionals[0]}" is a scenario: give --choices, or a trace file`);
    const text = io.readFile(positionals[0]);
    const trace = parseTraceFile(text);
    const file = values['scenario-file'] as string | undefined;
    const result = replayTrace(trace, file === undefined ? undefined : readScenarioFile(file, io).scenario);
    if (out) io.writeFile(out, JSON.stringify(result.replayed, null, 1) + '\n');
    const fileIdentical = text === JSON.stringify(result.replayed, null, 1) + '\n';
    if (result.identical) {
      io.out(
        `replay ${positionals[0]}: identical. ${trace.scenario} [${trace.preset}], ${trace.choices.length} choices, ${trace.events.length} events` +
          `${fileIdentical ? '; the file is byte-identical to the replayed trace' : ' (same JSON; the file\'s whitespace differs)'}.\n`,
      );
      return 0;
    }
    io.out(`replay ${positionals[0]}: DIFFERENT. First difference:\n  ${result.difference}\n`);
    return 1;
  },
};
