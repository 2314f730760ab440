// cachelab replay <trace.json>            re-run a recorded trace and compare
// cachelab replay <scenario> --choices L  re-run a literal schedule (what check prints)
import { presetNamed, resolveConfig, UsageError } from '../../src/config';
import { MAX_TRACE_CHOICES } from '../input/limits';
import { parseChoiceList } from '../input/numbers';
import { echo, escapeControls } from '../input/terminalText';
import { shellWord } from './shellWord';
import { FileTooLargeError } from '../input/readInputFile';
import { essentialScript, type ScriptedRun } from '../check/scriptedRun';
import { ReplayDivergence, type LabelledChoice } from '../chooser';
import { checkInvariants } from '../invariants/index';
import { runScenario } from '../run';
import type { Scenario } from '../scenarios/types';
import { formatCounterexample } from '../check/formatCounterexample';
import { replayTrace, seedMismatch } from '../replay/replayTrace';
import { getScenario, SCENARIO_NAMES } from '../scenarios/index';
import { parseTraceFile } from '../traceFile';
import { looksLikeScenarioFile } from '../scenarios/file/parseScenarioFile';
import { parseCli, setFlags, type ParsedCli } from './cliArgs';
import { APP_HELP, APP_OPTION, appChoice, readScenarioFile, SCENARIO_FILE_HELP, SCENARIO_FILE_OPTION, scenarioSource, type AppChoice } from './cliScenarioSource';
import type { CliCommand, CliIO } from './cliCommand';
import { guardViews } from './cliViewWatchdog';

export type ParsedChoices = { kind: 'indices'; script: number[] } | { kind: 'labels'; entries: LabelledChoice[] };

/** `0,2,1` (an index per choice point, in order), `nominal`, or `label[@n]=index;...` (named points). */
export function parseChoices(text: string): ParsedChoices {
  if (!text.includes('=')) return { kind: 'indices', script: parseChoiceList(text, '--choices', MAX_TRACE_CHOICES) };
  const parts = text.split(';').filter((p) => p.trim());
  if (parts.length > MAX_TRACE_CHOICES) throw new UsageError(`--choices holds at most ${MAX_TRACE_CHOICES} choices; got ${parts.length}`);
  const entries = parts.map((part): LabelledChoice => {
    const m = /^(.+?)(?:@(\d{1,6}))?=(\d{1,6})$/.exec(part.trim());
    if (!m) throw new UsageError(`--choices by name expects label[@n]=index entries separated by ";" (e.g. "route r3=1;latency db.query worker:1@2=2"), got ${JSON.stringify(echo(part.trim(), 120))}`);
    return { label: m[1].trim(), occurrence: m[2] ? Number(m[2]) : 1, value: Number(m[3]) };
  });
  return { kind: 'labels', entries };
}

/** One run of a --choices schedule, strict: an index beyond a point's options or an unknown name is a usage error. */
export function choicesRun(scenario: Scenario, preset: string, overrides: string[], parsed: ParsedChoices): ScriptedRun {
  try {
    const trace = runScenario(scenario, parsed.kind === 'labels' ? { preset, overrides, labelledChoices: parsed.entries } : { preset, overrides, choices: parsed.script, strictChoices: true });
    return { trace, points: trace.choiceLog!.map((r) => ({ kind: r.kind, label: r.label, options: r.options })), violations: checkInvariants(trace) };
  } catch (e) {
    if (e instanceof ReplayDivergence) throw new UsageError(echo(e.message, 300));
    throw e;
  }
}

type ReplayArgs =
  | { kind: 'choices'; out: string | undefined; scenario: Scenario; ref: string; app: AppChoice; preset: string; choices: ParsedChoices }
  | { kind: 'trace'; out: string | undefined; traceFile: string; values: ParsedCli['values'] };

/**
 * `cachelab replay`'s arguments, checked without replaying: with --choices, the scenario, preset,
 * --set and the list's form (whether its indices fit the run's choice points takes the run); with
 * a trace file, its name (its content, and the --scenario-file and --app that go with it, are read
 * after it, by the run).
 */
export async function parseReplayArgs(argv: string[], io: CliIO): Promise<ReplayArgs | 'help'> {
  const { values, positionals } = parseCli(
    argv,
    { choices: { type: 'string' }, config: { type: 'string' }, set: { type: 'string', multiple: true }, out: { type: 'string' }, ...SCENARIO_FILE_OPTION, ...APP_OPTION },
    'replay',
    1,
  );
  if (values.help) return 'help';
  const out = values.out as string | undefined;
  if (out !== undefined) io.checkOut?.(out);
  if (values.choices !== undefined) {
    const source = scenarioSource(values, positionals, io, 'replay --choices');
    const app = await appChoice(values, setFlags(values.set));
    const scenario = app.withApp(source.scenario);
    const preset = (values.config as string | undefined) ?? scenario.defaultPreset;
    presetNamed(preset);
    const choices = parseChoices(values.choices as string);
    // What the run resolves before its first choice: the same error, without the run.
    resolveConfig(preset, app.overrides, scenario.configDefaults);
    return { kind: 'choices', out, scenario, ref: source.ref, app, preset, choices };
  }
  if (positionals.length !== 1) throw new UsageError('replay expects one trace file, or one scenario name (or --scenario-file F) with --choices');
  if (values.config !== undefined || values.set !== undefined) throw new UsageError('--config and --set go with --choices; a trace file carries its own config');
  if (SCENARIO_NAMES.includes(positionals[0])) throw new UsageError(`"${positionals[0]}" is a scenario: give --choices, or a trace file`);
  return { kind: 'trace', out, traceFile: positionals[0], values };
}

export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 're-run a recorded trace (or a --choices schedule) and confirm the run is identical',
  help: `Usage: cachelab replay <trace.json> [--scenario-file F] [--app F] [--out FILE]
       cachelab replay <scenario>|--scenario-file F --choices <i,j,...|nominal|label=i;...> [--config <preset>]
                       [--set key=value]... [--app F] [--out FILE]

With a trace file (written by \`run --format json --out\`, \`check\` or \`explore\`): re-runs its
scenario with its config, overrides, seed and recorded choices, and confirms that the new trace is
identical to the recorded one, byte for byte, or shows the first difference. A file that was
changed in any way (a value, a key's order, whitespace, a number's spelling) is never identical;
a seeded trace must also be what its seed alone makes.
The file is checked against the trace schema first (docs/input-contract.md).

A trace keeps a labelled log of its choices ({kind, label, options, value}); the replay checks
every choice point against it and says DIVERGED (exit 1) at the first one the model no longer asks
the same way, instead of quietly running another schedule.

With a scenario and --choices: runs that schedule and prints it like a check counterexample. Either
indices, one per choice point in order (after the list, the nominal option; an index beyond a
point's options is an error): the literal form \`check\` prints beside the trace file. Or points by
name, every other point nominal: "label=index" entries separated by ";", "label@n=index" for the
n-th point with that label (labels as the trace's choiceLog spells them, e.g. "route r3=1;latency
db.query worker:1@2=2"); a name no point has is an error.

A trace of a scenario read from a file is replayed with that file: give it with --scenario-file
(without it, a name not in the catalog is refused, saying so); a trace of your own views, with
the same --app (the trace names the file, "app": without --app the replay is refused with the
command to give, exit 2; with the file changed, it says DIVERGED).

  --out FILE          write the replayed trace to FILE
${SCENARIO_FILE_HELP}
${APP_HELP}

Exit code: 0 identical (or, with --choices, no invariant violated), 1 different (or violated),
2 usage error, or a file that cannot be read or is not a valid trace.
`,
  parse: parseReplayArgs,
  async run(argv, io) {
    const parsed = await parseReplayArgs(argv, io);
    if (parsed === 'help') {
      io.out(this.help);
      return 0;
    }
    const { out } = parsed;
    if (parsed.kind === 'choices') {
      const { scenario, ref, app, preset } = parsed;
      // Your views run here, in this thread: one that never gives control back is stopped (cliViewWatchdog.ts).
      const run = guardViews(scenario, () => choicesRun(scenario, preset, app.overrides, parsed.choices));
      const script = essentialScript(run.trace.choices);
      if (out) io.writeFile(out, JSON.stringify(run.trace, null, 1) + '\n');
      if (run.violations.length) {
        io.out(formatCounterexample(run, script, out ?? null, ref, app));
        return 1;
      }
      io.out(`${scenario.name} [${preset}] with choices ${script.join(',') || 'nominal'}: ${run.trace.events.length} events, no invariant violated.\n`);
      return 0;
    }
    const { values, traceFile } = parsed;
    const file = echo(traceFile, 300);
    let text: string;
    try {
      text = io.readFile(traceFile);
    } catch (e) {
      // A big scenario's trace can pass the limit; its choices replay it without the file.
      if (e instanceof FileTooLargeError) throw new UsageError(`${e.message}; a trace this large replays from its choices instead: the "cachelab replay ... --choices" command check and explore printed with it, or for a run's trace: cachelab replay --scenario-file F --choices nominal`);
      throw e;
    }
    // The other file of the pair given in the trace's place: say what to do with it.
    if (/\.ya?ml$/i.test(traceFile) || (text.trimStart().startsWith('{') && looksLikeScenarioFile(text, 'trace.json')))
      throw new UsageError(`${file} is a scenario file, not a trace: run it with cachelab run --scenario-file ${shellWord(traceFile)} (its trace: --format json --out FILE), or replay a schedule of it with cachelab replay --scenario-file ${shellWord(traceFile)} --choices <i,j,...|nominal>`);
    const trace = parseTraceFile(text);
    const scenarioFile = values['scenario-file'] as string | undefined;
    // A trace of your own scenario names the file's `name`, not a catalog scenario: say so, not "unknown scenario".
    if (scenarioFile === undefined && !SCENARIO_NAMES.includes(trace.scenario))
      throw new UsageError(`${file}: unknown scenario "${escapeControls(trace.scenario)}" (not in the catalog); a trace of your own scenario replays with its file: cachelab replay ${shellWord(traceFile)} --scenario-file FILE; valid catalog scenarios: ${SCENARIO_NAMES.join(', ')}`);
    if (trace.app !== undefined && values.app === undefined)
      throw new UsageError(`${file} was recorded with your own views (--app ${escapeControls(echo(trace.app, 300))}): replay it with them, cachelab replay ${shellWord(traceFile)}${scenarioFile === undefined ? '' : ` --scenario-file ${shellWord(scenarioFile)}`} --app ${shellWord(trace.app)}`);
    const fromFile = scenarioFile === undefined ? undefined : readScenarioFile(scenarioFile, io).scenario;
    // The trace's overrides already hold the app's config: only its views are needed again.
    const app = await appChoice(values, []);
    const rerunOf = values.app === undefined ? fromFile : app.withApp(fromFile ?? getScenario(trace.scenario));
    // An exported catalog scenario keeps the catalog's name: its trace replays against the catalog
    // unless its file is given, and then differs for a reason the difference alone does not say.
    const catalogHint =
      scenarioFile === undefined && SCENARIO_NAMES.includes(trace.scenario)
        ? `  (replayed with the catalog's scenario "${escapeControls(trace.scenario)}": if the trace came from a scenario file of that name, give it with --scenario-file)\n`
        : '';
    let result: ReturnType<typeof replayTrace>;
    try {
      result = guardViews(rerunOf, () => replayTrace(trace, rerunOf));
    } catch (e) {
      if (!(e instanceof ReplayDivergence)) throw e;
      // A trace of the user's own views replayed with another file, or an edited one, diverges; so
      // may one of the built-in views replayed with an app. (A trace names its --app file; older
      // ones, and a trace of the built-in views, name none.)
      const given = values.app === undefined ? '' : echo(values.app as string, 300);
      const hint =
        values.app === undefined
          ? ' If it was recorded with your own views (check, explore or run with --app F), replay it with the same --app F.'
          : trace.app !== undefined
            ? ` It was recorded with --app ${echo(trace.app, 300)}: is ${given} that file, as it was then?`
            : ` The trace names no --app file: it was recorded with the built-in views (or before traces named one); try without --app ${given}.`;
      io.out(`replay ${file}: DIVERGED: ${escapeControls(e.message)}. The model no longer makes the choices this trace recorded.${escapeControls(hint)}\n${catalogHint}`);
      return 1;
    }
    const replayedText = JSON.stringify(result.replayed, null, 1) + '\n';
    if (out) io.writeFile(out, replayedText);
    // Identical means byte for byte: equal values spelled differently (key order, whitespace,
    // 1.0 for 1, escapes, a duplicate key) are still a changed file.
    const seedDiff = seedMismatch(trace, rerunOf);
    if (result.identical && text === replayedText && seedDiff === null) {
      io.out(`replay ${file}: identical. ${trace.scenario} [${trace.preset}], ${trace.choices.length} choices, ${trace.events.length} events; the file is byte-identical to the replayed trace.\n`);
      return 0;
    }
    const difference = !result.identical
      ? result.difference
      : seedDiff !== null
        ? seedDiff
        : 'every value is the same, but the file\'s text is not what cachelab writes (whitespace, key order, a number\'s spelling, escapes or a repeated key differ)';
    // The recorded side of the difference comes from the file: escape it for the terminal.
    io.out(`replay ${file}: DIFFERENT. First difference:\n  ${(difference ?? '').split('\n').map(escapeControls).join('\n')}\n${catalogHint}`);
    return 1;
  },
};
