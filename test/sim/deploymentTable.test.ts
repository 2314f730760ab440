// docs/recommendation.md's deployment table is its results file, and the results file is still what
// the model does: every stored counterexample replays to the same violations, and it covers every
// scenario `check all` runs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scriptedRun } from '../../sim/check/scriptedRun';
import { getScenario, SCENARIO_NAMES } from '../../sim/scenarios/index';
import { DEPLOYMENTS, deploymentOverrides, DOC_FILE, PRESETS, readResults, withDeploymentTable } from '../../tools/deploymentTable';

const results = readResults();

describe('the deployment table (tools/deploymentTable.ts)', () => {
  it('has every deployment and preset, each over every scenario, and the page shows them', () => {
    expect(results.map((r) => `${deploymentOverrides(r.deployment).join(' ')} ${r.preset}`).sort()).toEqual(DEPLOYMENTS.flatMap((d) => PRESETS.map((p) => `${deploymentOverrides(d).join(' ')} ${p}`)).sort());
    for (const r of results) expect(r.scenarios.map((s) => s.scenario)).toEqual(SCENARIO_NAMES);
    const page = readFileSync(DOC_FILE, 'utf8');
    expect(withDeploymentTable(page, results)).toBe(page);
  });

  it('a figure typed by hand in the table is caught', () => {
    const page = readFileSync(DOC_FILE, 'utf8');
    const tampered = page.replace(/exit 1, (\d+) of (\d+)/, 'exit 1, 13 of 14');
    expect(tampered).not.toBe(page);
    expect(withDeploymentTable(tampered, results)).not.toBe(tampered);
  });

  const stored = results.flatMap((r) => r.scenarios.filter((s) => s.counterexample).map((s) => ({ ...s, preset: r.preset, overrides: deploymentOverrides(r.deployment) })));
  it.each(stored)('$preset $overrides $scenario: the stored counterexample still violates what it says', (s) => {
    const run = scriptedRun(getScenario(s.scenario), { preset: s.preset, overrides: s.overrides }, s.counterexample!.script, true);
    expect([...new Set(run.violations.map((v) => v.invariant))]).toEqual(s.counterexample!.invariants);
  });
});
