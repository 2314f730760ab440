// The commit-race findings re-measured on each database the model knows (deploy.database):
// `cachelab check commit-race` (PCT, 500 schedules, seed 1) under each configuration the findings
// discuss, on SQLite and on PostgreSQL. Writes the results file, then the table in
// docs/findings.md from it (test/sim/commitRaceDatabases.test.ts keeps the two equal and replays
// every stored counterexample).
//   npx tsx tools/commitRaceDatabases.ts            measure, write the results, render the table
//   npx tsx tools/commitRaceDatabases.ts --render   only render the table from the results file
import { checkScenario, DEFAULT_CHECK_RUNS } from '../sim/check/checkScenario';
import { longestStale, shortStaleness } from '../sim/invariants/staleness';
import { getScenario } from '../sim/scenarios/index';
import { docsGenerator, isMain } from './generatedBlock';
import { storedCounterexample, type StoredCounterexample } from './storedCounterexample';

export const RESULTS_FILE = 'docs/commit-race-databases.json';
export const DOC_FILE = 'docs/findings.md';
const SEED = 1;

export interface RaceConfig {
  what: string;
  preset: string;
  overrides: string[];
}

/** The configurations docs/findings.md's commit-race paragraph discusses. */
export const RACE_CONFIGS: RaceConfig[] = [
  { what: 'the code as the seed found it', preset: 'broken', overrides: [] },
  { what: "the seed's fixes (version bumped inside the request's transaction)", preset: 'seed-fix', overrides: [] },
  { what: 'robust (the counter a database row, bumped in the same transaction)', preset: 'robust', overrides: [] },
  { what: 'robust with keys deleted instead of versioned', preset: 'robust', overrides: ['feed.versionedKey=false', 'delete.bumpVersion=false', 'delete.keyLoop=six-week'] },
];

export const DATABASES = ['sqlite', 'postgresql'] as const;

export interface RaceResult {
  database: (typeof DATABASES)[number];
  what: string;
  preset: string;
  /** Overrides including deploy.database. */
  overrides: string[];
  runs: number;
  /** null: no violation in `runs` schedules. */
  counterexample: (StoredCounterexample & { foundAfter: number; longestStale: string }) | null;
}

export function measure(): RaceResult[] {
  const scenario = getScenario('commit-race');
  const results: RaceResult[] = [];
  for (const database of DATABASES)
    for (const c of RACE_CONFIGS) {
      const overrides = [...c.overrides, `deploy.database=${database}`];
      const r = checkScenario(scenario, { preset: c.preset, overrides, runs: DEFAULT_CHECK_RUNS, seed: SEED });
      const x = r.counterexample;
      results.push({
        database,
        what: c.what,
        preset: c.preset,
        overrides,
        runs: DEFAULT_CHECK_RUNS,
        counterexample: x
          ? {
              foundAfter: r.runs,
              ...storedCounterexample(x),
              longestStale: staleText(longestStale(x.violations)),
            }
          : null,
      });
    }
  return results;
}

function staleText(v: ReturnType<typeof longestStale>): string {
  return shortStaleness({ staleUntil: v.staleUntil ?? 'end-of-run', staleMs: v.staleMs ?? null, untilT: v.untilT ?? null });
}

export function replayCommand(r: RaceResult): string {
  return ['npx cachelab replay commit-race --config', r.preset, ...r.overrides.flatMap((o) => ['--set', o]), '--choices', r.counterexample!.script.join(',') || 'nominal'].join(' ');
}

export function checkCommand(r: RaceResult): string {
  return ['npx cachelab check commit-race --config', r.preset, ...r.overrides.flatMap((o) => ['--set', o])].join(' ');
}

export function raceTable(results: readonly RaceResult[]): string {
  const lines = ['| database | configuration | `check` (PCT, 500 schedules, seed 1) | counterexample |', '|---|---|---|---|'];
  for (const r of results) {
    const x = r.counterexample;
    const verdict = x
      ? `violated after ${x.foundAfter} schedule(s), shrunk to ${x.deviations} deviation(s): ${x.invariants.join(', ')}; stale ${x.longestStale}`
      : `ok (${r.runs} schedules)`;
    lines.push(`| ${r.database} | ${r.what}: \`${checkCommand(r)}\` | ${verdict} | ${x ? `\`${replayCommand(r)}\`` : ''} |`);
  }
  return lines.join('\n');
}

const generator = docsGenerator({ file: DOC_FILE, name: 'commit-race-databases', how: 'npx tsx tools/commitRaceDatabases.ts', resultsFile: RESULTS_FILE, measure, body: raceTable, indent: 2 });
/** The page with the block regenerated from the results; throws when the markers are missing. */
export const withRaceTable = generator.render;
export const readResults = generator.readResults;

if (isMain(import.meta.url)) generator.main();
