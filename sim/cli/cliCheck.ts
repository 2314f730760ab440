// cachelab check <scenario|all>|--scenario-file F [--config P] [--set k=v]... [--strategy pct|random] [--depth D]
//   [--runs N] [--seed S] [--workers N] [--time-limit T] [--stop-at-first] [--json] [--out FILE]
import { availableParallelism } from 'node:os';
import { PRESET_NAMES, presetNamed, resolveConfig, UsageError } from '../../src/config';
import { THREADS_FROM_RUNS } from '../check/parallel/parallelCheck';
import { DEFAULT_CHECK_RUNS, DEFAULT_PCT_DEPTH, STRATEGIES, type CheckResult, type Strategy } from '../check/checkScenario';
import { formatCounterexample, formatViolation, replayCommands } from '../check/formatCounterexample';
import { nonNominalChoices } from '../check/describeChoices';
import { SCENARIOS, SCENARIO_NAMES } from '../scenarios/index';
import type { Scenario } from '../scenarios/types';
import { parseOptionalIntIn, RUNS, SEED, WORKERS, type IntRange } from '../input/numbers';
import { oneOfFlag, parseCli, setFlags } from './cliArgs';
import { describeLongest, MAX_STALE_HELP, MAX_STALE_OPTION, maxStaleFlag, maxStaleNote } from './cliMaxStale';
import { APP_HELP, APP_OPTION, appChoice, fileConfigNote, SCENARIO_FILE_HELP, SCENARIO_FILE_OPTION, scenarioSource, type AppChoice, type ScenarioSource } from './cliScenarioSource';
import type { CliCommand, CliIO } from './cliCommand';
import { shellWord } from './shellWord';
import { realStackHint } from './realStackHint';
import { checkClosingLine } from './closingVerdict';
import { GITHUB_HELP, reportToGitHub } from './githubActions';
import { junitReport } from './junitReport';
import { builtInViewNotes } from '../app/builtInViewNote';
import { serverErrorNotes } from '../app/serverErrorNote';
import type { CheckJobArgs, CheckJobResult } from './cliJobs';
import { describeStop, heapJson, parseDurationFlag, runStoppable } from './cliStoppable';
import type { CheckReport } from './reports/checkReport';
import { violationJson } from './reports/reportFields';
import { reportId, reportSchemaFile } from './reports/reportIds';


/** PCT's --depth: d-1 change points, so at least 1. */
const DEPTH: IntRange = { what: 'a PCT depth', min: 1, max: 1000 };

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'random schedules (PCT or uniform) against every invariant; shrinks a failure to a minimal counterexample',
  help: `Usage: cachelab check <scenario|all>|--scenario-file F [--config <preset>] [--set key=value]...
                      [--strategy pct|random] [--depth D] [--runs N] [--seed S] [--workers N]
                      [--time-limit T] [--stop-at-first] [--max-stale-ms N] [--json] [--out FILE]
                      [--junit FILE] [--app F]

Runs up to N random schedules of each scenario (latencies within their ranges, which idle worker
takes a request, the order of simultaneous events, small jitter of the user's steps) and checks
every invariant on each trace, until one violates an invariant. That schedule is then shrunk to
the few deviations from the nominal schedule that matter (delta debugging over its deviations,
then merging two time shifts into one where one does), and printed as a timing table with the
invariant's statement, where the stale answer came from (the cache entry, the view and SELECT that
stored it, the last invalidation of its key and whether it ran before its COMMIT) and the
commands that replay it; its trace is written to FILE.

Strategies:
  pct      (default) probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010): each
           schedule gives every thread (a page, a request, a worker) a random priority, which is
           its speed, and drops D-1 of them to the slowest at random points. The orderings a race
           needs come up far more often than under uniform draws (docs/performance.md measures
           both on every known counterexample). Latencies take their fastest, nominal or
           slowest value, as explore tries them; jitter and routing are uniform draws.
  random   every choice a uniform, independent draw over its whole range (fast-check generates
           the schedules): the strategy for a violation that needs an intermediate latency.

  --config <preset>   ${PRESET_NAMES.join(', ')} (default: each scenario's own)
  --set key=value     override one knob; repeatable
  --strategy S        ${STRATEGIES.join(' or ')} (default pct)
  --depth D           PCT's bug depth: D-1 priority change points (default ${DEFAULT_PCT_DEPTH})
  --runs N            random schedules per scenario at most (default ${DEFAULT_CHECK_RUNS})
  --seed S            seed (default 1): same seed, same schedules, same counterexample
  --workers N         threads the pct search is split over, 1 to 256 (default: this machine's
                      cores). The report is the same whatever N is: run i's schedule depends only
                      on the seed and i, and the runs are counted in index order, so the
                      counterexample is the lowest-numbered violating run's; shrinking runs on one
                      thread. A check of under ${THREADS_FROM_RUNS} runs in all starts no threads.
                      --strategy random (fast-check) always runs on one thread. These are threads
                      of this machine, not gunicorn's workers: those are --set deploy.workers=N
  --time-limit T      stop after T (30s, 2m, 1h) and report what was found so far
  --stop-at-first     with "all": stop at the first scenario that fails
  --json              print only a JSON report ("schema": "${reportId('check')}"; its
                      fields: docs/json-reports.md; its JSON Schema:
                      ${reportSchemaFile('check')})
  --out FILE          where to write the counterexample's trace (default counterexample.json);
                      with "all", the first failing scenario's
  --junit FILE        also write the verdicts as a JUnit XML report (one test case per scenario, a
                      failure with the violation and its replay command), for CI systems that
                      show test results (GitLab's artifacts:reports:junit; docs/ci.md)
${MAX_STALE_HELP}
${SCENARIO_FILE_HELP}
${APP_HELP}

Progress goes to stderr: a live line on a terminal (cut to its width; not with CI set), a plain
line every 5 s otherwise, with the runs so far and their rate, the current scenario's runs and how many
violated an invariant, and how many scenarios have failed. Ctrl-C stops the search and prints
the partial report (every counterexample found so far, with its replay command); a second
Ctrl-C quits at once. A check whose thread's JavaScript heap is 85% full stops the same way
(the report says so; --json adds "heap": {"usedMb": N, "limitMb": M}). A stopped check says so.

A failing report ends with one line that says the verdict again, for a CI log read from its end:
"VIOLATED: <scenario> (<invariants>); its counterexample's trace: FILE", or with "all",
"VIOLATED: <n> of <m> scenario(s): <each one>; <first>'s counterexample's trace: FILE".
${GITHUB_HELP}

Exit code: 0 no violation (also when stopped early: the report says so), 1 a violation was
found, 2 usage error.

Examples:
  cachelab check all --config broken
  cachelab check commit-race --config seed-fix
  cachelab check all --config robust --runs 5000 --time-limit 2m
  cachelab check --scenario-file mine.yaml --config robust
  cachelab check commit-race --app examples/invalidate-on-commit.ts
`,
  parse: parseCheckArgs,
  async run(argv, io) {
    const parsed = await parseCheckArgs(argv, io);
    if (parsed === 'help') {
      io.out(this.help);
      return 0;
    }
    const { args, source, app, timeLimitMs, out, junit, json } = parsed;
    const { scenarios, seed, strategy, depth, runs } = args;
    const ref = (r: CheckResult) => (source && r.scenario === source.scenario.name ? source.ref : r.scenario);
    const { result, stopped, heap } = await runStoppable<CheckJobResult>('check', args, io, timeLimitMs);
    const { results, skipped, notes } = result;
    const violatingScenarios = results.filter((r) => r.counterexample).length;
    const stoppedEarly = stopped !== null || results.some((r) => r.stoppedEarly) || skipped.length > 0;
    const stopText = stopped ? describeStop({ stopped, heap }, timeLimitMs, 'check') : skipped.length ? 'stopped at the first failing scenario (--stop-at-first)' : null;

    const first = results.find((r) => r.counterexample);
    if (first?.counterexample) io.writeFile(out, JSON.stringify(first.counterexample.run.trace, null, 1) + '\n');

    // With --app: the scenarios whose nominal run had a 500, and the views the app left to the built-in ones (the job's, appNominal.ts).
    const failing = notes.serverErrors;
    const builtIn = notes.builtInViews;
    const failed = results.filter((r) => r.counterexample).map((r) => ({ scenario: ref(r), invariants: [...new Set(r.counterexample!.violations.map((v) => v.invariant))] }));
    const held = stoppedEarly ? 'No invariant was violated in the schedules checked before the stop; the check is incomplete.' : 'No invariant was violated.';
    if (junit !== null)
      io.writeFile(
        junit,
        junitReport('cachelab check', [
          ...results.map((r) => {
            const cx = r.counterexample;
            if (!cx) return { scenario: ref(r), failure: null };
            const replay = replayCommands(cx.run.trace, cx.script, r === first ? out : null, ref(r), app);
            return { scenario: ref(r), failure: { message: `VIOLATED: ${[...new Set(cx.violations.map((v) => v.invariant))].join(', ')}`, detail: [formatViolation(cx.run.trace, cx.violations[0]), ...replay].join('\n') } };
          }),
          ...skipped.map((name) => ({ scenario: name, failure: null, skipped: true })),
        ]),
      );
    reportToGitHub(io, {
      command: 'check',
      argv: ['check', ...argv.map(shellWord)],
      verdict: first ? checkClosingLine(failed, results.length, out).trimEnd() : held,
      violated: Boolean(first),
      rows: [...results.map((r) => ({ scenario: ref(r), preset: r.preset, verdict: verdict(r) })), ...skipped.map((name) => ({ scenario: name, preset: '', verdict: 'not checked (stopped before it)' }))],
      violation: first?.counterexample ? formatViolation(first.counterexample.run.trace, first.counterexample.violations[0]) : null,
      traceFile: first ? out : null,
      replay: first?.counterexample ? replayCommands(first.counterexample.run.trace, first.counterexample.script, out, ref(first), app)[0] : null,
      appFile: (args.appFile as string | null) ?? null,
      notes: [...serverErrorNotes(failing, app.flag, (name) => (source && name === source.scenario.name ? source.ref : name)), ...builtInViewNotes(builtIn)],
    });
    if (json) {
      const report: CheckReport = {
        schema: reportId('check'),
        command: 'check',
        seed,
        strategy,
        depth: strategy === 'pct' ? depth : null,
        maxStaleMs: args.maxStaleMs ?? null,
        runsPerScenario: runs,
        violated: violatingScenarios > 0,
        stoppedEarly,
        // As explore says it: --stop-at-first that left scenarios unchecked is a stop too.
        stopReason: stopped ?? (skipped.length ? 'stop-at-first' : null),
        ...heapJson({ stopped, heap }),
        notChecked: skipped,
        ...(app.flag ? { serverErrors: failing, builtInViews: builtIn } : {}),
        counterexampleFile: first ? out : null,
        scenarios: results.map((r) => ({
          scenario: r.scenario,
          preset: r.preset,
          overrides: r.overrides,
          runs: r.runs,
          evaluations: r.evaluations,
          stoppedEarly: r.stoppedEarly,
          violated: r.counterexample !== null,
          counterexample: r.counterexample && {
            script: r.counterexample.script,
            nonNominalChoices: nonNominalChoices(r.counterexample.run.points, r.counterexample.run.trace.choices),
            choicePoints: r.counterexample.run.trace.choices.length,
            events: r.counterexample.run.trace.events.length,
            foundDeviations: r.counterexample.foundDeviations,
            shrinks: r.counterexample.shrinks,
            shrinkComplete: r.counterexample.shrinkComplete,
            violations: r.counterexample.violations.map((v) => violationJson(v, r.counterexample!.run.trace)),
            replay: replayCommands(r.counterexample.run.trace, r.counterexample.script, r === first ? out : null, ref(r), app),
          },
        })),
      };
      io.out(JSON.stringify(report, null, 2) + '\n');
      return violatingScenarios ? 1 : 0;
    }

    const w = Math.max(...scenarios.map((s) => s.name.length));
    io.out(`check: up to ${runs} schedule(s) per scenario, ${strategy === 'pct' ? `PCT (depth ${depth})` : 'uniform random'}, seed ${seed}${args.overrides.length ? `, with ${args.overrides.join(', ')}` : ''}${fileConfigNote(source)}${maxStaleNote(args.maxStaleMs)}\n`);
    if (stopText) io.out(`STOPPED EARLY: ${stopText}. This is a partial report.\n`);
    io.out('\n');
    for (const r of results) io.out(`  ${r.scenario.padEnd(w)}  [${r.preset}]  ${verdict(r)}\n`);
    for (const name of skipped) io.out(`  ${name.padEnd(w)}  not checked (stopped before it)\n`);
    for (const line of serverErrorNotes(failing, app.flag, (name) => (source && name === source.scenario.name ? source.ref : name))) io.out(`${line}\n`);
    for (const line of builtInViewNotes(builtIn)) io.out(`${line}\n`);
    if (first?.counterexample) {
      io.out(`\n${formatCounterexample(first.counterexample.run, first.counterexample.script, out, ref(first), app)}`);
      io.out(`Trace written to ${out} (open it in the visualizer, or: npx cachelab replay ${shellWord(out)}${source?.file ? ` ${source.ref}` : ''}${app.flag}).\n`);
      // The same schedule can be followed on the real stack (the built-in views have a Python twin; yours need one).
      io.out(realStackHint(out, source?.file ?? undefined, app.file));
      const others = results.filter((r) => r.counterexample && r !== first);
      if (others.length) {
        io.out('\nOther failing scenarios (first violation each; run check on one scenario for its full counterexample):\n');
        for (const r of others) {
          const cx = r.counterexample!;
          io.out(`  ${r.scenario}: ${formatViolation(cx.run.trace, cx.violations[0]).split('\n')[0]}\n    ${replayCommands(cx.run.trace, cx.script, null, ref(r), app)[0]}\n`);
        }
      }
      io.out(`\n${checkClosingLine(failed, results.length, out)}`);
      return 1;
    }
    io.out(`\n${held}\n`);
    return 0;
  },
};

function verdict(r: CheckResult): string {
  const cx = r.counterexample;
  if (!cx) return r.stoppedEarly ? `ok so far (${r.runs} runs before the stop)` : `ok (${r.runs} runs)`;
  const shrunk = nonNominalChoices(cx.run.points, cx.run.trace.choices).length;
  const how = cx.shrinkComplete ? 'shrunk' : 'partly shrunk (stopped)';
  return `VIOLATED after ${r.runs} run(s): ${[...new Set(cx.violations.map((v) => v.invariant))].join(', ')}; longest stale: ${describeLongest(cx.violations)}; ${how} from ${cx.foundDeviations} to ${shrunk} non-nominal choice(s) in ${cx.shrinks} runs, ${cx.run.trace.events.length} events`;
}

export interface CheckArgs {
  args: CheckJobArgs;
  /** null with "all". */
  source: ScenarioSource | null;
  app: AppChoice;
  timeLimitMs: number | null;
  /** Where the counterexample's trace goes. */
  out: string;
  /** --junit: where the JUnit XML report goes, or null. */
  junit: string | null;
  json: boolean;
}

/** `cachelab check`'s arguments, checked as the check would check them, without checking anything. */
export async function parseCheckArgs(argv: string[], io: CliIO): Promise<CheckArgs | 'help'> {
  const { values, positionals } = parseCli(
    argv,
    {
      config: { type: 'string' },
      set: { type: 'string', multiple: true },
      strategy: { type: 'string' },
      depth: { type: 'string' },
      runs: { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string' },
      'time-limit': { type: 'string' },
      'stop-at-first': { type: 'boolean' },
      json: { type: 'boolean' },
      out: { type: 'string' },
      junit: { type: 'string' },
      ...SCENARIO_FILE_OPTION,
      ...APP_OPTION,
      ...MAX_STALE_OPTION,
    },
    'check',
    1,
  );
  if (values.help) return 'help';
  if (positionals.length !== 1 && values['scenario-file'] === undefined) throw new UsageError(`check expects one scenario name, "all" or --scenario-file F; valid scenarios: ${SCENARIO_NAMES.join(', ')}`);
  const source = positionals[0] === 'all' && values['scenario-file'] === undefined ? null : scenarioSource(values, positionals, io, 'check');
  const app = await appChoice(values, setFlags(values.set));
  // The scenarios go to the job without the app (a worker thread cannot take its functions): the job loads --app itself.
  const scenarios: Scenario[] = source ? [source.scenario] : SCENARIOS;
  const preset = values.config as string | undefined;
  if (preset !== undefined) presetNamed(preset);
  const strategy: Strategy = oneOfFlag(values.strategy as string | undefined, '--strategy', STRATEGIES, 'pct');
  const depth = parseOptionalIntIn(values.depth as string | undefined, DEPTH, '--depth') ?? DEFAULT_PCT_DEPTH;
  if (values.depth !== undefined && strategy !== 'pct') throw new UsageError('--depth applies to --strategy pct only');
  const runs = parseOptionalIntIn(values.runs as string | undefined, RUNS, '--runs') ?? DEFAULT_CHECK_RUNS;
  const seed = parseOptionalIntIn(values.seed as string | undefined, SEED, '--seed') ?? 1;
  const workers = parseOptionalIntIn(values.workers as string | undefined, WORKERS, '--workers') ?? Math.min(WORKERS.max, availableParallelism());
  const timeLimitMs = parseDurationFlag(values['time-limit'] as string | undefined, '--time-limit');
  const out = (values.out as string | undefined) ?? 'counterexample.json';
  io.checkOut?.(out);
  const junit = (values.junit as string | undefined) ?? null;
  if (junit !== null) io.checkOut?.(junit);
  const maxStaleMs = maxStaleFlag(values);
  // What the job's first run of each scenario resolves: the same error, before the job starts.
  for (const s of scenarios) resolveConfig(preset ?? s.defaultPreset, app.overrides, s.configDefaults);
  const args: CheckJobArgs = { scenarios, appFile: (values.app as string | undefined) ?? null, preset, overrides: app.overrides, runs, seed, strategy, depth, stopAtFirst: Boolean(values['stop-at-first']), maxStaleMs, workers };
  return { args, source, app, timeLimitMs, out, junit, json: Boolean(values.json) };
}
