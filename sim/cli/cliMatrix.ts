// cachelab matrix [<scenario>|--scenario-file F] [--runs N] [--max-stale-ms N] [--json]
import { INVARIANTS } from '../invariants/index';
import { ALL_FIX_SETS, PROFILES, runMatrix, type MatrixResult } from '../matrix/matrix';
import { SCENARIOS } from '../scenarios/index';
import { parseOptionalIntIn, RUNS } from '../input/numbers';
import { parseCli } from './cliArgs';
import { UsageError } from '../../src/config';
import { MAX_STALE_HELP, MAX_STALE_OPTION, maxStaleFlag, maxStaleNote } from './cliMaxStale';
import type { CliCommand, CliIO } from './cliCommand';
import { fileConfigNote, SCENARIO_FILE_OPTION, scenarioSource } from './cliScenarioSource';
import type { Scenario } from '../scenarios/types';
import { progressLine, progressLines } from './cliProgress';
import type { MatrixReport } from './reports/matrixReport';
import { reportId, reportSchemaFile } from './reports/reportIds';

/** Runs per fix combination and browser profile when --runs is not given. */
const DEFAULT_MATRIX_RUNS = 100;

export const SHORT: Record<string, string> = { 'read-your-delete': 'ryd', 'fresh-after-commit': 'fac', 'fresh-render': 'frn', 'read-your-writes': 'ryw', 'fresh-after-write': 'faw', convergence: 'conv' };

export const matrixCommand: CliCommand = {
  name: 'matrix',
  summary: "the seed's 16 fix combinations x 2 browser profiles: share of runs violating each invariant",
  help: `Usage: cachelab matrix [<scenario>|--scenario-file F] [--runs N] [--max-stale-ms N] [--json]

For each of the 16 combinations of the seed's four fixes (1: never_cache; 2: version-based
invalidation, with the seed's six-week delete loop; 3: cache-busting fetch with no-cache request
headers; 4: raw uuid ids with remove-and-refetch) on top of the broken code, and each browser
profile (chromium: measured behaviour; seed-assumption: what the seed believes a browser does),
runs N seeded random schedules over the scenario catalog (run k: scenario k mod ${SCENARIOS.length}, seed
k+1) and prints the share of runs that violate each invariant. Below the table, the seed's own
claims ("fixes 50%", ...) beside the measured share of violating runs each fix removes.
With a scenario name or --scenario-file F, every run is of that one scenario (seed k+1): which of
the seed's fixes would have helped in your incident. Each scenario runs on its own deployment; the
matrix takes no --config nor --set (its rows are the config): for your deployment, write its
deploy.* knobs in a scenario file's config (cachelab scenarios --export NAME > mine.yaml).

  --scenario-file F   measure the scenario in file F (JSON or YAML, docs/scenario-files.md)
                      instead of the catalog
  --runs N            runs per fix combination and profile (default ${DEFAULT_MATRIX_RUNS})
  --json              print only a JSON report ("schema": "${reportId('matrix')}"; its
                      fields: docs/json-reports.md; its JSON Schema:
                      ${reportSchemaFile('matrix')})
${MAX_STALE_HELP}

Columns: ${INVARIANTS.map((i) => `${SHORT[i.name] ?? i.name} = ${i.name}`).join(', ')}, any = at least one.
Progress goes to stderr: a live line on a terminal (not with CI set), a plain line every 5 s otherwise.
Exit code: 0 (the matrix is a measurement, not a check), 2 usage error.
`,
  parse: parseMatrixArgs,
  run(argv, io) {
    const parsed = parseMatrixArgs(argv, io);
    if (parsed === 'help') {
      io.out(this.help);
      return 0;
    }
    const { runs, json, maxStaleMs, scenarios, ref, deployment } = parsed;
    // As check and explore: a live line on a terminal, a plain line every 5 s in a pipe or a CI log
    // (`matrix --runs 3000` ran 17 s without a word when piped).
    const progress = io.isTTY ? progressLine(!json) : progressLines((t) => io.err(t));
    const result = runMatrix({
      runs,
      scenarios,
      maxStaleMs,
      onRun: (done, total, violating) => progress.tick((rate) => `matrix: ${done}/${total} runs, ${rate.toFixed(0)} runs/s, ${violating} violating so far`, done),
    });
    progress.end();
    io.out(json ? JSON.stringify(toJson(result), null, 2) + '\n' : formatMatrix(result, ref, deployment));
    return 0;
  },
};

/** `cachelab matrix`'s arguments, checked without running the matrix. */
export function parseMatrixArgs(argv: string[], io: CliIO): { runs: number; json: boolean; maxStaleMs: number | undefined; scenarios: Scenario[]; ref: string | null; deployment: string } | 'help' {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv, { runs: { type: 'string' }, json: { type: 'boolean' }, ...MAX_STALE_OPTION, ...SCENARIO_FILE_OPTION }, 'matrix', 1);
  } catch (e) {
    // --set deploy.workers=4 is how every other command takes a deployment: say where it goes here.
    if (e instanceof UsageError && /^unknown flag "--(set|config)"/.test(e.message))
      throw new UsageError(`${e.message}. The matrix's rows are the config, on each scenario's own deployment: for yours, write its deploy.* knobs in a scenario file's config (cachelab scenarios --export NAME > mine.yaml) and run cachelab matrix --scenario-file mine.yaml`);
    throw e;
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  // The catalog, or the one scenario named (a user's incident, usually from a file).
  const source = positionals.length || values['scenario-file'] !== undefined ? scenarioSource(values, positionals, io, 'matrix') : null;
  const runs = parseOptionalIntIn(values.runs as string | undefined, RUNS, '--runs') ?? DEFAULT_MATRIX_RUNS;
  // A scenario file's config is the user's deployment: the header names it, as check's and explore's do.
  const deployment = fileConfigNote(source, ''); // the matrix takes no --config or --set to override it
  return { runs, json: Boolean(values.json), maxStaleMs: maxStaleFlag(values), scenarios: source ? [source.scenario] : SCENARIOS, ref: source?.ref ?? null, deployment };
}

function pct(n: number, d: number): string {
  return d ? `${Math.round((100 * n) / d)}%` : '-';
}

function toJson(r: MatrixResult): MatrixReport {
  return {
    schema: reportId('matrix'),
    command: 'matrix',
    runsPerCell: r.runsPerCell,
    maxStaleMs: r.maxStaleMs ?? null,
    scenarios: r.scenarios,
    invariants: INVARIANTS.map((i) => i.name),
    rows: r.rows.map((row) => ({
      fixes: row.fixes,
      label: row.label,
      profiles: Object.fromEntries(
        row.cells.map((c) => [
          c.profile,
          { runs: c.runs, violating: c.violating, violatingAny: c.violatingAny, share: Object.fromEntries(Object.entries(c.violating).map(([k, v]) => [k, v / c.runs])), shareAny: c.violatingAny / c.runs, violatingByScenario: c.violatingByScenario, staleUntil: c.staleUntil, longestWindowMs: c.longestWindowMs },
        ]),
      ),
    })),
    claims: r.claims,
  };
}

/** `ref`: the one scenario measured, as a command names it (`--scenario-file F`), or null for the catalog. */
export function formatMatrix(r: MatrixResult, ref: string | null = null, deployment = ''): string {
  const names = INVARIANTS.map((i) => i.name);
  const cols = [...names.map((n) => SHORT[n] ?? n), 'any'];
  const cw = 5;
  const block = (cells: string[]) => cells.map((c) => c.padStart(cw)).join(' ');
  const lw = Math.max(8, ...ALL_FIX_SETS.map((f) => (f.length ? f.join('+') : 'none').length));
  const bw = cols.length * (cw + 1) - 1;
  const lines = [
    `matrix: ${r.runsPerCell} seeded runs per cell over ${r.scenarios.length === 1 ? `the scenario ${r.scenarios[0]}` : `${r.scenarios.length} scenarios (${r.scenarios.join(', ')})`}${deployment}${maxStaleNote(r.maxStaleMs)}`,
    'Share of runs violating each invariant; fixes on top of the broken code.',
    '',
    `${'fixes'.padEnd(lw)} | ${PROFILES.map((p) => p.padEnd(bw)).join(' | ')}`,
    `${''.padEnd(lw)} | ${PROFILES.map(() => block(cols)).join(' | ')}`,
    `${'-'.repeat(lw)}-+-${PROFILES.map(() => '-'.repeat(bw)).join('-+-')}`,
  ];
  for (const row of r.rows) {
    const parts = row.cells.map((c) => block([...names.map((n) => pct(c.violating[n], c.runs)), pct(c.violatingAny, c.runs)]));
    lines.push(`${row.label.padEnd(lw)} | ${parts.join(' | ')}`);
  }
  lines.push(
    '',
    'How long the staleness lasted: violating runs whose longest staleness was a window / lasted until a cache TTL / lasted to the end of the run (longest window):',
    '',
    `${'fixes'.padEnd(lw)} | ${PROFILES.map((p) => p.padEnd(bw)).join(' | ')}`,
    `${'-'.repeat(lw)}-+-${PROFILES.map(() => '-'.repeat(bw)).join('-+-')}`,
  );
  for (const row of r.rows) {
    const parts = row.cells.map((c) => `${c.staleUntil.window}/${c.staleUntil.ttl}/${c.staleUntil['end-of-run']}${c.longestWindowMs === null ? '' : ` (${c.longestWindowMs} ms)`}`.padEnd(bw));
    lines.push(`${row.label.padEnd(lw)} | ${parts.join(' | ')}`);
  }
  lines.push('', "The seed's claims beside the measurement (share of the no-fix row's violating runs that the fix removes):");
  const cw2 = Math.max(...r.claims.map((c) => c.claim.length));
  for (const c of r.claims) {
    const measured = PROFILES.map((p) => `${p} ${removedShare(c.measured[p])}`).join(', ');
    lines.push(`  ${c.claim.padEnd(cw2)}  measured: ${measured}`);
  }
  const all = r.rows.find((row) => row.fixes.length === 4)!;
  lines.push(
    '',
    `With all four fixes, ${all.cells.map((c) => `${pct(c.violatingAny, c.runs)} of runs still violate an invariant under ${c.profile}`).join(' and ')}.`,
    ref === null
      ? 'Per-scenario detail: cachelab check <scenario> --config seed-fix; the recommendation: cachelab check all --config robust.'
      : `Detail: cachelab check ${ref} --config seed-fix; the recommendation: cachelab check ${ref} --config robust.`,
    '',
  );
  return lines.join('\n');
}

/** A claim's measured share as words: below zero the fix added violating runs, said so rather than "-5%". */
export function removedShare(m: number | null): string {
  return m === null ? '-' : m < 0 ? `${Math.round(-100 * m)}% more violating runs` : `${Math.round(100 * m)}%`;
}
