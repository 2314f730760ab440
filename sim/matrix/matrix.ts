// `matrix`: all 16 combinations of the seed's four fixes, under both browser profiles, over the
// scenario catalog: for each, the share of seeded random runs that violate each invariant. Run k
// of a row uses scenario k mod S and seed k + 1, so every row sees the same schedules.
import { SEED_FIXES, type Config, type ConfigKey, formatValue } from '../../src/config';
import { checkInvariants, INVARIANTS } from '../invariants/index';
import { longestStale } from '../invariants/staleness';
import { runScenario } from '../run';
import type { Scenario } from '../scenarios/types';

export type FixNumber = 1 | 2 | 3 | 4;
export const PROFILES = ['chromium', 'seed-assumption'] as const;
export type Profile = (typeof PROFILES)[number];

export interface MatrixCell {
  profile: Profile;
  runs: number;
  /** Runs violating each invariant, by invariant name. */
  violating: Record<string, number>;
  /** Runs violating at least one. */
  violatingAny: number;
  /** Runs violating at least one, by scenario name (scenarios with none left out). */
  violatingByScenario: Record<string, number>;
  /** Violating runs by how their longest staleness ended: a window, a TTL, or the end of the run. */
  staleUntil: Record<'window' | 'ttl' | 'end-of-run', number>;
  /** The longest window (ms) among the runs whose longest staleness was a window; null: none. */
  longestWindowMs: number | null;
}

export interface MatrixRow {
  fixes: FixNumber[];
  /** "none", "1", "1+3", ... */
  label: string;
  cells: MatrixCell[];
}

export interface SeedClaim {
  /** What the seed says, in its words. */
  claim: string;
  fixes: FixNumber[];
  /** The share the seed claims is removed, 0..1. */
  claimedShare: number;
  /** Measured share of the no-fix row's violating runs that this row removes, per profile. */
  measured: Record<Profile, number | null>;
}

export interface MatrixResult {
  runsPerCell: number;
  maxStaleMs?: number;
  scenarios: string[];
  rows: MatrixRow[];
  claims: SeedClaim[];
}

export function fixOverrides(fixes: readonly FixNumber[]): string[] {
  const values: Partial<Config> = {};
  for (const f of fixes) Object.assign(values, SEED_FIXES[f]);
  return Object.entries(values).map(([k, v]) => `${k}=${formatValue(v as Config[ConfigKey])}`);
}

export function fixLabel(fixes: readonly FixNumber[]): string {
  return fixes.length ? fixes.join('+') : 'none';
}

export const ALL_FIX_SETS: FixNumber[][] = Array.from({ length: 16 }, (_, mask) => ([1, 2, 3, 4] as FixNumber[]).filter((f) => mask & (1 << (f - 1))));

/** The seed's own estimates (the seed analysis: "Fixes 50%/40%/10% of the problem", Phase 1 "~60%", Phase 2 "100%"). */
const CLAIMS: Array<Omit<SeedClaim, 'measured'>> = [
  { claim: 'fix 1 (never_cache): "Fixes 50% of the problem immediately"', fixes: [1], claimedShare: 0.5 },
  { claim: 'fix 2 (version-based invalidation): "Fixes 40% of the problem"', fixes: [2], claimedShare: 0.4 },
  { claim: 'fix 3 (cache-busting fetch): "Fixes 10% of the problem"', fixes: [3], claimedShare: 0.1 },
  { claim: 'phase 1 (fixes 1+3): "reduces issue by ~60%"', fixes: [1, 3], claimedShare: 0.6 },
  { claim: 'phase 2 (fixes 1+2+3): "resolves issue 100%"', fixes: [1, 2, 3], claimedShare: 1 },
];

export interface MatrixOptions {
  runs: number;
  scenarios: Scenario[];
  onRun?: (done: number, total: number, violating: number) => void;
  /** Tolerate staleness of at most this many ms (`--max-stale-ms`). */
  maxStaleMs?: number;
}

/** One cell: `runs` seeded runs of the broken code with these fixes under this browser profile. */
export function measureCell(fixes: readonly FixNumber[], profile: Profile, options: Omit<MatrixOptions, 'onRun'>, onRun?: (violated: boolean) => void): MatrixCell {
  const { runs, scenarios } = options;
  const overrides = [...fixOverrides(fixes), `browser.profile=${profile}`];
  const violating: Record<string, number> = Object.fromEntries(INVARIANTS.map((i) => [i.name, 0]));
  let violatingAny = 0;
  const violatingByScenario: Record<string, number> = {};
  const staleUntil = { window: 0, ttl: 0, 'end-of-run': 0 };
  let longestWindowMs: number | null = null;
  for (let k = 0; k < runs; k++) {
    const scenario = scenarios[k % scenarios.length];
    const trace = runScenario(scenario, { preset: 'broken', overrides, seed: k + 1, lean: true });
    const found = checkInvariants(trace, { maxStaleMs: options.maxStaleMs });
    const names = new Set(found.map((v) => v.invariant));
    for (const n of names) violating[n]++;
    if (names.size) {
      const worst = longestStale(found);
      staleUntil[worst.staleUntil ?? 'end-of-run']++;
      if (worst.staleUntil === 'window') longestWindowMs = Math.max(longestWindowMs ?? 0, worst.staleMs ?? 0);
      violatingAny++;
      violatingByScenario[scenario.name] = (violatingByScenario[scenario.name] ?? 0) + 1;
    }
    onRun?.(names.size > 0);
  }
  return { profile, runs, violating, violatingAny, violatingByScenario, staleUntil, longestWindowMs };
}

export function runMatrix(options: MatrixOptions): MatrixResult {
  const { runs, scenarios } = options;
  const total = ALL_FIX_SETS.length * PROFILES.length * runs;
  let done = 0;
  let violatingSoFar = 0;
  const rows: MatrixRow[] = ALL_FIX_SETS.map((fixes) => {
    const cells = PROFILES.map((profile) =>
      measureCell(fixes, profile, options, (violated) => {
        if (violated) violatingSoFar++;
        options.onRun?.(++done, total, violatingSoFar);
      }),
    );
    return { fixes, label: fixLabel(fixes), cells };
  });
  const rowOf = (fixes: readonly FixNumber[]) => rows.find((r) => r.label === fixLabel(fixes))!;
  const none = rowOf([]);
  const claims: SeedClaim[] = CLAIMS.map((c) => {
    const row = rowOf(c.fixes);
    const measured = {} as Record<Profile, number | null>;
    PROFILES.forEach((p, i) => {
      const base = none.cells[i].violatingAny;
      measured[p] = base === 0 ? null : (base - row.cells[i].violatingAny) / base;
    });
    return { ...c, measured };
  });
  return { runsPerCell: runs, maxStaleMs: options.maxStaleMs, scenarios: scenarios.map((s) => s.name), rows, claims };
}

