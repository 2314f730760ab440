// End to end: the guided tour of the built visualizer in real headless Chromium. Opens lesson 1
// through the link its docs page carries, answers wrong then right (the right answers computed
// here with the lesson's own `answer(runLesson(lesson))`), reloads, resets; then walks every
// lesson's docs link. Screenshots go to test-results/lessons/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getLesson, LESSONS, runLesson } from '../../sim/lessons/index';
import { runScenario } from '../../sim/run';
import { getScenario } from '../../sim/scenarios/index';
import { describeOtherRun } from '../../sim/lessons/otherRun';
import { discussLink } from '../../sim/lessons/facilitatorSheet';
import { otherRunLink, vizLink, VIZ_ORIGIN } from '../../sim/lessons/vizLink';
import { explainChromiumFailure } from '../conformance/launchChromium';
import { REPO } from './buildApp';
import { expectNoSpoilers, pageTextOutsideTour } from './noSpoilers';
import type { StaticServer } from './staticServer';
import { closeBuiltApp, openBuiltApp } from './builtAppPage';

const OUT = join(REPO, 'test-results', 'lessons');
const DOCS = join(REPO, 'docs', 'lessons');
const LETTERS = 'ABCDEFGH';
const PROGRESS_KEY = 'cachelab.lessons.progress.v1';
/** The three sizes: a laptop, a desktop, and 800 px wide. */
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
  { width: 800, height: 900 },
];

let server: StaticServer;
let ctx: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

const tid = (id: string) => `[data-testid="${id}"]`;

/** A docs link (http://localhost:5173/?…) pointed at the test server instead. */
function local(link: string): string {
  expect(link.startsWith(VIZ_ORIGIN)).toBe(true);
  return `${server.url}${link.slice(VIZ_ORIGIN.length)}`;
}

async function open(p: Page, url: string): Promise<void> {
  await p.goto(url);
  await p.waitForFunction(() => window.__cachelab?.ready === true);
}

async function stepLabel(p: Page): Promise<string> {
  return (await p.locator(tid('step-label')).textContent()) ?? '';
}

/** Lesson text as the page shows it: backticks become <code>, so they are not in textContent. */
const shown = (s: string) => s.replace(/`/g, '');

function docsLinks(): Array<{ file: string; n: number; link: string }> {
  return readdirSync(DOCS)
    .filter((f) => /^\d\d-.*\.md$/.test(f))
    .sort()
    .map((file) => {
      const m = readFileSync(join(DOCS, file), 'utf8').match(/\]\((http:\/\/localhost:5173\/\?[^)\s]+)\)/);
      if (!m) throw new Error(`${file}: no visualizer link`);
      return { file, n: Number(file.slice(0, 2)), link: m[1] };
    });
}

// One browser serves every test here: a test failing because it went away says why.
afterEach(explainChromiumFailure);
// Answers a failed test left stored would open the next tests' lessons at other questions: one
// failure, several red tests. Every test starts from no progress.
afterEach(async () => {
  if (page && !page.isClosed() && page.url().startsWith('http')) await page.evaluate((key) => localStorage.removeItem(key), PROGRESS_KEY).catch(() => {});
});
beforeAll(async () => {
  ({ server, ctx, page } = await openBuiltApp({ width: 1440, height: 1200 }, OUT, pageErrors));
});

afterAll(() => closeBuiltApp({ ctx, server }));

/** Lesson 1 opened by its docs link at its first question, the tour waiting there: its run, question and step. */
async function atLesson1Question() {
  const lesson = getLesson(1);
  const trace = runLesson(lesson);
  const q = lesson.questions[0];
  const cp = q.checkpoint(trace);
  await open(page, local(vizLink(lesson, cp)));
  await expect.poll(() => page.locator(tid('tour-question')).isVisible()).toBe(true);
  return { trace, q, cp };
}

describe('guided tour (built app, headless Chromium)', () => {
  it('lesson 1 from its docs link: a wrong answer, a right one, progress kept over a reload, then reset', async () => {
    const lesson = getLesson(1);
    const trace = runLesson(lesson);
    const [q0, q1] = lesson.questions;
    const cp0 = q0.checkpoint(trace);
    const cp1 = q1.checkpoint(trace);
    const right0 = q0.answer(runLesson(lesson));
    const right1 = q1.answer(runLesson(lesson));
    const link = vizLink(lesson, cp0);
    expect(readFileSync(join(DOCS, '01-the-bug.md'), 'utf8')).toContain(`(${link})`);

    await open(page, local(link));
    const tour = page.locator(tid('lesson-tour'));
    await expect.poll(() => tour.isVisible()).toBe(true);
    expect(await page.locator(tid('tour-title')).textContent()).toBe(`Lesson 1: ${lesson.title}`);
    // At the first question's checkpoint, in a single run of the lesson's scenario.
    expect(await page.locator(tid('tour-question')).getAttribute('data-question-id')).toBe(q0.id);
    expect(await stepLabel(page)).toBe(`step ${cp0 + 1} of ${trace.events.length}`);
    expect(await page.locator(tid('run-1')).count()).toBe(0);
    expect(await page.locator(tid('source-0')).textContent()).toContain(`${lesson.run.scenario} · preset ${lesson.run.preset}`);
    expect(await page.locator(tid('tour-checkpoint')).textContent()).toContain(trace.events[cp0].label);
    expect(await page.locator(`${tid('tour-question')} legend`).textContent()).toContain(q0.prompt);
    expect(await page.locator(`${tid('tour-question')} input[type="radio"]`).count()).toBe(q0.choices.length);
    expect(await page.locator(tid('tour-choice-0')).getAttribute('aria-label')).toBe(`(A) ${q0.choices[0]}`);
    expect(await page.locator(tid('tour-submit')).isDisabled()).toBe(true);
    // It says why the layers carry no "stale copy" marks now (they do once answered).
    expect(await page.locator(`${tid('tour-question')} .tour-hint`).textContent()).toContain('without marking which copies are stale');
    // No spoiler: the run's outcome line waits until the question is answered.
    expect(await page.locator(tid('verdict-0')).isHidden()).toBe(true);
    await page.screenshot({ path: join(OUT, 'lesson-1-question-1.png') });

    // Keyboard: the arrow keys move between the choices and leave the run where it is.
    await page.locator(tid('tour-choice-0')).focus();
    await page.keyboard.press('Space');
    expect(await page.locator(tid('tour-choice-0')).isChecked()).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect(await page.locator(tid('tour-choice-1')).isChecked()).toBe(true);
    expect(await stepLabel(page)).toBe(`step ${cp0 + 1} of ${trace.events.length}`);

    // A wrong answer: "Wrong", the right answer, and the reveal computed from the run.
    const wrong0 = (right0 + 1) % q0.choices.length;
    await page.locator(tid(`tour-choice-${wrong0}`)).check();
    await page.locator(tid('tour-submit')).click();
    const result0 = page.locator(`${tid('tour-result')}[data-question-id="${q0.id}"]`);
    await expect.poll(() => result0.getAttribute('data-right')).toBe('false');
    expect(await result0.locator(tid('tour-verdict')).textContent()).toBe('✖ Wrong');
    expect(await result0.locator(tid('tour-answer-line')).textContent()).toContain(`The right answer is (${LETTERS[right0]}) ${q0.choices[right0]}.`);
    expect(await result0.locator(tid('tour-reveal')).textContent()).toContain(q0.reveal(trace));
    expect(await result0.locator(tid('tour-reveal')).isVisible()).toBe(true);
    expect(await page.locator(tid('tour-live')).textContent()).toContain('Wrong');
    expect(await page.locator(tid('verdict-0')).isVisible()).toBe(true);
    // Answered: the layers say again which copies are stale, and the diagram which invariants break.
    await expect.poll(() => page.locator(`${tid('flow-0')} [data-copy="copy"]`).count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.td-inv-head').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tour-play-on');
    await page.screenshot({ path: join(OUT, 'lesson-1-wrong.png') });

    // Play on: the run steps to the next checkpoint and asks the next question.
    await page.locator(tid('tour-play-on')).click();
    await expect.poll(() => page.locator(tid('tour-question')).getAttribute('data-question-id'), { timeout: 10_000 }).toBe(q1.id);
    expect(await stepLabel(page)).toBe(`step ${cp1 + 1} of ${trace.events.length}`);
    expect(await page.locator(tid('tour-progress')).textContent()).toBe(`question 2 of 2 · 0/1 right so far`);

    // The right answer, picked and sent with the keyboard.
    await page.locator(tid(`tour-choice-${right1}`)).check();
    await page.locator(tid(`tour-choice-${right1}`)).press('Enter');
    const result1 = page.locator(`${tid('tour-result')}[data-question-id="${q1.id}"]`);
    await expect.poll(() => result1.getAttribute('data-right')).toBe('true');
    expect(await result1.locator(tid('tour-verdict')).textContent()).toBe('✔ Right');
    expect(await result1.locator(tid('tour-reveal')).textContent()).toContain(q1.reveal(trace));
    await page.screenshot({ path: join(OUT, 'lesson-1-right.png') });

    // Play on to the end: takeaway and exercise.
    await page.locator(tid('tour-play-on')).click();
    await expect.poll(() => page.locator(tid('tour-done')).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await stepLabel(page)).toBe(`step ${trace.events.length} of ${trace.events.length}`);
    expect(await page.locator(tid('tour-score')).textContent()).toContain('You got 1 of 2 right.');
    expect(await page.locator(tid('tour-takeaway')).textContent()).toBe(shown(lesson.takeaway));
    expect(await page.locator(tid('tour-exercise')).textContent()).toBe(shown(lesson.exercise));
    await page.locator(tid('lessons-toggle')).click();
    expect(await page.locator(tid('lesson-state-1')).textContent()).toBe('done · 1/2 right');
    await page.screenshot({ path: join(OUT, 'lesson-1-done.png') });

    // Progress is in localStorage and survives a reload (the URL keeps the lesson).
    await expect.poll(() => new URL(page.url()).searchParams.get('lesson')).toBe('1');
    const stored = JSON.parse((await page.evaluate((k) => localStorage.getItem(k), PROGRESS_KEY)) ?? '{}');
    expect(stored['1'].answers).toEqual({ [q0.id]: { choice: wrong0, right: false }, [q1.id]: { choice: right1, right: true } });
    await page.reload();
    await page.waitForFunction(() => window.__cachelab?.ready === true);
    await expect.poll(() => page.locator(tid('tour-done')).isVisible()).toBe(true);
    expect(await page.locator(`${tid('tour-result')}`).evaluateAll((els) => els.map((e) => e.getAttribute('data-right')))).toEqual(['false', 'true']);
    await page.locator(tid('lessons-toggle')).click();
    expect(await page.locator(tid('lesson-state-1')).textContent()).toBe('done · 1/2 right');
    expect(await page.locator(tid('lessons-overall')).textContent()).toBe(`1 of ${LESSONS.length} done`);
    await page.screenshot({ path: join(OUT, 'lesson-1-after-reload.png') });

    // Reset: the picker forgets, storage is empty, the open tour starts over at question 1.
    await page.locator(tid('lessons-reset')).click();
    await expect.poll(() => page.locator(tid('lesson-state-1')).textContent()).toBe('not started');
    expect(await page.locator(tid('lessons-note')).textContent()).toBe('Progress cleared.');
    expect(await page.evaluate((k) => localStorage.getItem(k), PROGRESS_KEY)).toBeNull();
    expect(await page.locator(tid('tour-question')).getAttribute('data-question-id')).toBe(q0.id);
    expect(await page.locator(tid('tour-result')).count()).toBe(0);
    expect(await stepLabel(page)).toBe(`step ${cp0 + 1} of ${trace.events.length}`);
    await page.reload();
    await page.waitForFunction(() => window.__cachelab?.ready === true);
    await page.locator(tid('lessons-toggle')).click();
    expect(await page.locator(tid('lesson-state-1')).textContent()).toBe('not started');
    await page.screenshot({ path: join(OUT, 'lesson-1-reset.png') });
    expect(pageErrors).toEqual([]);
  });

  it("every lesson's docs link opens its tour at its first question, and the page's answer matches the lesson's", async () => {
    const links = docsLinks();
    expect(links.map((l) => l.n)).toEqual(LESSONS.map((l) => l.n));
    for (const { file, n, link } of links) {
      const lesson = getLesson(n);
      const trace = runLesson(lesson);
      const q = lesson.questions[0];
      const cp = q.checkpoint(trace);
      expect(new URL(link).searchParams.get('lesson'), file).toBe(String(n));
      await open(page, local(link));
      const form = page.locator(tid('tour-question'));
      await expect.poll(() => form.getAttribute('data-question-id'), { message: file }).toBe(q.id);
      expect(await page.locator(tid('tour-title')).textContent()).toBe(`Lesson ${n}: ${lesson.title}`);
      expect(await stepLabel(page), file).toBe(`step ${cp + 1} of ${trace.events.length}`);
      expect(await form.locator('input[type="radio"]').count()).toBe(q.choices.length);
      expect(await page.locator(tid('error')).isHidden(), file).toBe(true);
      await page.screenshot({ path: join(OUT, `lesson-${n}-tour.png`) });
      // The page's run gives the same answer as the lesson's: the right choice is judged right.
      const right = q.answer(trace);
      await form.locator(tid(`tour-choice-${right}`)).check();
      await form.locator(tid('tour-submit')).click();
      await expect.poll(() => page.locator(`${tid('tour-result')}[data-question-id="${q.id}"]`).getAttribute('data-right'), { message: file }).toBe('true');
      await expect.poll(() => new URL(page.url()).searchParams.get('lesson')).toBe(String(n));
    }
    await page.locator(tid('lessons-toggle')).click();
    for (const l of LESSONS) expect(await page.locator(tid(`lesson-state-${l.n}`)).textContent()).toMatch(/1\/1 right so far|done · 1\/1 right/);
    await page.screenshot({ path: join(OUT, 'picker-after-walk.png') });
    await page.locator(tid('lessons-reset')).click();
    await expect.poll(() => page.locator(tid('lessons-overall')).textContent()).toBe(`0 of ${LESSONS.length} done`);
    expect(pageErrors).toEqual([]);
  });

  it('at every question of every lesson, at 1280x800, 1920x1080 and 800 px wide: nothing after the cursor is drawn, no element states the answer, the tour shows the trace excerpt and names another run a question is about', async () => {
    // One page, resized at each question (answering once per question, not once per size); reduced
    // motion, so "play on" jumps straight to the next question instead of animating there.
    const p = await ctx.newPage();
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await p.emulateMedia({ reducedMotion: 'reduce' });
    await p.setViewportSize(SIZES[0]);
    for (const { file, n, link } of docsLinks()) {
      const lesson = getLesson(n);
      const trace = runLesson(lesson);
      await open(p, local(link));
      for (const [i, q] of lesson.questions.entries()) {
        const cp = q.checkpoint(trace);
        const form = p.locator(tid('tour-question'));
        await expect.poll(() => form.getAttribute('data-question-id'), { message: `${file} question ${i + 1}`, timeout: 20_000 }).toBe(q.id);
        const excerpt = q.excerpt?.(trace) ?? [];
        for (const vp of SIZES) {
          const size = `${vp.width}x${vp.height}`;
          const where = `${file} question ${i + 1} at ${size}`;
          await p.setViewportSize(vp);
          await p.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
          expect(await stepLabel(p), where).toBe(`step ${cp + 1} of ${trace.events.length}`);
          // The tour is a side panel: the diagrams beside it stay in view.
          const tour = await p.locator(tid('lesson-tour')).boundingBox();
          const flow = await p.locator(tid('flow-0')).boundingBox();
          expect(tour && flow && flow.x + flow.width <= tour.x + 1, `${where}: the tour covers the flow view`).toBe(true);
          await expectNoSpoilers(p, trace, cp, q, where);
          // The question sits inside its box: drawn as the border's caption, a question wrapped
          // over several lines had the top border drawn through it.
          const inside = await form.evaluate((f) => {
            const set = f.querySelector('fieldset')!;
            const legend = set.querySelector('legend')!.getBoundingClientRect();
            return legend.top >= set.getBoundingClientRect().top + parseFloat(getComputedStyle(set).borderTopWidth) - 0.5;
          });
          expect(inside, `${where}: the question's text is drawn across its box's border`).toBe(true);
          // The question's trace lines, as the CLI prints them with --no-answers, and no reveal among them.
          if (excerpt.length) {
            const lines = await p.locator(`${tid('tour-excerpt')} code`).allTextContents();
            expect(lines, where).toEqual(excerpt);
            expect(lines.join('\n'), where).not.toContain(q.reveal(trace));
          } else expect(await p.locator(tid('tour-excerpt')).count(), where).toBe(0);
          // A question about another run names it above the question; one about the page's run does not.
          const other = p.locator(tid('tour-other-run'));
          if (q.about) {
            expect(await other.isVisible(), `${where}: no note that the question is about another run`).toBe(true);
            expect(await other.textContent(), where).toContain(describeOtherRun(q.about));
          } else expect(await other.count(), where).toBe(0);
          // One picture per question, at the first size: 105 PNGs of up to 1920x1080 were most of this
          // test's time, and one took over 30 s while the whole suite ran on two cores.
          if (vp === SIZES[0]) await p.screenshot({ path: join(OUT, `no-spoilers-lesson-${n}-question-${i + 1}-${size}.png`) });
        }
        await p.setViewportSize(SIZES[0]);
        await form.locator(tid(`tour-choice-${q.answer(trace)}`)).check();
        await form.locator(tid('tour-submit')).click();
        await expect.poll(() => p.locator(`${tid('tour-result')}[data-question-id="${q.id}"]`).getAttribute('data-right'), { message: file, timeout: 20_000 }).toBe('true');
        await p.locator(tid('tour-play-on')).click();
      }
      await expect.poll(() => p.locator(tid('tour-done')).isVisible(), { message: file }).toBe(true);
      // Answered: the outcome is back on the page, and the exports with it.
      expect(await p.locator(tid('verdict-0')).isVisible(), file).toBe(true);
      expect(await p.locator(tid('export-svg')).isEnabled(), file).toBe(true);
    }
    await p.locator(tid('lessons-toggle')).click();
    await p.locator(tid('lessons-reset')).click();
    await p.close();
    expect(pageErrors).toEqual([]);
  }, 600_000); // 30 questions x 3 sizes, each answered in the page: slow on a shared machine

  it('"Find a step" while a question waits searches only up to the current step: a later step is the answer', async () => {
    const { trace, cp: cp0 } = await atLesson1Question();
    // A type of event the run has only after the checkpoint, and one it has before.
    const before = new Set(trace.events.slice(0, cp0 + 1).map((e) => e.type));
    const later = trace.events.slice(cp0 + 1).find((e) => !before.has(e.type))!.type;
    const earlier = trace.events.slice(0, cp0).find((e) => e.type !== 'sim.start')!;
    await page.locator(tid('find-input')).fill(later);
    await expect.poll(() => page.locator(tid('find-count')).textContent()).toBe("no step matches up to this step (the rest of the run is the question's answer)");
    await page.locator(tid('find-input')).press('Enter');
    expect(await stepLabel(page)).toBe(`step ${cp0 + 1} of ${trace.events.length}`);
    await page.locator(tid('find-input')).fill(earlier.type);
    await page.locator(tid('find-input')).press('Enter');
    const at = Number((await stepLabel(page)).match(/^step (\d+)/)![1]) - 1;
    expect(at).toBeLessThanOrEqual(cp0);
    expect(trace.events[at].type).toBe(earlier.type);
    await page.locator(tid('find-input')).fill('');
    expect(pageErrors).toEqual([]);
  });

  it('while a question waits, End, Right, Play (Space), the last-step button, the scrubber and a click in the timing diagram stay at its step: the steps after it are its answer', async () => {
    const { trace, q, cp } = await atLesson1Question();
    const at = `step ${cp + 1} of ${trace.events.length}`;
    // A learner who clicked the page (focus off the question) and reaches for the keyboard.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (const key of ['End', 'ArrowRight']) {
      await page.keyboard.press(key);
      expect(await stepLabel(page), key).toBe(at);
      // A screen reader is told why the key did nothing.
      expect(await page.locator(tid('step-said')).textContent(), key).toBe("Answer the tour's question first: the steps after this one are its answer.");
      await expectNoSpoilers(page, trace, cp, q, `after ${key}`);
    }
    // Play stops at the question (it played on to the end of the run, drawing every step).
    await page.keyboard.press(' ');
    await expect.poll(() => page.locator(tid('play')).getAttribute('aria-pressed')).toBe('false');
    expect(await stepLabel(page), 'Play').toBe(at);
    await expectNoSpoilers(page, trace, cp, q, 'after Play');
    await page.locator(tid('last')).click();
    expect(await stepLabel(page), 'the last-step button').toBe(at);
    await page.locator(tid('scrubber')).evaluate((r: HTMLInputElement) => {
      r.value = r.max;
      r.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(await stepLabel(page), 'the scrubber').toBe(at);
    expect(await page.locator(tid('scrubber')).inputValue(), "the scrubber's thumb").toBe(String(cp));
    const svg = await page.locator(tid('timing-svg')).boundingBox();
    if (svg) await page.mouse.click(svg.x + svg.width / 2, svg.y + svg.height - 2);
    expect(await stepLabel(page), 'a click in the timing diagram').toBe(at);
    await expectNoSpoilers(page, trace, cp, q, 'after the last-step button, the scrubber and the diagram');
    // Back is free, and forward again as far as the question.
    await page.keyboard.press('ArrowLeft');
    expect(await stepLabel(page)).toBe(`step ${cp} of ${trace.events.length}`);
    await page.keyboard.press('End');
    expect(await stepLabel(page)).toBe(at);
    // Answered, the run is the learner's again.
    await page.locator(tid(`tour-choice-${q.answer(trace)}`)).check();
    await page.locator(tid('tour-submit')).click();
    await expect.poll(() => page.locator(tid('tour-play-on')).isVisible()).toBe(true);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('End');
    expect(await stepLabel(page)).toBe(`step ${trace.events.length} of ${trace.events.length}`);
    await page.evaluate((key) => localStorage.removeItem(key), PROGRESS_KEY);
    expect(pageErrors).toEqual([]);
  });

  it("comparing with a second run while a question waits pauses the tour but keeps the lesson's run unjudged and held at the question's step", async () => {
    const { trace, q, cp } = await atLesson1Question();
    await page.locator(tid('config-summary')).click();
    await page.locator(tid('compare')).check();
    await expect.poll(() => page.locator(tid('tour-detached')).isVisible()).toBe(true);
    // Run A is the lesson's run: its verdict, its stale copies and its steps after the question were the answer.
    expect(await page.locator(tid('verdict-0')).isVisible(), "run A's verdict").toBe(false);
    expect(await page.locator(tid('verdict-1')).isVisible(), "run B's verdict").toBe(false);
    expect(await page.locator('[data-copy]:not([data-copy="none"])').count(), 'a copy marked stale').toBe(0);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('End');
    const drawn = await page.locator(`${tid('timing-svg')} g.ev[data-run="0"]`).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))));
    expect(Math.max(...drawn), "a step of the lesson's run after the question is drawn").toBeLessThanOrEqual(cp);
    // Back to the lesson's run: the question, as before.
    await page.locator(tid('tour-reattach')).click();
    await expect.poll(() => page.locator(tid('tour-question')).isVisible()).toBe(true);
    await expectNoSpoilers(page, trace, cp, q, 'back from comparing');
    expect(pageErrors).toEqual([]);
  });

  it("paused on another preset while a question waits, the learner's own run is shown in full, but not what judges the lesson's run: the \"Does it hold?\" strip (\"broken ◆ came back\") and the guide stay away", async () => {
    const { trace, q, cp } = await atLesson1Question();
    await page.locator(tid('config-summary')).click();
    await page.locator(tid('preset-0')).selectOption('seed-fix');
    await expect.poll(() => page.locator(tid('tour-detached')).isVisible()).toBe(true);
    await expect.poll(() => page.locator(tid('source-0')).textContent()).toContain('preset seed-fix');
    // The learner's experiment: its verdict is its own, not the lesson's.
    expect(await page.locator(tid('verdict-0')).isVisible(), "seed-fix's verdict").toBe(true);
    expect(await page.locator(tid('holds')).isVisible(), 'the "Does it hold?" strip').toBe(false);
    expect(await page.locator(tid('open-guide')).isDisabled(), 'the guide').toBe(true);
    expect(await page.locator(tid('tour-detached')).textContent()).toContain('Until you answer question 1, the "Does it hold?" strip and the guide stay hidden');
    // Its own marks are its own (seed-fix's copies, judged); the lesson's run's outcome is nowhere.
    const text = await pageTextOutsideTour(page);
    for (const line of trace.outcome.summary) expect(text, "the lesson's outcome").not.toContain(line);
    expect(text, 'broken\'s chip in the strip').not.toMatch(/came back/);
    // A knob set to the value it had is the lesson's run again, the same trace: held and unjudged.
    await page.locator(tid('preset-0')).selectOption('broken');
    await page.locator(tid('tour-reattach')).waitFor();
    await page.locator(tid('overrides-0')).fill('page.loadRequests=true');
    await page.locator(tid('overrides-0')).press('Enter');
    await expect.poll(() => page.locator(tid('source-0')).textContent()).toContain('page.loadRequests=true');
    expect(await page.locator(tid('tour-detached')).isVisible()).toBe(true);
    await expectNoSpoilers(page, trace, cp, q, 'the lesson run under a knob set to its value');
    // Back to the lesson's run: the question, as before; answered, the strip and the guide come back.
    await page.locator(tid('tour-reattach')).click();
    await expect.poll(() => page.locator(tid('tour-question')).isVisible()).toBe(true);
    await expectNoSpoilers(page, trace, cp, q, 'back from seed-fix');
    await page.locator(tid(`tour-choice-${q.answer(trace)}`)).check();
    await page.locator(tid('tour-submit')).click();
    await expect.poll(() => page.locator(tid('holds')).isVisible()).toBe(true);
    expect(await page.locator(tid('open-guide')).isEnabled()).toBe(true);
    await page.evaluate((key) => localStorage.removeItem(key), PROGRESS_KEY);
    expect(pageErrors).toEqual([]);
  });

  it('paused on the run a waiting question is about (lesson 7: two-worker-reload under seed-fix), the page shows it unjudged, free to step, until the question is answered', async () => {
    const lesson = getLesson(7);
    const trace = runLesson(lesson);
    const [q0, q1, q2] = lesson.questions;
    expect(q2.about?.scenarios).toEqual(['two-worker-reload']);
    // Questions 1 and 2 answered: the tour opens at question 3.
    await page.goto(`${server.url}?scenario=seed-broken`);
    await page.evaluate(([key, value]) => localStorage.setItem(key, value), [PROGRESS_KEY, JSON.stringify({ 7: { current: 2, answers: { [q0.id]: { choice: 0, right: true }, [q1.id]: { choice: 0, right: true } } } })]);
    await open(page, local(vizLink(lesson, q0.checkpoint(trace))));
    await expect.poll(() => page.locator(tid('tour-question')).getAttribute('data-question-id')).toBe(q2.id);
    await page.locator(tid('config-summary')).click();
    await page.locator(tid('scenario-0')).selectOption('two-worker-reload');
    await expect.poll(() => page.locator(tid('source-0')).textContent()).toContain('two-worker-reload · preset seed-fix');
    await page.locator(tid('tour-detached')).waitFor();
    expect(await page.locator(tid('verdict-0')).isVisible(), "its verdict, question 3's answer").toBe(false);
    expect(await page.locator(tid('tour-detached')).textContent()).toContain('This is the run question 3 is about');
    // Its verdict, stale marks, strip and cache-key analysis are the answer; its steps are free.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('End');
    const other = runScenario(getScenario('two-worker-reload'), { preset: 'seed-fix' });
    await expect.poll(() => stepLabel(page)).toBe(`step ${other.events.length} of ${other.events.length}`);
    for (const id of ['verdict-0', 'holds', 'cachekeys']) expect(await page.locator(tid(id)).isVisible(), id).toBe(false);
    expect(await page.locator('[data-copy]:not([data-copy="none"])').count(), 'a copy marked stale').toBe(0);
    expect(await page.locator(tid('open-guide')).isDisabled()).toBe(true);
    for (const line of other.outcome.summary) expect(await pageTextOutsideTour(page), 'its outcome').not.toContain(line);
    // The same run with a knob set to the value it has (two workers): still that run, still unjudged.
    await page.locator(tid('overrides-0')).fill('deploy.workers=2');
    await page.locator(tid('overrides-0')).press('Enter');
    await expect.poll(() => page.locator(tid('source-0')).textContent()).toContain('deploy.workers=2');
    expect(await page.locator(tid('tour-detached')).textContent()).toContain('This is the run question 3 is about');
    for (const id of ['verdict-0', 'holds']) expect(await page.locator(tid(id)).isVisible(), `${id}, with the knob spelt out`).toBe(false);
    await page.locator(tid('overrides-0')).fill('');
    await page.locator(tid('overrides-0')).press('Enter');
    // Another scenario, shorter than the lesson's run (the question waits at its last step): paused, not
    // judged by the strip, and no error (a cursor past the new run's end threw, the tour still asking).
    await page.locator(tid('scenario-0')).selectOption('seed-broken');
    await expect.poll(() => page.locator(tid('source-0')).textContent()).toContain('seed-broken · preset');
    expect(await page.locator(tid('error')).isHidden(), 'an error').toBe(true);
    expect(await page.locator(tid('tour-detached')).textContent()).toContain('Until you answer question 3');
    expect(await page.locator(tid('holds')).isVisible()).toBe(false);
    // Back to the lesson's run and answered: nothing is held back any more.
    await page.locator(tid('tour-reattach')).click();
    await page.locator(tid(`tour-choice-${q2.answer(trace)}`)).check();
    await page.locator(tid('tour-submit')).click();
    await expect.poll(() => page.locator(tid('verdict-0')).isVisible()).toBe(true);
    await page.evaluate((key) => localStorage.removeItem(key), PROGRESS_KEY);
    expect(pageErrors).toEqual([]);
  });

  it("a second tab's answer, or its Reset progress, shows in the first tab's lesson list without a reload", async () => {
    const lesson = getLesson(1);
    const trace = runLesson(lesson);
    const q = lesson.questions[0];
    await open(page, `${server.url}?scenario=seed-broken`);
    await page.locator(tid('lessons-toggle')).click();
    expect(await page.locator(tid('lesson-state-1')).textContent()).toBe('not started');
    const other = await ctx.newPage();
    other.on('pageerror', (e) => pageErrors.push(e.message));
    await open(other, local(vizLink(lesson, q.checkpoint(trace))));
    await other.locator(tid(`tour-choice-${q.answer(trace)}`)).check();
    await other.locator(tid('tour-submit')).click();
    await expect.poll(() => other.locator(tid('tour-play-on')).isVisible()).toBe(true);
    await expect.poll(() => page.locator(tid('lesson-state-1')).textContent()).toBe(`question 2 of ${lesson.questions.length} · 1/1 right so far`);
    await other.locator(tid('lessons-toggle')).click();
    await other.locator(tid('lessons-reset')).click();
    await expect.poll(() => page.locator(tid('lesson-state-1')).textContent()).toBe('not started');
    await other.close();
    expect(pageErrors).toEqual([]);
  });

  it('a next question at the same step says so on its button (nothing plays); one further on says Play on', async () => {
    const lesson = getLesson(5);
    const trace = runLesson(lesson);
    const [q1, q2] = lesson.questions;
    expect(q2.checkpoint(trace)).toBe(q1.checkpoint(trace));
    await open(page, local(vizLink(lesson, q1.checkpoint(trace))));
    await page.locator(tid(`tour-choice-${q1.answer(trace)}`)).check();
    await page.locator(tid('tour-submit')).click();
    await expect.poll(() => page.locator(tid('tour-play-on')).textContent()).toBe('▶ On to question 2 (same step)');
    await page.locator(tid('tour-play-on')).click();
    await expect.poll(() => page.locator(tid('tour-question')).getAttribute('data-question-id')).toBe(q2.id);
    await page.locator(tid(`tour-choice-${q2.answer(trace)}`)).check();
    await page.locator(tid('tour-submit')).click();
    await expect.poll(() => page.locator(tid('tour-play-on')).textContent()).toBe('▶ Play on to the end of the run');
    await page.evaluate((key) => localStorage.removeItem(key), PROGRESS_KEY);
    expect(pageErrors).toEqual([]);
  });

  it("the facilitator sheet's step link opens the run at the question's step with its verdicts, no tour", async () => {
    const lesson = getLesson(1);
    const trace = runLesson(lesson);
    const cp = lesson.questions[0].checkpoint(trace);
    await open(page, local(discussLink(lesson, cp)));
    expect(await stepLabel(page)).toBe(`step ${cp + 1} of ${trace.events.length}`);
    expect(await page.locator(tid('lesson-tour')).isHidden()).toBe(true);
    expect(await page.locator(tid('verdict-0')).isVisible()).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it("a trainer's link to a question (the sheet's \"the tour at this question\") opens that question, unanswered ones before it or not; once", async () => {
    const lesson = getLesson(4);
    const trace = runLesson(lesson);
    const [q1, q2] = lesson.questions;
    expect(q2.checkpoint(trace)).toBeGreaterThan(q1.checkpoint(trace));
    const link = vizLink(lesson, q2.checkpoint(trace), 2);
    expect(readFileSync(join(DOCS, '..', 'facilitator.md'), 'utf8')).toContain(`[the tour at this question](${link})`);
    // No progress in lesson 4: every test starts from none (the afterEach above).
    await open(page, local(link));
    await expect.poll(() => page.locator(tid('tour-question')).getAttribute('data-question-id')).toBe(q2.id);
    expect(await stepLabel(page)).toBe(`step ${q2.checkpoint(trace) + 1} of ${trace.events.length}`);
    expect(await page.locator(tid('verdict-0')).isHidden()).toBe(true);
    // The page's own URL no longer names the question: a reload goes by the learner's progress.
    await expect.poll(() => new URL(page.url()).searchParams.get('question')).toBeNull();
    await page.reload();
    await expect.poll(() => page.locator(tid('tour-question')).getAttribute('data-question-id')).toBe(q1.id);
    // A question the lesson does not have: said, and the first unanswered one opens.
    await open(page, local(vizLink(lesson, q1.checkpoint(trace), 9)));
    await expect.poll(() => page.locator(tid('error-text')).textContent()).toContain('lesson 4 has 2 questions, not 9');
    expect(await page.locator(tid('tour-question')).getAttribute('data-question-id')).toBe(q1.id);
    await page.evaluate((key) => localStorage.removeItem(key), PROGRESS_KEY);
    expect(pageErrors).toEqual([]);
  });

  it("a trainer's link to a question the learner answered before shows neither its answer nor the later ones' reveals while it waits", async () => {
    const lesson = getLesson(4);
    const trace = runLesson(lesson);
    const [q1, q2] = lesson.questions;
    // The learner has done lesson 4: both answered, the first one wrong.
    await open(page, local(vizLink(lesson, q1.checkpoint(trace))));
    await expect.poll(() => page.locator(tid('tour-question')).getAttribute('data-question-id')).toBe(q1.id);
    await page.locator(tid(`tour-choice-${(q1.answer(trace) + 1) % q1.choices.length}`)).check();
    await page.locator(tid('tour-submit')).click();
    await page.locator(tid('tour-play-on')).click();
    await expect.poll(() => page.locator(tid('tour-question')).getAttribute('data-question-id'), { timeout: 15_000 }).toBe(q2.id);
    await page.locator(tid(`tour-choice-${q2.answer(trace)}`)).check();
    await page.locator(tid('tour-submit')).click();
    await expect.poll(() => page.locator(tid('tour-play-on')).isVisible()).toBe(true);
    // The room goes back to question 1: asked again, with no answer, verdict or reveal in the tour.
    await open(page, local(vizLink(lesson, q1.checkpoint(trace), 1)));
    await expect.poll(() => page.locator(tid('tour-question')).getAttribute('data-question-id')).toBe(q1.id);
    expect(await page.locator(tid('tour-result')).count()).toBe(0);
    expect(await page.locator(tid('tour-progress')).textContent()).toBe('question 1 of 2');
    // At question 2: question 1's answer, not question 2's.
    await open(page, local(vizLink(lesson, q2.checkpoint(trace), 2)));
    await expect.poll(() => page.locator(tid('tour-question')).getAttribute('data-question-id')).toBe(q2.id);
    expect(await page.locator(tid('tour-result')).evaluateAll((els) => els.map((e) => e.getAttribute('data-question-id')))).toEqual([q1.id]);
    expect(await page.locator(tid('tour-progress')).textContent()).toBe('question 2 of 2 · 0/1 right so far');
    // A question the lesson lacks, all of them answered: the lesson's end, said as such.
    await open(page, local(vizLink(lesson, q1.checkpoint(trace), 9)));
    await expect.poll(() => page.locator(tid('error-text')).textContent()).toContain('lesson 4 has 2 questions, not 9; you have answered them all: here is the end of the lesson');
    expect(await page.locator(tid('tour-done')).isVisible()).toBe(true);
    await page.evaluate((key) => localStorage.removeItem(key), PROGRESS_KEY);
    expect(pageErrors).toEqual([]);
  });

  it("a latecomer who joined at question 2 and answered it: the run's end counts that one, names question 1 as not answered, and opens it", async () => {
    const lesson = getLesson(4);
    const trace = runLesson(lesson);
    const [q1, q2] = lesson.questions;
    await open(page, local(vizLink(lesson, q2.checkpoint(trace), 2)));
    await expect.poll(() => page.locator(tid('tour-question')).getAttribute('data-question-id')).toBe(q2.id);
    await page.locator(tid(`tour-choice-${q2.answer(trace)}`)).check();
    await page.locator(tid('tour-submit')).click();
    await page.locator(tid('tour-play-on')).click();
    const skip = page.locator(tid('tour-skip'));
    if (await skip.isVisible()) await skip.click();
    await expect.poll(() => page.locator(tid('tour-done')).isVisible(), { timeout: 15_000 }).toBe(true);
    // Not "done · 1/2 right" and "You got 1 of 2 right": question 1 was never asked.
    expect(await page.locator(tid('tour-progress')).textContent()).toBe('end of the run · 1/1 right · 1 not answered');
    expect(await page.locator(tid('tour-score')).textContent()).toContain('You got 1 of the 1 you answered right; question 1 is not answered yet.');
    await page.locator(tid('tour-unanswered')).click();
    await expect.poll(() => page.locator(tid('tour-question')).getAttribute('data-question-id')).toBe(q1.id);
    expect(await stepLabel(page)).toBe(`step ${q1.checkpoint(trace) + 1} of ${trace.events.length}`);
    expect(await page.locator(tid('verdict-0')).isHidden()).toBe(true);
    await page.evaluate((key) => localStorage.removeItem(key), PROGRESS_KEY);
    expect(pageErrors).toEqual([]);
  });

  it('once a question about another run is answered, its reveal links to that run; the link opens it in a new tab with its settings', async () => {
    const lesson = getLesson(9);
    const trace = runLesson(lesson);
    const i = lesson.questions.findIndex((q) => q.about !== undefined);
    const q = lesson.questions[i];
    await open(page, local(vizLink(lesson, q.checkpoint(trace), i + 1)));
    await expect.poll(() => page.locator(tid('tour-question')).getAttribute('data-question-id')).toBe(q.id);
    // Before the answer: no link (it would show the run that answers the question).
    expect(await page.locator(tid('tour-other-link')).count()).toBe(0);
    await page.locator(tid(`tour-choice-${q.answer(trace)}`)).check();
    await page.locator(tid('tour-submit')).click();
    const links = page.locator(`${tid('tour-result')}[data-question-id="${q.id}"] ${tid('tour-other-link')}`);
    await expect.poll(() => links.count()).toBe(q.about!.scenarios.length);
    expect(await links.first().getAttribute('target')).toBe('_blank');
    const [tab] = await Promise.all([ctx.waitForEvent('page'), links.first().click()]);
    await tab.waitForFunction(() => window.__cachelab?.ready === true);
    expect(await tab.locator(tid('source-0')).textContent()).toContain(`${q.about!.scenarios[0]} · preset ${q.about!.preset}`);
    for (const o of q.about!.overrides) expect(await tab.locator(tid('cmd-0')).textContent()).toContain(`--set ${o}`);
    expect(await tab.locator(tid('lesson-tour')).isHidden()).toBe(true);
    await tab.close();
    await page.evaluate((key) => localStorage.removeItem(key), PROGRESS_KEY);
    expect(pageErrors).toEqual([]);
  });

  it('a "See it" link on a recorded schedule (lesson 9, question 7: commit-race, seed-fix, stale until the TTL): "Does it hold?" says it judges the nominal schedule, not "holds on this schedule"', async () => {
    const lesson = getLesson(9);
    const trace = runLesson(lesson);
    const q = lesson.questions.find((x) => x.about?.scenarios[0] === 'commit-race' && x.about.schedule && 'choices' in x.about.schedule)!;
    expect(q).toBeDefined();
    await open(page, local(otherRunLink(q.about!, 'commit-race')));
    // The run shown breaks (the reveal: stale until the TTL)...
    await expect.poll(() => page.locator(tid('invariants-0')).getAttribute('data-count')).not.toBe('0');
    expect(q.reveal(trace)).toContain('until the TTL');
    // ...and the strip's seed-fix verdict is the nominal schedule's, said as such.
    const line = page.locator(tid('holds-line')).first();
    expect(await line.textContent()).toContain('commit-race, on its nominal schedule, not the one shown:');
    expect(await page.locator(tid('hold-seed-fix')).first().textContent()).not.toContain('this schedule');
    expect(await page.locator(tid('hold-seed-fix')).first().getAttribute('title')).not.toContain('this schedule');
    expect(await page.locator(tid('holds-caveat')).textContent()).not.toContain('holds on this schedule');
    expect(pageErrors).toEqual([]);
  });

  it('the picker opens a tour; changing the run pauses it; an unknown lesson is refused with a reason', async () => {
    await open(page, `${server.url}?scenario=seed-broken`);
    expect(await page.locator(tid('lesson-tour')).isHidden()).toBe(true);
    await page.locator(tid('lessons-toggle')).click();
    expect(await page.locator(`${tid('lesson-picker')} li.lesson-item`).count()).toBe(LESSONS.length);
    await page.screenshot({ path: join(OUT, 'picker.png') });
    const lesson = getLesson(2);
    await page.locator(tid('lesson-open-2')).click();
    await expect.poll(() => page.locator(tid('tour-question')).getAttribute('data-question-id')).toBe(lesson.questions[0].id);
    expect(await page.locator(tid('lesson-picker')).isHidden()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tour-choice-0');
    await expect.poll(() => new URL(page.url()).searchParams.get('lesson')).toBe('2');

    // Another preset is another run: the tour waits, and comes back to its own run on request.
    await page.locator(tid('config-summary')).click();
    await page.locator(tid('preset-0')).selectOption('seed-fix');
    await expect.poll(() => page.locator(tid('tour-detached')).isVisible()).toBe(true);
    await expect.poll(() => new URL(page.url()).searchParams.get('lesson')).toBeNull();
    await page.screenshot({ path: join(OUT, 'tour-paused.png') });
    await page.locator(tid('tour-reattach')).click();
    await expect.poll(() => page.locator(tid('tour-question')).getAttribute('data-question-id')).toBe(lesson.questions[0].id);
    expect(await page.locator(tid('source-0')).textContent()).toContain('preset broken');
    await page.locator(tid('tour-close')).click();
    expect(await page.locator(tid('lesson-tour')).isHidden()).toBe(true);
    await expect.poll(() => new URL(page.url()).searchParams.get('lesson')).toBeNull();

    await open(page, `${server.url}?lesson=99`);
    await expect.poll(() => page.locator(tid('error-text')).textContent()).toContain('no lesson 99');
    expect(await page.locator(tid('lesson-tour')).isHidden()).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
