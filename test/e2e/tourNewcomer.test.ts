// A newcomer opens lesson 1 from its docs link at 1280x800: the keyboard starts at the question
// (not twenty Tabs away, behind every control of the page), and the words the lesson uses before
// it explains them (preset, nominal schedule, HX-Trigger, LocMem) are one click away in the tour.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getLesson, runLesson } from '../../sim/lessons/index';
import { vizLink, VIZ_ORIGIN } from '../../sim/lessons/vizLink';
import { explainChromiumFailure, launchChromium } from '../conformance/launchChromium';
import { buildIfStale, DIST } from './buildApp';
import { serveStatic, type StaticServer } from './staticServer';

let server: StaticServer;
let ctx: BrowserContext;
let page: Page;
const tid = (id: string) => `[data-testid="${id}"]`;
const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);

afterEach(explainChromiumFailure);
beforeAll(async () => {
  buildIfStale();
  server = await serveStatic(DIST);
  ctx = await launchChromium({ timezoneId: 'UTC' });
  page = await ctx.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
});
afterAll(async () => {
  await ctx?.close();
  await server?.close();
});

async function openLesson1(): Promise<void> {
  const lesson = getLesson(1);
  const link = vizLink(lesson, lesson.questions[0].checkpoint(runLesson(lesson)));
  await page.goto(`${server.url}${link.slice(VIZ_ORIGIN.length)}`);
  await page.waitForFunction(() => window.__cachelab?.ready === true);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForFunction(() => window.__cachelab?.ready === true);
  await page.waitForSelector(tid('tour-question'));
}

describe('guided tour, as a newcomer opens it (1280x800)', () => {
  it('a lesson link puts the keyboard on the first question: Space picks, Tab and Enter check it', async () => {
    await openLesson1();
    expect(await focused()).toBe('tour-choice-0');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('tour-submit');
    await page.keyboard.press('Enter');
    await page.waitForSelector(tid('tour-result'));
    expect(await focused()).toBe('tour-play-on');
  });

  it('the tour has a Glossary button at every phase, on screen, that shows the glossary and gives focus back', async () => {
    await openLesson1();
    const button = page.locator(tid('tour-glossary'));
    const box = await button.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x + box!.width).toBeLessThanOrEqual(1280);
    expect(box!.y + box!.height).toBeLessThanOrEqual(800);
    await button.click();
    const dialog = page.locator(tid('doc-glossary'));
    expect(await dialog.isVisible()).toBe(true);
    const text = (await dialog.textContent()) ?? '';
    for (const word of ['preset', 'nominal schedule', 'HX-Trigger', 'LocMem', 'invariant']) expect(text).toContain(`**${word}**`);
    await page.locator(tid('doc-close')).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await focused()).toBe('tour-glossary');
    // Still there once the question is answered (the head is drawn again at each phase).
    await page.locator(tid('tour-choice-0')).check();
    await page.locator(tid('tour-submit')).click();
    await page.waitForSelector(tid('tour-play-on'));
    expect(await button.isVisible()).toBe(true);
  });
});
