// cachelab run <scenario>|--scenario-file F [--config P] [--set k=v]... [--seed N] [--format text|timing|json] [--out FILE]
import { runScenario } from '../run';
import { SCENARIO_NAMES } from '../scenarios/index';
import { formatText } from '../format/formatText';
import { formatTiming } from '../format/formatTiming';
import { formatHeader } from '../format/formatOutcome';
import { PRESET_NAMES, resolveConfig } from '../../src/config';
import type { Scenario } from '../scenarios/types';
import type { Trace } from '../trace';
import { parseOptionalIntIn, SEED } from '../input/numbers';
import { echo } from '../input/terminalText';
import { APP_HELP, APP_OPTION, appChoice, fileConfigNote, SCENARIO_FILE_HELP, SCENARIO_FILE_OPTION, scenarioSource } from './cliScenarioSource';
import { oneOfFlag, parseCli, setFlags } from './cliArgs';
import type { CliCommand, CliIO } from './cliCommand';
import { checkSameTwice } from '../app/sameTwice';
import { guardViews } from './cliViewWatchdog';

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run one scenario and print its flow, timing table or trace, then its outcome',
  help: `Usage: cachelab run <scenario>|--scenario-file F [--config <preset>] [--set key=value]...
                    [--seed N] [--format text|timing|json] [--out FILE] [--app F]

Runs a scenario and prints what each layer did at each virtual millisecond, then the outcome:
for each deleted item and each user, when it vanished and whether it came back; for each create
or edit, when each user's calendar showed it as written and whether it went missing or the old
version came back.

  --config <preset>   ${PRESET_NAMES.join(', ')} (default: the scenario's own, see \`cachelab scenarios\`)
  --set key=value     override one knob; repeatable (\`cachelab config\` lists them)
  --seed N            0..4294967295: a seeded random schedule (latencies, routing, tie order); omitted: the
                      nominal schedule with the documented latencies
  --format F          text (a narrative, layer by layer), timing (a table like the seed's timing
                      diagram) or json (the trace, which the visualizer opens)
  --out FILE          write the output to FILE instead of stdout
${SCENARIO_FILE_HELP}
${APP_HELP}

Scenarios: ${SCENARIO_NAMES.join(', ')}

Examples:
  cachelab run seed-broken
  cachelab run seed-fixed --format timing
  cachelab run seed-broken --config seed-fix --set browser.profile=seed-assumption
  cachelab scenarios --export seed-broken > mine.json && cachelab run --scenario-file mine.json
`,
  parse: parseRunArgs,
  async run(argv, io) {
    const args = await parseRunArgs(argv, io);
    if (args === 'help') {
      io.out(this.help);
      return 0;
    }
    const { format, out } = args;
    // Your views run here, in this thread: one that never gives control back is stopped (cliViewWatchdog.ts).
    // With --app and no --seed, the nominal run is the one the determinism check already made.
    const trace = args.seed === null && args.nominal ? args.nominal : guardViews(args.scenario, () => runScenario(args.scenario, { preset: args.preset, overrides: args.overrides, seed: args.seed }));
    const formatted = format === 'json' ? JSON.stringify(trace, null, 1) + '\n' : format === 'timing' ? formatTiming(trace) : formatText(trace);
    // Both text formats open with the header: the file's config goes on a line of its own under it.
    const header = formatHeader(trace);
    const text = args.fileNote && format !== 'json' && formatted.startsWith(header) ? `${header}\n${args.fileNote}${formatted.slice(header.length)}` : formatted;
    if (out) {
      io.writeFile(out, text);
      io.err(`wrote ${echo(out, 300)} (${trace.events.length} events)`);
    } else io.out(text);
    return 0;
  },
};

export interface RunArgs {
  /** With the --app views attached. */
  scenario: Scenario;
  preset: string | undefined;
  /** The app's config, then --set. */
  overrides: string[];
  seed: number | null;
  format: 'text' | 'timing' | 'json';
  out: string | undefined;
  /** With --app: the nominal run, made by the check that the views run the same twice. */
  nominal: Trace | null;
  /** A scenario file's own knobs, a line under the header (fileConfigNote), or "". */
  fileNote: string;
}

/** `cachelab run`'s arguments, checked as the run would check them, without running. */
export async function parseRunArgs(argv: string[], io: CliIO): Promise<RunArgs | 'help'> {
  const { values, positionals } = parseCli(
    argv,
    { config: { type: 'string' }, set: { type: 'string', multiple: true }, seed: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, ...SCENARIO_FILE_OPTION, ...APP_OPTION },
    'run',
    1,
  );
  if (values.help) return 'help';
  const source = scenarioSource(values, positionals, io, 'run');
  const { scenario } = source;
  const format = oneOfFlag(values.format as string | undefined, '--format', ['text', 'timing', 'json'] as const, 'text');
  const seed = parseOptionalIntIn(values.seed as string | undefined, SEED, '--seed') ?? null;
  const out = values.out as string | undefined;
  if (out !== undefined) io.checkOut?.(out);
  const app = await appChoice(values, setFlags(values.set));
  const preset = values.config as string | undefined;
  // What runScenario resolves before anything else: the same error, without the run.
  resolveConfig(preset ?? scenario.defaultPreset, app.overrides, scenario.configDefaults);
  const withViews = app.withApp(scenario);
  const nominal = guardViews(withViews, () => checkSameTwice(withViews, preset ?? scenario.defaultPreset, app.overrides));
  return { scenario: withViews, preset, overrides: app.overrides, seed, format, out, nominal, fileNote: fileConfigNote(source).replace(/^; /, '') };
}
