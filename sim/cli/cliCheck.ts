// cachelab check <scenario|all>|--scenario-file F [--config P] [--set k=v]... [--runs N] [--seed S] [--json] [--out FILE]
import { PRESET_NAMES, UsageError } from '../../src/config';
import { checkScenario, type CheckResult } from '../check/checkScenario';
import { formatCounterexample, formatViolation, replayCommands } from '../check/formatCounterexample';
import { nonNominalChoices } from '../check/describeChoices';
import { SCENARIOS, SCENARIO_NAMES } from '../scenarios/index';
import type { Scenario } from '../scenarios/types';
import { parseOptionalIntIn, RUNS, SEED } from '../input/numbers';
import { parseCli, setFlags } from './cliArgs';
import { describeLongest, MAX_STALE_HELP, MAX_STALE_OPTION, maxStaleFlag, maxStaleNote } from './cliMaxStale';
import { APP_HELP, APP_OPTION, appChoice, SCENARIO_FILE_HELP, SCENARIO_FILE_OPTION, scenarioSource } from './cliScenarioSource';
import type { CliCommand } from './cliCommand';
import { progressLine } from './cliProgress';

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'random schedules (fast-check) against every invariant; shrinks a failure to a minimal counterexample',
  help: `Usage: cachelab check <scenario|all>|--scenario-file F [--config <preset>] [--set key=value]...
                      [--runs N] [--seed S] [--json] [--out FILE] [--app F]

Runs N random schedules of the scenario (latencies within their ranges, which idle worker takes a
request, the order of simultaneous events, small jitter of the user's steps), generated and
shrunk by fast-check, and checks every invariant on each trace. On a violation, fast-check shrinks
the schedule toward the nominal one; the result is printed as a timing table with the invariant's
statement, the commands that replay it, and its trace is written to FILE.

  --config <preset>   ${PRESET_NAMES.join(', ')} (default: each scenario's own)
  --set key=value     override one knob; repeatable
  --runs N            random schedules per scenario (default 100)
  --seed S            fast-check seed (default 1): same seed, same schedules, same counterexample
  --json              print only a JSON report
  --out FILE          where to write the counterexample's trace (default counterexample.json);
                      with "all", the first failing scenario's
${MAX_STALE_HELP}
${SCENARIO_FILE_HELP}
${APP_HELP}

Exit code: 0 no violation, 1 a violation was found, 2 usage error.

Examples:
  cachelab check all --config broken
  cachelab check multi-worker --config seed-fix --runs 500
  cachelab check all --config robust --runs 1000
  cachelab check --scenario-file mine.yaml --config robust
  cachelab check commit-race --app examples/invalidate-on-commit.ts
`,
  async run(argv, io) {
    const { values, positionals } = parseCli(
      argv,
      { config: { type: 'string' }, set: { type: 'string', multiple: true }, runs: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' }, out: { type: 'string' }, ...SCENARIO_FILE_OPTION, ...APP_OPTION, ...MAX_STALE_OPTION },
      'check',
      1,
    );
    if (values.help) {
      io.out(this.help);
      return 0;
    }
    if (positionals.length !== 1 && values['scenario-file'] === undefined) throw new UsageError(`check expects one scenario name, "all" or --scenario-file F; valid scenarios: ${SCENARIO_NAMES.join(', ')}`);
    const source = positionals[0] === 'all' && values['scenario-file'] === undefined ? null : scenarioSource(values, positionals, io, 'check');
    const app = await appChoice(values, setFlags(values.set));
    const scenarios: Scenario[] = (source ? [source.scenario] : SCENARIOS).map((s) => app.withApp(s));
    const ref = (r: CheckResult) => (source && r.scenario === source.scenario.name ? source.ref : r.scenario);
    const preset = values.config as string | undefined;
    if (preset !== undefined && !PRESET_NAMES.includes(preset)) throw new UsageError(`unknown config preset "${preset}"; valid presets: ${PRESET_NAMES.join(', ')}`);
    const overrides = app.overrides;
    const runs = parseOptionalIntIn(values.runs as string | undefined, RUNS, '--runs') ?? 100;
    const seed = parseOptionalIntIn(values.seed as string | undefined, SEED, '--seed') ?? 1;
    const out = (values.out as string | undefined) ?? 'counterexample.json';
    io.checkOut?.(out);
    const json = Boolean(values.json);
    const maxStaleMs = maxStaleFlag(values);

    const progress = progressLine(io.isTTY && !json);
    const results: CheckResult[] = [];
    let violatingScenarios = 0;
    let totalEvaluations = 0;
    for (const scenario of scenarios) {
      const result = checkScenario(scenario, {
        preset,
        overrides,
        runs,
        seed,
        maxStaleMs,
        onRun: (evaluated, violating) =>
          progress.tick((rate) => `check ${scenario.name}: ${evaluated} runs, ${rate.toFixed(0)} runs/s, ${violating} violating, ${violatingScenarios} scenario(s) failed so far`, totalEvaluations + evaluated),
      });
      totalEvaluations += result.evaluations;
      results.push(result);
      if (result.counterexample) violatingScenarios++;
    }
    progress.end();

    const first = results.find((r) => r.counterexample);
    if (first?.counterexample) io.writeFile(out, JSON.stringify(first.counterexample.run.trace, null, 1) + '\n');

    if (json) {
      io.out(
        JSON.stringify(
          {
            command: 'check',
            seed,
            maxStaleMs: maxStaleMs ?? null,
            runsPerScenario: runs,
            violated: violatingScenarios > 0,
            counterexampleFile: first ? out : null,
            scenarios: results.map((r) => ({
              scenario: r.scenario,
              preset: r.preset,
              overrides: r.overrides,
              runs: r.runs,
              evaluations: r.evaluations,
              violated: r.counterexample !== null,
              counterexample: r.counterexample && {
                script: r.counterexample.script,
                nonNominalChoices: nonNominalChoices(r.counterexample.run.points, r.counterexample.run.trace.choices),
                choicePoints: r.counterexample.run.trace.choices.length,
                events: r.counterexample.run.trace.events.length,
                shrinks: r.counterexample.shrinks,
                violations: r.counterexample.violations,
                replay: replayCommands(r.counterexample.run.trace, r.counterexample.script, r === first ? out : null, ref(r), app.flag),
              },
            })),
          },
          null,
          2,
        ) + '\n',
      );
      return violatingScenarios ? 1 : 0;
    }

    const w = Math.max(...results.map((r) => r.scenario.length));
    io.out(`check: ${runs} random schedule(s) per scenario, fast-check seed ${seed}${maxStaleNote(maxStaleMs)}\n\n`);
    for (const r of results) {
      const cx = r.counterexample;
      const verdict = cx
        ? `VIOLATED after ${r.runs} run(s): ${[...new Set(cx.violations.map((v) => v.invariant))].join(', ')}; longest stale: ${describeLongest(cx.violations)}; shrunk to ${nonNominalChoices(cx.run.points, cx.run.trace.choices).length} non-nominal choice(s), ${cx.run.trace.events.length} events`
        : `ok (${r.runs} runs)`;
      io.out(`  ${r.scenario.padEnd(w)}  [${r.preset}]  ${verdict}\n`);
    }
    if (first?.counterexample) {
      io.out(`\n${formatCounterexample(first.counterexample.run, first.counterexample.script, out, ref(first), app.flag)}`);
      io.out(`Trace written to ${out} (open it in the visualizer, or: npx cachelab replay ${out}${source?.file ? ` ${source.ref}` : ''}${app.flag}).\n`);
      const others = results.filter((r) => r.counterexample && r !== first);
      if (others.length) {
        io.out('\nOther failing scenarios (first violation each; run check on one scenario for its full counterexample):\n');
        for (const r of others) {
          const cx = r.counterexample!;
          io.out(`  ${r.scenario}: ${formatViolation(cx.run.trace, cx.violations[0]).split('\n')[0]}\n    ${replayCommands(cx.run.trace, cx.script, null, ref(r), app.flag)[0]}\n`);
        }
      }
      return 1;
    }
    io.out('\nNo invariant was violated.\n');
    return 0;
  },
};
