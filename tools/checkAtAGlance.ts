// docs/findings.md's "At a glance" table, measured: `cachelab check all --config <preset>` (PCT,
// 500 schedules per scenario, seed 1, each scenario on its own deployment) under `broken`,
// `seed-fix` and `robust`. Writes the results file, then the table from it
// (test/sim/checkAtAGlance.test.ts keeps the two equal and replays every stored counterexample).
//   npm run docs:glance                               measure, write the results, render the table
//   npx tsx tools/checkAtAGlance.ts --render          only render the table from the results file
import { checkScenario, DEFAULT_CHECK_RUNS } from '../sim/check/checkScenario';
import { SCENARIOS } from '../sim/scenarios/index';
import { docsGenerator, isMain } from './generatedBlock';
import { storedCounterexample, type StoredCounterexample } from './storedCounterexample';

export const RESULTS_FILE = 'docs/check-at-a-glance.json';
export const DOC_FILE = 'docs/findings.md';
export const SEED = 1;
export const PRESETS = ['broken', 'seed-fix', 'robust'] as const;
const ALL_FOUR = ['read-your-delete', 'fresh-after-commit', 'fresh-render', 'convergence'];

export interface GlanceResult {
  scenario: string;
  preset: (typeof PRESETS)[number];
  /** Schedules tried: up to the first violating one, or all of them. */
  runs: number;
  /** null: no violation in `runs` schedules. */
  counterexample: StoredCounterexample | null;
}

export function measure(): GlanceResult[] {
  return SCENARIOS.flatMap((s) =>
    PRESETS.map((preset): GlanceResult => {
      const r = checkScenario(s, { preset, overrides: [], runs: DEFAULT_CHECK_RUNS, seed: SEED });
      const x = r.counterexample;
      return {
        scenario: s.name,
        preset,
        runs: r.runs,
        counterexample: x ? storedCounterexample(x) : null,
      };
    }),
  );
}

function cell(r: GlanceResult | undefined): string {
  if (!r) return 'not measured';
  const x = r.counterexample;
  if (!x) return `ok (${r.runs})`;
  const invariants = ALL_FOUR.every((i) => x.invariants.includes(i)) && x.invariants.length === ALL_FOUR.length ? 'all four' : x.invariants.join(', ');
  const found = r.runs === 1 ? 'first schedule' : `after ${r.runs} schedules`;
  return `**${invariants}**: ${found}, ${x.deviations} deviation${x.deviations === 1 ? '' : 's'}`;
}

export function glanceTable(results: readonly GlanceResult[]): string {
  const names = [...new Set(results.map((r) => r.scenario))];
  const failing = (p: string) => results.filter((r) => r.preset === p && r.counterexample).length;
  const lines = [
    `Each column is \`npx cachelab check all --config <preset> --seed ${SEED}\` (PCT, up to ${DEFAULT_CHECK_RUNS} schedules per scenario, each scenario on its own deployment). A cell is "ok (schedules tried)" or the invariants the shrunk counterexample violates, after how many schedules it was found, and its deviations from the documented schedule (0: the documented schedule itself fails).`,
    '',
    `| scenario | ${PRESETS.join(' | ')} |`,
    `|---|${PRESETS.map(() => '---|').join('')}`,
    ...names.map((n) => `| ${n} | ${PRESETS.map((p) => cell(results.find((r) => r.scenario === n && r.preset === p))).join(' | ')} |`),
    '',
    PRESETS.map((p) => `\`${p}\`: ${failing(p) ? `exit 1, ${failing(p)} of ${names.length} scenarios fail` : `exit 0, none of ${names.length} scenarios fails`}`).join('; ') + '.',
  ];
  return lines.join('\n');
}

const generator = docsGenerator({ file: DOC_FILE, name: 'check-at-a-glance', how: 'tools/checkAtAGlance.ts from docs/check-at-a-glance.json; npm run docs:glance', resultsFile: RESULTS_FILE, measure, body: glanceTable });
/** The page with the block regenerated from the results; throws when the markers are missing. */
export const withGlanceTable = generator.render;
export const readResults = generator.readResults;

if (isMain(import.meta.url)) generator.main();
