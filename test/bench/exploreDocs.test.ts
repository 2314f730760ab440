// The explore verdicts in docs/findings.md and docs/recommendation.md quote bench/results.json only
// through bench/exploreDocs.ts: each committed block must be exactly what `npm run bench:doc`
// makes of the committed results file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPLORE_BLOCKS, withExploreBlock } from '../../bench/exploreDocs';
import type { BenchResults } from '../../bench/run';
import { REPO_DIR, RESULTS_FILE } from '../../bench/writePerformanceDoc';

const results = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as BenchResults;

describe.each(EXPLORE_BLOCKS)('$file: $name', (block) => {
  it('is generated from bench/results.json (npm run bench:doc)', () => {
    const page = readFileSync(`${REPO_DIR}${block.file}`, 'utf8');
    expect(page).toBe(withExploreBlock(page, block, results));
    expect(page).toMatch(/\| \S+ \| (broken|seed-fix|robust) \| /);
  });

  it('changes when a figure in the results changes (the block really reads the file)', () => {
    const page = readFileSync(`${REPO_DIR}${block.file}`, 'utf8');
    const changed = structuredClone(results);
    const row = changed.explore.scenarios.find((e) => block.presets.includes(e.preset))!;
    row.distinctStates += 1;
    expect(withExploreBlock(page, block, changed)).not.toBe(page);
  });
});
