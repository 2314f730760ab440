// The staleness tables in docs/findings.md and docs/recommendation.md are what the runs say.
// After an intended model change: UPDATE_DOCS=1 npx vitest run test/sim/stalenessDocs.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STALENESS_BLOCKS, withBlock } from '../../sim/lessons/stalenessDocs';

describe.each(STALENESS_BLOCKS)('$file: $name', (block) => {
  it('matches its runs', () => {
    const want = withBlock(readFileSync(block.file, 'utf8'), block);
    if (process.env.UPDATE_DOCS) writeFileSync(block.file, want);
    expect(readFileSync(block.file, 'utf8')).toBe(want);
    expect(want).toMatch(/\| \w.* \| `npx cachelab replay .*` \(exit [01]\)/);
  });
});

it('a stale duration typed by hand in a generated block is caught', () => {
  const block = STALENESS_BLOCKS[1];
  const page = withBlock(readFileSync(block.file, 'utf8'), block);
  const tampered = page.replace(/fresh-after-commit (\d+) ms/, 'fresh-after-commit 4 ms');
  expect(tampered).not.toBe(page);
  expect(withBlock(tampered, block)).not.toBe(tampered);
});
