// `npm run stack -- <scenario>|--scenario-file F [--config P] [--set k=v]...`: runs one scenario,
// your own scenario file included, on the real stack the conformance test uses (Django worker
// processes behind a round-robin proxy, real Chromium with FullCalendar, PostgreSQL or SQLite,
// LocMem or Redis) and on the model, and compares what each step left behind, field by field:
// the answer to "does the model tell the truth about my scenario?". Exit 0: every field agrees;
// 1: a field differs (each is printed, model beside real); 2: a usage or input error, or a part of
// the stack missing from this machine, or a real stack that could not finish the run.
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { addDays } from '../src/app/pythonDate';
import { readInputFile } from '../sim/input/readInputFile';
import { escapeControls } from '../sim/input/terminalText';
import { parseCli, setFlags } from '../sim/cli/cliArgs';
import { getScenario, SCENARIO_NAMES } from '../sim/scenarios/index';
import { parseScenarioFile } from '../sim/scenarios/file/parseScenarioFile';
import type { Scenario } from '../sim/scenarios/types';
import { PRESET_NAMES, resolveConfig, UsageError } from '../src/config';
import { startPostgres, type PostgresServer } from '../test/conformance/postgres/postgresServer';
import { startRedisServer, type RedisServer } from '../test/conformance/redis/redisServer';
import type { StepObservation } from '../test/conformance/stack/observation';
import { runRealStack } from '../test/conformance/stack/realStack';
import { prepareStackCase } from '../test/conformance/stack/stackCase';
import { feedCacheControlNote } from '../test/conformance/stack/feedHeaders';
import { ReplayDivergence, type ChoiceRecord } from '../sim/chooser';
import { InputFileError } from '../sim/input/jsonText';
import { parseTraceFile, TraceFileError } from '../sim/traceFile';
import { choicesRun, parseChoices } from '../sim/cli/cliReplay';
import { isMain } from './generatedBlock';
import { loadUserApp } from '../sim/app/loadUserApp';
import { probeAppLoad } from '../sim/cli/cliAppLoadProbe';
import { guardViews } from '../sim/cli/cliViewWatchdog';
import { USER_VIEW_NAMES } from '../src/app/userApp/types';

export const STACK_HELP = `Usage: npm run stack -- <scenario>|--scenario-file F [--config <preset>] [--set key=value]... [--choices C]
                        [--app F.ts --views F.py]
       npm run stack -- --trace T [--scenario-file F] [--app F.ts --views F.py]

Runs one scenario on the real stack and on the model, and compares what each step left behind:
what each user's calendar shows, where each request went and what it answered, what Django's
cache answered on which worker, what the browser cache answered, and the database's rows (a
note, not a field, when the feed's Cache-Control is not the same on both sides). The real stack
is the one the conformance test uses: Django worker processes (Debian python3-django) behind a
strict round-robin proxy, Debian Chromium with FullCalendar 6.1.22, PostgreSQL or SQLite, LocMem
or Redis, each started here on a free local port and stopped at the end. Steps that overlap in
the model's run are made to follow the model's schedule (docs/conformance.md, "stack-scenarios").
Your own fix runs there too: its views in TypeScript for the model (--app), the same views in
Python for the real stack (--views).

Every deploy.* knob runs there (workers, cacheBackend, atomicRequests, routing, staticFiles,
database), the scenario's or --set's. Several workers with deploy.routing=accept (gunicorn alone:
the kernel picks) run behind the proxy as round-robin, said in a line, since the kernel's choice
cannot be reproduced. The rig's page loads 3 script files: page.scriptFiles other than 3 is
refused (exit 2) unless deploy.staticFiles=elsewhere, and so is page.loadRequests=false.

  --scenario-file F   your scenario file (docs/scenario-files.md) instead of a catalog scenario
  --config <preset>   ${PRESET_NAMES.join(', ')} (default: the scenario's own)
  --set key=value     override one knob; repeatable
  --trace T           follow the schedule trace T recorded (a counterexample of check or explore:
                      its latencies, jitter and routing) in place of the nominal one: the real
                      stack runs gated to its order, each request to the worker the model chose.
                      After each step it prints what the calendars show that the database no
                      longer has (a deleted item, an edit's old title or dates), in the model
                      and on the real stack (any run does), then whether the model's run breaks
                      an invariant (under robust such a calendar is one they allow)
  --choices C         the same with a schedule as cachelab replay takes it (i,j,... or
                      label=i;...): any "npx cachelab replay <scenario> ... --choices C" line that
                      check or explore prints runs on the real stack as
                      "npm run stack -- <scenario> ... --choices C"
  --app F.ts          your views for the model (docs/your-own-fix.md); an app of knobs alone needs
                      no --views: the real stack runs its built-in views under them
  --views F.py        the same views in Python, for the real stack's Django workers: plain Django
                      (django.core.cache's cache, transaction, HttpResponse) with the rig's models
                      and helpers from cachelab_stack (docs/your-own-fix.md, "On the real stack";
                      examples/invalidate_on_commit.py)

Exit codes: 0 every field agrees, 1 a field differs (printed, model beside real) or the real stack
left the model's order (printed: with --views, the view whose Python is not one call for one of its
TypeScript twin's, and where), 2 usage or input error, a part of the stack missing (the message says
what to install), or a real stack that could not finish the run (nothing compared; the message says
what did not happen).
`;

/** The fields compared after each step, as stack.test.ts compares them. */
export const FIELDS = ['calendars', 'events', 'routes', 'feedCache', 'browserCacheAnswers', 'db'] as const;

export interface StackArgs {
  scenario: Scenario;
  preset?: string;
  overrides: string[];
  /** --trace: the recorded schedule to follow (a counterexample), and the file's name. */
  recorded?: { choiceLog: readonly ChoiceRecord[]; file: string };
  /** --views: your views in Python for the real stack, beside their TypeScript twin (--app, in the scenario). */
  views?: { file: string; name: string; expect: string[] };
}

export async function parseStackArgs(argv: string[]): Promise<StackArgs | 'help'> {
  const { values, positionals } = parseCli(
    argv,
    { 'scenario-file': { type: 'string' }, config: { type: 'string' }, set: { type: 'string', multiple: true }, trace: { type: 'string' }, choices: { type: 'string' }, app: { type: 'string' }, views: { type: 'string' } },
    'stack',
    1,
  );
  if (values.help) return 'help';
  const file = values['scenario-file'] as string | undefined;
  const traceFile = values.trace as string | undefined;
  const own = await ownViews(values.app as string | undefined, values.views as string | undefined);
  if (traceFile !== undefined) {
    if (values.choices !== undefined) throw new UsageError('--trace carries its own choices: leave out --choices');
    return fromTrace(traceFile, file, positionals, values, own);
  }
  if (file !== undefined && positionals.length) throw new UsageError(`stack takes a scenario name or --scenario-file, not both (got "${positionals[0]}" and --scenario-file ${file})`);
  if (file === undefined && positionals.length !== 1) throw new UsageError(`stack expects one scenario name or --scenario-file F; valid scenarios: ${SCENARIO_NAMES.join(', ')}`);
  const scenario = own.withApp(file !== undefined ? parseScenarioFile(readInputFile(fromUser(file)), file) : getScenario(positionals[0]));
  const preset = values.config as string | undefined;
  // The app's config first, then the command line's, as cachelab's --app does.
  const overrides = [...own.overrides, ...setFlags(values.set)];
  const views = own.views;
  if (values.choices === undefined) return { scenario, preset, overrides, views };
  // A schedule as `cachelab replay ... --choices` takes it (what check and explore print): its labelled log.
  const run = choicesRun(scenario, preset ?? scenario.defaultPreset, overrides, parseChoices(values.choices as string));
  return { scenario, preset, overrides, views, recorded: { choiceLog: run.trace.choiceLog!, file: `--choices ${values.choices as string}` } };
}

interface OwnViews {
  withApp: (s: Scenario) => Scenario;
  overrides: string[];
  views?: StackArgs['views'];
  /** The --app file as given, for a trace's check. */
  appFile?: string;
}

/**
 * --app F.ts (the model's views) and --views F.py (the real stack's): a fix of views needs both,
 * the same views in each; an app of knobs alone runs the rig's built-in views under its config.
 */
async function ownViews(appFile: string | undefined, viewsFile: string | undefined): Promise<OwnViews> {
  if (appFile === undefined) {
    if (viewsFile !== undefined) throw new UsageError(`--views ${viewsFile} runs your views on the real stack; the model needs them too, in TypeScript: --app F.ts (docs/your-own-fix.md)`);
    return { withApp: (s) => s, overrides: [] };
  }
  const loaded = await loadUserApp(fromUser(appFile), probeAppLoad);
  const expect = USER_VIEW_NAMES.filter((v) => loaded.app[v] !== undefined);
  if (expect.length && viewsFile === undefined)
    throw new UsageError(`${appFile} defines ${expect.join(', ')}; the real stack runs Python: give the same views in a Python file with --views F.py (docs/your-own-fix.md, "On the real stack")`);
  if (!expect.length && viewsFile !== undefined) throw new UsageError(`${appFile} defines no view, only knobs: the real stack runs its built-in views under them; leave out --views`);
  const views = viewsFile === undefined ? undefined : { file: pythonFile(viewsFile), name: viewsFile, expect: [...expect] };
  return { withApp: (s) => ({ ...s, app: loaded.app, appFile }), overrides: loaded.overrides, views, appFile };
}

/** The --views file, absolute, checked to be a readable Python file before any server starts. */
function pythonFile(file: string): string {
  if (!file.endsWith('.py')) throw new UsageError(`--views ${file}: expected a Python file (.py) defining your views`);
  const path = fromUser(file);
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) throw new UsageError(`--views ${file}: no such file (looked in ${dirname(path)})`);
  if (!st.isFile()) throw new UsageError(`--views ${file}: not a regular file`);
  return path;
}

/** --trace F: the trace's scenario (the catalog's, or --scenario-file's), config and choices. */
function fromTrace(traceFile: string, file: string | undefined, positionals: string[], values: Record<string, unknown>, own: OwnViews): StackArgs {
  if (positionals.length) throw new UsageError(`--trace takes its scenario from the trace; unexpected "${positionals[0]}" (a trace of your own scenario: --trace F --scenario-file S)`);
  if (values.config !== undefined || values.set !== undefined) throw new UsageError('--trace runs with the config the trace recorded: leave out --config and --set');
  const trace = parseTraceFile(readInputFile(fromUser(traceFile)));
  if (trace.app !== undefined && own.appFile === undefined)
    throw new UsageError(`${traceFile} was made with your own views (--app ${trace.app}): give them again, and their Python twin for the real stack: --trace ${traceFile} --app ${trace.app} --views F.py`);
  if (trace.app === undefined && own.appFile !== undefined) throw new UsageError(`${traceFile} was made with the built-in views: leave out --app and --views`);
  if (!trace.choiceLog) throw new UsageError(`${traceFile} has no labelled choices (choiceLog): write it again with this version of cachelab`);
  if (file === undefined && !SCENARIO_NAMES.includes(trace.scenario))
    throw new UsageError(`${traceFile} is a trace of "${trace.scenario}", not a catalog scenario: give its scenario file, --trace ${traceFile} --scenario-file F`);
  const scenario = own.withApp(file !== undefined ? parseScenarioFile(readInputFile(fromUser(file)), file) : getScenario(trace.scenario));
  if (scenario.name !== trace.scenario) throw new UsageError(`${traceFile} is a trace of "${trace.scenario}", the scenario file describes "${scenario.name}"`);
  // The trace's overrides already hold the app's config.
  return { scenario, preset: trace.preset, overrides: trace.overrides, views: own.views, recorded: { choiceLog: trace.choiceLog, file: traceFile } };
}

/** `npm run` starts in the project's folder; a relative name is the user's, from where they typed it. */
function fromUser(file: string): string {
  return resolve(process.env.INIT_CWD ?? '.', file);
}

/** The events a calendar shows whose item the database no longer has (ids carry the item's uuid). */
function staleShown(o: StepObservation): string[] {
  const rows = o.db.map((r) => r.split(' ')[0]);
  return Object.entries(o.events).flatMap(([user, shown]) =>
    shown.filter((e) => !rows.some((uuid) => e.split(' ')[0].includes(uuid))).map((e) => `${user}'s calendar shows "${e.split(' ').slice(1, -1).join(' ')}"`),
  );
}

/** "2025-10-28" or "2025-10-28 to 2025-10-30": an all-day event's days, from its exclusive end. */
function eventDays(range: string): string {
  const [start, end] = range.split('..');
  const last = end ? addDays(end, -1) : start;
  return last === start ? start : `${start} to ${last}`;
}

/** "2025-11-04" or "2025-11-04 to 2025-11-06": a row's days (end inclusive). */
function rowDays(range: string): string {
  const [start, end] = range.split('..');
  return end && end !== start ? `${start} to ${end}` : start;
}

/**
 * The events a calendar shows of an item the database holds otherwise: an edit's old title or
 * dates (an event is "id title start..end", end exclusive; a row "uuid title start..end", inclusive).
 */
function oldVersionShown(o: StepObservation): string[] {
  const rows = o.db.map((r) => ({ uuid: r.split(' ')[0], title: r.split(' ').slice(1, -1).join(' '), days: rowDays(r.split(' ').at(-1)!) }));
  return Object.entries(o.events).flatMap(([user, shown]) =>
    shown.flatMap((e) => {
      const row = rows.find((r) => e.split(' ')[0].includes(r.uuid));
      const title = e.split(' ').slice(1, -1).join(' ');
      const days = eventDays(e.split(' ').at(-1)!);
      if (!row || (row.title === title && row.days === days)) return [];
      const has = row.title === title ? row.days : `"${row.title}" ${row.days}`;
      return [`${user}'s calendar shows "${title}" ${days}, the database has ${has}`];
    }),
  );
}

/**
 * After each step, what the model's and the real stack's calendars show that the database no
 * longer has: a deleted item, or an edited item's old title or dates (an edit's counterexample
 * printed nothing: its stale calendar is an old version, not a deleted row).
 */
export function staleLines(model: readonly StepObservation[], real: readonly StepObservation[]): string[] {
  return model.flatMap((m, k) => {
    const lines: string[] = [];
    for (const [what, find, none] of [
      ['deleted but shown', staleShown, 'nothing deleted'],
      ['old version shown', oldVersionShown, 'every item as the database has it'],
    ] as const) {
      const inModel = find(m);
      const inReal = real[k] ? find(real[k]) : [];
      if (!inModel.length && !inReal.length) continue;
      const where = (xs: string[]) => (xs.length ? xs.join(', ') : none);
      lines.push(`  after step ${k + 1} (${m.step}), ${what}: model ${where(inModel)}; real stack ${where(inReal)}`);
    }
    return lines;
  });
}

/**
 * Beside the lines of stale calendars, whether the model's run breaks an invariant: under robust a
 * calendar may show a deleted item mid-run (a fetch that began before the commit), which reads as
 * a failure unless this says the invariants allow it.
 */
export function verdictLine(violated: readonly string[]): string {
  return violated.length
    ? `  the model's run breaks ${violated.join(', ')} (cachelab check and replay say where and for how long)`
    : `  the model's run breaks no invariant: a calendar above showed what the invariants allow (an answer to a fetch that began before the commit, until its next fetch; docs/recommendation.md, "What it does not guarantee")`;
}

/** One line per field that differs, model beside real; none when all agree. */
export function differences(model: readonly StepObservation[], real: readonly StepObservation[]): string[] {
  const lines: string[] = [];
  model.forEach((m, k) => {
    for (const field of FIELDS) {
      const r = real[k]?.[field] ?? null;
      if (JSON.stringify(m[field]) !== JSON.stringify(r)) lines.push(`  step ${k + 1} (${m.step}), ${field}:\n    model ${JSON.stringify(m[field])}\n    real  ${JSON.stringify(r)}`);
    }
  });
  return lines;
}

export async function main(argv: string[], out: (t: string) => void = (t) => process.stdout.write(t), err: (t: string) => void = (t) => process.stderr.write(t)): Promise<number> {
  let pg: PostgresServer | null = null;
  let redis: RedisServer | null = null;
  try {
    const args = await parseStackArgs(argv);
    if (args === 'help') {
      out(STACK_HELP);
      return 0;
    }
    const asked = resolveConfig(args.preset ?? args.scenario.defaultPreset, args.overrides, args.scenario.configDefaults).config;
    // A real page load always sends them: the model without them is not the real stack's twin.
    if (!asked['page.loadRequests'])
      throw new UsageError("page.loadRequests=false cannot run on the real stack: a real page load always sends the page's and its scripts' requests before the feed");
    let prepared: ReturnType<typeof prepareStackCase>;
    try {
      // The model runs your views here, in this thread: one that never gives control back is stopped as in run (cliViewWatchdog.ts).
      prepared = guardViews(args.scenario, () => prepareStackCase({ scenario: args.scenario.name, from: args.scenario, preset: args.preset, overrides: args.overrides, choiceLog: args.recorded?.choiceLog }));
    } catch (e) {
      if (e instanceof ReplayDivergence) throw new UsageError(`${args.recorded?.file}: its choices no longer fit the model (${e.message}); make the trace again`);
      throw e;
    }
    if ('skip' in prepared) throw new UsageError(`${prepared.name}: the real stack cannot run it: ${prepared.skip}`);
    const { config } = prepared.options;
    out(`stack: ${prepared.name}\n`);
    // prepareStackCase routes round-robin where the user's config lets the kernel choose.
    if (prepared.options.config['deploy.routing'] !== asked['deploy.routing']) out("  deploy.routing=round-robin added: with several workers the kernel's choice (accept) cannot be reproduced, a fixed routing can\n");
    if (prepared.gatedBecause) out(`  run gated, following the model's schedule (${prepared.gatedBecause})\n`);
    if (config['deploy.database'] === 'postgresql') pg = await startPostgres();
    if (config['deploy.cacheBackend'] === 'redis') redis = await startRedisServer();
    const groups = prepared.model.length;
    err(`  ${config['deploy.workers']} Django worker(s), ${config['deploy.database']}, ${config['deploy.cacheBackend']}; ${groups} step(s), the settle reload last\n`);
    if (args.views) out(`  your views: ${args.scenario.appFile} in the model, ${args.views.name} on the real stack (${args.views.expect.join(', ')})\n`);
    const run = await runRealStack({ ...prepared.options, postgres: pg, redis, userViews: args.views, beforeStep: (k) => void err(`  step ${k + 1} of ${groups}: ${prepared.model[k]?.step ?? ''}\n`) });
    const diff = differences(prepared.model, run.observations);
    const fields = prepared.model.length * FIELDS.length;
    for (const d of run.divergences) out(`  the real stack left the model's order: ${d}\n`);
    for (const e of run.viewErrors) out(`  your view ${escapeControls(e)}\n`);
    const stale = staleLines(prepared.model, run.observations);
    for (const line of stale) out(`${line}\n`);
    if (stale.length) out(`${verdictLine(prepared.violated)}\n`);
    const headers = feedCacheControlNote(prepared.feedCacheControl, run.feedCacheControl);
    if (headers) out(`  ${headers}\n`);
    if (!diff.length && run.divergences.length) {
      // Not the model's schedule on the real stack: agreement there says little about the fix.
      out(`  agree: ${fields} of ${fields} fields, but not on the model's schedule: the real stack left its order (above), so the views are not one call for one\n`);
      return 1;
    }
    if (!diff.length) {
      out(`  agree: ${fields} of ${fields} fields (${FIELDS.join(', ')}) over ${groups} step(s)\n`);
      return 0;
    }
    out(`  DIFFER: ${diff.length} of ${fields} fields\n${diff.join('\n')}\n`);
    return 1;
  } catch (e) {
    // The user's input (a malformed trace or scenario file included): one line, exit 2.
    if (e instanceof UsageError || e instanceof TraceFileError || e instanceof InputFileError) {
      err(`stack: ${escapeControls(e.message)}\n`);
      return 2;
    }
    // A part of the stack this machine lacks: each says what to install.
    const message = e instanceof Error ? e.message : String(e);
    if (/not found|Install it with|apt-get/.test(message)) {
      err(`stack: ${escapeControls(message.split('\n')[0])}\n`);
      return 2;
    }
    // The real stack could not finish (a page that did not load, a run that never went quiet):
    // nothing was compared, which is neither agreement nor a difference. One line, not a stack trace.
    const divergences = (e as { divergences?: string[] }).divergences ?? [];
    for (const d of divergences) err(`  the real stack left the model's order: ${escapeControls(d)}\n`);
    err(`stack: the real stack could not finish the run: ${escapeControls(message.split('\n')[0])}; nothing was compared\n`);
    return 2;
  } finally {
    await pg?.stop();
    await redis?.stop();
  }
}

if (isMain(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
