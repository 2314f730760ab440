// The "Creates and edits" table in docs/findings.md is what `cachelab check` gives for each write
// scenario and preset. After an intended model change:
//   UPDATE_DOCS=1 npx vitest run test/sim/writeFindings.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRESET_NAMES } from '../../src/config';
import { allWriteVerdicts, withWriteTable, WRITE_PRESETS } from '../../sim/lessons/writeFindings';

const FILE = 'docs/findings.md';

describe('docs/findings.md: creates and edits', () => {
  const verdicts = allWriteVerdicts();

  it('covers every preset', () => {
    expect([...WRITE_PRESETS]).toEqual(PRESET_NAMES);
  });

  it('matches its runs', () => {
    const want = withWriteTable(readFileSync(FILE, 'utf8'), verdicts);
    if (process.env.UPDATE_DOCS) writeFileSync(FILE, want);
    expect(readFileSync(FILE, 'utf8')).toBe(want);
  });

  it('a verdict typed by hand in the block is caught', () => {
    const page = withWriteTable(readFileSync(FILE, 'utf8'), verdicts);
    // The write table's own row (the "At a glance" table above it names the write scenarios too).
    const at = page.indexOf('<!-- generated:write-verdicts');
    const tampered = page.slice(0, at) + page.slice(at).replace(/\| create-appears \| [^|]+\|/, '| create-appears | ok (100 schedules) |');
    expect(tampered).not.toBe(page);
    expect(withWriteTable(tampered, verdicts)).toBe(page);
  });

  it('broken fails every write scenario; robust holds on all of them', () => {
    for (const v of verdicts.filter((x) => x.preset === 'broken')) expect(v.violated.length, v.scenario).toBeGreaterThan(0);
    for (const v of verdicts.filter((x) => x.preset === 'robust')) expect(v.violated, v.scenario).toEqual([]);
  });
});
