// docs/findings.md's "The seed's fixes, measured" block, measured: `cachelab matrix --runs 200` (the
// seed's 16 fix combinations x 2 browser profiles over the whole scenario catalog). Writes the
// results file, then the block from it: the command's own output (sim/cli/cliMatrix.ts's
// formatMatrix) and the sentences that quote its figures (test/sim/matrixTable.test.ts keeps the
// page equal to the file, recomputes two rows, and checks the claims the prose makes in words).
//   npm run docs:matrix                               measure, write the results, render the block
//   npx tsx tools/matrixTable.ts --render             only render the block from the results file
import { formatMatrix, SHORT } from '../sim/cli/cliMatrix';
import { INVARIANTS } from '../sim/invariants/index';
import { ALL_FIX_SETS, fixLabel, PROFILES, runMatrix, type FixNumber, type MatrixResult, type Profile } from '../sim/matrix/matrix';
import { SCENARIOS } from '../sim/scenarios/index';
import { docsGenerator, isMain } from './generatedBlock';

export const RESULTS_FILE = 'docs/matrix.json';
export const DOC_FILE = 'docs/findings.md';
export const RUNS = 200;

export function measure(): MatrixResult {
  return runMatrix({ runs: RUNS, scenarios: SCENARIOS });
}

/** Percent as the table prints it (sim/cli/cliMatrix.ts: rounded from the counts). */
const pct = (n: number, d: number) => `${Math.round((100 * n) / d)}%`;

function cellOf(r: MatrixResult, fixes: readonly FixNumber[], profile: Profile) {
  const row = r.rows.find((x) => x.label === fixLabel(fixes));
  if (!row) throw new Error(`${RESULTS_FILE}: no row for fixes ${fixLabel(fixes)}`);
  return row.cells[PROFILES.indexOf(profile)];
}

/** Share of a row's runs (0..1) violating at least one invariant under a profile. */
export function shareAny(r: MatrixResult, fixes: readonly FixNumber[], profile: Profile): number {
  const c = cellOf(r, fixes, profile);
  return c.violatingAny / c.runs;
}

/** Measured share of the no-fix row's violating runs that a claim's fixes remove (0..1; null: no baseline). */
export function removed(r: MatrixResult, fixes: readonly FixNumber[], profile: Profile): number | null {
  const claim = r.claims.find((c) => fixLabel(c.fixes) === fixLabel(fixes));
  if (!claim) throw new Error(`${RESULTS_FILE}: no seed claim for fixes ${fixLabel(fixes)}`);
  return claim.measured[profile];
}

/** Scenarios with at least one violating run in a cell, in catalog order. */
export function failingScenarios(r: MatrixResult, fixes: readonly FixNumber[], profile: Profile): string[] {
  const by = cellOf(r, fixes, profile).violatingByScenario;
  return r.scenarios.filter((n) => by[n]);
}

/** Why a scenario still fails with the seed's fixes (words only: the figures come from the results). */
export const WHY_STILL_FAILING: Record<string, string> = {
  'cross-user-delete': "the counter is per user: B's delete bumps only B's counter, and A is served A's stale entry",
  'cross-user-create': "the counter is per user: B's create bumps only B's counter",
  'concurrent-deletes': "the counter is per user: each delete of a shared item bumps only its own user's counter",
  'concurrent-edit-delete': "the counter is per user: each user's write bumps only that user's counter",
  'multi-worker': "the counter lives in each worker's own LocMem: the bump reaches one worker, the reload may land on another",
  'two-worker-reload': "the counter lives in each worker's own LocMem, and the round-robin proxy sends the reload's feed to the other worker",
  'commit-race': "`ATOMIC_REQUESTS`: the bump runs inside the delete's open transaction, so a feed request beside it reads the old row and caches it under the new version",
  'inflight-refetch': "autocommit: a feed request reads the counter between the `DELETE`'s commit and the bump",
};

const removedText = (r: MatrixResult, fixes: FixNumber[], p: Profile) => {
  const m = removed(r, fixes, p);
  return m === null ? 'nothing to remove' : `${Math.round(100 * m)}%`;
};

/** Runs of scenario i when run k is scenario k mod S. */
function runsOf(r: MatrixResult, name: string): number {
  const i = r.scenarios.indexOf(name);
  const s = r.scenarios.length;
  return Math.floor(r.runsPerCell / s) + (i < r.runsPerCell % s ? 1 : 0);
}

/** The scenarios that still fail with phase 2 or all four fixes, each with its runs and why. */
function stillFailing(r: MatrixResult, profile: Profile): string[] {
  const phase2 = cellOf(r, [1, 2, 3], profile).violatingByScenario;
  const all = cellOf(r, [1, 2, 3, 4], profile).violatingByScenario;
  return r.scenarios
    .filter((n) => phase2[n] || all[n])
    .map((n) => {
      const why = WHY_STILL_FAILING[n];
      if (!why) throw new Error(`tools/matrixTable.ts: ${n} still violates with the seed's fixes; say why in WHY_STILL_FAILING`);
      return `  - \`${n}\` (${phase2[n] ?? 0} and ${all[n] ?? 0} of ${runsOf(r, n)} runs): ${why}`;
    });
}

/** The figures the findings quote, in sentences; the claims the prose makes in words are tested. */
function summary(r: MatrixResult): string[] {
  const [chromium, seed] = PROFILES;
  const share = (fixes: FixNumber[], p: Profile) => {
    const c = cellOf(r, fixes, p);
    return pct(c.violatingAny, c.runs);
  };
  const both = (fixes: FixNumber[]) => PROFILES.map((p) => `${share(fixes, p)} under ${p}`).join(' and ');
  const none = cellOf(r, [], chromium).violatingByScenario;
  const four = cellOf(r, [4], chromium).violatingByScenario;
  const worse = r.scenarios.filter((n) => (four[n] ?? 0) > (none[n] ?? 0)).map((n) => `\`${n}\` (${none[n] ?? 0} to ${four[n]} of ${runsOf(r, n)} runs)`);
  return [
    `- Under \`${chromium}\`: fix 1 (\`never_cache\`) removes ${removedText(r, [1], chromium)} of the violating runs (claimed: 50%), fix 3 (cache-buster) ${removedText(r, [3], chromium)} (claimed: 10%), fix 2 (the version) ${removedText(r, [2], chromium)} (claimed: 40%).`,
    `- Under \`${seed}\`: fix 2 alone removes ${removedText(r, [2], seed)}, fix 1 alone ${removedText(r, [1], seed)}, fix 3 alone ${removedText(r, [3], seed)}, fixes 1+2+3 ${removedText(r, [1, 2, 3], seed)}. With fix 1 alone ${share([1], seed)} of runs violate an invariant, with fix 3 alone ${share([3], seed)}; under \`${chromium}\` with no fix, ${share([], chromium)}.`,
    `- Still violating an invariant with fixes 1+2+3 (phase 2): ${both([1, 2, 3])}; with all four: ${both([1, 2, 3, 4])}. The scenarios with violating runs under \`${chromium}\` (with fixes 1+2+3, and with all four), and why:`,
    ...stillFailing(r, chromium),
    `- Fix 4 alone under \`${chromium}\`: ${share([], chromium)} of runs violate an invariant without it, ${share([4], chromium)} with it; more runs fail in ${worse.join(', ') || 'no scenario'}.`,
  ];
}

export function matrixBlock(r: MatrixResult): string {
  return [
    `\`npx cachelab matrix --runs ${r.runsPerCell}\` (${ALL_FIX_SETS.length} combinations x ${PROFILES.length} browser profiles, ${r.runsPerCell} seeded runs per cell over the ${r.scenarios.length} scenarios of the catalog; the share of runs that violate each invariant; columns: ${INVARIANTS.map((i) => `${SHORT[i.name] ?? i.name} = ${i.name}`).join(', ')}, any = at least one):`,
    '',
    '```',
    formatMatrix(r).trimEnd(),
    '```',
    '',
    ...summary(r),
  ].join('\n');
}

const generator = docsGenerator({ file: DOC_FILE, name: 'matrix', how: 'tools/matrixTable.ts from docs/matrix.json; npm run docs:matrix', resultsFile: RESULTS_FILE, measure, body: matrixBlock });
/** The page with the block regenerated from the results; throws when the markers are missing. */
export const withMatrixBlock = generator.render;
export const readResults = generator.readResults;

if (isMain(import.meta.url)) generator.main();
