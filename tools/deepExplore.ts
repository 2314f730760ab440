// docs/recommendation.md's longer campaign: `robust` on the catalog scenarios the bench's 12 s cap
// leaves short of exhaustive, explored again with a larger budget by the CLI (its --json report),
// so the page can say how deep "no violation" has been checked where it is not proven. The bench
// cannot afford these runs; this script takes minutes and several GB of memory.
//   npm run docs:deep                              measure, write docs/explore-deep.json, render the block
//   npx tsx tools/deepExplore.ts --render          only render the block from the results file
import { execFileSync } from 'node:child_process';
import { docsGenerator, isMain } from './generatedBlock';

export const RESULTS_FILE = 'docs/explore-deep.json';
export const DOC_FILE = 'docs/recommendation.md';
const PRESET = 'robust';
export const TIME_LIMIT = '150s';
export const MAX_STATES = 5_000_000;
/** The heap the explorer may fill (it stops at 85% of it): 5,000,000 states took 4 to 7 GB of it here. */
const HEAP_MB = 12_000;
export const SCENARIOS = ['cache-pressure', 'concurrent-deletes'];

export interface DeepResult {
  scenario: string;
  preset: string;
  distinctStates: number;
  exhaustive: boolean;
  stopReason: string | null;
  completeUpToDeviations: number | null;
  seconds: number;
  violated: string[];
}

export function commandText(scenario: string): string {
  return `npx cachelab explore ${scenario} --config ${PRESET} --time-limit ${TIME_LIMIT} --max-states ${MAX_STATES}`;
}

function measureOne(scenario: string): DeepResult {
  const args = ['bin/cachelab.js', 'explore', scenario, '--config', PRESET, '--time-limit', TIME_LIMIT, '--max-states', String(MAX_STATES), '--json'];
  let out: string;
  try {
    out = execFileSync('node', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28, env: { ...process.env, NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` } });
  } catch (e) {
    // exit 1: a violation was found; the report is still on stdout.
    out = (e as { stdout?: string }).stdout ?? '';
    if (!out) throw e;
  }
  const r = JSON.parse(out) as Omit<DeepResult, 'scenario' | 'preset'>;
  return { scenario, preset: PRESET, distinctStates: r.distinctStates, exhaustive: r.exhaustive, stopReason: r.stopReason, completeUpToDeviations: r.completeUpToDeviations, seconds: r.seconds, violated: r.violated };
}

export function measure(): DeepResult[] {
  return SCENARIOS.map(measureOne);
}

const n = (x: number) => x.toLocaleString('en-US');

function covered(r: DeepResult): string {
  if (r.exhaustive) return `**exhaustive**, ${r.seconds} s`;
  const cap = r.stopReason === 'max-states' ? `the state cap (${n(MAX_STATES)})` : r.stopReason === 'time-limit' ? `the time limit (${TIME_LIMIT})` : `its ${r.stopReason ?? 'stop'}`;
  return `not exhaustive: stopped by ${cap} after ${r.seconds} s; every schedule with up to ${r.completeUpToDeviations ?? 0} deviations covered`;
}

export function deepBlock(results: readonly DeepResult[]): string {
  const lines = [
    `Where the bench's cap stops short, a longer run of the same command (\`tools/deepExplore.ts\`, \`npm run docs:deep\`; ${TIME_LIMIT} or ${n(MAX_STATES)} distinct states, with \`NODE_OPTIONS=--max-old-space-size=${HEAP_MB}\`):`,
    '',
    '| scenario | preset | verdict | distinct states | covered | command |',
    '|---|---|---|---|---|---|',
    ...results.map((r) => `| ${r.scenario} | ${r.preset} | ${r.violated.length ? `violated: ${r.violated.join(', ')}` : r.exhaustive ? 'ok' : 'ok so far'} | ${n(r.distinctStates)} | ${covered(r)} | \`${commandText(r.scenario)}\` |`),
  ];
  const capped = results.filter((r) => !r.exhaustive).map((r) => r.scenario);
  if (capped.length) lines.push('', `Not exhaustive even so: ${capped.join(', ')}. Their states multiply with the exact time offsets of requests in flight on several workers, which no sound merge here removes ([state-space.md](state-space.md)); what is covered is every schedule up to the bound above.`);
  return lines.join('\n');
}

const generator = docsGenerator({ file: DOC_FILE, name: 'explore-deep', how: 'tools/deepExplore.ts from docs/explore-deep.json; npm run docs:deep', resultsFile: RESULTS_FILE, measure, body: deepBlock });
/** The page with the block regenerated from the results; throws when the markers are missing. */
export const withDeepBlock = generator.render;
export const readResults = generator.readResults;

if (isMain(import.meta.url)) generator.main();
