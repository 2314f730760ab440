// run's Outcome block for creates and edits. It used to end an edit's run with "no item was deleted
// in this run" and "0 stale renders" while check found that very nominal schedule violating
// read-your-writes: a user reading `run` alone was told nothing went wrong.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatOutcome } from '../../sim/format/formatOutcome';
import { formatText } from '../../sim/format/formatText';
import { runScenario } from '../../sim/run';
import { parseScenarioFile } from '../../sim/scenarios/file/parseScenarioFile';
import { getScenario } from '../../sim/scenarios/index';

const outcomeOf = (name: string, preset?: string) => formatOutcome(runScenario(getScenario(name), { preset }));

describe("run's outcome of creates and edits", () => {
  it('says when an edit was shown and when the old version came back, as check finds', () => {
    const text = outcomeOf('edit-reverts');
    expect(text).toContain('A edited "Site visit (client)" (2025-10-15 to 2025-10-16), committed at 184 ms:');
    expect(text).toContain('A (edited it): shown as written at 208 ms, the old version came back at 5034 ms (calendar.render <- ');
    expect(text).toContain('; the old version still shown at the end');
    expect(text).not.toContain('no item was deleted in this run');
    expect(text).toContain('2 of 4 render(s) showed a created or edited item wrong: an older version than the committed one, or missing.');
  });

  it("says another user's calendar never showed a created item", () => {
    const text = outcomeOf('cross-user-create');
    expect(text).toContain('B created "Planning day" (2025-10-23), committed at 104 ms:');
    expect(text).toMatch(/\n {6}A: missing at \d+ ms, never shown as written\n/);
    expect(text).toMatch(/B \(created it\): shown as written at \d+ ms, it vanished at \d+ ms \(.*\); still missing at the end/);
  });

  it('says nothing came back when the fix holds', () => {
    const text = outcomeOf('edit-reverts', 'robust');
    expect(text).toContain('A (edited it): shown as written at');
    expect(text).not.toContain('came back');
    expect(text).not.toContain('at the end');
  });

  it("leaves a run without creates or edits as it was, and the trace's own outcome untouched", () => {
    const broken = runScenario(getScenario('seed-broken'));
    expect(formatOutcome(broken)).not.toContain('created or edited');
    const edit = runScenario(getScenario('edit-reverts'));
    expect(edit.outcome.summary).toEqual(['no item was deleted in this run']);
    expect(formatText(edit)).toContain('A (edited it): ');
  });
});

describe('an edit that moves the item out of the range on screen', () => {
  it("is shown as written in the editor's calendar: FullCalendar keeps the event, with its new dates, out of view", () => {
    // It said "old version shown": the event was in the store, the range did not cover its new date.
    const yaml = `name: moved-out
today: 2025-10-27
users: [{ name: A, userId: "1" }]
items: [{ title: Audit, startDate: 2025-10-28 }]
steps:
  - { do: open, atMs: -1000 }
  - { do: edit, item: Audit, startDate: 2025-12-15, endDate: 2025-12-15, atMs: 0 }
`;
    const text = formatOutcome(runScenario(parseScenarioFile(yaml, 'moved-out.yaml')));
    expect(text).toMatch(/A \(edited it\): shown as written at \d+ ms, the old version came back at \d+ ms \(.*\); the old version still shown at the end/);
  });
});

describe('docs/scenario-files.md', () => {
  it("quotes run's outcome of edit-reverts as run prints it (the cause chain abridged)", () => {
    const doc = readFileSync('docs/scenario-files.md', 'utf8');
    const block = /\$ npx cachelab run edit-reverts \| tail -4 .*\n([\s\S]*?)```/.exec(doc)![1];
    const actual = formatText(runScenario(getScenario('edit-reverts'))).replace(/\(calendar\.render <- .*? <- (user\.\w+|sim\.settle)\)/g, '(calendar.render <- ... <- $1)');
    expect(actual.trimEnd().endsWith(block.trimEnd())).toBe(true);
  });
});
