// The explore verdicts docs/findings.md and docs/recommendation.md quote, generated from the
// explore section of bench/results.json (written by `npm run bench`): one table per preset, each
// row one exploration with the reduction on; on findings.md, the worker symmetry's effect (each
// exploration it applied to, with and without it). `npm run bench:doc` rewrites the blocks between their
// markers; test/bench/exploreDocs.test.ts checks the committed pages hold exactly this output.
import { withGeneratedBlock } from '../sim/format/generatedBlock';
import type { ExploreFigures } from './explore';
import type { BenchResults } from './run';
import { fmt } from './table';

export interface ExploreBlock {
  file: string;
  name: string;
  presets: string[];
  /** Add the worker symmetry's table (when the results have one). */
  symmetry?: boolean;
}

export const EXPLORE_BLOCKS: ExploreBlock[] = [
  { file: 'docs/findings.md', name: 'explore-verdicts', presets: ['broken', 'seed-fix', 'robust'], symmetry: true },
  { file: 'docs/recommendation.md', name: 'explore-robust', presets: ['robust'] },
];

const HOW = 'bench/exploreDocs.ts from bench/results.json; npm run bench, then npm run bench:doc';

function covered(e: ExploreFigures): string {
  if (e.exhaustive) return `**exhaustive**, ${fmt(e.seconds, 1)} s`;
  const k = e.completeDeviations;
  return `not exhaustive: the ${e.bound} cap at ${fmt(e.seconds, 1)} s; ${k !== null && k >= 0 ? `every schedule with up to ${k} deviation${k === 1 ? '' : 's'} covered` : 'not even the nominal schedule finished'}`;
}

export function exploreBlockBody(r: BenchResults, presets: string[], symmetry = false): string {
  const rows = r.explore.scenarios.filter((e) => presets.includes(e.preset));
  const lines = [
    `From one run of \`npm run bench\` (${r.startedAt.slice(0, 10)}, commit \`${r.machine.commit}\`; 1-minute load average ${r.machine.loadAverage1m} at its start on ${r.machine.cpus} cores): \`explore\` with its default reductions (the partial-order reduction, the worker symmetry, deferred jitter and the quiet gap), capped at ${r.budgets.exploreSeconds} s or ${fmt(r.budgets.exploreMaxStates)} distinct states per scenario. Each row is \`npx cachelab explore <scenario> --config <preset> --time-limit ${r.budgets.exploreSeconds}s --max-states ${r.budgets.exploreMaxStates}\` (a cap, when it stops the search, leaves every schedule with up to k deviations covered, with one proviso: the reduction runs each set of simultaneous independent tasks in one order, and that order can cost a schedule one deviation more than another order of the same tasks would, so a few schedules with k deviations may be covered only through their equivalent with k + 1; test/sim/reduction.test.ts shows where).`,
    '',
    '| scenario | preset | verdict | distinct states | covered |',
    '|---|---|---|---|---|',
    ...rows.map((e) => `| ${e.scenario} | ${e.preset} | ${e.violated.length ? `violated: ${e.violated.join(', ')}` : e.exhaustive ? 'ok' : 'ok so far'} | ${fmt(e.distinctStates)} | ${covered(e)} |`),
  ];
  const notDone = rows.filter((e) => !e.exhaustive);
  lines.push('', notDone.length ? `Not exhaustive within the cap: ${notDone.map((e) => `${e.scenario} (${e.preset})`).join(', ')}.` : `Every row is exhaustive.`);
  const pairs = (r.explore.symmetry ?? []).filter((p) => presets.includes(p.on.preset));
  if (symmetry && pairs.length) {
    const ratio = (p: { on: ExploreFigures; off: ExploreFigures }) => (p.on.exhaustive && p.off.exhaustive ? `${fmt(p.off.distinctStates / p.on.distinctStates, 2)}x fewer states` : 'not both exhaustive');
    lines.push(
      '',
      `The worker symmetry (\`--symmetry on\`, the default; it applies where the workers share one cache and no proxy routes them): the rows above it applied to, and the same exploration with \`--symmetry off\`, the same caps.`,
      '',
      '| scenario | preset | distinct states with | covered with | distinct states without | covered without | states |',
      '|---|---|---|---|---|---|---|',
      ...pairs.map((p) => `| ${p.on.scenario} | ${p.on.preset} | ${fmt(p.on.distinctStates)} | ${covered(p.on)} | ${fmt(p.off.distinctStates)} | ${covered(p.off)} | ${ratio(p)} |`),
    );
  }
  return lines.join('\n');
}

export function withExploreBlock(page: string, block: ExploreBlock, r: BenchResults): string {
  return withGeneratedBlock(page, { file: block.file, name: block.name, how: HOW }, exploreBlockBody(r, block.presets, block.symmetry));
}
