// A create's or an edit's run in the built page, as a user opening its counterexample sees it: it
// opened at step 1 (a delete's opens where the item comes back), "Where it comes back" did not go
// to the old version's return, and the card said "no item was deleted in this run" above
// "Invariants violated". Pure logic: test/viz/writeComeBacks.test.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { REPO } from './buildApp';
import { useBuiltApp } from './builtAppPage';

const OUT = join(REPO, 'test-results', 'visualizer');
const tid = (id: string) => `[data-testid="${id}"]`;
const app = useBuiltApp({ width: 1440, height: 1700 }, OUT);


const stepTime = () => app.page.locator(tid('step-time')).textContent();

describe('creates and edits in the page', () => {
  it("opens an edit's run where its old version comes back, and the card says what happened to the edit", async () => {
    await app.open('?scenario=edit-reverts&preset=broken');
    expect(await stepTime()).toContain('t = 5034 ms');
    const verdict = app.page.locator(tid('verdict-0'));
    expect(await verdict.getAttribute('data-verdict')).toBe('reverted');
    const text = (await verdict.textContent()) ?? '';
    expect(text).not.toContain('no item was deleted');
    expect(text).toContain('shown as written at 208 ms, the old version came back at 5034 ms');
    // The step says it too, and the alert under it (it spoke of deleted items only).
    expect(await app.page.locator(tid('sentence-0')).textContent()).toContain('"Site visit (client)" shows its old version again, edited by A at 184 ms');
    expect(await app.page.locator(tid('now-0')).isVisible()).toBe(true);
    expect(await app.page.locator(tid('now-0')).getAttribute('data-state')).toBe('back');
    // Which layer lies: the Django cache's entry and the stored browser answer hold the old version, as a deleted item's copies are marked.
    expect(await app.page.locator(`${tid('flow-0')} ${tid('cache-entry')}[data-old="copy"]`).count()).toBe(1);
    expect(await app.page.locator(`${tid('flow-0')} ${tid('browser-entry')}[data-old="copy"]`).count()).toBe(1);
    await expect.poll(() => app.page.locator(`${tid('layer-stale')}[data-actor="cache:1"][data-what="written"]`).count()).toBeGreaterThan(0);
    expect(await app.page.locator(tid('keys-verdict-0')).textContent()).toContain('survives the edit: it holds the old version of "Site visit (client)" (still "Site visit" there)');
    expect(await app.page.locator(tid('hold-broken')).getAttribute('data-verdict')).toBe('reverted');
    expect(await app.page.locator(tid('hold-robust')).getAttribute('data-verdict')).toBe('written');
    // The diagram marks the render, and the jump finds it from the first step.
    expect(await app.page.locator(tid('td-resurrection')).count()).toBe(1);
    await app.page.keyboard.press('Home');
    // Time counts from the edit, as a delete's run counts from the Delete click.
    await expect.poll(stepTime).toContain('(before the edit at 0 ms)');
    await app.page.locator(tid('jump-back')).click();
    await expect.poll(stepTime).toBe(' · t = 5034 ms (after the edit at 0 ms)');
    await app.page.screenshot({ path: join(OUT, 'edit-reverts-opened.png') });
  });

  it('opens a counterexample file of a create where the creator loses the item', async () => {
    await app.open('');
    const file = join(OUT, 'counterexample-cross-user-create.json');
    writeFileSync(file, JSON.stringify(runScenario(getScenario('cross-user-create'), { preset: 'broken' }), null, 1));
    await app.page.locator(tid('file-input')).setInputFiles(file);
    await expect.poll(() => app.page.locator(tid('source-0')).textContent()).toContain('counterexample-cross-user-create.json');
    await expect.poll(stepTime).toContain('t = 3198 ms');
    const text = (await app.page.locator(tid('verdict-0')).textContent()) ?? '';
    expect(text).toMatch(/A: missing at \d+ ms, never shown as written · B \(created it\): shown as written at \d+ ms, it vanished at 3198 ms; still missing at the end/);
    expect(await app.page.locator(tid('now-0')).textContent()).toContain('on FullCalendar (A), "Planning day", created by B at 104 ms, is not there yet');
    expect(app.pageErrors).toEqual([]);
  });
});
