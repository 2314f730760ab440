// The visualizer where the project had not looked: a phone held upright (390x844), a tablet
// (768x1024), a laptop window at 200% zoom (640x400 CSS px), keyboard only, and what a screen reader
// is told. Each test here failed before the fix it guards.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getLesson, runLesson } from '../../sim/lessons/index';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { vizLink, VIZ_ORIGIN } from '../../sim/lessons/vizLink';
import { choicesOf } from '../../viz/model/choices';
import { explainChromiumFailure, launchChromium } from '../conformance/launchChromium';
import { buildIfStale, DIST } from './buildApp';
import { serveStatic, type StaticServer } from './staticServer';

let server: StaticServer;
let ctx: BrowserContext;
const tid = (id: string) => `[data-testid="${id}"]`;

afterEach(explainChromiumFailure);
beforeAll(async () => {
  buildIfStale();
  server = await serveStatic(DIST);
  ctx = await launchChromium({ timezoneId: 'UTC' });
});
afterAll(async () => {
  await ctx?.close();
  await server?.close();
});

async function pageAt(width: number, height: number, search = ''): Promise<Page> {
  const p = await ctx.newPage();
  await p.setViewportSize({ width, height });
  await p.goto(`${server.url}${search}`);
  await p.waitForFunction(() => window.__cachelab?.ready === true);
  return p;
}

function lesson1Link(): string {
  return lessonLink(1);
}

function lessonLink(n: number): string {
  const lesson = getLesson(n);
  return vizLink(lesson, lesson.questions[0].checkpoint(runLesson(lesson))).slice(VIZ_ORIGIN.length);
}

/** Whether the element is inside the window and not under something fixed or sticky drawn over it. */
function onScreen(p: Page, selector: string): Promise<boolean> {
  return p.locator(selector).evaluate((e) => {
    const r = e.getBoundingClientRect();
    if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) return false;
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    // A radio under its label's text counts; an element outside any label did (null === null) wherever it was.
    const label = e.closest('label');
    return top !== null && (e === top || e.contains(top) || top.contains(e) || (label !== null && label === top.closest('label')));
  });
}

describe('narrow screens, keyboard and screen reader (built app, headless Chromium)', () => {
  it('the guided tour leaves the page its width on a phone, and the question it focuses is in view with its choices on a phone (320 and 375 px wide too) and at 200% zoom', async () => {
    for (const [w, h, n] of [
      [320, 568, 1],
      [320, 568, 7],
      [375, 667, 1],
      [375, 667, 7],
      [390, 844, 1],
      [640, 400, 1],
      [768, 1024, 1],
    ]) {
      const p = await pageAt(w, h, lessonLink(n));
      await p.waitForSelector(tid('tour-question'));
      const name = `${w}x${h}, lesson ${n}`;
      // The page keeps most of the window: a side panel of 290 px left a phone's page 100 px wide.
      const main = await p.locator('main').boundingBox();
      expect(main!.width, name).toBeGreaterThanOrEqual(Math.min(w, 1000) * 0.5);
      expect(await p.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(w);
      // The keyboard starts on the first choice, and the learner sees it (it sat below the setup).
      expect(await p.evaluate(() => document.activeElement?.getAttribute('data-testid')), name).toBe('tour-choice-0');
      expect(await onScreen(p, tid('tour-choice-0')), name).toBe(true);
      // And the question above it, and every choice (the question sat above the tour's fold at 320 px).
      expect(await onScreen(p, `${tid('tour-question')} legend`), `${name}: the question`).toBe(true);
      const choices = await p.locator(`${tid('tour-question')} input[type="radio"]`).count();
      expect(await onScreen(p, tid(`tour-choice-${choices - 1}`)), `${name}: the last choice`).toBe(true);
      // On a phone held upright, the run above the sheet, under the step bar (it was the page's header).
      if (w < h && w <= 700) {
        const [runs, bar, sheet] = await Promise.all([tid('runs'), tid('stepper'), tid('lesson-tour')].map((sel) => p.locator(sel).evaluate((e) => e.getBoundingClientRect().toJSON() as DOMRect)));
        expect(runs.top, `${name}: the run is under the step bar`).toBeGreaterThanOrEqual(bar.bottom - 1);
        expect(runs.top, `${name}: the run is above the sheet`).toBeLessThan(sheet.top - 40);
      }
      await p.close();
    }
  });

  it('a phone turned while a question waits: the question and its choices are in view in the new orientation too', async () => {
    // Opened on its side (the tour a side panel), then held upright (a sheet at the bottom), and back.
    const p = await pageAt(568, 320, lessonLink(7));
    await p.waitForSelector(tid('tour-question'));
    for (const [w, h] of [
      [320, 568],
      [568, 320],
    ]) {
      await p.setViewportSize({ width: w, height: h });
      const name = `turned to ${w}x${h}`;
      const choices = await p.locator(`${tid('tour-question')} input[type="radio"]`).count();
      await expect.poll(() => onScreen(p, `${tid('tour-question')} legend`), { message: `${name}: the question` }).toBe(true);
      await expect.poll(() => onScreen(p, tid(`tour-choice-${choices - 1}`)), { message: `${name}: the last choice` }).toBe(true);
    }
    await p.close();
  });

  it('a screen reader hears each step once, in one live region: the step, then each run in its words; nothing while playing, where it stopped on Pause', async () => {
    const p = await pageAt(1024, 768);
    // The page's live regions: the step bar's, the tour's, the lessons note, the file banner, errors,
    // and "Find a step"'s count, which speaks to the user typing in its box (and stays quiet below).
    const live = await p.evaluate(() =>
      [...document.querySelectorAll('[aria-live], [role="status"], [role="alert"], [role="log"]')].map((e) => e.getAttribute('data-testid') ?? e.tagName).sort(),
    );
    expect(live).toEqual(['error', 'file-banner', 'find-count', 'lessons-note', 'step-said', 'tour-live'].sort());
    await p.keyboard.press('Home');
    await p.keyboard.press('ArrowRight');
    const said = (await p.locator(tid('step-said')).textContent()) ?? '';
    const label = (await p.locator(tid('step-label')).textContent()) ?? '';
    expect(said.startsWith(`${label}, `)).toBe(true);
    for (const r of [0, 1]) {
      const sentence = (await p.locator(tid(`sentence-${r}`)).textContent()) ?? '';
      expect(sentence.length).toBeGreaterThan(0);
      expect(said.split(`Run ${'AB'[r]}: ${sentence}`).length - 1, `run ${r}'s sentence, once`).toBe(1);
    }
    expect(said.indexOf('Run A: ')).toBeLessThan(said.indexOf('Run B: '));
    // Play says nothing per step; Pause says where it stopped.
    await p.locator(tid('play')).press('Enter');
    await expect.poll(async () => (await p.locator(tid('step-label')).textContent()) !== label).toBe(true);
    expect(await p.locator(tid('step-said')).textContent()).toBe(said);
    await p.locator(tid('play')).press('Enter');
    const stopped = (await p.locator(tid('step-label')).textContent()) ?? '';
    expect(await p.locator(tid('step-said')).textContent()).toContain(`${stopped}, `);
    // "Find a step"'s count speaks while its box is used, and is not rewritten by steps taken elsewhere.
    await p.locator(tid('find-input')).fill('calendar.render');
    await p.locator(tid('find-input')).press('Enter');
    expect(await p.locator(tid('find-count')).textContent()).toMatch(/^match 1 of \d+: step \d+$/);
    await p.locator(tid('forward')).focus();
    await p.keyboard.press('ArrowRight');
    expect(await p.locator(tid('find-count')).textContent()).toMatch(/^\d+ steps match; Enter goes to the next$/);
    await p.evaluate(() => {
      const w = window as unknown as { findWrites: number };
      w.findWrites = 0;
      new MutationObserver((m) => (w.findWrites += m.length)).observe(document.querySelector('[data-testid="find-count"]')!, { childList: true, characterData: true, subtree: true });
    });
    for (let i = 0; i < 3; i++) await p.keyboard.press('ArrowRight');
    expect(await p.evaluate(() => (window as unknown as { findWrites: number }).findWrites)).toBe(0);
    await p.close();
  });

  it('the keyboard focus shows in the dark header, on "Open trace…" too (its file input is hidden behind the label)', async () => {
    const p = await pageAt(1024, 768);
    // Contrast of the ring with the header behind it (WCAG's non-text contrast asks 3:1).
    const ringContrast = (selector: string) =>
      p.locator(selector).evaluate((e) => {
        const rgb = (c: string) => (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
        const lum = (c: number[]) => c.map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4)).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
        const st = getComputedStyle(e);
        if (st.outlineStyle === 'none' || parseFloat(st.outlineWidth) < 2) return 0;
        const [a, b] = [lum(rgb(st.outlineColor)), lum(rgb(getComputedStyle(document.querySelector('header.top')!).backgroundColor))];
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      });
    await p.locator(tid('file-input')).focus();
    await p.keyboard.press('Tab');
    await p.keyboard.press('Shift+Tab');
    expect(await p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('file-input');
    expect(await ringContrast(tid('file-open'))).toBeGreaterThanOrEqual(3);
    await p.keyboard.press('Tab');
    expect(await ringContrast(tid('export-svg'))).toBeGreaterThanOrEqual(3);
    await p.close();
  });

  it("what if's branches, as a screen reader lists them: a plain list (no tree without a tree's arrow keys), each button naming its branch", async () => {
    const all = choicesOf({ scenario: 'multi-worker', preset: 'seed-fix', overrides: [], seed: null });
    const route = all.find((c) => c.kind === 'route')!;
    const p = await pageAt(390, 844, '?scenario=multi-worker&preset=seed-fix');
    await p.evaluate((s) => window.__cachelab!.go(s), route.atEvent - 1);
    await p.locator(`${tid('whatif-choice')}[data-index="${route.index}"] ${tid('whatif-option')}`).first().press('Enter');
    await expect.poll(() => p.locator(tid('whatif-branch')).count()).toBe(2);
    const snap = await p.locator(tid('whatif-tree')).ariaSnapshot();
    expect(snap).not.toMatch(/\btree(item)?\b/);
    expect(snap).toContain('list "What-if branches"');
    expect(snap).toContain('checkbox "Pick the run as it was to compare"');
    expect(snap).toContain('button "Show the run as it was"');
    expect(snap).toContain('checkbox "Pick branch #1 to compare"');
    expect(snap).toContain('button "branch #1: on screen"');
    await p.close();
  });

  it('a doc dialog keeps the keys: End scrolls its text and leaves the run behind it; Escape gives the focus back', async () => {
    // Opened at once, the dialog is often still open when the strip behind it is drawn again (its
    // catalog check ends): the link that opened it is then a new one, and the focus must reach it.
    // The test draws the link again itself, so that this happens at every run.
    const p = await pageAt(640, 400);
    const label = await p.locator(tid('step-label')).textContent();
    await p.locator(tid('link-recommendation')).focus();
    await p.keyboard.press('Enter');
    const dialog = p.locator(tid('doc-recommendation'));
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await p.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    for (const key of ['End', 'ArrowLeft', 'Home']) {
      await p.keyboard.press(key);
      expect(await p.locator(tid('step-label')).textContent(), key).toBe(label);
    }
    await p.keyboard.press('End');
    await expect.poll(() => dialog.evaluate((d) => d.scrollTop)).toBeGreaterThan(0);
    await expect.poll(() => p.locator(tid('holds-elsewhere')).textContent()).not.toContain('checking');
    await p.locator(tid('link-recommendation')).evaluate((a) => a.replaceWith(a.cloneNode(true)));
    await p.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('link-recommendation');
    await p.close();
  });

  it('a "Does it hold?" chip pressed with the keyboard shows its run and keeps the focus (the strip is drawn again)', async () => {
    const p = await pageAt(768, 1024);
    await expect.poll(() => p.locator(tid('holds-elsewhere')).textContent()).not.toContain('checking');
    await p.locator(tid('hold-seed-fix')).focus();
    await p.keyboard.press('Enter');
    await expect.poll(() => p.locator(tid('source-0')).textContent()).toContain('seed-broken · preset seed-fix');
    expect(await p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('hold-seed-fix');
    await p.close();
  });

  it("the step bar's jumps are named by the words they show (speech control), the glyphs unread", async () => {
    const p = await pageAt(1024, 768);
    const snap = await p.locator(tid('stepper')).ariaSnapshot();
    for (const name of ['Where it comes back', 'First difference', 'What if…']) expect(snap).toContain(`button "${name}"`);
    await p.close();
  });

  it('the sticky step bar stays tight: each jump on one line on a phone, at most a fifth of a laptop window at 200% zoom', async () => {
    const phone = await pageAt(390, 844);
    for (const id of ['jump-back', 'jump-diff', 'jump-whatif']) {
      const box = await phone.locator(tid(id)).boundingBox();
      expect(box!.height, id).toBeLessThan(32);
      expect(box!.x + box!.width, id).toBeLessThanOrEqual(390);
    }
    await phone.close();
    const zoomed = await pageAt(640, 400);
    expect((await zoomed.locator(tid('stepper')).boundingBox())!.height).toBeLessThanOrEqual(400 / 5);
    await zoomed.close();
  });

  it('trace files by keyboard: comparing with a second keeps the focus on its button, which shows the ring; closing the file gives it to "Open trace…"', async () => {
    const p = await pageAt(390, 844);
    const file = (name: string, scenario: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(runScenario(getScenario(scenario)))) });
    await p.locator(tid('file-input')).setInputFiles(file('a.json', 'seed-broken'));
    await expect.poll(() => p.locator(tid('file-banner')).isVisible()).toBe(true);
    // Tab from "Re-run it in the page" lands on the hidden input of "Compare with a second trace…".
    await p.locator(tid('file-rerun')).focus();
    await p.keyboard.press('Tab');
    expect(await p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('file-compare-input');
    expect(await p.locator(tid('file-compare')).evaluate((e) => getComputedStyle(e).outlineStyle)).not.toBe('none');
    await p.locator(tid('file-compare-input')).setInputFiles(file('b.json', 'seed-fixed'));
    await expect.poll(() => p.locator(tid('file-banner')).textContent()).toContain('b.json');
    expect(await p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('file-compare-input');
    await p.locator(tid('file-close')).focus();
    await p.keyboard.press('Enter');
    await expect.poll(() => p.locator(tid('file-banner')).isHidden()).toBe(true);
    expect(await p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('file-input');
    await p.close();
  });

  it('the lesson picker on a phone: every Start button inside the window, named by its word; Reset progress keeps the focus', async () => {
    const p = await pageAt(390, 844);
    await p.locator(tid('lessons-toggle')).focus();
    await p.keyboard.press('Enter');
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const rights = await p.locator('[data-testid^="lesson-open-"]').evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect().right));
    expect(rights.length).toBeGreaterThan(0);
    for (const r of rights) expect(r).toBeLessThanOrEqual(390);
    expect(await p.locator(tid('lesson-open-1')).getAttribute('aria-label')).toMatch(/^Start lesson 1: /);
    await p.locator(tid('lessons-reset')).focus();
    await p.keyboard.press('Enter');
    await expect.poll(() => p.locator(tid('lessons-note')).textContent()).toBe('Progress cleared.');
    expect(await p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('lessons-reset');
    await p.close();
  });

  it('the timing diagram on a phone, by keyboard: Shift+Right and Shift+Left scroll it sideways and leave the step', async () => {
    const p = await pageAt(390, 844);
    const scroller = p.locator(tid('timing-scroll'));
    expect(await scroller.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
    await scroller.evaluate((e) => (e.scrollLeft = 0));
    const label = await p.locator(tid('step-label')).textContent();
    // The diagram's one Tab stop is the event the keyboard is on (viz/ui/timingKeys.ts).
    await p.locator(`${tid('td-event')}[tabindex="0"]`).focus();
    await p.keyboard.press('Shift+ArrowRight');
    const right = await scroller.evaluate((e) => e.scrollLeft);
    expect(right).toBeGreaterThan(0);
    expect(await p.locator(tid('step-label')).textContent()).toBe(label);
    await p.keyboard.press('Shift+ArrowLeft');
    expect(await scroller.evaluate((e) => e.scrollLeft)).toBeLessThan(right);
    // The arrow keys alone still step, from the diagram too.
    await p.keyboard.press('ArrowLeft');
    expect(await p.locator(tid('step-label')).textContent()).not.toBe(label);
    await p.close();
  });
});
