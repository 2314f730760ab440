// docs/findings.md's commit-race table per database is its results file, and the results file is
// still what the model does: every stored counterexample replays to the same violations.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scriptedRun } from '../../sim/check/scriptedRun';
import { getScenario } from '../../sim/scenarios/index';
import { DATABASES, DOC_FILE, RACE_CONFIGS, readResults, withRaceTable } from '../../tools/commitRaceDatabases';

const results = readResults();

describe('commit-race on each database (tools/commitRaceDatabases.ts)', () => {
  it('has a result for every database and configuration, and the page shows them', () => {
    expect(results.map((r) => `${r.database} ${r.what}`).sort()).toEqual(DATABASES.flatMap((d) => RACE_CONFIGS.map((c) => `${d} ${c.what}`)).sort());
    const page = readFileSync(DOC_FILE, 'utf8');
    expect(withRaceTable(page, results)).toBe(page);
  });

  it('a figure typed by hand in the table is caught', () => {
    const page = readFileSync(DOC_FILE, 'utf8');
    const tampered = page.replace(/violated after (\d+) schedule/, 'violated after 999 schedule');
    expect(tampered).not.toBe(page);
    expect(withRaceTable(tampered, results)).not.toBe(tampered);
  });

  it.each(results.filter((r) => r.counterexample))('$database, $what: the stored counterexample still violates what it says', (r) => {
    const run = scriptedRun(getScenario('commit-race'), { preset: r.preset, overrides: r.overrides }, r.counterexample!.script, true);
    expect([...new Set(run.violations.map((v) => v.invariant))]).toEqual(r.counterexample!.invariants);
  });

  it('gives the same verdict on both engines, as the page says', () => {
    const verdict = (database: string) => results.filter((r) => r.database === database).map((r) => [r.what, r.counterexample?.invariants ?? 'ok']);
    expect(verdict('sqlite')).toEqual(verdict('postgresql'));
  });
});
