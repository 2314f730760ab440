// A run that breaks an invariant no calendar shows, in the built page, as a learner reaches it: the
// "Does it hold?" strip offers check's inflight-refetch counterexample under seed-fix; its card said
// "● stayed gone" beside a failing fresh-after-commit chip, and no jump led anywhere ("Where it
// comes back" finds nothing). Pure logic: test/viz/verdictUnseenBreak.test.ts.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './buildApp';
import { useBuiltApp } from './builtAppPage';

const OUT = join(REPO, 'test-results', 'visualizer');
const tid = (id: string) => `[data-testid="${id}"]`;
const app = useBuiltApp({ width: 1280, height: 1400 }, OUT);

describe('a stale feed answer that no calendar showed', () => {
  it("says what broke on the card, and 'Where it breaks' goes to the worker's answer", async () => {
    await app.open('?scenario=inflight-refetch&preset=seed-fix');
    await app.page.locator(tid('hold-seed-fix-check')).click();
    const verdict = app.page.locator(tid('verdict-0'));
    await expect.poll(() => verdict.getAttribute('data-verdict')).toBe('served');
    const text = (await verdict.textContent()) ?? '';
    expect(text).toContain('stayed gone on every calendar, but Django worker 1\'s feed answer to A at 215 ms, produced after the delete committed at 194 ms, still held "Site visit": fresh-after-commit');
    expect(text).not.toContain('● stayed gone');
    expect(await app.page.locator(tid('jump-back')).isHidden()).toBe(true);
    // The counterexample opens where it breaks; from the first step, the jump goes there again.
    expect(await app.page.locator(tid('step-time')).textContent()).toContain('t = 215 ms');
    await app.page.keyboard.press('Home');
    expect(await app.page.locator(tid('step-time')).textContent()).not.toContain('t = 215 ms');
    await app.page.locator(tid('jump-break')).click();
    expect(await app.page.locator(tid('step-time')).textContent()).toContain('t = 215 ms');
    expect(await app.page.locator(tid('flow-0')).textContent()).toContain('still lists "Site visit"');
    await expect.poll(() => app.page.locator(tid('td-break')).count()).toBe(1);
    await app.page.screenshot({ path: join(OUT, 'unseen-break.png') });
    expect(app.pageErrors).toEqual([]);
  });
});
