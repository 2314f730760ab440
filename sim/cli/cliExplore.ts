// cachelab explore <scenario>|--scenario-file F [--config P] [--set k=v]... [--max-states N] [--reduction on|off] [--symmetry on|off] [--time-limit T] [--stop-at-first] [--json] [--out FILE]
import { PRESET_NAMES, presetNamed, resolveConfig, UsageError } from '../../src/config';
import { formatMarkedTiming, formatViolation, replayCommands, type ReplayApp } from '../check/formatCounterexample';
import { builtInViewNotes } from '../app/builtInViewNote';
import { serverErrorNotes } from '../app/serverErrorNote';
import type { ExploreResult } from '../explore/explore';
import { sourceDigest } from '../explore/sourceDigest';
import { INVARIANTS } from '../invariants/index';
import { MAX_STATES, parseOptionalIntIn, WORKERS, type IntRange } from '../input/numbers';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseCli, setFlags } from './cliArgs';
import { settingLines } from './cliSettings';
import { exploreClosingLine } from './closingVerdict';
import { GITHUB_HELP, reportToGitHub } from './githubActions';
import { junitReport } from './junitReport';
import { shellWord } from './shellWord';
import { MAX_STALE_HELP, MAX_STALE_OPTION, maxStaleFlag, maxStaleNote } from './cliMaxStale';
import { APP_HELP, APP_OPTION, appChoice, fileConfigNote, SCENARIO_FILE_HELP, SCENARIO_FILE_OPTION, scenarioSource, type AppChoice } from './cliScenarioSource';
import type { CliCommand, CliIO } from './cliCommand';
import type { ExploreJobArgs, ExploreJobResult } from './cliJobs';
import { describeStop, heapJson, parseDurationFlag, runStoppable, type Stoppable } from './cliStoppable';
import type { ExploreReport } from './reports/exploreReport';
import { violationJson } from './reports/reportFields';
import { reportId, reportSchemaFile } from './reports/reportIds';

const DEFAULT_MAX_STATES = 300_000;
const MAX_DEVIATIONS: IntRange = { what: 'a number of deviations', min: 0, max: 10_000 };

export const exploreCommand: CliCommand = {
  name: 'explore',
  summary: 'exhaustive bounded search of every ordering the schedule allows, with visited-state dedup',
  help: `Usage: cachelab explore <scenario>|--scenario-file F [--config <preset>] [--set key=value]...
                        [--max-states N] [--max-deviations K] [--reduction on|off] [--symmetry on|off]
                        [--defer-jitter on|off] [--quiet-gap on|off] [--time-limit T]
                        [--stop-at-first] [--workers N] [--shard i/n] [--max-stale-ms N]
                        [--json] [--out FILE] [--junit FILE] [--app F]

Explores every run the scenario can have within its discrete choices: every order of events due
at the same instant, every idle worker a request can go to, each latency at its nominal, fastest
and slowest value, each user step's jitter on a grid of at most 11 offsets. Schedules are taken in
order of their number of deviations from the nominal one (0, then 1, then 2, ...), each resumed
from the stored state where it branches off (never replayed from the start); a run stops when it
reaches a state already explored (layers, pending work and what the checkers will judge, with
times relative to the next event). The visited set holds 64-bit fingerprints only; the report
gives the probability that two distinct states shared one (as TLC does). Every run is checked
against the safety invariants, every finished one also against convergence.

Reports states explored, distinct states, the deepest path, and each violated invariant with its
shortest witness (fewest deviations, then the earliest event) as a timing table and a replay
command. When --max-states stops the search, it says so, and says for which schedules the answer
still holds: every schedule with at most k deviations was explored. One line each says the
staleness bound and which of the reductions (with what they left out), deferred jitter and the
quiet gap were applied (in the words and layout of \`cachelab merge\`).

  --config <preset>   ${PRESET_NAMES.join(', ')} (default: the scenario's own)
  --set key=value     override one knob; repeatable
  --max-states N      stop after N distinct states (default ${DEFAULT_MAX_STATES})
  --max-deviations K  explore every schedule with at most K deviations from the nominal one, and
                      no more: a bound that, unlike --max-states or --time-limit, gives the same
                      class of schedules on every machine and in every shard
  --shard i/n         explore part i of n (1 to n): the nominal run, then every n-th of its
                      alternatives from the i-th, with everything below them. Run the n parts
                      anywhere (a CI matrix, Kubernetes Indexed Jobs) with --json and combine the
                      reports with \`cachelab merge\` (docs/sharding.md)
  --reduction on|off  partial-order reduction (default on): when tasks due at the same instant
                      touch disjoint things (different users' pages, a page and the server
                      when the page reads no commit), explore one order of them, not every
                      order; the report says how many orders it left out. Verdicts are the
                      same either way (a test in CI compares them on every scenario); a bound
                      "at most k deviations" then counts one order of each such set
  --symmetry on|off   worker symmetry (default on): with one cache shared by every worker
                      (deploy.cacheBackend=redis) and no proxy (deploy.routing=accept), states
                      that differ only by a rotation of the workers' numbers are explored once
                      (the rotation keeps gunicorn's nominal pick, so every choice has the same
                      options and deviations). Verdicts, witnesses' deviations and bounds are the
                      same either way (a test in CI compares them); the report says whether it
                      applied
  --defer-jitter on|off
                      deferred jitter (default on): a step's jitter offsets are tried where its
                      task falls due, not at the start, so everything before the step is explored
                      once rather than once per offset (nothing can tell the offsets apart until
                      then). The same schedules with the same deviations; witnesses replay with the
                      jitter chosen at the start. Verdicts, witnesses' deviations and bounds are
                      the same either way (a test in CI compares them). Not applied with
                      --max-stale-ms, whose undecided episodes depend on where runs stop
  --quiet-gap on|off  quiet gap (default on): while one user's work is in flight (a page load, a
                      request), or two users' with one gunicorn worker, and the next scenario
                      step is 300 ms or more away, a state is hashed without the exact time left
                      to that step when every run of that work ends, and every cache entry it
                      leaves has expired or gone stale, before the step
                      (a depth-first search of those runs decides it, memoised). States reached
                      by different latencies then merge instead of being explored once per gap
                      (docs/quiet-gap.md). Verdicts, witnesses' deviations and bounds are the same
                      either way (a test in CI compares them). Not applied with --max-stale-ms nor
                      with --app (your views may keep clock readings the hash cannot see)
  --workers N         threads the search is split over (this one and N-1 others), 1 to 256
                      (default 1: on a 2-core machine the threads' overhead still costs more than
                      the second core gives; try N on yours). The report is the same whatever N is, byte
                      for byte but for the time: the main thread takes every run in the one-thread
                      order, and runs again any run a thread made with an out-of-date visited set.
                      A search of under 200 runs never starts the threads. Threads share one
                      machine; --shard splits over machines (docs/sharding.md). Not gunicorn's
                      workers: those are --set deploy.workers=N
  --time-limit T      stop after T (30s, 2m, 1h) and report what was found so far
  --stop-at-first     stop at the first violated invariant (its witness is then the one with
                      the fewest deviations found so far; other invariants are not looked for)
  --json              print only a JSON report ("schema": "${reportId('explore')}"; its
                      fields: docs/json-reports.md; its JSON Schema:
                      ${reportSchemaFile('explore')})
  --out FILE          write the shortest witness's trace to FILE (the one the report's last line
                      names), for the visualizer's Open trace… or "cachelab replay FILE"; nothing is
                      written when no invariant is violated (--json: "witnessFile", else null)
  --junit FILE        also write the verdict as a JUnit XML report (one test case, a failure with
                      the shortest witness's violation and replay command), for CI systems that
                      show test results (GitLab's artifacts:reports:junit; docs/ci.md)
${MAX_STALE_HELP}
                      A run that stops at an explored state with an episode still open (no fresh
                      answer yet, even one a cache TTL would end) and not yet longer than N leaves
                      that schedule undecided: the report says how many.
${SCENARIO_FILE_HELP}
${APP_HELP}

Progress goes to stderr: a live line on a terminal (cut to its width; not with CI set), a plain
line every 5 s otherwise, with the distinct states so far, the deviations every schedule within
which is done (what a stop now would still prove), the invariants violated, and how full the heap
is, as in "explore <scenario>[ shard i/n]: <N> distinct states (<rate>/s), ≤<D> deviations done,
<V> violated, heap <used> of <limit> MB|GB (<share>%)".
Ctrl-C (or SIGTERM, which CI runners and Kubernetes send to stop a job) stops the search and
prints the partial report (every witness found so far, with its replay command, and the class of
schedules that was covered); a second one quits at once.
The search keeps a stored state for every pending schedule, so its memory grows with their
number (docs/performance.md gives explore's measured peak memory per scenario): when they have
filled 85% of its thread's JavaScript heap (the share on the progress line; with --workers N,
the fullest of the N threads'; a --max-states too large for this machine), it stops the same
way, and the report says so and what to change (a lower --max-states, --shard i/n, or a larger
heap with NODE_OPTIONS=--max-old-space-size=<MB>); --json then gives stopReason "memory" and
"heap": {"usedMb": N, "limitMb": M}, a key no other report has.

A report with a violation ends with one line that says the verdict again, for a CI log read
from its end: "VIOLATED: <scenario> (<invariants>); the shortest witness: <replay command>"
(with --out, followed by "(its trace: FILE)").
${GITHUB_HELP}

Exit code: 0 no violation found (also when stopped early: the report says so), 1 a violation
was found, 2 usage error (also if the heap fills before that stop, in one line saying what to
lower).

Examples:
  cachelab explore seed-broken --config robust
  cachelab explore multi-worker --config seed-fix
  cachelab explore commit-race --config robust --max-states 500000
`,
  parse: parseExploreArgs,
  async run(argv, io) {
    const parsed = await parseExploreArgs(argv, io);
    if (parsed === 'help') {
      io.out(this.help);
      return 0;
    }
    const { args, ref, fileNote, app, appSha256, timeLimitMs, json, out, junit } = parsed;
    const started = Date.now();
    const { result, stopped, heap } = await runStoppable<ExploreJobResult>('explore', args, io, timeLimitMs);
    const seconds = (Date.now() - started) / 1000;
    // The witness the closing line names: fewest deviations, the first found of those.
    const shortest = result.witnesses.length ? result.witnesses.reduce((a, b) => (b.nonNominal < a.nonNominal ? b : a)) : null;
    const witnessFile = shortest && out !== null ? out : null;
    if (shortest && witnessFile !== null) io.writeFile(witnessFile, JSON.stringify(shortest.trace, null, 1) + '\n');
    const stopText = stopped ? describeStop({ stopped, heap }, timeLimitMs, 'explore') : result.stopReason === 'hook' ? 'stopped at the first violated invariant (--stop-at-first)' : null;
    const replay = shortest ? replayCommands(shortest.trace, shortest.script, null, ref, app)[0] : null;
    const closing = shortest ? exploreClosingLine(result.scenario, result.witnesses.map((w) => w.invariant), replay!, witnessFile).trimEnd() : null;
    const k = result.completeDeviations ?? -1;
    const covered = result.stopReason === null ? 'exhaustive' : k >= 0 ? `not exhaustive: every schedule with at most ${k} deviation(s)` : 'not exhaustive';
    if (junit !== null)
      io.writeFile(junit, junitReport('cachelab explore', [{ scenario: ref, failure: shortest ? { message: `VIOLATED: ${result.witnesses.map((w) => w.invariant).join(', ')}`, detail: `${formatViolation(shortest.trace, shortest.violation)}\n${replay}` } : null }]));
    reportToGitHub(io, {
      command: 'explore',
      argv: ['explore', ...argv.map(shellWord)],
      verdict: closing ?? `No invariant was violated (${covered}).`,
      violated: shortest !== null,
      rows: [{ scenario: ref, preset: result.preset, verdict: `${shortest ? `VIOLATED: ${result.witnesses.map((w) => w.invariant).join(', ')}` : 'ok'} (${covered}; ${result.distinctStates} distinct states)` }],
      violation: shortest ? formatViolation(shortest.trace, shortest.violation) : null,
      traceFile: witnessFile,
      replay,
      appFile: args.appFile,
      notes: app.flag ? [...serverErrorNotes(result.notes.serverErrors, app.flag, () => ref), ...builtInViewNotes(result.notes.builtInViews)] : [],
    });
    if (json) {
      io.out(JSON.stringify(toJson(result, seconds, { stopped, heap }, ref, app, witnessFile, app.file && appSha256 ? { file: app.file.path, sha256: appSha256, config: result.overrides.slice(0, app.configCount) } : null), null, 2) + '\n');
    } else {
      io.out(formatExplore(result, seconds, stopText, ref, app, fileNote));
      // With --app: the notes of the nominal run the job made (appNominal.ts).
      if (app.flag) for (const line of [...serverErrorNotes(result.notes.serverErrors, app.flag, () => ref), ...builtInViewNotes(result.notes.builtInViews)]) io.out(`${line}\n`);
      if (closing !== null) io.out(`\n${closing}\n`);
    }
    return result.witnesses.length ? 1 : 0;
  },
};

export interface ExploreArgs {
  args: ExploreJobArgs;
  /** How replay commands name the scenario. */
  ref: string;
  /** A scenario file's own knobs, for the header (fileConfigNote), or "". */
  fileNote: string;
  app: AppChoice;
  /** With --app: the SHA-256 of the file's contents (the report's "app", which merge compares), else null. */
  appSha256: string | null;
  timeLimitMs: number | null;
  json: boolean;
  /** --out: where the shortest witness's trace goes, or null (none is written). */
  out: string | null;
  /** --junit: where the JUnit XML report goes, or null. */
  junit: string | null;
}

/** `cachelab explore`'s arguments, checked as the search would check them, without searching. */
export async function parseExploreArgs(argv: string[], io: CliIO): Promise<ExploreArgs | 'help'> {
  const { values, positionals } = parseCli(
    argv,
    {
      config: { type: 'string' },
      set: { type: 'string', multiple: true },
      'max-states': { type: 'string' },
      'max-deviations': { type: 'string' },
      reduction: { type: 'string' },
      symmetry: { type: 'string' },
      'defer-jitter': { type: 'string' },
      'quiet-gap': { type: 'string' },
      shard: { type: 'string' },
      'time-limit': { type: 'string' },
      'stop-at-first': { type: 'boolean' },
      workers: { type: 'string' },
      json: { type: 'boolean' },
      out: { type: 'string' },
      junit: { type: 'string' },
      ...SCENARIO_FILE_OPTION,
      ...APP_OPTION,
      ...MAX_STALE_OPTION,
    },
    'explore',
    1,
  );
  if (values.help) return 'help';
  const source = scenarioSource(values, positionals, io, 'explore');
  const app = await appChoice(values, setFlags(values.set));
  // The scenario goes to the job without the app (a worker thread cannot take its functions): the job loads --app itself.
  const scenario = source.scenario;
  const preset = (values.config as string | undefined) ?? scenario.defaultPreset;
  presetNamed(preset);
  const maxStates = parseOptionalIntIn(values['max-states'] as string | undefined, MAX_STATES, '--max-states') ?? DEFAULT_MAX_STATES;
  const maxDeviations = parseOptionalIntIn(values['max-deviations'] as string | undefined, MAX_DEVIATIONS, '--max-deviations');
  const shard = parseShard(values.shard as string | undefined);
  const reduction = parseReduction(values.reduction as string | undefined);
  const symmetry = parseOnOff(values.symmetry as string | undefined, '--symmetry');
  const deferJitter = parseOnOff(values['defer-jitter'] as string | undefined, '--defer-jitter');
  const quietGap = parseOnOff(values['quiet-gap'] as string | undefined, '--quiet-gap');
  // Default 1, not the cores: on 2 cores the parallel search measured slower than one thread (docs/sharding.md).
  const workers = parseOptionalIntIn(values.workers as string | undefined, WORKERS, '--workers') ?? 1;
  const json = Boolean(values.json);
  const out = (values.out as string | undefined) ?? null;
  if (out !== null) io.checkOut?.(out);
  const junit = (values.junit as string | undefined) ?? null;
  if (junit !== null) io.checkOut?.(junit);
  const timeLimitMs = parseDurationFlag(values['time-limit'] as string | undefined, '--time-limit');
  const maxStaleMs = maxStaleFlag(values);
  // What the search resolves before anything else: the same error, before the job starts.
  resolveConfig(preset, app.overrides, scenario.configDefaults);
  const args: ExploreJobArgs = { scenario, appFile: (values.app as string | undefined) ?? null, preset, overrides: app.overrides, maxStates, ...(maxDeviations === undefined ? {} : { maxDeviations }), shard, reduction, symmetry, deferJitter, quietGap, stopAtFirst: Boolean(values['stop-at-first']), maxStaleMs, workers };
  // The fix's identity for merge: shards of one campaign must have run the same file, whatever its path on each machine (read from disk, as --app loads it).
  const appSha256 = args.appFile === null ? null : createHash('sha256').update(readFileSync(args.appFile)).digest('hex');
  return { args, ref: source.ref, fileNote: fileConfigNote(source), app, appSha256, timeLimitMs, json, out, junit };
}

/** `--reduction on|off` (default on). */
export function parseReduction(text: string | undefined): boolean {
  return parseOnOff(text, '--reduction');
}

/** A flag taking on or off (default on). */
export function parseOnOff(text: string | undefined, flag: string): boolean {
  if (text === undefined || text === 'on') return true;
  if (text === 'off') return false;
  throw new UsageError(`${flag} expects on or off, got "${text}"`);
}

/** `--shard i/n`, i from 1 to n, as the explorer's 0-based part. */
export function parseShard(text: string | undefined): { index: number; count: number } | null {
  if (text === undefined) return null;
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const i = m ? Number(m[1]) : 0;
  const n = m ? Number(m[2]) : 0;
  if (!m || n < 1 || i < 1 || i > n || n > 10_000) throw new UsageError(`--shard expects i/n with 1 <= i <= n <= 10000 (e.g. 2/4), got "${text}"`);
  return { index: i - 1, count: n };
}

function toJson(r: ExploreJobResult, seconds: number, { stopped, heap }: Pick<Stoppable<unknown>, 'stopped' | 'heap'>, ref: string, app: ReplayApp, witnessFile: string | null, appFile: ExploreReport['app'] | null): ExploreReport {
  return {
    schema: reportId('explore'),
    command: 'explore',
    scenario: r.scenario,
    preset: r.preset,
    overrides: r.overrides,
    statesExplored: r.statesExplored,
    distinctStates: r.distinctStates,
    runs: r.runs,
    deepestPath: { choicePoints: r.deepestChoices, tasks: r.deepestSteps },
    exhaustive: r.stopReason === null,
    boundReached: r.boundReached,
    stoppedEarly: r.stopReason === 'hook',
    stopReason: stopped ?? (r.stopReason === 'hook' ? 'stop-at-first' : r.stopReason),
    ...heapJson({ stopped, heap }),
    shard: r.shard ? { index: r.shard.index + 1, count: r.shard.count, sources: sourceDigest() } : null,
    engine: r.engine,
    reduction: { on: r.reduction, tieOrdersLeftOut: r.tiesPruned },
    symmetry: { on: r.symmetry },
    deferJitter: { on: r.deferJitter },
    quietGap: { on: r.quietGap },
    fingerprintBits: r.fingerprintBits,
    collisionProbability: r.collisionProbability,
    visitedBytesPerState: r.visitedBytesPerState,
    completeUpToDeviations: r.completeDeviations,
    maxStates: r.maxStates,
    horizonMs: r.horizonMs,
    maxStaleMs: r.maxStaleMs ?? null,
    undecidedEpisodes: r.undecidedEpisodes,
    runsPastHorizon: r.runsPastHorizon,
    seconds,
    distinctStatesPerSecond: Math.round(r.distinctStates / Math.max(seconds, 0.001)),
    violated: r.witnesses.map((w) => w.invariant),
    witnesses: r.witnesses.map((w) => ({
      invariant: w.invariant,
      violation: violationJson(w.violation, w.trace),
      script: w.script,
      nonNominalChoices: w.nonNominal,
      seenAtEvent: w.atSeq,
      events: w.trace.events.length,
      replay: replayCommands(w.trace, w.script, null, ref, app)[0],
    })),
    // With --app, what the text report's notes say, as check --json gives them (a CI gate reads them).
    ...(app.flag ? { serverErrors: r.notes.serverErrors, builtInViews: r.notes.builtInViews } : {}),
    ...(appFile ? { app: appFile } : {}),
    witnessFile,
  };
}

function formatExplore(r: ExploreResult, seconds: number, stopText: string | null, ref: string, app: ReplayApp, fileNote = ''): string {
  const sets = r.overrides.length ? ` --set ${r.overrides.join(' --set ')}` : '';
  const lines = [
    `explore ${r.scenario} (config ${r.preset}${sets}${fileNote}${maxStaleNote(r.maxStaleMs)})${r.shard ? `, shard ${r.shard.index + 1} of ${r.shard.count}: the nominal run and its share of the alternatives` : ''}`,
    '',
    `  states explored   ${r.statesExplored} (revisits of known states included)`,
    `  distinct states   ${r.distinctStates}`,
    `  runs              ${r.runs} (${r.engine === 'snapshot' ? 'each resumed from a stored state' : 'each replayed from the start'})`,
    `  visited set       ${r.fingerprintBits}-bit fingerprints${r.visitedBytesPerState === null ? '' : `, ${r.visitedBytesPerState.toFixed(1)} bytes per state`}; collision probability ${r.collisionProbability.toExponential(1)}`,
    `  deepest path      ${r.deepestChoices} choice points, ${r.deepestSteps} tasks`,
    ...settingLines({ ...r, maxStaleMs: r.maxStaleMs ?? null }, '', { tiesPruned: r.tiesPruned }),
    `  time              ${seconds.toFixed(1)} s, ${Math.round(r.distinctStates / Math.max(seconds, 0.001))} distinct states/s`,
    '',
  ];
  if (r.stopReason === 'hook') {
    const k = r.completeDeviations ?? -1;
    lines.push(
      `  STOPPED EARLY: ${stopText ?? 'stopped'}. This is a partial report; the answer is NOT exhaustive.`,
      k >= 0
        ? `  It covers every schedule with at most ${k} deviation(s) from the nominal one${r.reduction ? ' (one order of each set of simultaneous independent tasks)' : ''}; schedules with more were only partly explored.`
        : '  Not even the schedules without deviations were all explored.',
    );
  } else if (r.stopReason === 'max-deviations') {
    lines.push(`  BOUND REACHED: --max-deviations ${r.completeDeviations}: every schedule with at most ${r.completeDeviations} deviation(s) from the nominal one${r.reduction ? ' (one order of each set of simultaneous independent tasks)' : ''} was explored, and none with more. The answer is NOT exhaustive beyond that bound.`);
  } else if (r.boundReached) {
    const k = r.completeDeviations ?? -1;
    lines.push(
      `  BOUND REACHED: --max-states ${r.maxStates} stopped the search. The answer is NOT exhaustive.`,
      k >= 0
        ? `  It covers every schedule with at most ${k} deviation(s) from the nominal one${r.reduction ? ' (one order of each set of simultaneous independent tasks)' : ''}; schedules with more were only partly explored.`
        : '  Not even the schedules without deviations were all explored.',
      '  Raise --max-states to go further.',
    );
  } else {
    lines.push('  EXHAUSTIVE: every path within the discrete choices was explored (or reached a state already explored).');
  }
  if (r.undecidedEpisodes)
    lines.push(`  NOT EXHAUSTIVE FOR THE BOUND: ${r.undecidedEpisodes} stale episode(s) were still open, shorter than ${r.maxStaleMs} ms, where a run stopped at an already explored state; whether they outlast the bound was not decided.`);
  if (r.runsPastHorizon)
    lines.push(`  NOTE: ${r.runsPastHorizon} run(s) went past the ${r.horizonMs} ms horizon beyond which cache expiries are treated as never reached; states merged on that assumption may hide a difference.`);
  lines.push('');
  if (!r.witnesses.length) {
    lines.push(`  No invariant was violated${r.stopReason !== null ? ' in the part explored' : ''} (${INVARIANTS.map((i) => i.name).join(', ')}).`, '');
    return lines.join('\n');
  }
  lines.push(`  Violated: ${r.witnesses.map((w) => w.invariant).join(', ')}`, '');
  for (const w of r.witnesses) {
    lines.push(`${formatViolation(w.trace, w.violation)}`);
    lines.push(`    shortest witness: seen at event #${w.atSeq}, ${w.nonNominal} non-nominal choice(s), ${w.trace.events.length} events`);
    lines.push(`    replay: ${replayCommands(w.trace, w.script, null, ref, app)[0]}`, '');
    lines.push(formatMarkedTiming(w.trace, new Set(w.violation.causeSeqs)), '');
  }
  return lines.join('\n');
}
