// docs/findings.md's "At a glance" table is its results file, and the results file is still what
// the model does: every stored counterexample replays to the same violations, and it covers every
// scenario `check all` runs under each preset.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scriptedRun } from '../../sim/check/scriptedRun';
import { getScenario, SCENARIO_NAMES } from '../../sim/scenarios/index';
import { DOC_FILE, PRESETS, readResults, withGlanceTable } from '../../tools/checkAtAGlance';

const results = readResults();

describe('findings "At a glance" (tools/checkAtAGlance.ts)', () => {
  it('has every scenario under every preset, and the page shows them', () => {
    expect(results.map((r) => `${r.scenario} ${r.preset}`).sort()).toEqual(SCENARIO_NAMES.flatMap((n) => PRESETS.map((p) => `${n} ${p}`)).sort());
    const page = readFileSync(DOC_FILE, 'utf8');
    expect(withGlanceTable(page, results)).toBe(page);
  });

  it('a figure typed by hand in the table is caught', () => {
    const page = readFileSync(DOC_FILE, 'utf8');
    const tampered = page.replace(/ok \((\d+)\)/, 'ok (14)');
    expect(tampered).not.toBe(page);
    expect(withGlanceTable(tampered, results)).not.toBe(tampered);
  });

  it.each(results.filter((r) => r.counterexample))('$preset $scenario: the stored counterexample still violates what it says', (r) => {
    const run = scriptedRun(getScenario(r.scenario), { preset: r.preset }, r.counterexample!.script, true);
    expect([...new Set(run.violations.map((v) => v.invariant))]).toEqual(r.counterexample!.invariants);
  });
});
