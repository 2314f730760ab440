// What a split into n shards buys, measured: the same explore unsharded and as n shards, to a
// deviation bound every part finishes, with the distinct states of each (a shard keeps its own
// visited set, so states below several shards' alternatives are explored by each of them). The
// counts are the same on any machine; the seconds are this machine's, with its load.
//   node --import tsx tools/shardPlan.ts <scenario> <preset> <k> [n...]   one scenario, printed as JSON
//   npm run docs:shard-plan        measure docs/sharding.md's cases, write docs/shard-plan.json, render its block
//   npx tsx tools/shardPlan.ts --render                                  only render the block from the results file
import { loadavg } from 'node:os';
import { explore } from '../sim/explore/explore';
import { getScenario } from '../sim/scenarios/index';
import { docsGenerator, isMain } from './generatedBlock';

export const RESULTS_FILE = 'docs/shard-plan.json';
export const DOC_FILE = 'docs/sharding.md';
/** The large scenarios, under the project's recommendation, to a bound each part finishes in seconds. */
export const CASES = [
  { scenario: 'cache-pressure', preset: 'robust', maxDeviations: 3 },
  // One bound deeper: how the shares move with the bound.
  { scenario: 'cache-pressure', preset: 'robust', maxDeviations: 4 },
  { scenario: 'concurrent-deletes', preset: 'robust', maxDeviations: 3 },
];
export const SPLITS = [2, 4, 8];

export interface ShardPlan {
  scenario: string;
  preset: string;
  maxDeviations: number;
  /** Distinct states of the unsharded explore to each bound 0..maxDeviations. */
  unshardedByBound: number[];
  unshardedSeconds: number;
  splits: Array<{ n: number; shards: number[]; seconds: number[] }>;
  /** The 1-minute load average before and after (a shared machine's seconds are slower). */
  load: [number, number];
}

function run(scenario: string, preset: string, k: number, shard?: { index: number; count: number }): { distinctStates: number; seconds: number } {
  const t0 = performance.now();
  const r = explore(getScenario(scenario), { preset, maxStates: 1_000_000_000, maxDeviations: k, ...(shard ? { shard } : {}) });
  if (r.stopReason !== null && r.stopReason !== 'max-deviations') throw new Error(`${scenario}: stopped by ${r.stopReason} before bound ${k}`);
  return { distinctStates: r.distinctStates, seconds: Math.round(performance.now() - t0) / 1000 };
}

export function measureOne(scenario: string, preset: string, k: number, splits: readonly number[]): ShardPlan {
  const before = loadavg()[0];
  const byBound = Array.from({ length: k + 1 }, (_, j) => run(scenario, preset, j));
  const plan = splits.map((n) => {
    const parts = Array.from({ length: n }, (_, i) => run(scenario, preset, k, { index: i, count: n }));
    return { n, shards: parts.map((p) => p.distinctStates), seconds: parts.map((p) => p.seconds) };
  });
  const round = (x: number) => Math.round(x * 100) / 100;
  return { scenario, preset, maxDeviations: k, unshardedByBound: byBound.map((b) => b.distinctStates), unshardedSeconds: byBound[k].seconds, splits: plan, load: [round(before), round(loadavg()[0])] };
}

const n = (x: number) => x.toLocaleString('en-US');
const pct = (x: number) => `${Math.round(x * 100)}%`;

export function planBlock(results: readonly ShardPlan[]): string {
  const lines = [
    `Measured by \`tools/shardPlan.ts\` (\`npm run docs:shard-plan\`): each scenario explored unsharded and as n shards to the bound k (every schedule with at most k deviations, where every part finishes), and each part's distinct states. A shard's search costs about its share of the unsharded one's; the largest share is what the campaign waits for.`,
    '',
    `| scenario | preset | k | unsharded: distinct states at k (at k - 1) | ${SPLITS.map((s) => `${s} shards: the largest shard's share`).join(' | ')} | ${SPLITS.map((s) => `${s} shards: summed`).join(' | ')} |`,
    `|---|---|---|---|${SPLITS.map(() => '---|').join('')}${SPLITS.map(() => '---|').join('')}`,
  ];
  for (const r of results) {
    const whole = r.unshardedByBound[r.maxDeviations];
    const split = (s: number) => r.splits.find((p) => p.n === s)!;
    const largest = (s: number) => Math.max(...split(s).shards);
    const summed = (s: number) => split(s).shards.reduce((a, b) => a + b, 0);
    lines.push(
      `| ${r.scenario} | ${r.preset} | ${r.maxDeviations} | ${n(whole)} (${n(r.unshardedByBound[r.maxDeviations - 1])}) | ${SPLITS.map((s) => `${pct(largest(s) / whole)} (${n(largest(s))})`).join(' | ')} | ${SPLITS.map((s) => `${(summed(s) / whole).toFixed(1)}x`).join(' | ')} |`,
    );
  }
  const loads = results.flatMap((r) => r.load);
  const slowest = (r: ShardPlan) => r.splits.map((p) => `${Math.max(...p.seconds)} s with ${p.n}`).join(', ');
  lines.push('', `Seconds on the machine that wrote it, one run each (1-minute load ${Math.min(...loads)} to ${Math.max(...loads)}: other processes shared the machine, so read them as rough): ${results.map((r) => `${r.scenario} to k = ${r.maxDeviations}, unsharded ${r.unshardedSeconds} s, the slowest shard ${slowest(r)}`).join('; ')}.`);
  return lines.join('\n');
}

const generator = docsGenerator({ file: DOC_FILE, name: 'shard-plan', how: 'tools/shardPlan.ts from docs/shard-plan.json; npm run docs:shard-plan', resultsFile: RESULTS_FILE, measure: () => CASES.map((c) => measureOne(c.scenario, c.preset, c.maxDeviations, SPLITS)), body: planBlock });
/** The page with the block regenerated from the results; throws when the markers are missing. */
export const withPlanBlock = generator.render;
export const readResults = generator.readResults;

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (args.length) {
    const [scenario, preset, k, ...splits] = args;
    console.log(JSON.stringify(measureOne(scenario, preset, Number(k), splits.length ? splits.map(Number) : SPLITS)));
  } else generator.main();
}
