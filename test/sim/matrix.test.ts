// matrix: 16 fix combinations x 2 browser profiles, the seed's claims beside the measurement.
import { describe, expect, it } from 'vitest';
import { cli } from './cliHarness';
import { removedShare } from '../../sim/cli/cliMatrix';
import { ALL_FIX_SETS, fixLabel, fixOverrides, runMatrix } from '../../sim/matrix/matrix';
import { getScenario } from '../../sim/scenarios/index';


describe('matrix', () => {
  it('has the 16 combinations of fixes 1-4', () => {
    expect(ALL_FIX_SETS).toHaveLength(16);
    expect(new Set(ALL_FIX_SETS.map(fixLabel)).size).toBe(16);
    expect(fixOverrides([1, 3])).toEqual(['feed.neverCache=true', 'page.cacheBuster=true', 'page.noCacheHeaders=true']);
  });

  it('measures: under the seed\'s browser belief, never_cache helps; under Chromium it changes nothing on seed-broken', () => {
    const r = runMatrix({ runs: 6, scenarios: [getScenario('seed-broken')] });
    const row = (label: string) => r.rows.find((x) => x.label === label)!;
    const any = (label: string, i: number) => row(label).cells[i].violatingAny;
    expect(any('none', 0)).toBe(6);
    expect(any('1', 0)).toBe(6); // chromium: the server cache is what serves the stale feed
    expect(any('2', 0)).toBe(0);
    expect(row('none').cells[1].violating['fresh-after-commit']).toBe(0); // seed-assumption: the browser answers, the server is never asked
    expect(r.claims.map((c) => c.claimedShare)).toEqual([0.5, 0.4, 0.1, 0.6, 1]);
    expect(r.claims[0].measured.chromium).toBe(0);
  });

  it('is deterministic', () => {
    const a = runMatrix({ runs: 4, scenarios: [getScenario('multi-worker'), getScenario('cross-user-delete')] });
    const b = runMatrix({ runs: 4, scenarios: [getScenario('multi-worker'), getScenario('cross-user-delete')] });
    expect(a).toEqual(b);
  });

  it('cachelab matrix prints the 16-row table and the claims; --json is JSON only', async () => {
    const r = await cli(['matrix', '--runs', '2']);
    expect(r.code).toBe(0);
    const rows = r.out.split('\n').filter((l) => /^(none|[1-4](\+[1-4])*)\s+\|/.test(l));
    // The share table, then the staleness table: 16 rows each.
    expect(rows).toHaveLength(32);
    expect(rows.slice(16).every((l) => /\d+\/\d+\/\d+/.test(l))).toBe(true);
    expect(r.out).toContain('"Fixes 50% of the problem immediately"');
    expect(r.out).toContain('"resolves issue 100%"');
    const j = JSON.parse((await cli(['matrix', '--runs', '1', '--json'])).out);
    expect(j.rows).toHaveLength(16);
    expect(Object.keys(j.rows[0].profiles)).toEqual(['chromium', 'seed-assumption']);
    expect((await cli(['matrix', '--runs', '0'])).code).toBe(2);
  });

  it("measures one scenario, a user's own file included: which of the seed's fixes would have helped there", async () => {
    // It refused --scenario-file: the matrix measured only the catalog.
    const files = new Map([['mine.json', (await cli(['scenarios', '--export', 'cross-user-create'])).out.replace('"name": "cross-user-create"', '"name": "our-incident"')]]);
    const r = await cli(['matrix', '--scenario-file', 'mine.json', '--runs', '2'], files);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^matrix: 2 seeded runs per cell over the scenario our-incident\n/);
    expect(r.out).toContain('Detail: cachelab check --scenario-file mine.json --config seed-fix; the recommendation: cachelab check --scenario-file mine.json --config robust.');
    const j = JSON.parse((await cli(['matrix', '--scenario-file', 'mine.json', '--runs', '1', '--json'], files)).out);
    expect(j.scenarios).toEqual(['our-incident']);
    // The same runs as the catalog scenario it was exported from.
    const named = JSON.parse((await cli(['matrix', 'cross-user-create', '--runs', '1', '--json'])).out);
    expect(named.rows).toEqual(j.rows.map((row: { profiles: Record<string, { violatingByScenario: Record<string, number> }> }) => ({
      ...row,
      profiles: Object.fromEntries(Object.entries(row.profiles).map(([p, c]) => [p, { ...c, violatingByScenario: Object.fromEntries(Object.entries(c.violatingByScenario).map(([, n]) => ['cross-user-create', n])) }])),
    })));
    expect((await cli(['matrix', 'mine.json'], files)).err).toMatch(/"mine\.json" is not a scenario name; to run a scenario file: --scenario-file mine\.json/);
  });
});

describe("matrix's claim line", () => {
  it('says a fix that adds violating runs does so, rather than printing a negative share', () => {
    expect([0.76, 0, -0.05, null].map(removedShare)).toEqual(['76%', '0%', '5% more violating runs', '-']);
  });
});
