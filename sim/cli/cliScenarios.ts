// cachelab scenarios [--json] | --export NAME [--format json|yaml] | --scenario-file F [--format json|yaml] | --json-schema
import { UsageError } from '../../src/config';
import { exportScenario } from '../scenarios/file/exportScenario';
import { scenarioJsonSchema } from '../scenarios/file/scenarioJsonSchema';
import { getScenario, SCENARIOS } from '../scenarios/index';
import type { Scenario } from '../scenarios/types';
import { oneOfFlag, parseCli } from './cliArgs';
import type { CliCommand } from './cliCommand';
import { readScenarioFile } from './cliScenarioSource';

export const scenariosCommand: CliCommand = {
  name: 'scenarios',
  summary: 'list the scenarios with one-line descriptions, or export one as a scenario file',
  help: `Usage: cachelab scenarios [--json]
       cachelab scenarios --export NAME [--format json|yaml]
       cachelab scenarios --scenario-file F [--format json|yaml]
       cachelab scenarios --json-schema

Lists every scenario: its name, the config preset it runs with by default, and what it shows.
  --json              print a JSON list of {name, description, details, defaultPreset, today}
  --export NAME       print scenario NAME as a scenario file (docs/scenario-files.md), to edit
                      and run with --scenario-file; it runs exactly as the catalog's NAME does
  --scenario-file F   print your scenario file F as it resolves (docs/scenario-files.md): each
                      step's time, user and month, items by uuid, every default written out;
                      the form --export writes, so the two compare line by line
  --format F          json (default) or yaml, for --export and --scenario-file
  --json-schema       print the scenario file's JSON Schema (the copy in the project:
                      docs/scenario.schema.json), for your editor's completion and checks as you
                      write one (docs/scenario-files.md, "In your editor")

Example:
  cachelab scenarios --export seed-broken > mine.json && cachelab run --scenario-file mine.json
`,
  parse: parseScenariosArgs,
  run(argv, io) {
    const parsed = parseScenariosArgs(argv);
    if (parsed === 'help') {
      io.out(this.help);
      return 0;
    }
    if (parsed.jsonSchema) {
      io.out(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
      return 0;
    }
    if (parsed.export) {
      io.out(exportScenario(parsed.export.scenario, parsed.export.syntax));
      return 0;
    }
    if (parsed.file) {
      io.out(exportScenario(readScenarioFile(parsed.file.path, io).scenario, parsed.file.syntax));
      return 0;
    }
    if (parsed.json) {
      io.out(JSON.stringify(SCENARIOS.map(({ name, description, details, defaultPreset, today }) => ({ name, description, details, defaultPreset, today })), null, 2) + '\n');
      return 0;
    }
    const width = Math.max(...SCENARIOS.map((s) => s.name.length));
    const pw = Math.max(...SCENARIOS.map((s) => s.defaultPreset.length)) + 2;
    for (const s of SCENARIOS) io.out(`${s.name.padEnd(width)}  ${`[${s.defaultPreset}]`.padEnd(pw)}  ${s.description}\n`);
    return 0;
  },
};

interface ScenariosArgs {
  /** --export NAME: the scenario, in which syntax. */
  export: { scenario: Scenario; syntax: 'json' | 'yaml' } | null;
  /** --scenario-file F: the file to print resolved (read when the command runs). */
  file?: { path: string; syntax: 'json' | 'yaml' };
  json: boolean;
  /** --json-schema: print the scenario file's JSON Schema. */
  jsonSchema?: boolean;
}

/** `cachelab scenarios`'s arguments, checked (the --export name included) without printing. */
export function parseScenariosArgs(argv: string[]): ScenariosArgs | 'help' {
  const { values, positionals } = parseCli(argv, { json: { type: 'boolean' }, export: { type: 'string' }, format: { type: 'string' }, 'scenario-file': { type: 'string' }, 'json-schema': { type: 'boolean' } }, 'scenarios');
  if (values.help) return 'help';
  if (values['json-schema']) {
    const other = ['json', 'export', 'format', 'scenario-file'].find((k) => values[k] !== undefined);
    if (other) throw new UsageError(`--json-schema prints the schema alone; --${other} does something else: give one of them`);
    return { export: null, json: false, jsonSchema: true };
  }
  if (positionals.length) throw new UsageError(`scenarios takes no arguments, got "${positionals[0]}"; to export one: cachelab scenarios --export ${positionals[0]}`);
  const file = values['scenario-file'] as string | undefined;
  if (file !== undefined) {
    if (values.export !== undefined || values.json) throw new UsageError(`--scenario-file prints your file resolved; ${values.json ? '--json lists the catalog' : '--export prints a catalog scenario'}: give one of them`);
    return { export: null, file: { path: file, syntax: oneOfFlag(values.format as string | undefined, '--format', ['json', 'yaml'] as const, 'json') }, json: false };
  }
  if (values.format !== undefined && values.export === undefined) throw new UsageError('--format goes with --export NAME or --scenario-file F');
  if (values.export === undefined) return { export: null, json: Boolean(values.json) };
  if (values.json) throw new UsageError('--json lists the catalog; --export prints one scenario: give one of them');
  const syntax = oneOfFlag(values.format as string | undefined, '--format', ['json', 'yaml'] as const, 'json');
  return { export: { scenario: getScenario(values.export as string), syntax }, json: false };
}
