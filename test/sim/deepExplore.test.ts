// docs/recommendation.md's longer campaign is its results file, as the CLI reported it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC_FILE, readResults, SCENARIOS, withDeepBlock } from '../../tools/deepExplore';

const results = readResults();

describe('the longer explore campaign (tools/deepExplore.ts)', () => {
  it('has a result for every scenario it lists, under robust, and the page shows them', () => {
    expect(results.map((r) => [r.scenario, r.preset])).toEqual(SCENARIOS.map((s) => [s, 'robust']));
    for (const r of results) {
      expect(r.distinctStates).toBeGreaterThan(0);
      // Not exhaustive means a cap stopped it, and the page then says how deep it covered.
      if (!r.exhaustive) expect(r.completeUpToDeviations).not.toBeNull();
    }
    const page = readFileSync(DOC_FILE, 'utf8');
    expect(withDeepBlock(page, results)).toBe(page);
  });

  it('a figure typed by hand in the block is caught', () => {
    const page = readFileSync(DOC_FILE, 'utf8');
    const tampered = page.replace(/with up to (\d+) deviations covered \| `npx cachelab explore/, 'with up to 99 deviations covered | `npx cachelab explore');
    expect(tampered).not.toBe(page);
    expect(withDeepBlock(tampered, results)).not.toBe(tampered);
  });
});
