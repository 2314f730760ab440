// docs/recommendation.md's "why each part" table is its results file, and the results file is still
// what the model does: every stored counterexample (check's shrunk one, explore's shortest witness)
// replays to what it says.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scriptedRun } from '../../sim/check/scriptedRun';
import { getScenario, SCENARIO_NAMES } from '../../sim/scenarios/index';
import { ABLATIONS, DOC_FILE, readResults, withAblationTable } from '../../tools/ablationTable';

const results = readResults();

describe('the ablation table (tools/ablationTable.ts)', () => {
  it('has a result for every part, check all over every scenario, and the page shows them', () => {
    expect(results.map((r) => [r.part, r.command, r.scenario, r.overrides])).toEqual(ABLATIONS.map((a) => [a.part, a.command, a.scenario, a.overrides]));
    for (const r of results.filter((x) => x.command === 'check' && x.scenario === 'all')) expect(r.verdicts.map((v) => v.scenario)).toEqual(SCENARIO_NAMES);
    const page = readFileSync(DOC_FILE, 'utf8');
    expect(withAblationTable(page, results)).toBe(page);
  });

  it('a figure typed by hand in the table is caught', () => {
    const page = readFileSync(DOC_FILE, 'utf8');
    const tampered = page.replace(/exit 1 after (\d+) schedule/, 'exit 1 after 999 schedule');
    expect(tampered).not.toBe(page);
    expect(withAblationTable(tampered, results)).not.toBe(tampered);
  });

  const stored = results.flatMap((r) => r.verdicts.filter((v) => v.counterexample).map((v) => ({ ...v, command: r.command, overrides: r.overrides })));
  it.each(stored)('$command $scenario $overrides: the stored counterexample still violates what it says', (v) => {
    const run = scriptedRun(getScenario(v.scenario), { preset: 'robust', overrides: v.overrides }, v.counterexample!.script, true);
    const violated = [...new Set(run.violations.map((x) => x.invariant))];
    // check stores every invariant its shrunk schedule violates; explore one witness per invariant.
    if (v.command === 'check') expect(violated).toEqual(v.counterexample!.invariants);
    else expect(violated).toEqual(expect.arrayContaining(v.counterexample!.invariants));
    expect(v.counterexample!.script.filter((c) => c !== 0).length).toBe(v.counterexample!.deviations);
  });
});
