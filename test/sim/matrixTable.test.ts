// docs/findings.md's "The seed's fixes, measured" block is its results file (docs/matrix.json), the
// results file is still what the model does (two rows recomputed), and the prose beside the block
// says, in words, only what the results show.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_FIX_SETS, fixLabel, measureCell, PROFILES, type FixNumber } from '../../sim/matrix/matrix';
import { SCENARIO_NAMES, SCENARIOS } from '../../sim/scenarios/index';
import { DOC_FILE, failingScenarios, readResults, removed, RUNS, shareAny, WHY_STILL_FAILING, withMatrixBlock } from '../../tools/matrixTable';

const results = readResults();
const page = readFileSync(DOC_FILE, 'utf8');
const phase2: FixNumber[] = [1, 2, 3];
const allFour: FixNumber[] = [1, 2, 3, 4];

describe("findings' matrix block (tools/matrixTable.ts)", () => {
  it('covers every fix combination and profile over every scenario, and the page shows it', () => {
    expect(results.runsPerCell).toBe(RUNS);
    expect(results.scenarios).toEqual(SCENARIO_NAMES);
    expect(results.rows.map((r) => r.label)).toEqual(ALL_FIX_SETS.map(fixLabel));
    for (const r of results.rows) expect(r.cells.map((c) => [c.profile, c.runs])).toEqual(PROFILES.map((p) => [p, RUNS]));
    expect(withMatrixBlock(page, results)).toBe(page);
  });

  it('a figure typed by hand in the block is caught', () => {
    const tampered = page.replace(/fix 2 \(the version\) (\d+)%/, 'fix 2 (the version) 99%');
    expect(tampered).not.toBe(page);
    expect(withMatrixBlock(tampered, results)).not.toBe(tampered);
    const inTable = page.replace(/^(none +\| +)(\d+)%/m, '$1101%');
    expect(inTable).not.toBe(page);
    expect(withMatrixBlock(inTable, results)).not.toBe(inTable);
  });

  it.each([[[] as FixNumber[]], [phase2]])('fixes %j: the stored row is what the model measures now', (fixes) => {
    const row = results.rows.find((r) => r.label === fixLabel(fixes))!;
    for (const [i, profile] of PROFILES.entries()) expect(measureCell(fixes, profile, { runs: RUNS, scenarios: SCENARIOS })).toEqual(row.cells[i]);
  });

  it('the prose says what the results show', () => {
    const prose = page.slice(page.indexOf('<!-- /generated:matrix -->'), page.indexOf('## Robust'));
    // "Under measured Chromium behaviour, fixes 1 and 3 change nothing ... Fix 2 removes most ..., more than the seed's 40%, but not all"
    expect(prose).toContain('fixes 1 and 3\n  change nothing');
    for (const fixes of [[1], [3], [1, 3]] as FixNumber[][]) expect(removed(results, fixes, 'chromium')).toBe(0);
    expect(removed(results, [2], 'chromium')).toBeGreaterThan(0.5);
    expect(removed(results, [2], 'chromium')).toBeLessThan(1);
    // "fix 2 alone removes almost nothing; fix 1 or fix 3 alone only brings the share down to Chromium's with no fix"
    expect(prose).toContain('removes almost nothing');
    expect(removed(results, [2], 'seed-assumption')!).toBeLessThan(0.05);
    for (const fixes of [[1], [3]] as FixNumber[][]) expect(shareAny(results, fixes, 'seed-assumption')).toBe(shareAny(results, [], 'chromium'));
    // "Phase 2 ... does not [resolve 100%], under either profile, nor with all four fixes", for three reasons; inflight-refetch is missed.
    for (const p of PROFILES) for (const fixes of [phase2, allFour]) expect(shareAny(results, fixes, p)).toBeGreaterThan(0);
    const failing = new Set(PROFILES.flatMap((p) => [phase2, allFour].flatMap((f) => failingScenarios(results, f, p))));
    expect(failing.has('inflight-refetch')).toBe(false);
    for (const n of failing) expect(WHY_STILL_FAILING[n]).toMatch(/per user|LocMem|ATOMIC_REQUESTS/);
    // "Fix 4 alone makes things worse under Chromium ... In cache-pressure ..."
    expect(shareAny(results, [4], 'chromium')).toBeGreaterThan(shareAny(results, [], 'chromium'));
    const [none, four] = [[], [4]].map((f) => results.rows.find((r) => r.label === fixLabel(f as FixNumber[]))!.cells[0].violatingByScenario);
    expect(four['cache-pressure'] ?? 0).toBeGreaterThan(none['cache-pressure'] ?? 0);
  });
});
