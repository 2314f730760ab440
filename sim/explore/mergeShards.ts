// Combines the --json reports of `explore --shard i/n` runs into one answer. The shards together
// cover every schedule (each explores the nominal run and its own share of the nominal run's
// alternatives, with everything below them), so: an invariant is violated when any shard found
// it violated, each keeps the shortest witness over the shards (fewest deviations, then the
// earliest event, then the shard with the lower number, so the merge is the same whatever order
// the files come in), and the answer is exhaustive only when every shard's is. A shard that did
// not finish its part is named, with why it stopped and the command that runs it again.
import { resolveConfig, UsageError } from '../../src/config';
import { shellWord } from '../cli/shellWord';
import { SCENARIOS } from '../scenarios/index';
import { workersSymmetric } from './symmetry';
import type { ExploreReport } from '../cli/reports/exploreReport';
import type { MergeReport } from '../cli/reports/mergeReport';
import { reportId } from '../cli/reports/reportIds';

/** A shard's witness as explore --json writes it (checked as far as merge reads it). */
export type ShardWitness = ExploreReport['witnesses'][number];

export interface ShardReport {
  command: 'explore';
  scenario: string;
  preset: string;
  overrides: string[];
  maxStates: number;
  horizonMs: number;
  /** Absent in reports older than the option: null, no staleness allowance. */
  maxStaleMs?: number | null;
  /** Absent in reports older than the reductions: off. */
  reduction?: { on: boolean };
  symmetry?: { on: boolean };
  /** Absent in reports older than the field (whether it was on is then not known). */
  deferJitter?: { on: boolean };
  quietGap?: { on: boolean };
  /** sources: the digest of the cachelab that ran it (absent in reports older than the field). */
  shard: { index: number; count: number; sources?: string } | null;
  /** With --app only (absent in reports older than the field): the fix's file, digest and config. */
  app?: { file: string; sha256: string; config: string[] };
  /** Why it ended before the end (absent in the oldest reports). */
  stopReason?: string | null;
  seconds?: number;
  heap?: { usedMb: number; limitMb: number };
  /** The file merge read it from (set by parseShardReport), for the commands that write it again. */
  file?: string;
  statesExplored: number;
  distinctStates: number;
  runs: number;
  exhaustive: boolean;
  completeUpToDeviations: number | null;
  runsPastHorizon: number;
  collisionProbability: number;
  witnesses: ShardWitness[];
}

/** merge --json's report: its fields are documented in its zod schema (sim/cli/reports/mergeReport.ts). */
export type MergedReport = MergeReport;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks one file's report; `name` is how errors refer to it. */
export function parseShardReport(text: string, name: string): ShardReport {
  let data: unknown;
  // A shard killed before its report (the out-of-memory killer, a CI job's timeout) leaves an empty file, or a cut one.
  const lost = `its shard's explore was killed or failed before its report was written (the out-of-memory killer, a CI job's timeout: see that job's log); run that shard again, to its end, and merge again`;
  if (text.trim() === '') throw new UsageError(`${name} is empty: ${lost}`);
  try {
    data = JSON.parse(text);
  } catch {
    if (text.trimStart().startsWith('{')) throw new UsageError(`${name} is cut short (not whole JSON): ${lost}`);
    throw new UsageError(`${name} is not JSON: give the output of \`cachelab explore ... --shard i/n --json\``);
  }
  if (!isObject(data) || data.command !== 'explore') throw new UsageError(`${name} is not an explore --json report`);
  // A report without "schema" predates the field; one of another version has fields this merge does not know.
  if (data.schema !== undefined && data.schema !== reportId('explore')) throw new UsageError(`${name} is a report of version "${String(data.schema).slice(0, 60)}", and this cachelab merges "${reportId('explore')}": merge with the cachelab that ran the shards`);
  const shard = data.shard;
  if (!isObject(shard) || !Number.isInteger(shard.index) || !Number.isInteger(shard.count)) throw new UsageError(`${name} is not a shard's report: run explore with --shard i/n`);
  if (!Array.isArray(data.witnesses) || typeof data.exhaustive !== 'boolean') throw new UsageError(`${name} is a malformed explore report (no witnesses or exhaustive)`);
  return { ...(data as unknown as ShardReport), file: name };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What must match for the shards to be parts of one explore: what is checked (the fix of --app by
 * its contents, not its path, which differs between machines), and the reductions, deferred
 * jitter and the quiet gap (each can change the nominal run's list of alternatives the shards
 * split by position, so mixed settings could leave schedules in no shard's part). Not
 * --max-states: it only bounds each shard's own search, so a shard run again with a higher one
 * still fits the others.
 */
function settings(r: ShardReport) {
  const onOff = (x: { on: boolean } | undefined) => (x?.on ? 'on' : 'off');
  const recorded = (x: { on: boolean } | undefined) => (x === undefined ? 'not recorded' : onOff(x));
  return { scenario: r.scenario, preset: r.preset, app: r.app?.sha256 ?? null, overrides: r.overrides, horizonMs: r.horizonMs, maxStaleMs: r.maxStaleMs ?? null, reduction: onOff(r.reduction), symmetry: onOff(r.symmetry), deferJitter: recorded(r.deferJitter), quietGap: recorded(r.quietGap) };
}

const appText = (r: ShardReport) => (r.app ? `ran --app ${r.app.file} (sha256 ${r.app.sha256.slice(0, 12)})` : 'ran without --app');

/**
 * The command that runs shard `index` of `count` again as the others ran, its report to `file`: the
 * settings the report records, each flag only where it is not the default or where the default
 * would give a different report.
 */
export function shardCommand(r: ShardReport, index: number, count: number, file: string, raise: { maxStates?: number; heapMb?: number } = {}): string {
  const known = SCENARIOS.find((s) => s.name === r.scenario);
  const words = [...(raise.heapMb ? [`NODE_OPTIONS=--max-old-space-size=${raise.heapMb}`] : []), 'npx cachelab explore', known ? shellWord(r.scenario) : `--scenario-file <your file of scenario ${shellWord(r.scenario)}>`, '--config', shellWord(r.preset)];
  const appConfig = r.app?.config.length ?? 0;
  if (r.app) words.push('--app', shellWord(r.app.file));
  for (const o of r.overrides.slice(appConfig)) words.push('--set', shellWord(o));
  const stale = r.maxStaleMs ?? null;
  if (stale !== null) words.push('--max-stale-ms', String(stale));
  if (r.reduction && !r.reduction.on) words.push('--reduction off');
  // Off where it does not apply reads as off too: say so only where it would apply.
  let symmetryApplies = true;
  try {
    symmetryApplies = !known || workersSymmetric(resolveConfig(r.preset, r.overrides, known.configDefaults).config);
  } catch {
    // A knob this cachelab does not know: say it, as the report does.
  }
  if (r.symmetry && !r.symmetry.on && symmetryApplies) words.push('--symmetry off');
  if (r.deferJitter && !r.deferJitter.on && stale === null) words.push('--defer-jitter off');
  if (r.quietGap && !r.quietGap.on && stale === null && !r.app) words.push('--quiet-gap off');
  const maxStates = raise.maxStates ?? r.maxStates;
  if (maxStates !== 300_000) words.push('--max-states', String(maxStates));
  words.push('--shard', `${index}/${count}`, '--json', '>', shellWord(file));
  return words.join(' ');
}

/** What a shard that stopped early needs more of, in the command that runs it again (a time limit is left out: it runs to its end). */
function raised(r: ShardReport): { maxStates?: number; heapMb?: number } {
  if (r.stopReason === 'max-states') return { maxStates: Math.min(r.maxStates * 10, 1_000_000_000) };
  if (r.stopReason === 'memory' && r.heap) return { heapMb: r.heap.limitMb * 2 };
  return {};
}

/** Why a shard's report does not cover its part, and what to change when running it again. */
function whyStopped(r: ShardReport): string {
  const after = r.seconds === undefined ? '' : ` after ${r.seconds.toFixed(1)} s`;
  const covered = (r.completeUpToDeviations ?? -1) >= 0 ? `every schedule with at most ${r.completeUpToDeviations} deviation(s) covered` : 'not even its schedules without deviations all covered';
  switch (r.stopReason) {
    case 'time-limit':
      return `stopped by its --time-limit${after}, ${covered}: give it longer (the command below has no limit)`;
    case 'interrupted':
      return `interrupted (Ctrl-C, SIGINT or SIGTERM)${after}, ${covered}: let it run to its end`;
    case 'memory':
      return `stopped with its heap nearly full${r.heap ? ` (${r.heap.usedMb} of ${r.heap.limitMb} MB)` : ''}${after}, ${covered}: give it more memory (the command below doubles the heap), or split the whole campaign into more shards`;
    case 'max-states':
      return `stopped by --max-states ${r.maxStates}, ${covered}: raise it (the shards need not agree on it; the command below raises it tenfold)`;
    case 'max-deviations':
      return `stopped at its --max-deviations bound, ${covered}: as asked (the command below runs it without the bound)`;
    case 'stop-at-first':
      return `stopped at its first violation (--stop-at-first), ${covered}`;
    default:
      return `stopped early (${r.stopReason ?? 'not recorded'}), ${covered}`;
  }
}

export function mergeShards(reports: readonly ShardReport[]): MergedReport {
  if (reports.length === 0) throw new UsageError('merge needs the reports of every shard');
  const first = reports[0];
  const count = first.shard!.count;
  const want = settings(first);
  for (const r of reports) {
    const got = settings(r);
    const sources = (x: ShardReport) => x.shard!.sources ?? null;
    if (sources(r) !== sources(first))
      throw new UsageError(`the reports are of different explores: shard ${first.shard!.index} and shard ${r.shard!.index} were run by different versions of cachelab (sources ${sources(first)?.slice(0, 12) ?? 'not recorded'} and ${sources(r)?.slice(0, 12) ?? 'not recorded'}), whose splits may differ: run every shard with the same cachelab`);
    if (got.app !== want.app) throw new UsageError(`the reports are of different explores: shard ${first.shard!.index} ${appText(first)} and shard ${r.shard!.index} ${appText(r)}: run every shard with the same fix`);
    for (const key of Object.keys(want) as (keyof typeof want)[])
      if (!same(got[key], want[key])) throw new UsageError(`the reports are of different explores: ${key} is ${JSON.stringify(want[key])} in shard ${first.shard!.index} and ${JSON.stringify(got[key])} in shard ${r.shard!.index}`);
    if (r.shard!.count !== count) throw new UsageError(`the reports split the search differently: ${count} shards and ${r.shard!.count} shards`);
  }
  const byIndex = [...reports].sort((a, b) => a.shard!.index - b.shard!.index);
  const indices = byIndex.map((r) => r.shard!.index);
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !indices.includes(i));
  const twice = [...new Set(indices.filter((i, k) => indices.indexOf(i) !== k))];
  // Both at once: `merge s1.json s1.json` is one file given twice, not only shard 2 missing.
  const problems = [...(twice.length ? [`shard(s) ${twice.join(', ')} of ${count} given twice`] : []), ...(missing.length ? [`shard(s) ${missing.join(', ')} of ${count} missing`] : [])];
  // Missing shards come with the commands that run them, as the given ones ran.
  // (One line: an error's text reaches the terminal with its control characters escaped.)
  const rerun = missing.map((i) => shardCommand(first, i, count, `shard-${i}.json`)).join(' ; ');
  if (problems.length) throw new UsageError(`${problems.join(' and ')}: every shard's report is needed once for an answer${missing.length ? `; run ${missing.length > 1 ? 'the missing ones' : 'the missing one'} as the others ran, then merge every shard's report: ${rerun}` : ''}`);

  const best = new Map<string, ShardWitness & { shard: number }>();
  for (const r of byIndex)
    for (const w of r.witnesses) {
      const cur = best.get(w.invariant);
      // A report older than staleSource has none: the merged report still has the field, empty (as its schema says).
      const violation = { ...w.violation, staleSource: w.violation.staleSource ?? [] };
      if (!cur || w.nonNominalChoices < cur.nonNominalChoices || (w.nonNominalChoices === cur.nonNominalChoices && w.seenAtEvent < cur.seenAtEvent)) best.set(w.invariant, { ...w, violation, shard: r.shard!.index });
    }
  const exhaustive = byIndex.every((r) => r.exhaustive);
  const order = ['read-your-delete', 'fresh-after-commit', 'fresh-render', 'convergence'];
  const witnesses = [...best.values()].sort((a, b) => order.indexOf(a.invariant) - order.indexOf(b.invariant) || a.invariant.localeCompare(b.invariant));
  return {
    schema: reportId('merge'),
    command: 'merge',
    scenario: first.scenario,
    preset: first.preset,
    overrides: first.overrides,
    maxStaleMs: want.maxStaleMs,
    reduction: want.reduction === 'on',
    symmetry: want.symmetry === 'on',
    deferJitter: want.deferJitter === 'not recorded' ? null : want.deferJitter === 'on',
    quietGap: want.quietGap === 'not recorded' ? null : want.quietGap === 'on',
    shards: count,
    exhaustive,
    completeUpToDeviations: exhaustive ? null : Math.min(...byIndex.map((r) => (r.exhaustive ? Infinity : (r.completeUpToDeviations ?? -1)))),
    shardsNotExhaustive: byIndex
      .filter((r) => !r.exhaustive)
      .map((r) => ({ shard: r.shard!.index, stopReason: r.stopReason ?? null, completeUpToDeviations: r.completeUpToDeviations ?? -1, why: whyStopped(r), rerun: shardCommand(r, r.shard!.index, count, r.file ?? `shard-${r.shard!.index}.json`, raised(r)) })),
    statesExplored: byIndex.reduce((n, r) => n + r.statesExplored, 0),
    distinctStatesSummed: byIndex.reduce((n, r) => n + r.distinctStates, 0),
    runs: byIndex.reduce((n, r) => n + r.runs, 0),
    runsPastHorizon: byIndex.reduce((n, r) => n + r.runsPastHorizon, 0),
    collisionProbability: byIndex.reduce((p, r) => p + r.collisionProbability, 0),
    violated: witnesses.map((w) => w.invariant),
    witnesses,
  };
}
