// The incidents (docs/incidents.md): each shipped file names its source, what users saw and the
// fix that team chose, and each line of the doc's verdict table is what `check` says.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INCIDENTS } from '../../sim/scenarios/index';
import { cli } from './cliHarness';

const doc = readFileSync('docs/incidents.md', 'utf8');
const rows = [...doc.matchAll(/^\| `npx cachelab (check [^`]+)` \| (ok|VIOLATED)\b/gm)].map((m) => ({ argv: m[1].split(' '), verdict: m[2] }));

describe('incident scenario files', () => {
  it.each(INCIDENTS.map((s) => [s.name, s.details]))('%s says its source, what users saw, and the fix chosen', (name, details) => {
    expect(details).toMatch(/Sources?: /);
    expect(details).toMatch(/What users saw/);
    expect(details).toMatch(/The fix (that team|those teams|the paper) chose/);
    expect(doc).toContain(`\`${name}\``);
  });

  it('the verdict table covers every incident, with the bug and the fix', () => {
    for (const s of INCIDENTS) {
      const mine = rows.filter((r) => r.argv[1] === s.name);
      expect(new Set(mine.map((r) => r.verdict)), s.name).toEqual(new Set(['ok', 'VIOLATED']));
    }
  });

  it.each(rows.map((r) => [r.argv.join(' '), r.verdict]))('cachelab %s -> %s', async (command, verdict) => {
    const r = await cli(command.split(' '), new Map());
    expect(r.code).toBe(verdict === 'ok' ? 0 : 1);
  });
});
