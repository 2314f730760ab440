// The visualizer for a learner who uses only the keyboard or a screen reader, and for a trainer who
// projects it at 200% zoom: axe-core's WCAG 2.1 A/AA rules in the page's main states (nothing critical
// or serious), dialogs that Escape closes with the focus back on their opener, lesson 1 done start
// to finish with the keyboard alone, and what the step bar's live region says (the step's sentence;
// nothing while the tour plays on; no spoiler while a question waits). One page for the whole file.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getLesson, runLesson } from '../../sim/lessons/index';
import { vizLink, VIZ_ORIGIN } from '../../sim/lessons/vizLink';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { choicesOf } from '../../viz/model/choices';
import { axeFindings, harmful } from './axe';
import { REPO } from './buildApp';
import { useBuiltApp } from './builtAppPage';
import { spoilersIn } from './noSpoilers';
import { PAGE_KEYS } from '../../viz/ui/keysHelp';

const OUT = join(REPO, 'test-results', 'accessibility');
const tid = (id: string) => `[data-testid="${id}"]`;
const app = useBuiltApp({ width: 1280, height: 800 }, OUT);

const focused = () => app.page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);
const text = async (id: string) => (await app.page.locator(tid(id)).textContent()) ?? '';
const said = () => text('step-said');
const diagramName = async () => (await app.page.locator(tid('timing-svg')).getAttribute('aria-label')) ?? '';

/** axe on the page as it is now: the critical and serious violations (an empty list passes). */
async function expectAxeClean(state: string): Promise<void> {
  const found = await axeFindings(app.page);
  expect(harmful(found), `${state}: ${JSON.stringify(found)}`).toEqual([]);
}

/** Ids that more than one element of the page carries. */
function duplicateIds(): Promise<string[]> {
  return app.page.evaluate(() => {
    const seen = new Map<string, number>();
    for (const e of document.querySelectorAll('[id]')) seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  });
}

/** Presses Tab until the control is focused (at most `max` times), as a keyboard user reaches it. */
async function tabTo(testid: string, max = 40): Promise<void> {
  for (let i = 0; i < max && (await focused()) !== testid; i++) await app.page.keyboard.press('Tab');
  expect(await focused(), `Tab reaches ${testid}`).toBe(testid);
}

function lessonLink(n: number): string {
  const lesson = getLesson(n);
  return vizLink(lesson, lesson.questions[0].checkpoint(runLesson(lesson))).slice(VIZ_ORIGIN.length);
}

async function clearProgress(): Promise<void> {
  await app.page.evaluate(() => localStorage.removeItem('cachelab.lessons.progress.v1'));
}

describe('accessibility (built app, headless Chromium, axe-core WCAG 2.1 A/AA)', () => {
  it('first screen, Edit, the lesson list, a doc and "Open trace…": axe finds nothing serious; Escape closes each and the focus goes back to its opener', async () => {
    const p = app.page;
    await app.open('');
    await clearProgress();
    // The "Does it hold?" strip checks the catalog in the page, then is drawn again: audited once drawn.
    await expect.poll(() => text('holds-elsewhere')).not.toContain('checking');
    await expectAxeClean('first screen');
    // The diagram's text alternative says what it shows: each run's verdict, as its card words it.
    const name = await diagramName();
    for (const r of [0, 1]) expect(name).toContain((await text(`verdict-${r}`)).slice(0, 40));

    // No id twice in the page, at any of the first steps (two runs' flow views each drew an arrowhead "flow-head").
    for (let step = 0; step < 12; step++) {
      await p.evaluate((s) => window.__cachelab!.go(s), step);
      expect(await duplicateIds(), `step ${step + 1}`).toEqual([]);
    }

    // Every Tab stop of the first screen shows the focus (a file input hidden behind its label: the label).
    await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const stops: string[] = [];
    for (let i = 0; i < 80; i++) {
      await p.keyboard.press('Tab');
      const stop = await p.evaluate(() => {
        const e = document.activeElement as HTMLElement | null;
        if (!e || e === document.body) return null;
        const shown = e.classList.contains('visually-hidden') ? (document.querySelector(`label[for="${e.id}"]`) ?? e) : e;
        const st = getComputedStyle(shown);
        const ring = st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2;
        return { name: e.dataset.testid ?? `${e.tagName} ${e.textContent?.slice(0, 30)}`, ring };
      });
      if (!stop) break;
      stops.push(stop.name);
      expect(stop.ring, `the focus on ${stop.name} shows no ring`).toBe(true);
    }
    expect(stops.length, 'Tab reaches the controls').toBeGreaterThan(15);
    // The timing diagram is one Tab stop: the event the keyboard is on (its scroller is no stop of its own).
    expect(stops.filter((s) => s === 'td-event')).toHaveLength(1);
    expect(stops).not.toContain('timing-scroll');

    // Edit (the run configuration) opens with Enter; Escape from a knob inside closes it.
    await p.locator(tid('config-summary')).focus();
    await p.keyboard.press('Enter');
    await p.keyboard.press('Tab');
    expect(await focused()).toBe('scenario-0');
    await expectAxeClean('Edit open');
    await p.keyboard.press('Escape');
    expect(await p.locator(tid('config')).evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await focused()).toBe('config-summary');

    // The lesson list: Escape from a Start button folds it and gives the keyboard to "Lessons".
    await p.locator(tid('lessons-toggle')).focus();
    await p.keyboard.press('Enter');
    await tabTo('lesson-open-1', 3);
    await expectAxeClean('lesson list open');
    await p.keyboard.press('Escape');
    expect(await p.locator(tid('lesson-picker')).isHidden()).toBe(true);
    expect(await focused()).toBe('lessons-toggle');

    // A doc the page shows (a modal dialog): Escape closes it, the focus is back on its link.
    await p.locator(tid('link-recommendation')).focus();
    await p.keyboard.press('Enter');
    await expect.poll(() => p.locator(tid('doc-recommendation')).isVisible()).toBe(true);
    await expectAxeClean('doc dialog');
    await p.keyboard.press('Escape');
    await expect.poll(() => p.locator(tid('doc-recommendation')).count()).toBe(0);
    expect(await focused()).toBe('link-recommendation');

    // "Open trace…" by keyboard: Space on it opens the file chooser; the file opens, the focus stays.
    // Waited for before the focus moves: Playwright turns on catching the chooser when the wait starts,
    // and the focus call's round trip makes sure that is done before Space is pressed.
    const chooserOpened = p.waitForEvent('filechooser');
    await p.locator(tid('file-input')).focus();
    await p.keyboard.press('Space');
    const chooser = await chooserOpened;
    await chooser.setFiles({ name: 'edit-reverts.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(runScenario(getScenario('edit-reverts')))) });
    await expect.poll(() => p.locator(tid('file-banner')).isVisible()).toBe(true);
    expect(await focused()).toBe('file-input');
    await expectAxeClean('trace file open (cache-key view of an edit)');
    expect(app.pageErrors).toEqual([]);
  });

  it('lesson 1 with the keyboard alone: the live region says each step, with no spoiler while a question waits; the diagram is named without its verdict until the reveal', async () => {
    const p = app.page;
    const lesson = getLesson(1);
    const trace = runLesson(lesson);
    // Reduced motion: "Play on" goes straight to the next question (the playing is the next test's).
    await p.emulateMedia({ reducedMotion: 'reduce' });
    await app.open('');
    await clearProgress();
    await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo('lessons-toggle');
    await p.keyboard.press('Enter');
    await tabTo('lesson-open-1', 3);
    await p.keyboard.press('Enter');
    for (const [i, q] of lesson.questions.entries()) {
      const cp = q.checkpoint(trace);
      const where = `lesson 1 question ${i + 1}`;
      await expect.poll(() => p.locator(tid('tour-question')).getAttribute('data-question-id'), { message: where }).toBe(q.id);
      // The tour gives the keyboard the first choice; the step bar said the question's step.
      expect(await focused(), where).toBe('tour-choice-0');
      expect(await said(), where).toMatch(new RegExp(`^step ${cp + 1} of ${trace.events.length}, `));
      expect(await said(), where).toContain(await text('sentence-0'));
      expect(spoilersIn(await said(), trace, cp, q), `${where}: the live region`).toEqual([]);
      expect(spoilersIn(await diagramName(), trace, cp, q), `${where}: the diagram's name`).toEqual([]);
      expect(await diagramName(), where).not.toContain(await text('verdict-0'));
      if (i === 0) await expectAxeClean(`${where} waits`);
      // Each choice is said once, as its radio's name (its words beside it were read again after it).
      const snap = await p.locator(tid('tour-question')).ariaSnapshot();
      for (const c of q.choices) expect(snap.split(c.replace(/`/g, '')).length - 1, `${where}: "${c}" in ${snap}`).toBe(1);
      // Arrow keys pick the choice (Space the first), Tab reaches "Check my answer", Enter answers.
      const right = q.answer(trace);
      if (right === 0) await p.keyboard.press('Space');
      for (let k = 0; k < right; k++) await p.keyboard.press('ArrowDown');
      expect(await p.locator(tid(`tour-choice-${right}`)).isChecked(), where).toBe(true);
      await p.keyboard.press('Tab');
      expect(await focused(), where).toBe('tour-submit');
      await p.keyboard.press('Enter');
      await expect.poll(focused, { message: where }).toBe('tour-play-on');
      expect(await text('tour-live'), where).toMatch(/^Right: /);
      if (i === 0) {
        await expectAxeClean(`${where} revealed`);
        expect(await diagramName(), where).toContain(await text('verdict-0'));
      }
      await p.keyboard.press('Enter');
    }
    await expect.poll(() => p.locator(tid('tour-done')).isVisible()).toBe(true);
    expect(await focused()).toBe('tour-title');
    // Stepping through the run with the keyboard, from where the tour left it.
    const label = await text('step-label');
    await p.keyboard.press('Home');
    expect(await text('step-label')).toBe(`step 1 of ${trace.events.length}`);
    await p.keyboard.press('ArrowRight');
    expect(await said()).toMatch(/^step 2 of /);
    expect(await said()).toContain(await text('sentence-0'));
    await p.keyboard.press('End');
    expect(await text('step-label')).toBe(label);
    await clearProgress();
    await p.emulateMedia({ reducedMotion: 'no-preference' });
    expect(app.pageErrors).toEqual([]);
  });

  it("opening a lesson, playing on to its next question and coming back to it each say the question's step once, without a spoiler", async () => {
    const p = app.page;
    const lesson = getLesson(2);
    const trace = runLesson(lesson);
    const [q0, q1] = lesson.questions;
    const [cp0, cp1] = [q0.checkpoint(trace), q1.checkpoint(trace)];
    expect(cp1 - cp0, 'the run plays several steps to the next question').toBeGreaterThan(2);
    // Every text the live region is given, each replacement kept, from the page's first script on.
    await p.addInitScript(() => {
      const w = window as unknown as { saidLog: string[] };
      w.saidLog = [];
      new MutationObserver((records) => {
        for (const r of records) if ((r.target as HTMLElement).dataset?.testid === 'step-said') for (const n of r.addedNodes) w.saidLog.push(n.textContent ?? '');
      }).observe(document, { childList: true, subtree: true });
    });
    const saidSince = async (action: () => Promise<void>) => {
      await p.evaluate(() => ((window as unknown as { saidLog: string[] }).saidLog = []));
      await action();
      return p.evaluate(() => (window as unknown as { saidLog: string[] }).saidLog);
    };
    await app.open('');
    await clearProgress();
    // The link opens the question at its step: said once (not the first step, nor with its judgements).
    await app.open(lessonLink(2));
    const opened = await p.evaluate(() => (window as unknown as { saidLog: string[] }).saidLog);
    expect(opened, 'said on opening the lesson: ' + JSON.stringify(opened)).toHaveLength(1);
    expect(opened[0]).toMatch(new RegExp(`^step ${cp0 + 1} of `));
    expect(spoilersIn(opened[0], trace, cp0, q0)).toEqual([]);
    await p.locator(tid(`tour-choice-${q0.answer(trace)}`)).check();
    await p.locator(tid('tour-submit')).click();
    await p.locator(tid('tour-play-on')).waitFor();
    const played = await saidSince(async () => {
      await p.locator(tid('tour-play-on')).press('Enter');
      await expect.poll(() => p.locator(tid('tour-question')).getAttribute('data-question-id')).toBe(q1.id);
    });
    expect(played, 'said while the tour played on').toHaveLength(1);
    expect(played[0]).toMatch(new RegExp(`^step ${cp1 + 1} of `));
    expect(spoilersIn(played[0], trace, cp1, q1)).toEqual([]);
    // Another preset pauses the tour; back to the lesson's run, the question's step is said once more.
    await p.locator(tid('config-summary')).press('Enter');
    await p.locator(tid('preset-0')).selectOption('robust');
    await p.locator(tid('tour-reattach')).waitFor();
    const back = await saidSince(async () => {
      await p.locator(tid('tour-reattach')).press('Enter');
      await p.locator(tid('tour-question')).waitFor();
    });
    expect(back, "said on coming back to the lesson's run").toHaveLength(1);
    expect(back[0]).toMatch(new RegExp(`^step ${cp1 + 1} of `));
    expect(spoilersIn(back[0], trace, cp1, q1)).toEqual([]);
    await clearProgress();
  });

  it("the timing diagram's events from the keyboard: one Tab stop on the current step's event, Up and Down move along the events and name each, Enter makes one the current step, Left and Right step and the keyboard follows", async () => {
    const p = app.page;
    await app.open('?scenario=seed-broken&preset=broken');
    const trace = runScenario(getScenario('seed-broken'));
    const n = trace.events.length;
    const label = () => text('step-label');
    const on = () => p.evaluate(() => { const e = document.activeElement as HTMLElement; return { testid: e.dataset.testid ?? null, seq: Number(e.dataset.seq), name: e.getAttribute('aria-label') ?? '', selected: e.getAttribute('aria-selected'), pos: e.getAttribute('aria-posinset'), size: e.getAttribute('aria-setsize'), role: e.getAttribute('role') }; });
    await p.evaluate((s) => window.__cachelab!.go(s), 40);
    await tabTo('td-event', 60);
    // The keyboard lands on the current step's event, named by its step, time, actor and what happened.
    let at = await on();
    const e40 = trace.events[40];
    expect(at).toMatchObject({ role: 'option', seq: 40, selected: 'true', pos: '41', size: String(n) });
    expect(at.name).toMatch(new RegExp(`^step 41, ${e40.t} ms, `));
    expect(at.name).toContain(e40.label);
    // Up and Down move the keyboard, not the run; the name changes with the event.
    await p.keyboard.press('ArrowDown');
    await p.keyboard.press('ArrowDown');
    at = await on();
    expect(at).toMatchObject({ testid: 'td-event', seq: 42, selected: 'false' });
    expect(at.name).toContain(trace.events[42].label);
    expect(await label()).toBe(`step 41 of ${n}`);
    await p.keyboard.press('ArrowUp');
    expect((await on()).seq).toBe(41);
    // End goes to the last event, drawn into view on the way (only the rows in view are in the page).
    await p.keyboard.press('End');
    at = await on();
    expect(at.seq).toBe(n - 1);
    expect(await p.evaluate(() => { const e = document.activeElement!.getBoundingClientRect(); const box = document.querySelector('[data-testid="timing-scroll"]')!.getBoundingClientRect(); return e.top >= box.top && e.bottom <= box.bottom; })).toBe(true);
    // The come-back reads as its row says it.
    const back = trace.outcome.deletions[0].users[0].resurrections[0].seq;
    await p.keyboard.press('Home');
    expect((await on()).seq).toBe(0);
    for (let i = 0; i < back; i++) await p.keyboard.press('ArrowDown');
    at = await on();
    expect(at.seq).toBe(back);
    expect(at.name).toContain('item is back: ');
    // Enter makes it the current step; the live region says it, the focus stays on it.
    await p.keyboard.press('Enter');
    expect(await label()).toBe(`step ${back + 1} of ${n}`);
    expect(await on()).toMatchObject({ seq: back, selected: 'true' });
    expect(await said()).toMatch(new RegExp(`^step ${back + 1} of ${n}, `));
    // Left steps the run, and the keyboard follows onto the new step's event; Space there is Enter (no Play).
    await p.keyboard.press('ArrowLeft');
    expect(await label()).toBe(`step ${back} of ${n}`);
    expect(await on()).toMatchObject({ seq: back - 1, selected: 'true' });
    await p.keyboard.press('ArrowUp');
    await p.keyboard.press('Space');
    expect(await label()).toBe(`step ${back - 1} of ${n}`);
    expect(await p.locator(tid('play')).getAttribute('aria-pressed')).not.toBe('true');
    // The page follows the keyboard too: with only the diagram's top edge in the window, Down brings the row into view.
    const inWindow = () => p.evaluate(() => { const e = document.activeElement!.getBoundingClientRect(); const bar = document.querySelector('[data-testid="stepper"]')!.getBoundingClientRect().bottom; return e.top >= bar && e.bottom <= innerHeight; });
    await p.evaluate(() => scrollBy(0, document.querySelector('[data-testid="timing-scroll"]')!.getBoundingClientRect().top - innerHeight + 30));
    await p.keyboard.press('ArrowDown');
    expect(await inWindow(), 'the event the keyboard is on, in the window').toBe(true);
    await p.keyboard.press('ArrowUp');
    // One Tab stop: Tab leaves the diagram, Shift+Tab comes back to the same event.
    await p.keyboard.press('Tab');
    expect(await focused()).not.toBe('td-event');
    await p.keyboard.press('Shift+Tab');
    expect(await on()).toMatchObject({ testid: 'td-event', seq: back - 2 });
    await expectAxeClean('an event of the timing diagram focused');
    expect(app.pageErrors).toEqual([]);
  });

  it('Escape in the guided tour hides it to its header bar, as it folds Edit and the lesson list: the keyboard goes to "Show the tour", which says so; the question still waits; Enter there shows it again', async () => {
    const p = app.page;
    const lesson = getLesson(1);
    const trace = runLesson(lesson);
    const cp = lesson.questions[0].checkpoint(trace);
    await app.open('');
    await clearProgress();
    await app.open(lessonLink(1));
    await p.locator(tid('tour-question')).waitFor();
    expect(await focused()).toBe('tour-choice-0');
    await p.keyboard.press('Escape');
    expect(await p.locator(tid('tour-body')).isHidden()).toBe(true);
    expect(await focused()).toBe('tour-minimize');
    expect(await p.locator(tid('tour-minimize')).getAttribute('aria-expanded')).toBe('false');
    expect(await text('tour-live')).toBe('Tour hidden. Question 1 still waits. "Show the tour" brings it back.');
    // Hidden is not closed: the run stays held at the question, its outcome unshown.
    expect(await text('step-label')).toBe(`step ${cp + 1} of ${trace.events.length}`);
    expect(await p.locator(tid('verdict-0')).isVisible()).toBe(false);
    await p.keyboard.press('End');
    expect(await text('step-label')).toBe(`step ${cp + 1} of ${trace.events.length}`);
    // Enter on "Show the tour" shows it, and the keyboard stays on the button (it was left on the page's body).
    await p.locator(tid('tour-minimize')).focus();
    await p.keyboard.press('Enter');
    expect(await p.locator(tid('tour-body')).isVisible()).toBe(true);
    expect(await focused()).toBe('tour-minimize');
    expect(await text('tour-live')).toBe('Tour shown. Question 1 still waits.');
    // Escape from the tour's own buttons hides it too; from Edit, it closes Edit and leaves the tour be.
    await p.keyboard.press('Escape');
    expect(await p.locator(tid('tour-body')).isHidden()).toBe(true);
    await p.keyboard.press('Enter');
    await p.locator(tid('config-summary')).focus();
    await p.keyboard.press('Enter');
    await p.keyboard.press('Escape');
    expect(await focused()).toBe('config-summary');
    expect(await p.locator(tid('tour-body')).isVisible()).toBe(true);
    await expectAxeClean('the tour shown again');
    await clearProgress();
    expect(app.pageErrors).toEqual([]);
  });

  it('? (or the header\'s Keys button) shows the keys on one card at any time, a question waiting included; Escape closes it and the focus goes back; typed in a field, ? is text', async () => {
    const p = app.page;
    const lesson = getLesson(1);
    const trace = runLesson(lesson);
    const q = lesson.questions[0];
    await app.open('');
    await clearProgress();
    await app.open(lessonLink(1));
    await p.locator(tid('tour-question')).waitFor();
    expect(await focused()).toBe('tour-choice-0');
    await p.keyboard.press('?');
    const card = p.locator(tid('keys-help'));
    await card.waitFor();
    expect(await card.locator('tr').count()).toBe(PAGE_KEYS.length);
    expect(await card.locator('tr').first().textContent()).toBe(PAGE_KEYS[0].join(''));
    // Keys only: nothing of the run, so nothing of the answer, and a question waiting does not disable it.
    expect(spoilersIn((await card.textContent()) ?? '', trace, q.checkpoint(trace), q)).toEqual([]);
    expect(await p.locator(tid('open-keys')).isDisabled()).toBe(false);
    await expectAxeClean('the keys card');
    await p.keyboard.press('Escape');
    // The dialog's close event, which removes the card, is a task queued after the key: wait for it.
    await expect.poll(() => card.count()).toBe(0);
    await expect.poll(() => focused()).toBe('tour-choice-0');
    // The button, and the keyboard back on it after Escape.
    await p.locator(tid('open-keys')).focus();
    await p.keyboard.press('Enter');
    await card.waitFor();
    await p.keyboard.press('Escape');
    await expect.poll(() => focused()).toBe('open-keys');
    // In "Find a step", ? is a character to search for.
    await p.locator(tid('find-input')).focus();
    await p.keyboard.press('?');
    expect(await card.count()).toBe(0);
    expect(await p.locator(tid('find-input')).inputValue()).toBe('?');
    await p.locator(tid('find-input')).fill('');
    await clearProgress();
    expect(app.pageErrors).toEqual([]);
  });

  it('a what-if branch tree: axe finds nothing serious', async () => {
    const p = app.page;
    const route = choicesOf({ scenario: 'multi-worker', preset: 'seed-fix', overrides: [], seed: null }).find((c) => c.kind === 'route')!;
    await app.open('?scenario=multi-worker&preset=seed-fix');
    await p.evaluate((s) => window.__cachelab!.go(s), route.atEvent - 1);
    await p.locator(tid('jump-whatif')).press('Enter');
    await p.locator(`${tid('whatif-choice')}[data-index="${route.index}"] ${tid('whatif-option')}`).first().press('Enter');
    await expect.poll(() => p.locator(tid('whatif-branch')).count()).toBe(2);
    await expectAxeClean('what-if tree');
  });

  it('a phone held upright and a laptop at 200% zoom (640x400): axe finds nothing serious, and the page never scrolls sideways', async () => {
    const p = app.page;
    for (const [w, h, search] of [
      [390, 844, ''],
      [640, 400, ''],
      [640, 400, lessonLink(1)],
    ] as const) {
      const where = `${w}x${h}${search ? ' with lesson 1' : ''}`;
      await p.setViewportSize({ width: w, height: h });
      await app.open(search);
      await expectAxeClean(where);
      expect(await p.evaluate(() => document.documentElement.scrollWidth), where).toBeLessThanOrEqual(w);
      if (!search) {
        await p.locator(tid('config-summary')).press('Enter');
        expect(await p.evaluate(() => document.documentElement.scrollWidth), `${where}, Edit open`).toBeLessThanOrEqual(w);
        await p.keyboard.press('Escape');
      }
    }
    await clearProgress();
    await p.setViewportSize({ width: 1280, height: 800 });
    expect(app.pageErrors).toEqual([]);
  });
});
