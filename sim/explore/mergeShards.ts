// Combines the --json reports of `explore --shard i/n` runs into one answer. The shards together
// cover every schedule (each explores the nominal run and its own share of the nominal run's
// alternatives, with everything below them), so: an invariant is violated when any shard found
// it violated, each keeps the shortest witness over the shards (fewest deviations, then the
// earliest event, then the shard with the lower number, so the merge is the same whatever order
// the files come in), and the answer is exhaustive only when every shard's is.
import { UsageError } from '../../src/config';
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
  shard: { index: number; count: number } | null;
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
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`${name} is not JSON: give the output of \`cachelab explore ... --shard i/n --json\``);
  }
  if (!isObject(data) || data.command !== 'explore') throw new UsageError(`${name} is not an explore --json report`);
  // A report without "schema" predates the field; one of another version has fields this merge does not know.
  if (data.schema !== undefined && data.schema !== reportId('explore')) throw new UsageError(`${name} is a report of version "${String(data.schema).slice(0, 60)}", and this cachelab merges "${reportId('explore')}": merge with the cachelab that ran the shards`);
  const shard = data.shard;
  if (!isObject(shard) || !Number.isInteger(shard.index) || !Number.isInteger(shard.count)) throw new UsageError(`${name} is not a shard's report: run explore with --shard i/n`);
  if (!Array.isArray(data.witnesses) || typeof data.exhaustive !== 'boolean') throw new UsageError(`${name} is a malformed explore report (no witnesses or exhaustive)`);
  return data as unknown as ShardReport;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What must match for the shards to be parts of one explore: what is checked, and the reductions
 * deferred jitter and the quiet gap (each can change the nominal run's list of alternatives the
 * shards split by position, so mixed settings could leave schedules in no shard's part).
 */
function settings(r: ShardReport) {
  const onOff = (x: { on: boolean } | undefined) => (x?.on ? 'on' : 'off');
  const recorded = (x: { on: boolean } | undefined) => (x === undefined ? 'not recorded' : onOff(x));
  return { scenario: r.scenario, preset: r.preset, overrides: r.overrides, maxStates: r.maxStates, horizonMs: r.horizonMs, maxStaleMs: r.maxStaleMs ?? null, reduction: onOff(r.reduction), symmetry: onOff(r.symmetry), deferJitter: recorded(r.deferJitter), quietGap: recorded(r.quietGap) };
}

export function mergeShards(reports: readonly ShardReport[]): MergedReport {
  if (reports.length === 0) throw new UsageError('merge needs the reports of every shard');
  const first = reports[0];
  const count = first.shard!.count;
  const want = settings(first);
  for (const r of reports) {
    const got = settings(r);
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
  if (problems.length) throw new UsageError(`${problems.join(' and ')}: every shard's report is needed once for an answer`);

  const best = new Map<string, ShardWitness & { shard: number }>();
  for (const r of byIndex)
    for (const w of r.witnesses) {
      const cur = best.get(w.invariant);
      if (!cur || w.nonNominalChoices < cur.nonNominalChoices || (w.nonNominalChoices === cur.nonNominalChoices && w.seenAtEvent < cur.seenAtEvent)) best.set(w.invariant, { ...w, shard: r.shard!.index });
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
    statesExplored: byIndex.reduce((n, r) => n + r.statesExplored, 0),
    distinctStatesSummed: byIndex.reduce((n, r) => n + r.distinctStates, 0),
    runs: byIndex.reduce((n, r) => n + r.runs, 0),
    runsPastHorizon: byIndex.reduce((n, r) => n + r.runsPastHorizon, 0),
    collisionProbability: byIndex.reduce((p, r) => p + r.collisionProbability, 0),
    violated: witnesses.map((w) => w.invariant),
    witnesses,
  };
}
